"""Credentials from elsewhere: keep one for a person, unchanged, with what the verifier said.

``external_credential_upsert`` verifies the original with the platform's verifier
(``badges.verifier.verify_bytes``: the same checks as the public "verify a badge" page) and
stores it for its owner: a new row (``created``) or, when she already holds a credential
with that ``id``, the same row with the new original and the new verification. Verification
runs before the transaction (it may fetch the issuer's keys); the write is atomic.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import Application

from accounts.api import User
from badges.models import ExternalCredential, ExternalVerification
from badges.verifier import CheckStatus, VerificationReport, VerifierInputError, verify_bytes


def _verification(original: str) -> tuple[str, dict[str, Any], VerificationReport | None]:
    """(status, stored report, report) of the original."""
    try:
        report = verify_bytes(original.encode("utf-8"))
    except VerifierInputError as error:
        return (
            ExternalVerification.NOT_CHECKED,
            {"error": error.code, "detail": error.message},
            None,
        )
    if report.ok:
        status = ExternalVerification.VALID
    elif any(check.status == CheckStatus.FAILED for check in report.checks):
        status = ExternalVerification.INVALID
    else:
        status = ExternalVerification.NOT_CHECKED
    stored = {
        "verdict": report.verdict,
        "checks": [
            {"key": check.key, "status": str(check.status), "detail": str(check.detail)}
            for check in report.checks
        ],
    }
    return status, stored, report


def external_credential_upsert(
    *,
    owner: User,
    original: str,
    format: str,
    credential_id: str,
    application: Application | None = None,
) -> tuple[ExternalCredential, bool]:
    """The owner's credential of that id, stored or replaced; ``True`` when it is new."""
    status, stored, report = _verification(original)
    summary = report.summary if report is not None else None
    now = timezone.now()
    fields = {
        "format": format,
        "original": original,
        "issuer_name": (summary.issuer_name if summary else "")[:300],
        "issuer_id": (summary.issuer_id if summary else "")[:500],
        "achievement_name": (summary.achievement_name or summary.name if summary else "")[:300],
        "valid_from": summary.valid_from if summary else None,
        "verification_status": status,
        "verification": stored,
        "verified_at": now,
        "source_application": application,
        "updated_at": now,
    }
    with transaction.atomic():
        held, created = ExternalCredential.objects.update_or_create(
            owner=owner, credential_id=credential_id, defaults=fields
        )
    return held, created
