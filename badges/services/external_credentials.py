"""Credentials from elsewhere: keep one for a person, unchanged, with what the verifier said.

- ``external_credential_add``: a badge she gives herself on "My badges" (a file or an
  address, read by ``badges.received``). A badge issued on this platform is refused
  (``ExternalCredentialRefused``): it is already in "My badges", kept and checked by the
  platform, and a copy would only go stale.
- ``external_credential_upsert``: one a wallet sends through the OB 3.0 API.
- ``external_credential_recheck``: verify the stored original again (a status list may have
  changed, the issuer's keys may be reachable now).
- ``external_credential_remove``: forget it (its image too, once the transaction commits).

Each verifies the original with the platform's verifier (``badges.verifier``: the same
checks as the public "verify a badge" page) and stores it for its owner: a new row or, when
she already holds a credential with that ``id``, the same row with the new original and the
new verification. A baked image is kept while it carries the stored original: replaced by a
new image, dropped when another form of the credential replaces it. Verification runs before
the transaction (it may fetch the issuer's keys, each fetch bounded by the safe fetcher's
time limit); the write is atomic.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import Application

from accounts.api import User
from badges.fetch import is_local_url
from badges.models import CredentialFormat, ExternalCredential, ExternalVerification
from badges.received import Received
from badges.trust import local_issuer
from badges.verifier import CheckStatus, VerificationReport, VerifierInputError, verify_bytes
from badges.verifier.inputs import verify_document
from badges.verifier.ob2 import is_ob2_assertion
from config.files import files_delete_on_commit
from config.images import file_replace


class ExternalCredentialRefused(ValueError):
    """The badge cannot be kept as one from elsewhere; ``message`` is for people."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _report(original: str, format: str) -> VerificationReport:
    if format == CredentialFormat.OB2:
        document: Any = json.loads(original)
        if isinstance(document, dict) and not is_ob2_assertion(document):
            # An OB 2.0 image may bake an Assertion that does not name its type.
            document = {"type": "Assertion", **document}
        return verify_document(document)
    return verify_bytes(original.encode("utf-8"))


def _verification(
    original: str, format: str = CredentialFormat.JSON
) -> tuple[str, dict[str, Any], VerificationReport | None]:
    """(status, stored report, report) of the original."""
    try:
        report = _report(original, format)
    except (VerifierInputError, ValueError) as error:
        code = getattr(error, "code", "bad_input")
        detail = getattr(error, "message", str(error))
        return ExternalVerification.NOT_CHECKED, {"error": code, "detail": detail}, None
    if report.ok:
        status = ExternalVerification.VALID
    elif any(check.status == CheckStatus.FAILED for check in report.checks):
        status = ExternalVerification.INVALID
    else:
        status = ExternalVerification.NOT_CHECKED
    stored = {
        "verdict": report.verdict,
        "version": report.summary.version,
        "checks": [
            {
                "key": check.key,
                "label": str(check.label),
                "status": str(check.status),
                "detail": str(check.detail),
            }
            for check in report.checks
        ],
    }
    return status, stored, report


def _summary_fields(report: VerificationReport | None) -> dict[str, Any]:
    summary = report.summary if report is not None else None
    if summary is None:
        return {}
    return {
        "issuer_name": summary.issuer_name[:300],
        "issuer_id": summary.issuer_id[:500],
        "achievement_name": (summary.achievement_name or summary.name)[:300],
        "valid_from": summary.valid_from or summary.awarded_on,
    }


def _store(
    *,
    owner: User,
    original: str,
    format: str,
    credential_id: str,
    verified: tuple[str, dict[str, Any], VerificationReport | None],
    application: Application | None = None,
    image: bytes | None = None,
    image_suffix: str = "",
    source_url: str = "",
) -> tuple[ExternalCredential, bool]:
    status, stored, report = verified
    now = timezone.now()
    fields = {
        "format": format,
        "original": original,
        "issuer_name": "",
        "issuer_id": "",
        "achievement_name": "",
        "valid_from": None,
        **_summary_fields(report),
        "verification_status": status,
        "verification": stored,
        "verified_at": now,
        "source_application": application,
        "updated_at": now,
    }
    with transaction.atomic():
        previous = (
            ExternalCredential.objects.select_for_update()
            .filter(owner=owner, credential_id=credential_id)
            .values_list("original", flat=True)
            .first()
        )
        if source_url or previous is None:
            fields["source_url"] = source_url[:2000]
        held, created = ExternalCredential.objects.update_or_create(
            owner=owner, credential_id=credential_id, defaults=fields
        )
        if image is not None:
            name = f"{held.uuid}.{image_suffix or 'png'}"
            file_replace(held.image, ContentFile(image, name=name), remove=False)
            held.save(update_fields=["image"])
        elif held.image and previous != original:
            # The image carries the credential replaced: it goes with it.
            file_replace(held.image, None, remove=True)
            held.save(update_fields=["image"])
    return held, created


def _from_this_platform(received: Received, report: VerificationReport | None) -> bool:
    issuer_id = report.summary.issuer_id if report is not None else ""
    return is_local_url(received.credential_id) or local_issuer(issuer_id) is not None


def external_credential_add(*, owner: User, received: Received) -> tuple[ExternalCredential, bool]:
    """Keep the badge she gave (``Received``: a file or an address, read), verified; the
    same credential given again replaces the one she holds. ``True`` when it is new.
    Raises ``ExternalCredentialRefused`` for a badge issued on this platform."""
    verified = _verification(received.original, received.format)
    if _from_this_platform(received, verified[2]):
        raise ExternalCredentialRefused(
            _(
                "This badge was issued on this platform: the badges you received here are "
                "already in “My badges”, kept up to date. Only badges from other "
                "organisations can be added."
            ),
            code="this_platform",
        )
    return _store(
        owner=owner,
        original=received.original,
        format=received.format,
        credential_id=received.credential_id,
        verified=verified,
        image=received.image,
        image_suffix=received.image_suffix,
        source_url=received.source_url,
    )


def external_credential_upsert(
    *,
    owner: User,
    original: str,
    format: str,
    credential_id: str,
    application: Application | None = None,
) -> tuple[ExternalCredential, bool]:
    """The owner's credential of that id, stored or replaced; ``True`` when it is new."""
    return _store(
        owner=owner,
        original=original,
        format=format,
        credential_id=credential_id,
        verified=_verification(original, format),
        application=application,
    )


def external_credential_recheck(*, credential: ExternalCredential) -> ExternalCredential:
    """Verify the stored original again and keep what the verifier says now."""
    status, stored, report = _verification(credential.original, credential.format)
    fields = {
        **_summary_fields(report),
        "verification_status": status,
        "verification": stored,
        "verified_at": timezone.now(),
    }
    with transaction.atomic():
        ExternalCredential.objects.filter(pk=credential.pk).update(**fields)
    credential.refresh_from_db()
    return credential


def external_credential_remove(*, credential: ExternalCredential) -> None:
    """Forget the credential and its image (the file once the transaction commits)."""
    with transaction.atomic():
        files_delete_on_commit([credential.image])
        credential.delete()
