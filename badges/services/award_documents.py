"""The unsigned OB 3.0 credential of an award, with what travels inside it.

``award_document`` is what ``badges.services.awards.award_issue`` signs: the
``OpenBadgeCredential`` of ``badges.ob3`` with its status entry and, when the award
comes with one, the URL of its evidence.
"""

from __future__ import annotations

from typing import Any

from badges.models import Award
from badges.ob3 import open_badge_credential


def award_document(
    *, award: Award, credential_status: dict[str, Any], evidence_url: str = ""
) -> dict[str, Any]:
    """The unsigned credential of ``award`` (not saved yet, but its dates, salt and hash set)."""
    return open_badge_credential(
        award, credential_status=credential_status, evidence_url=evidence_url
    )
