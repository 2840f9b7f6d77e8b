"""Who calls the OB 3.0 API: the bearer access token, its person and its scopes.

django-oauth-toolkit checks the token (``Authorization: Bearer …`` only: tokens in the query
string are refused, RFC 9700); ``caller_for`` then checks the scope the operation needs and
the per-token rate limit (``ob3_api_token``). No token, an unknown, expired or revoked one,
or a person whose account is closed: 401. A valid token without the scope: 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken, Application
from oauth2_provider.oauth2_backends import get_oauthlib_core

from accounts.api import User
from badges.ob3_api.errors import error_response, forbidden, unauthorized
from config.ratelimit import rate_hit, too_many


@dataclass(frozen=True)
class Caller:
    """The person the token acts for, the wallet that holds it, and the token."""

    user: User
    application: Application
    token: AccessToken


def caller_for(request: HttpRequest, scope: str) -> Caller | HttpResponse:
    """The caller, or the error answer to send."""
    given = request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer ")
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    token = getattr(oauth_request, "access_token", None) if valid else None
    if token is None or token.user is None or not token.user.is_active:
        return unauthorized(
            _("An access token is needed: it is missing, expired or revoked.")
            if given
            else _("An access token is needed (Authorization: Bearer …)."),
            token_given=given,
        )
    if not token.allow_scopes([scope]):
        return forbidden(
            _("The access token does not allow this operation (scope %(scope)s).")
            % {"scope": scope},
            scope=scope,
        )
    limited = rate_hit("ob3_api_token", str(token.pk))
    if limited is not None:
        return too_many(error_response(429, "server_busy", limited.message), limited)
    user = token.user
    assert isinstance(user, User)
    return Caller(user=user, application=token.application, token=token)
