"""Rate limits on what attackers repeat: counters in Django's cache framework.

Every app process reads and writes the same counters (the database cache by default, Redis in
production: ``CACHE_URL``), so a limit holds however many processes serve the site.

``rate_hit(name, key)`` counts one more event for ``key`` (an address, an email…) under the
rate ``settings.RATE_LIMITS[name]`` ("5/h", "30/10m") and says whether it went past it:
``Limited(retry_after)`` then, in whole seconds. Windows are fixed (they start on multiples
of their length): simple, one counter per key and window. Keys are hashed, so that the cache
never holds an email address or an IP address in clear.

``too_many(response, limited)`` turns an answer into a 429 with ``Retry-After``;
``wait_text`` says the wait in words.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.env import parse_rate


@dataclass(frozen=True)
class Limited:
    """Past the limit: try again in ``retry_after`` seconds."""

    retry_after: int

    @property
    def message(self) -> str:
        return _("Too many attempts. Please try again in %(wait)s.") % {
            "wait": wait_text(self.retry_after)
        }


def wait_text(seconds: int) -> str:
    """ "45 seconds", "3 minutes", "2 hours"."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def _digest(key: str) -> str:
    return hashlib.sha256(key.strip().lower().encode("utf-8")).hexdigest()[:32]


def _window(name: str, key: str, now: float | None) -> tuple[str, int, float, int, int]:
    """(cache key, events allowed, now, window number, window length) of ``key`` now."""
    count_allowed, period = parse_rate(settings.RATE_LIMITS[name])
    now = time.time() if now is None else now
    window = int(now // period)
    return f"rate:{name}:{_digest(key)}:{window}", count_allowed, now, window, period


def rate_reached(name: str, key: str, *, now: float | None = None) -> Limited | None:
    """Without counting: ``Limited`` when ``key`` already used all its events in this window
    (for limits on failures, checked before an attempt and counted after it fails)."""
    cache_key, count_allowed, now, window, period = _window(name, key, now)
    used = cache.get(cache_key, 0)
    if isinstance(used, int) and used >= count_allowed:
        return Limited(retry_after=max(1, math.ceil((window + 1) * period - now)))
    return None


def rate_hit(name: str, key: str, *, now: float | None = None) -> Limited | None:
    """Count one event for ``key`` under the rate ``name``; ``Limited`` once past it."""
    cache_key, count_allowed, now, window, period = _window(name, key, now)
    if cache.add(cache_key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired in between: a new window
            cache.set(cache_key, 1, timeout=period + 1)
            count = 1
    if count <= count_allowed:
        return None
    return Limited(retry_after=max(1, math.ceil((window + 1) * period - now)))


def too_many(response: HttpResponse, limited: Limited) -> HttpResponse:
    """The answer, as a 429 that says when to come back."""
    response.status_code = 429
    response["Retry-After"] = str(limited.retry_after)
    return response
