"""The consent page of the OB 3.0 API: a wallet asks to act for the signed-in person.

django-oauth-toolkit's authorization endpoint, with this site's page
(``templates/badges/wallets/authorize.html``): who asks (the wallet's name, address,
terms and privacy policy, as it registered), what it will be able to do, in plain words,
and for whom (the signed-in person), then "Allow" or "Refuse". PKCE is required with
``S256`` only: a request without it is refused before the page is shown. The page's form
may lead back to the wallet's redirect address (Content-Security-Policy ``form-action``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from oauth2_provider.models import Application
from oauth2_provider.views import AuthorizationView

from badges.models import WalletRegistration
from badges.ob3_api.scopes import scopes_in_words
from config.headers import csp_allow_form_action


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class WalletAuthorizationView(AuthorizationView):
    template_name = "badges/wallets/authorize.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("code_challenge_method") != "S256" or not request.GET.get(
            "code_challenge"
        ):
            return self.render_to_response(
                {
                    "error": {
                        "error": "invalid_request",
                        "description": _(
                            "This wallet did not ask in a safe way (PKCE with S256 is "
                            "required). Nothing was shared. Tell the wallet’s makers."
                        ),
                    }
                },
                status=400,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application = context.get("application")
        if isinstance(application, Application):
            context["registration"] = WalletRegistration.objects.filter(
                application=application
            ).first()
        context["scope_sentences"] = scopes_in_words(list(context.get("scopes") or []))
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        redirect_uri = str(context.get("redirect_uri") or "")
        origin = _origin(redirect_uri)
        if origin:
            csp_allow_form_action(response, origin)
        return response
