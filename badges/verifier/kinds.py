"""Which kind of document the verifier was given: an OB 3.0 credential, a standalone
EndorsementCredential or ClrCredential, a VC 1.1 credential (pure predicates)."""

from __future__ import annotations

from typing import Any

from badges.verifier.common import as_list

OB3_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
ENDORSEMENT_TYPE = "EndorsementCredential"
CLR_TYPE = "ClrCredential"
VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"


def _types(document: Any) -> set[Any]:
    return set(as_list(document.get("type"))) if isinstance(document, dict) else set()


def is_ob3_credential(document: Any) -> bool:
    types = _types(document)
    return "VerifiableCredential" in types and bool(types & OB3_TYPES)


def is_endorsement_credential(document: Any) -> bool:
    types = _types(document)
    return "VerifiableCredential" in types and ENDORSEMENT_TYPE in types


def is_clr_credential(document: Any) -> bool:
    types = _types(document)
    return "VerifiableCredential" in types and CLR_TYPE in types


def is_vc1(credential: dict[str, Any]) -> bool:
    """A VC Data Model 1.1 credential (its first context), still to be verified."""
    context = as_list(credential.get("@context"))
    return bool(context) and context[0] == VC1_CONTEXT
