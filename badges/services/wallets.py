"""Wallets (OAuth 2.0 clients of the OB 3.0 API): registration and disconnection.

``wallet_register`` creates django-oauth-toolkit's ``Application`` (a confidential client,
authorization code grant, ``client_secret_basic``) and its ``WalletRegistration``; the
client secret is returned once, in clear, and stored hashed. ``wallet_disconnect`` revokes
everything a person gave a wallet: its access and refresh tokens and pending codes.
"""

from __future__ import annotations

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from accounts.api import User
from badges.models import WalletRegistration


@transaction.atomic
def wallet_register(
    *,
    client_name: str,
    client_uri: str,
    logo_uri: str,
    tos_uri: str,
    policy_uri: str,
    software_id: str,
    software_version: str,
    redirect_uris: list[str],
    scope: str,
    contacts: list[str] | None = None,
) -> tuple[WalletRegistration, str]:
    """The new wallet's registration and its client secret (the only time it is readable)."""
    secret = generate_client_secret()
    application = Application(
        name=client_name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        client_secret=secret,
        hash_client_secret=True,
        skip_authorization=False,
    )
    application.full_clean(exclude=["client_secret", "user"])
    application.save()
    registration = WalletRegistration.objects.create(
        application=application,
        client_uri=client_uri,
        logo_uri=logo_uri,
        tos_uri=tos_uri,
        policy_uri=policy_uri,
        software_id=software_id,
        software_version=software_version,
        scope=scope,
        contacts=list(contacts or []),
    )
    return registration, secret


@transaction.atomic
def wallet_disconnect(*, user: User, application: Application) -> int:
    """Revoke every token and code the person gave this wallet; how many were revoked."""
    revoked = 0
    for refresh in RefreshToken.objects.filter(
        user=user, application=application, revoked__isnull=True
    ):
        refresh.revoke()  # revokes its access token too
        revoked += 1
    for access in AccessToken.objects.filter(user=user, application=application):
        access.revoke()  # deletes it
        revoked += 1
    revoked += Grant.objects.filter(user=user, application=application).delete()[0]
    return revoked
