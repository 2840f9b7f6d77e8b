"""The wallets a person connected to her badges (OB 3.0 API), for the page where she sees
and disconnects them: each wallet she holds a live token of, with what she allowed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application, RefreshToken

from accounts.api import User
from badges.models import WalletRegistration


@dataclass
class ConnectedWallet:
    application: Application
    registration: WalletRegistration | None
    since: datetime
    scopes: set[str] = field(default_factory=set)

    @property
    def scope_list(self) -> list[str]:
        return sorted(self.scopes)


def wallets_connected(*, user: User) -> list[ConnectedWallet]:
    """Her wallets, first connected first; two queries whatever their number."""
    now = timezone.now()
    wallets: dict[int, ConnectedWallet] = {}
    live_access = AccessToken.objects.filter(user=user, expires__gt=now).select_related(
        "application__wallet_registration"
    )
    live_refresh = RefreshToken.objects.filter(user=user, revoked__isnull=True).select_related(
        "application__wallet_registration", "access_token"
    )
    for created, application, scope in [
        *((token.created, token.application, token.scope) for token in live_access),
        *(
            (
                token.created,
                token.application,
                token.access_token.scope if token.access_token else "",
            )
            for token in live_refresh
        ),
    ]:
        wallet = wallets.get(application.pk)
        if wallet is None:
            wallet = wallets[application.pk] = ConnectedWallet(
                application=application,
                registration=getattr(application, "wallet_registration", None),
                since=created,
            )
        wallet.since = min(wallet.since, created)
        wallet.scopes.update(scope.split())
    return sorted(wallets.values(), key=lambda wallet: wallet.since)


def wallet_connected_get(*, user: User, client_id: str) -> Application | None:
    """The wallet of that client id, if she connected it."""
    return (
        Application.objects.filter(client_id=client_id)
        .filter(
            Q(
                accesstoken__user=user,
                accesstoken__expires__gt=timezone.now(),
            )
            | Q(
                refreshtoken__user=user,
                refreshtoken__revoked__isnull=True,
            )
        )
        .distinct()
        .first()
    )
