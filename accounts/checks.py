"""System checks of the accounts app (registered in ``AccountsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# The privacy notice's settings that production must set; their development defaults name
# the variable ("[PRIVACY_CONTROLLER_NAME: to configure …]") or use the reserved domain
# ``.invalid``.
PRIVACY_REQUIRED = (
    "PRIVACY_CONTROLLER_NAME",
    "PRIVACY_CONTROLLER_ADDRESS",
    "PRIVACY_CONTACT_EMAIL",
)


def privacy_unconfigured() -> list[str]:
    """The privacy settings still at their development default (or empty)."""
    missing = []
    for name in PRIVACY_REQUIRED:
        value = str(getattr(settings, name, "")).strip()
        if not value or name in value or value.lower().endswith(".invalid"):
            missing.append(name)
    return missing


def privacy_controller_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``accounts.W001`` (``check --deploy``): the privacy notice does not say who is
    responsible for the data, or how to reach them."""
    return [
        checks.Warning(
            f"{name} is not configured: the privacy notice (/privacy/) shows a placeholder.",
            hint="Set it in the environment (docs/privacy.md, docs/configuration.md).",
            id="accounts.W001",
        )
        for name in privacy_unconfigured()
    ]
