"""The checks of a hosted Open Badges 2.0 Assertion (from a baked OB 2.0 image or a URL).

Hosted verification (OB 2.0 §Hosted verification): the Assertion is loaded again from
its ``id`` (this platform's addresses are answered in-process, see ``badges.fetch``), and
that copy is the one checked:

1. ``hosted``: the Assertion loads from its ``id``;
2. ``badge_class``: its BadgeClass loads and has what the specification requires;
3. ``issuer``: the Issuer profile loads and has what the specification requires;
4. ``origin``: the Assertion is hosted on its issuer's origin (or an origin the issuer
   allows with ``verification.allowedOrigins`` / ``startsWith``);
5. ``status``: not revoked (HTTP 410 Gone, or ``"revoked": true``);
6. ``dates``: ``issuedOn`` ≤ now ≤ ``expires``;
7. ``recipient``: the salted hash of the email the visitor typed, if any.

Signed OB 2.0 badges come as a JWS (a baked image or a ``.jwt`` file):
``badges.verifier.ob2_signed`` checks them. Their JSON alone carries no signature: the
report says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from badges.fetch import FetchError, FetchResult, fetch_url
from badges.trust import badge_trust
from badges.verifier.common import (
    JSON_ACCEPT,
    as_list,
    dates_check,
    fetch_json,
    http_url,
    image_url,
    local_award,
    object_id,
    parse_datetime,
    parse_json_result,
    recipient_check,
    show_date,
    text,
)
from badges.verifier.report import BadgeSummary, Check, CheckStatus, VerificationReport

OB2_CONTEXTS = frozenset(
    {"https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"}
)
BADGE_CLASS_FIELDS = ("id", "type", "name", "description", "image", "criteria", "issuer")
ISSUER_FIELDS = ("id", "type", "name", "url", "email")


def is_ob2_assertion(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    contexts = set(_strings(document.get("@context")))
    return "Assertion" in as_list(document.get("type")) or bool(
        contexts & OB2_CONTEXTS and "recipient" in document
    )


def linked_document(value: Any) -> tuple[dict[str, Any] | None, str]:
    """An embedded object, or the JSON at a URL: (document, why not)."""
    if isinstance(value, dict):
        return value, ""
    if isinstance(value, str) and value:
        document, error = fetch_json(value)
        if isinstance(document, dict):
            return document, ""
        return None, error or _("The document is not a JSON object.")
    return None, _("It is not named.")


def _missing(document: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [name for name in fields if document.get(name) in (None, "", [], {})]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _hosted(
    assertion_id: str,
) -> tuple[Check, dict[str, Any] | None, bool]:
    """Load the Assertion from its id: (check, hosted copy, 410 Gone)."""
    label = _("Published by its issuer")
    if urlsplit(assertion_id).scheme not in ("http", "https"):
        detail = _("The badge has no web address to load it from, so it cannot be checked.")
        return Check("hosted", label, CheckStatus.FAILED, detail), None, False
    try:
        result: FetchResult = fetch_url(assertion_id, accept=JSON_ACCEPT)
    except FetchError as error:
        detail = _("We could not load the badge from its address. %(reason)s") % {
            "reason": error.message
        }
        return Check("hosted", label, CheckStatus.NOT_CHECKED, detail), None, False
    if result.status == 410:
        detail = _("The issuer's site answers for this badge at %(url)s.") % {"url": assertion_id}
        return Check("hosted", label, CheckStatus.PASSED, detail), None, True
    document, problem = parse_json_result(result)
    if not isinstance(document, dict):
        detail = _("We could not load the badge from its address. %(reason)s") % {
            "reason": problem or _("The document is not a JSON object.")
        }
        status = CheckStatus.FAILED if result.status == 404 else CheckStatus.NOT_CHECKED
        return Check("hosted", label, status, detail), None, False
    if document.get("id") != assertion_id:
        detail = _("The document at the badge's address is not this badge.")
        return Check("hosted", label, CheckStatus.FAILED, detail), None, False
    detail = _("The badge was loaded from its address on the issuer's site, %(url)s.") % {
        "url": assertion_id
    }
    return Check("hosted", label, CheckStatus.PASSED, detail), document, False


def badge_class_check(badge: dict[str, Any] | None, error: str) -> Check:
    label = _("Badge description")
    if badge is None:
        detail = _("The badge's description could not be loaded. %(reason)s") % {"reason": error}
        return Check("badge_class", label, CheckStatus.NOT_CHECKED, detail)
    missing = _missing(badge, BADGE_CLASS_FIELDS)
    if missing:
        detail = _("The badge's description is incomplete: %(fields)s missing.") % {
            "fields": ", ".join(missing)
        }
        return Check("badge_class", label, CheckStatus.FAILED, detail)
    detail = _("The badge's description (%(name)s) was loaded.") % {"name": text(badge["name"])}
    return Check("badge_class", label, CheckStatus.PASSED, detail)


def issuer_check(issuer: dict[str, Any] | None, error: str) -> Check:
    label = _("Issuer's profile")
    if issuer is None:
        detail = _("The issuer's profile could not be loaded. %(reason)s") % {"reason": error}
        return Check("issuer", label, CheckStatus.NOT_CHECKED, detail)
    missing = _missing(issuer, ISSUER_FIELDS)
    if missing:
        detail = _("The issuer's profile is incomplete: %(fields)s missing.") % {
            "fields": ", ".join(missing)
        }
        return Check("issuer", label, CheckStatus.FAILED, detail)
    detail = _("The profile of %(name)s was loaded.") % {"name": text(issuer["name"])}
    return Check("issuer", label, CheckStatus.PASSED, detail)


def _strings(value: Any) -> list[str]:
    return [item for item in as_list(value) if isinstance(item, str)]


def _origin_check(assertion_id: str, issuer: dict[str, Any] | None) -> Check:
    label = _("Hosted on the issuer's site")
    issuer_id = object_id(issuer)
    if issuer is None or not issuer_id:
        detail = _("Without the issuer's profile, the badge's address cannot be compared.")
        return Check("origin", label, CheckStatus.NOT_CHECKED, detail)
    verification = issuer.get("verification")
    scope = verification if isinstance(verification, dict) else {}
    allowed_origins = {value.lower() for value in _strings(scope.get("allowedOrigins"))}
    prefixes = _strings(scope.get("startsWith"))
    host = urlsplit(assertion_id).netloc.lower()
    if allowed_origins or prefixes:
        allowed = host in allowed_origins or any(assertion_id.startswith(p) for p in prefixes)
    else:
        allowed = _origin(assertion_id) == _origin(issuer_id)
    if allowed:
        detail = _("The badge is published on its issuer's site (%(host)s).") % {"host": host}
        return Check("origin", label, CheckStatus.PASSED, detail)
    detail = _(
        "The badge is published on %(host)s, which is not its issuer's site (%(issuer)s): "
        "anyone could have published it there."
    ) % {"host": host, "issuer": urlsplit(issuer_id).netloc}
    return Check("origin", label, CheckStatus.FAILED, detail)


def _status_check(assertion_id: str, assertion: dict[str, Any], gone: bool) -> Check:
    label = _("Not revoked")
    if not gone and assertion.get("revoked") is not True:
        detail = _("The issuer has not revoked this badge.")
        return Check("status", label, CheckStatus.PASSED, detail)
    award = local_award(assertion_id)
    if award is not None and award.revoked_at is not None:
        detail = _("This badge was revoked by its issuer on %(date)s. Reason: %(reason)s") % {
            "date": show_date(award.revoked_at),
            "reason": award.revocation_reason,
        }
    elif text(assertion.get("revocationReason")):
        detail = _("This badge has been revoked by its issuer. Reason: %(reason)s") % {
            "reason": text(assertion.get("revocationReason"))
        }
    else:
        detail = _("This badge has been revoked by its issuer.")
    return Check("status", label, CheckStatus.FAILED, detail)


def email_identities(assertion: dict[str, Any]) -> list[tuple[bool, str, str]]:
    recipient = assertion.get("recipient")
    if not isinstance(recipient, dict) or recipient.get("type") != "email":
        return []
    identity, salt = recipient.get("identity"), recipient.get("salt")
    if not isinstance(identity, str):
        return []
    return [(bool(recipient.get("hashed")), identity, salt if isinstance(salt, str) else "")]


def verify_ob2(
    assertion: dict[str, Any] | None,
    *,
    url: str = "",
    email: str = "",
    now: datetime | None = None,
) -> VerificationReport:
    """Every check of a hosted OB 2.0 Assertion (given, or only its ``url``), in order."""
    now = now or timezone.now()
    given = assertion if isinstance(assertion, dict) else {}
    assertion_id = object_id(given) or url
    badge = BadgeSummary(version="ob2", credential_id=assertion_id)
    report = VerificationReport(summary=badge)
    verification = given.get("verification")
    kind = text(verification.get("type")) if isinstance(verification, dict) else ""
    if kind.lower() in ("signedbadge", "signed"):
        detail = _(
            "This could not be checked because this badge is signed: give its signed form "
            "(the baked image or the .jwt file), not its JSON alone."
        )
        report.checks.append(
            Check("hosted", _("Published by its issuer"), CheckStatus.NOT_CHECKED, detail)
        )
        return report
    hosted, copy, gone = _hosted(assertion_id)
    report.checks.append(hosted)
    current = copy or given
    badge_class, badge_error = linked_document(current.get("badge"))
    issuer, issuer_error = (None, _("The badge's description is missing."))
    if badge_class is not None:
        issuer, issuer_error = linked_document(badge_class.get("issuer"))
    report.checks.append(badge_class_check(badge_class, badge_error))
    report.checks.append(issuer_check(issuer, issuer_error))
    report.checks.append(_origin_check(assertion_id, issuer))
    status = _status_check(assertion_id, current, gone)
    report.revoked = status.status == CheckStatus.FAILED
    report.checks.append(status)
    start, end = parse_datetime(current.get("issuedOn")), parse_datetime(current.get("expires"))
    if current:
        report.checks.append(dates_check(start, end, now))
    else:
        detail = _("Without the badge itself, its dates cannot be read.")
        report.checks.append(Check("dates", _("Validity dates"), CheckStatus.NOT_CHECKED, detail))
    report.checks.append(recipient_check(email_identities(current), email))
    badge_class = badge_class or {}
    issuer = issuer or {}
    criteria = badge_class.get("criteria")
    badge.name = text(badge_class.get("name"))
    badge.description = text(badge_class.get("description"))
    badge.image_url = image_url(current.get("image")) or image_url(badge_class.get("image"))
    badge.issuer_name = text(issuer.get("name"))
    badge.issuer_id = object_id(issuer)
    badge.issuer_url = http_url(issuer.get("url"))
    badge.achievement_name = badge.name
    badge.achievement_id = object_id(badge_class)
    badge.criteria = text(criteria.get("narrative")) if isinstance(criteria, dict) else ""
    badge.valid_from, badge.valid_until, badge.awarded_on = start, end, start
    report.trust = badge_trust(
        issuer_id=badge.issuer_id,
        authentic=all(
            report.status_of(key) == CheckStatus.PASSED for key in ("hosted", "issuer", "origin")
        ),
        issued_at=start,
    )
    return report
