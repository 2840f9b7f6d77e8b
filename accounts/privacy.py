"""Figures of the privacy notice (``/privacy/``) that live in other apps' code.

The notice states how long things last. Most periods are settings (``RETENTION_DAYS``,
``ACCOUNT_DELETION_GRACE_DAYS``, ``LOGIN_LOCK_MINUTES``…), read from ``settings``; a few are
constants of the apps built on accounts (how long a share link may stay open, how long an
outside referent's link works). accounts cannot import them, so each app tells it once, in
its ``AppConfig.ready()``: ``register_privacy_figure("share_link_max_days", SHARE_MAX_DAYS)``.
The notice reads them from ``privacy_figures()`` (``accounts.selectors.privacy``).
"""

from __future__ import annotations

_FIGURES: dict[str, int] = {}


def register_privacy_figure(key: str, value: int) -> None:
    _FIGURES[key] = value


def privacy_figures() -> dict[str, int]:
    return dict(_FIGURES)
