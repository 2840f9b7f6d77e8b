"""Against password guessing: failed logins slow down, then lock the account for a while.

Per account (its email address, whether an account exists or not, so that the answer does
not tell): after ``LOGIN_SLOWDOWN_AFTER`` failures, each attempt must wait 1 s, 2 s, 4 s… (a
minute at most) after the previous failure; an attempt made sooner is refused without the
password being checked. After ``LOGIN_LOCK_AFTER`` failures the account is locked for
``LOGIN_LOCK_MINUTES``: even the right password does not open it until then, and its owner
gets one email (what happened, and how to reset the password, which lifts the lock). Per
address: ``RATE_LIMITS["login_address"]`` failures, whatever the accounts tried.

Everything is in Django's cache (``config.ratelimit``), shared by every app process; keys
are hashed.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.emails import send_templated_email
from accounts.models import User
from config.http import absolute_url
from config.ratelimit import rate_hit, rate_reached, wait_text

MAX_DELAY_SECONDS = 60


@dataclass(frozen=True)
class LoginRefusal:
    """An attempt refused before the password is checked; ``retry_after`` in seconds."""

    reason: str  # "locked" | "slow_down" | "address"
    retry_after: int

    @property
    def message(self) -> str:
        wait = wait_text(self.retry_after)
        if self.reason == "locked":
            return _(
                "This account is locked for %(wait)s after too many failed attempts. Its owner "
                "received an email. You can also reset the password, which unlocks it."
            ) % {"wait": wait}
        if self.reason == "address":
            return _(
                "Too many failed logins from your connection. Please try again in %(wait)s."
            ) % {"wait": wait}
        return _(
            "Several attempts failed: to protect the account, please wait %(wait)s before "
            "trying again."
        ) % {"wait": wait}


def _key(kind: str, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"login:{kind}:{digest}"


def _lock_seconds() -> int:
    return int(settings.LOGIN_LOCK_MINUTES) * 60


def login_check(*, email: str, address: str, now: float | None = None) -> LoginRefusal | None:
    """May this attempt have its password checked? None if so."""
    now = time.time() if now is None else now
    locked_until = cache.get(_key("lock", email))
    if isinstance(locked_until, int | float) and locked_until > now:
        return LoginRefusal("locked", math.ceil(locked_until - now))
    by_address = rate_reached("login_address", address, now=now)
    if by_address is not None:
        return LoginRefusal("address", by_address.retry_after)
    next_at = cache.get(_key("next", email))
    if isinstance(next_at, int | float) and next_at > now:
        return LoginRefusal("slow_down", math.ceil(next_at - now))
    return None


def login_failed(*, email: str, address: str, now: float | None = None) -> None:
    """A wrong password (or an unknown address): count it, slow down, lock if it is time."""
    now = time.time() if now is None else now
    window = _lock_seconds()
    failures_key = _key("failures", email)
    if cache.add(failures_key, 1, timeout=window):
        failures = 1
    else:
        try:
            failures = cache.incr(failures_key)
        except ValueError:
            cache.set(failures_key, 1, timeout=window)
            failures = 1
    if failures >= settings.LOGIN_LOCK_AFTER:
        _lock(email=email, now=now)
    elif failures >= settings.LOGIN_SLOWDOWN_AFTER:
        delay = min(2 ** (failures - settings.LOGIN_SLOWDOWN_AFTER), MAX_DELAY_SECONDS)
        cache.set(_key("next", email), now + delay, timeout=delay + 1)
    rate_hit("login_address", address, now=now)


def _lock(*, email: str, now: float) -> None:
    seconds = _lock_seconds()
    if not cache.add(_key("lock", email), now + seconds, timeout=seconds):
        return  # already locked: the owner was told once
    cache.delete(_key("failures", email))
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None:
        send_templated_email(
            template="login-locked",
            to=user.email,
            language=user.preferred_language,
            context={
                "user": user,
                "attempts": settings.LOGIN_LOCK_AFTER,
                "minutes": settings.LOGIN_LOCK_MINUTES,
                "reset_link": absolute_url(reverse("accounts:password_reset")),
            },
        )


def login_succeeded(*, email: str) -> None:
    """The right password, in time: forget the failures."""
    cache.delete_many([_key("failures", email), _key("next", email)])


def login_unlock(*, email: str) -> None:
    """The owner proved they hold the address (a password reset): lift the lock."""
    cache.delete_many([_key("failures", email), _key("next", email), _key("lock", email)])
