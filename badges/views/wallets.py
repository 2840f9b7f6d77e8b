"""Connected apps: the wallets a person allowed to use her badges (OB 3.0 API), and
disconnecting one (every token and pending code it holds for her is revoked at once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from badges.ob3_api.scopes import scopes_in_words
from badges.selectors.wallets import wallet_connected_get, wallets_connected
from badges.services.wallets import wallet_disconnect
from config.http import or_404, signed_in_user


@login_required
@require_safe
def wallet_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    wallets = [
        {"wallet": wallet, "sentences": scopes_in_words(wallet.scope_list)}
        for wallet in wallets_connected(user=user)
    ]
    return render(request, "badges/wallets/list.html", {"wallets": wallets})


@login_required
@require_POST
def wallet_disconnect_view(request: HttpRequest, client_id: str) -> HttpResponse:
    user = signed_in_user(request)
    application = or_404(wallet_connected_get(user=user, client_id=client_id))
    wallet_disconnect(user=user, application=application)
    messages.success(
        request,
        _("%(name)s is disconnected: it can no longer use your badges.")
        % {"name": application.name},
    )
    return redirect("badges:wallet_list")
