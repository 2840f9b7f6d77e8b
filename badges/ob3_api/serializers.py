"""What a wallet sends to register (RFC 7591, as the OB 3.0 specification profiles it).

Only validation: ``badges.services.wallets.wallet_register`` creates the client. Required:
``client_name``, ``client_uri``, ``logo_uri``, ``tos_uri``, ``policy_uri``, ``software_id``,
``software_version``, ``redirect_uris`` and ``scope`` (space-separated, among the four OB 3.0
scopes). Optional, and if given they must say what Jalons supports:
``token_endpoint_auth_method`` (``client_secret_basic``), ``grant_types``
(``authorization_code``, ``refresh_token``) and ``response_types`` (``code``); ``contacts``.
Every address is ``https``; a redirect URI has no fragment (RFC 6749 §3.1.2).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from rest_framework import serializers

from badges.ob3_api import scopes

URI_MAX = 500
GRANT_TYPES = ("authorization_code", "refresh_token")


def _https(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise serializers.ValidationError(_("Must be an https:// address."))
    return value


class HttpsUrlField(serializers.URLField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=URI_MAX, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return _https(super().to_internal_value(data))


class WalletRegistrationSerializer(serializers.Serializer[dict[str, Any]]):
    client_name = serializers.CharField(max_length=255)
    client_uri = HttpsUrlField()
    logo_uri = HttpsUrlField()
    tos_uri = HttpsUrlField()
    policy_uri = HttpsUrlField()
    software_id = serializers.CharField(max_length=200)
    software_version = serializers.CharField(max_length=100)
    redirect_uris = serializers.ListField(child=HttpsUrlField(), min_length=1, max_length=10)
    scope = serializers.CharField(max_length=1000)
    token_endpoint_auth_method = serializers.ChoiceField(
        choices=["client_secret_basic"], required=False
    )
    grant_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(GRANT_TYPES)), required=False
    )
    response_types = serializers.ListField(
        child=serializers.ChoiceField(choices=["code"]), required=False
    )
    contacts = serializers.ListField(child=serializers.EmailField(), required=False, max_length=10)

    def validate_redirect_uris(self, value: list[str]) -> list[str]:
        for uri in value:
            if urlsplit(uri).fragment or "#" in uri:
                raise serializers.ValidationError(_("A redirect URI has no fragment (#…)."))
        return value

    def validate_scope(self, value: str) -> str:
        asked = value.split()
        unknown = [scope for scope in asked if scope not in scopes.ALL]
        if not asked or unknown:
            raise serializers.ValidationError(
                _("Unknown scope: %(scopes)s.") % {"scopes": " ".join(unknown) or "—"}
            )
        return " ".join(scope for scope in scopes.ALL if scope in asked)

    def validate_grant_types(self, value: list[str]) -> list[str]:
        if "authorization_code" not in value:
            raise serializers.ValidationError(_("The grant type authorization_code is needed."))
        return value
