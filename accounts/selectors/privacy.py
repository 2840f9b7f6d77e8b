"""What the privacy notice (``/privacy/``) states: who answers for the data, and every period,
read from the settings and from the figures the other apps register (``accounts.privacy``).

Nothing in the notice's templates is a number typed by hand: change a setting and the notice
says the new value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import NoReverseMatch, reverse

from accounts.checks import privacy_unconfigured
from accounts.privacy import privacy_figures
from config.env import parse_rate

# Where "Mes données" lives; its page is built at the same time as this notice, so the notice
# falls back on the path while the name does not exist yet.
MY_DATA_URL_NAME = "accounts:my_data"
MY_DATA_PATH = "/accounts/data/"

DAY = 24 * 3600


@dataclass(frozen=True)
class Controller:
    """The territory running the instance (settings ``PRIVACY_*``)."""

    name: str
    address: str
    email: str
    dpo: str
    hosting: str
    configured: bool


@dataclass(frozen=True)
class Cookie:
    name: str
    days: int | None  # None: until the browser is closed


@dataclass(frozen=True)
class PrivacyFacts:
    controller: Controller
    # RETENTION_DAYS (manage.py apply_retention)
    unverified_accounts_days: int
    closed_share_links_days: int
    exports_days: int
    task_records_days: int
    referent_tokens_days: int
    deletion_grace_days: int
    backup_days: int  # BACKUP_RETENTION_DAYS: how long the operator keeps backup archives
    # security
    login_lock_after: int
    login_lock_minutes: int
    rate_limit_hours: int  # the longest window of the rate limits: how long a counter lives
    verification_link_days: int
    # figures of the other apps (None when the app did not register it)
    share_link_default_days: int | None
    share_link_max_days: int | None
    referent_link_days: int | None
    invitation_days: int | None
    # cookies
    session_cookie: Cookie
    csrf_cookie: Cookie
    language_cookie: Cookie
    messages_cookie: Cookie
    my_data_url: str


def _days(seconds: int | None) -> int | None:
    return None if seconds is None else max(1, math.ceil(seconds / DAY))


def my_data_url() -> str:
    try:
        return reverse(MY_DATA_URL_NAME)
    except NoReverseMatch:
        return MY_DATA_PATH


def privacy_controller() -> Controller:
    return Controller(
        name=settings.PRIVACY_CONTROLLER_NAME,
        address=settings.PRIVACY_CONTROLLER_ADDRESS,
        email=settings.PRIVACY_CONTACT_EMAIL,
        dpo=settings.PRIVACY_DPO_CONTACT,
        hosting=settings.PRIVACY_HOSTING,
        configured=not privacy_unconfigured(),
    )


def privacy_notice_facts() -> PrivacyFacts:
    retention = settings.RETENTION_DAYS
    figures = privacy_figures()
    longest_window = max(
        (parse_rate(rate)[1] for rate in settings.RATE_LIMITS.values()), default=3600
    )
    return PrivacyFacts(
        controller=privacy_controller(),
        unverified_accounts_days=retention["unverified_accounts"],
        closed_share_links_days=retention["closed_share_links"],
        exports_days=retention["exports"],
        task_records_days=retention["task_records"],
        referent_tokens_days=retention["referent_tokens"],
        deletion_grace_days=settings.ACCOUNT_DELETION_GRACE_DAYS,
        backup_days=settings.BACKUP_RETENTION_DAYS,
        login_lock_after=settings.LOGIN_LOCK_AFTER,
        login_lock_minutes=settings.LOGIN_LOCK_MINUTES,
        rate_limit_hours=max(1, math.ceil(longest_window / 3600)),
        verification_link_days=_days(settings.PASSWORD_RESET_TIMEOUT) or 1,
        share_link_default_days=figures.get("share_link_default_days"),
        share_link_max_days=figures.get("share_link_max_days"),
        referent_link_days=figures.get("referent_link_days"),
        invitation_days=figures.get("invitation_days"),
        session_cookie=Cookie(settings.SESSION_COOKIE_NAME, _days(settings.SESSION_COOKIE_AGE)),
        csrf_cookie=Cookie(settings.CSRF_COOKIE_NAME, _days(settings.CSRF_COOKIE_AGE)),
        language_cookie=Cookie(settings.LANGUAGE_COOKIE_NAME, _days(settings.LANGUAGE_COOKIE_AGE)),
        messages_cookie=Cookie(CookieStorage.cookie_name, None),
        my_data_url=my_data_url(),
    )
