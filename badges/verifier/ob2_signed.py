"""The checks of a signed Open Badges 2.0 Assertion (OB 2.0 §"Signed verification").

The badge is a compact JWS whose payload is the Assertion, with ``verification.type``
"signed" and ``verification.creator`` naming the issuer's ``CryptographicKey``:

1. ``proof``: the JWS verifies with the ``publicKeyPem`` of the key document at
   ``verification.creator`` (fetched safely; RS256 in practice, any algorithm
   ``badges.crypto.jose`` accepts);
2. ``badge_class`` and ``issuer``: the BadgeClass and the Issuer profile load and have what
   the specification requires (as for hosted badges);
3. ``issuer_key``: the key's ``owner`` is the issuer, and the issuer lists it in
   ``publicKey``;
4. ``status``: not named in the issuer's ``revocationList`` (``revokedAssertions``);
5. ``dates`` and 6. ``recipient``: as for hosted badges.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from badges.crypto import jose
from badges.trust import badge_trust
from badges.verifier.common import (
    as_list,
    dates_check,
    fetch_json,
    http_url,
    image_url,
    object_id,
    parse_datetime,
    recipient_check,
    text,
)
from badges.verifier.ob2 import badge_class_check, email_identities, issuer_check, linked_document
from badges.verifier.report import BadgeSummary, Check, CheckStatus, VerificationReport


def _key_document(assertion: dict[str, Any]) -> tuple[dict[str, Any] | None, str, str]:
    """(the CryptographicKey, its id, why it could not be loaded)."""
    verification = assertion.get("verification")
    creator = verification.get("creator") if isinstance(verification, dict) else None
    if isinstance(creator, dict):
        return creator, object_id(creator), ""
    if not isinstance(creator, str) or not creator:
        return None, "", _("The badge does not say which key signed it.")
    document, error = fetch_json(creator)
    if not isinstance(document, dict):
        return None, creator, error or _("The document is not a JSON object.")
    return document, creator, ""


def _proof_check(
    token: jose.CompactJws, key: dict[str, Any] | None, key_id: str, error: str
) -> Check:
    label = _("Signature")
    pem = key.get("publicKeyPem") if key is not None else None
    if not isinstance(pem, str):
        detail = _(
            "This could not be checked because the key that signed the badge (%(key)s) could "
            "not be loaded. %(reason)s"
        ) % {"key": key_id or "—", "reason": error or _("It has no public key.")}
        return Check("proof", label, CheckStatus.NOT_CHECKED, detail)
    result = jose.check(token, pem)
    if result.verified:
        detail = _(
            "The badge is correctly signed: nothing in it has changed since it was signed "
            "(key %(key)s)."
        ) % {"key": key_id}
        return Check("proof", label, CheckStatus.PASSED, detail)
    return Check("proof", label, CheckStatus.FAILED, result.error)


def _key_check(
    key: dict[str, Any] | None, key_id: str, issuer: dict[str, Any] | None, signed: bool
) -> Check:
    label = _("The key belongs to the issuer")
    if not signed or key is None:
        detail = _("The signature could not be confirmed, so there is no key to check.")
        return Check("issuer_key", label, CheckStatus.NOT_CHECKED, detail)
    if issuer is None:
        detail = _("This could not be checked because the issuer’s profile could not be loaded.")
        return Check("issuer_key", label, CheckStatus.NOT_CHECKED, detail)
    issuer_id = object_id(issuer)
    listed = {object_id(item) for item in as_list(issuer.get("publicKey"))}
    if object_id(key.get("owner")) == issuer_id and key_id in listed:
        detail = _("The key is published by %(issuer)s in its profile (%(url)s).") % {
            "issuer": text(issuer.get("name")) or issuer_id,
            "url": issuer_id,
        }
        return Check("issuer_key", label, CheckStatus.PASSED, detail)
    detail = _(
        "The key %(key)s is not one of the keys that %(issuer)s publishes: someone else may "
        "have signed this badge."
    ) % {"key": key_id, "issuer": text(issuer.get("name")) or issuer_id}
    return Check("issuer_key", label, CheckStatus.FAILED, detail)


def _status_check(assertion: dict[str, Any], issuer: dict[str, Any] | None) -> tuple[Check, bool]:
    label = _("Not revoked")
    if assertion.get("revoked") is True:
        return Check(
            "status", label, CheckStatus.FAILED, _("This badge has been revoked by its issuer.")
        ), True
    if issuer is None:
        detail = _("This could not be checked because the issuer’s profile could not be loaded.")
        return Check("status", label, CheckStatus.NOT_CHECKED, detail), False
    url = object_id(issuer.get("revocationList"))
    if not url:
        detail = _("The issuer published no way to revoke this badge: there is no status to check.")
        return Check("status", label, CheckStatus.NOT_APPLICABLE, detail), False
    listing, error = linked_document(issuer.get("revocationList"))
    revoked = listing.get("revokedAssertions") if listing is not None else None
    if not isinstance(revoked, list):
        detail = _("We could not load the badge’s revocation list. %(reason)s") % {
            "reason": error or _("The document is not a revocation list.")
        }
        return Check("status", label, CheckStatus.NOT_CHECKED, detail), False
    assertion_id = object_id(assertion)
    for entry in revoked:
        if assertion_id and object_id(entry) == assertion_id:
            reason = text(entry.get("revocationReason")) if isinstance(entry, dict) else ""
            detail = (
                _("This badge has been revoked by its issuer. Reason: %(reason)s")
                % {"reason": reason}
                if reason
                else _("This badge has been revoked by its issuer.")
            )
            return Check("status", label, CheckStatus.FAILED, detail), True
    detail = _("The issuer has not revoked this badge (its revocation list was checked just now).")
    return Check("status", label, CheckStatus.PASSED, detail), False


def verify_ob2_signed(
    token: jose.CompactJws, *, email: str = "", now: datetime | None = None
) -> VerificationReport:
    """Every check of a signed OB 2.0 Assertion, in order."""
    now = now or timezone.now()
    assertion = token.payload
    badge = BadgeSummary(version="ob2", credential_id=object_id(assertion))
    report = VerificationReport(summary=badge)
    key, key_id, key_error = _key_document(assertion)
    proof = _proof_check(token, key, key_id, key_error)
    report.checks.append(proof)
    badge_class, badge_error = linked_document(assertion.get("badge"))
    issuer, issuer_error = (None, _("The badge's description is missing."))
    if badge_class is not None:
        issuer, issuer_error = linked_document(badge_class.get("issuer"))
    report.checks.append(badge_class_check(badge_class, badge_error))
    report.checks.append(issuer_check(issuer, issuer_error))
    report.checks.append(_key_check(key, key_id, issuer, proof.passed))
    status, report.revoked = _status_check(assertion, issuer)
    report.checks.append(status)
    start, end = parse_datetime(assertion.get("issuedOn")), parse_datetime(assertion.get("expires"))
    report.checks.append(dates_check(start, end, now))
    report.checks.append(recipient_check(email_identities(assertion), email))
    badge_class, issuer = badge_class or {}, issuer or {}
    criteria = badge_class.get("criteria")
    badge.name = text(badge_class.get("name"))
    badge.description = text(badge_class.get("description"))
    badge.image_url = image_url(assertion.get("image")) or image_url(badge_class.get("image"))
    badge.issuer_name = text(issuer.get("name"))
    badge.issuer_id = object_id(issuer)
    badge.issuer_url = http_url(issuer.get("url"))
    badge.achievement_name = badge.name
    badge.achievement_id = object_id(badge_class)
    badge.criteria = text(criteria.get("narrative")) if isinstance(criteria, dict) else ""
    badge.valid_from, badge.valid_until, badge.awarded_on = start, end, start
    report.trust = badge_trust(
        issuer_id=badge.issuer_id,
        authentic=proof.passed and report.status_of("issuer_key") == CheckStatus.PASSED,
        issued_at=start,
    )
    return report
