"""Wallets: the OAuth 2.0 clients that registered themselves for the OB 3.0 API.

django-oauth-toolkit's ``Application`` holds what OAuth needs (client id, hashed secret,
redirect URIs, grant type); ``WalletRegistration`` adds what the client said about itself
when it registered (RFC 7591 as the OB 3.0 specification profiles it): where it lives, its
logo, terms and privacy policy, the software and its version, and the scopes it may ask.
The consent page shows them to the person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WalletRegistration(models.Model):
    """What a wallet said about itself when it registered (one per OAuth application)."""

    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        verbose_name=_("OAuth application"),
        on_delete=models.CASCADE,
        related_name="wallet_registration",
    )
    client_uri = models.URLField(_("wallet’s address"), max_length=500)
    logo_uri = models.URLField(_("logo"), max_length=500, blank=True)
    tos_uri = models.URLField(_("terms of service"), max_length=500, blank=True)
    policy_uri = models.URLField(_("privacy policy"), max_length=500, blank=True)
    software_id = models.CharField(_("software identifier"), max_length=200)
    software_version = models.CharField(_("software version"), max_length=100)
    scope = models.TextField(_("scopes it may ask for"))  # space-separated, as in OAuth
    contacts = models.JSONField(_("contacts"), default=list, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("wallet registration")
        verbose_name_plural = _("wallet registrations")

    def __str__(self) -> str:
        return f"{self.software_id} {self.software_version}"

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()
