"""The OB 3.0 API's four scopes: their names, what they let a wallet do (in words for the
person who consents), and the scopes each wallet may ask for.

django-oauth-toolkit asks ``RegisteredScopes`` (``OAUTH2_PROVIDER["SCOPES_BACKEND_CLASS"]``)
which scopes a client may request: a wallet gets only those it registered
(``WalletRegistration.scope``), an application without a registration none.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oauth2_provider.scopes import SettingsScopes

from badges.models import WalletRegistration

PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READ = PREFIX + "credential.readonly"
CREDENTIAL_UPSERT = PREFIX + "credential.upsert"
PROFILE_READ = PREFIX + "profile.readonly"
PROFILE_UPDATE = PREFIX + "profile.update"
ALL = (CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE)

# What the person lets the wallet do, said plainly on the consent page and the wallets page.
IN_WORDS: dict[str, Promise] = {
    CREDENTIAL_READ: _(
        "See and copy the badges you hold on Jalons: those awarded to you here and those "
        "you added from elsewhere."
    ),
    CREDENTIAL_UPSERT: _(
        "Add badges from other organisations to your badges on Jalons, or replace one it "
        "added before. Jalons checks each one and shows whether it is authentic."
    ),
    PROFILE_READ: _("See your name and your email address as they are on Jalons."),
    PROFILE_UPDATE: _("Change the name shown on your badges and portfolios."),
}


def scopes_in_words(scopes: list[str]) -> list[str]:
    """The sentences of ``scopes``, in the spec's order (unknown scopes left out)."""
    return [str(IN_WORDS[scope]) for scope in ALL if scope in scopes]


class RegisteredScopes(SettingsScopes):
    """A client may ask only for the scopes it registered."""

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        available = super().get_available_scopes(application, request, *args, **kwargs)
        if application is None:
            return list(available)
        registration = WalletRegistration.objects.filter(application=application).first()
        if registration is None:
            return []
        return [scope for scope in available if scope in registration.scopes]

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        default = super().get_default_scopes(application, request, *args, **kwargs)
        available = self.get_available_scopes(application, request)
        return [scope for scope in default if scope in available]
