"""The territory's trust list: the issuers it recognises, as a credential it signs.

Other verifiers and other territories read it at ``/.well-known/trust-list.json``
(``docs/trust-list.md``) to learn, without trusting this server's pages, which issuers the
territory vouches for, with which keys, and since when. It is a W3C Verifiable Credential
2.0 issued by the territory's issuer and signed like the badges (Data Integrity
``eddsa-rdfc-2022``), so any VC 2.0 verifier checks it with the territory's published keys.

Its contexts are standard ones that every VC 2.0 verifier holds (VC 2.0, Multikey) and one
written inline: ``{"@vocab": "https://www.w3.org/ns/credentials/issuer-dependent#"}``, the
namespace VC 2.0 sets aside for terms an issuer defines itself (``recognisedIssuer``,
``recognitionPeriod``…). Nothing else has to be fetched or trusted to read or verify it.

This module builds the document from data (``TrustListEntry``); it does not query. The
selector ``badges.selectors.recognition.trust_list_entries`` gathers the data, the service
``badges.services.recognition.trust_list_signed`` signs (and caches) it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from badges.crypto.data_integrity import format_datetime

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
CONTEXT: list[Any] = [CREDENTIALS_V2, MULTIKEY_V1, {"@vocab": ISSUER_DEPENDENT}]
CREDENTIAL_TYPE = "TrustListCredential"
SUBJECT_TYPE = "IssuerTrustList"
ENTRY_TYPE = "RecognisedIssuer"
PERIOD_TYPE = "RecognitionPeriod"
# A verifier should fetch the list again at least this often: a withdrawal reaches it then.
VALIDITY = timedelta(days=1)


@dataclass(frozen=True)
class TrustListKey:
    """A key an issuer signs (or signed) its badges with."""

    id: str  # the verification method, <issuer id>#<publicKeyMultibase>
    public_key_multibase: str
    created_at: datetime
    retired_at: datetime | None = None


@dataclass(frozen=True)
class TrustListPeriod:
    """A time the territory recognised the issuer (``until`` None: still)."""

    since: datetime
    until: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class TrustListEntry:
    """An issuer that the territory recognises now or recognised once."""

    id: str  # the issuer's id in its OB 3.0 badges
    ob2_profile: str  # its Open Badges 2.0 Issuer profile
    name: str
    url: str
    status: str  # recognised | suspended | withdrawn
    status_since: datetime | None
    reason: str  # why it is suspended or withdrawn ("" when recognised)
    keys: list[TrustListKey] = field(default_factory=list)
    periods: list[TrustListPeriod] = field(default_factory=list)


def fingerprint(*, territory_id: str, signing_key: str, entries: list[TrustListEntry]) -> str:
    """SHA-256 of what the list says (and of the key that signs it): equal when unchanged."""
    data = {"territory": territory_id, "key": signing_key, "entries": [asdict(e) for e in entries]}
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(key: TrustListKey, controller: str) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": key.id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": key.public_key_multibase,
        "keyCreated": format_datetime(key.created_at),
    }
    if key.retired_at is not None:
        # A retired key signs nothing new; badges it signed before stay valid.
        document["keyRetired"] = format_datetime(key.retired_at)
    return document


def _period(period: TrustListPeriod) -> dict[str, Any]:
    document: dict[str, Any] = {
        "type": PERIOD_TYPE,
        "recognisedFrom": format_datetime(period.since),
    }
    if period.until is not None:
        document["recognisedUntil"] = format_datetime(period.until)
    if period.note:
        document["note"] = period.note
    return document


def _entry(entry: TrustListEntry) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": entry.id,
        "type": ENTRY_TYPE,
        "name": entry.name,
        "recognitionStatus": entry.status,
    }
    if entry.status_since is not None:
        document["statusSince"] = format_datetime(entry.status_since)
    if entry.reason:
        document["reason"] = entry.reason
    if entry.url:
        document["homepage"] = entry.url
    document["openBadges2Profile"] = entry.ob2_profile
    document["verificationMethod"] = [_key(key, entry.id) for key in entry.keys]
    document["recognitionPeriod"] = [_period(period) for period in entry.periods]
    return document


def trust_list_credential(
    *,
    list_url: str,
    territory_id: str,
    territory_name: str,
    name: str,
    description: str,
    entries: list[TrustListEntry],
    valid_from: datetime,
) -> dict[str, Any]:
    """The unsigned trust list credential (``name`` and ``description`` already translated)."""
    return {
        "@context": [CREDENTIALS_V2, MULTIKEY_V1, {"@vocab": ISSUER_DEPENDENT}],
        "id": list_url,
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "name": name,
        "description": description,
        "issuer": {"id": territory_id, "name": territory_name},
        "validFrom": format_datetime(valid_from),
        "validUntil": format_datetime(valid_from + VALIDITY),
        "credentialSubject": {
            "id": territory_id,
            "type": SUBJECT_TYPE,
            "recognisedIssuer": [_entry(entry) for entry in entries],
        },
    }
