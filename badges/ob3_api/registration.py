"""OAuth 2.0 dynamic client registration (RFC 7591) for wallets, as OB 3.0 profiles it.

``POST /ims/ob/v3p0/register`` with the client's metadata as JSON; no prior credential
(the specification's open registration). The answer (201) repeats the metadata with
``client_id``, ``client_secret`` (shown only here), ``client_id_issued_at`` and
``client_secret_expires_at`` (0: it does not expire). Refused metadata: 400 with RFC 7591's
``invalid_client_metadata`` or ``invalid_redirect_uri`` and a description. Registrations are
limited per address (``wallet_register_address``): past it, 429 with ``Retry-After``.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from badges.ob3_api.serializers import GRANT_TYPES, WalletRegistrationSerializer
from badges.services.wallets import wallet_register
from config.http import client_address
from config.ratelimit import rate_hit, too_many

MAX_BODY = 64 * 1024


def _refused(error: str, description: str, status: int = 400) -> HttpResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # no cookie is used: the client is anonymous until it is registered
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    limited = rate_hit("wallet_register_address", client_address(request))
    if limited is not None:
        return too_many(_refused("too_many_requests", limited.message, 429), limited)
    if len(request.body) > MAX_BODY:
        return _refused("invalid_client_metadata", _("The request is too large."))
    try:
        metadata: Any = json.loads(request.body or b"null")
    except ValueError:
        return _refused("invalid_client_metadata", _("The request is not JSON."))
    if not isinstance(metadata, dict):
        return _refused("invalid_client_metadata", _("The request is not a JSON object."))
    serializer = WalletRegistrationSerializer(data=metadata)
    if not serializer.is_valid():
        errors = serializer.errors
        error = "invalid_redirect_uri" if "redirect_uris" in errors else "invalid_client_metadata"
        description = "; ".join(
            f"{field}: {' '.join(str(message) for message in _messages(messages))}"
            for field, messages in errors.items()
        )
        return _refused(error, description)
    data = serializer.validated_data
    registration, secret = wallet_register(
        client_name=data["client_name"],
        client_uri=data["client_uri"],
        logo_uri=data["logo_uri"],
        tos_uri=data["tos_uri"],
        policy_uri=data["policy_uri"],
        software_id=data["software_id"],
        software_version=data["software_version"],
        redirect_uris=data["redirect_uris"],
        scope=data["scope"],
        contacts=data.get("contacts"),
    )
    application = registration.application
    answer = {
        "client_id": application.client_id,
        "client_secret": secret,
        "client_id_issued_at": int(registration.registered_at.timestamp()),
        "client_secret_expires_at": 0,
        "client_name": application.name,
        "client_uri": registration.client_uri,
        "logo_uri": registration.logo_uri,
        "tos_uri": registration.tos_uri,
        "policy_uri": registration.policy_uri,
        "software_id": registration.software_id,
        "software_version": registration.software_version,
        "redirect_uris": application.redirect_uris.split(),
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": list(GRANT_TYPES),
        "response_types": ["code"],
        "scope": registration.scope,
    }
    if registration.contacts:
        answer["contacts"] = registration.contacts
    response = JsonResponse(answer, status=201)
    response["Cache-Control"] = "no-store"
    return response


def _messages(messages: Any) -> list[Any]:
    """DRF's errors of a field: a list, or a dict of list items' errors."""
    if isinstance(messages, dict):
        return [message for item in messages.values() for message in _messages(item)]
    return list(messages)
