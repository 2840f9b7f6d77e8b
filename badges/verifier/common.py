"""Helpers shared by the OB 3.0 and OB 2.0 checks: dates, recipient, JSON, local objects."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from badges.fetch import FetchError, FetchResult, fetch_url, is_local_url
from badges.models import Award
from badges.selectors.awards import award_get
from badges.verifier.report import Check, CheckStatus

JSON_ACCEPT = "application/ld+json, application/vc+ld+json;q=0.9, application/json;q=0.9"
# Views of this platform that name an award (its JSON, its page, its OB 2.0 assertion).
AWARD_VIEWS = frozenset({"award_ob3", "award_detail", "ob2_assertion"})


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(value: Any) -> str:
    """A plain string from a JSON value (a language map gives its first value)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, str):
                return item
    return ""


def object_id(value: Any) -> str:
    """The ``id`` of an object, or the value itself when it is a string."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def http_url(value: Any) -> str:
    """An ``http(s)`` address (an object's ``id`` or a string), else ``""``: safe in a link."""
    url = object_id(value)
    return url if urlsplit(url).scheme in ("http", "https") else ""


image_url = http_url


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date (and time), timezone-aware (UTC when it has none), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def show_date(moment: datetime) -> str:
    """A date for people, in the active language and the site's time zone."""
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def fetch_json(url: str) -> tuple[Any, str]:
    """(document, "") or (None, why): a JSON document at ``url``, safely."""
    try:
        result = fetch_url(url, accept=JSON_ACCEPT)
    except FetchError as error:
        return None, error.message
    return parse_json_result(result)


def parse_json_result(result: FetchResult) -> tuple[Any, str]:
    if not result.ok:
        return None, _("The address answered with the error %(status)s.") % {
            "status": result.status
        }
    try:
        return json.loads(result.body.decode("utf-8-sig")), ""
    except (UnicodeDecodeError, ValueError):
        return None, _("The address did not answer with JSON.")


def local_award(url: str) -> Award | None:
    """The award of this platform that ``url`` names (its JSON, page or OB 2.0 assertion)."""
    if not url or not is_local_url(url):
        return None
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    if match.namespace != "badges" or match.url_name not in AWARD_VIEWS:
        return None
    return award_get(uuid=match.kwargs["uuid"])


# --- Checks shared by both versions ---------------------------------------------------------

DATES_LABEL = _("Validity dates")
RECIPIENT_LABEL = _("Recipient")


def dates_check(start: datetime | None, end: datetime | None, now: datetime) -> Check:
    """``start`` ≤ now ≤ ``end`` (no ``end``: no end date)."""
    label = DATES_LABEL
    if start is None:
        return Check(
            "dates", label, CheckStatus.FAILED, _("The badge does not say when it was issued.")
        )
    if now < start:
        return Check(
            "dates",
            label,
            CheckStatus.FAILED,
            _("This badge only becomes valid on %(date)s.") % {"date": show_date(start)},
        )
    if end is not None and now > end:
        return Check(
            "dates",
            label,
            CheckStatus.FAILED,
            _("This badge expired on %(date)s: it is no longer valid since then.")
            % {"date": show_date(end)},
        )
    if end is None:
        detail = _("Valid since %(start)s, with no end date.") % {"start": show_date(start)}
    else:
        detail = _("Valid from %(start)s until %(end)s.") % {
            "start": show_date(start),
            "end": show_date(end),
        }
    return Check("dates", label, CheckStatus.PASSED, detail)


def _hash_matches(identity: str, candidates: list[str], salt: str) -> bool:
    algorithm, sep, digest = identity.partition("$")
    if not sep or algorithm.lower() not in ("sha256", "md5"):
        return False
    for candidate in candidates:
        computed = hashlib.new(algorithm.lower(), f"{candidate}{salt}".encode()).hexdigest()
        if hmac.compare_digest(computed, digest.strip().lower()):
            return True
    return False


def recipient_check(identities: list[tuple[bool, str, str]], email: str) -> Check:
    """Whether ``email`` is the recipient's; ``identities``: (hashed, identity, salt) of each
    email identity the badge names."""
    label = RECIPIENT_LABEL
    typed = email.strip()
    if not typed:
        return Check(
            "recipient",
            label,
            CheckStatus.NOT_APPLICABLE,
            _("You did not give an email address, so the recipient was not checked."),
        )
    if not identities:
        return Check(
            "recipient",
            label,
            CheckStatus.NOT_CHECKED,
            _(
                "This badge does not name its recipient by email address, so it cannot be "
                "compared with the address you gave."
            ),
        )
    # The platform stores addresses stripped and in lower case; others may keep the case.
    candidates = list(dict.fromkeys([typed.lower(), typed]))
    for hashed, identity, salt in identities:
        if hashed and _hash_matches(identity, candidates, salt):
            break
        if not hashed and identity.strip().lower() == typed.lower():
            break
    else:
        return Check(
            "recipient",
            label,
            CheckStatus.FAILED,
            _("This badge was not awarded to %(email)s.") % {"email": typed},
        )
    return Check(
        "recipient",
        label,
        CheckStatus.PASSED,
        _("This badge was awarded to %(email)s.") % {"email": typed},
    )
