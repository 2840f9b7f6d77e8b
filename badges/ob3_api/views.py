"""The OB 3.0 API's resources: ``/ims/ob/v3p0/credentials`` and ``/ims/ob/v3p0/profile``.

- ``GET credentials`` (``getCredentials``, scope ``credential.readonly``): the person's
  credentials, a page at a time (``limit``, 1–100, default 50; ``offset``; ``since``, an ISO
  8601 date-time), with ``X-Total-Count`` and a ``Link`` header (``first``, ``prev``,
  ``next``, ``last``, RFC 8288). Embedded-proof credentials are in ``credential``, VC-JWT
  ones in ``compactJwsString``, each exactly as stored.
- ``POST credentials`` (``upsertCredential``, scope ``credential.upsert``): a JSON
  credential (``application/json``) or a compact JWS (``text/plain``), stored unchanged for
  the person, verified, and answered with the credential as received: 201 when new, 200 when
  she already held one with that ``id``.
- ``GET profile`` (``getProfile``, ``profile.readonly``) and ``PUT profile``
  (``putProfile``, ``profile.update``): her ``Profile``. Only ``name`` may change (her
  display name); ``id`` and ``email`` must stay as they are (the email is how she signs in
  and is confirmed: it changes on Jalons only).

Every error is an ``Imsx_StatusInfo`` (``badges.ob3_api.errors``). Bearer tokens only: no
cookie, so no CSRF check.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from accounts.api import User, user_update_profile
from badges.models import CredentialFormat
from badges.ob3_api import scopes
from badges.ob3_api.auth import Caller, caller_for
from badges.ob3_api.errors import NO_STORE, error_response
from badges.ob3_api.openapi import component_errors
from badges.selectors.held_credentials import held_credentials_page
from badges.services.external_credentials import external_credential_upsert
from config.http import absolute_url

# The spec's pattern of a compact JWS (RFC 7515), as in its OpenAPI document.
COMPACT_JWS = re.compile(r"^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
NAME_MAX = 150
CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential"}

Handler = Callable[[HttpRequest, Caller], HttpResponse]


def _dispatch(request: HttpRequest, handlers: dict[str, tuple[str, Handler]]) -> HttpResponse:
    method = "GET" if request.method == "HEAD" else (request.method or "")
    if method not in handlers:
        response = error_response(
            405, "not_allowed", _("This method is not allowed here."), code_major="unsupported"
        )
        response["Allow"] = ", ".join(sorted(handlers))
        return response
    scope, handler = handlers[method]
    caller = caller_for(request, scope)
    if isinstance(caller, HttpResponse):
        return caller
    response = handler(request, caller)
    response["Cache-Control"] = NO_STORE
    return response


# --- Credentials ------------------------------------------------------------------------


def _query_int(request: HttpRequest, name: str, default: int, minimum: int) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= minimum else None


def _since(request: HttpRequest) -> tuple[bool, datetime | None]:
    raw = request.GET.get("since")
    if not raw:
        return True, None
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None:
        return False, None
    return True, make_aware(moment) if is_naive(moment) else moment


def _page_link(request: HttpRequest, limit: int, offset: int) -> str:
    query = {key: value for key, value in request.GET.items() if key not in ("limit", "offset")}
    query.update({"limit": str(limit), "offset": str(offset)})
    return absolute_url(f"{request.path}?{urlencode(query)}")


def _links(request: HttpRequest, limit: int, offset: int, total: int) -> str:
    last = max(0, (total - 1) // limit * limit)
    links = {"first": 0, "last": last}
    if offset > 0:
        links["prev"] = max(0, min(offset - limit, last))
    if offset + limit < total:
        links["next"] = offset + limit
    order = ("next", "last", "first", "prev")
    return ", ".join(
        f'<{_page_link(request, limit, links[rel])}>; rel="{rel}"' for rel in order if rel in links
    )


def get_credentials(request: HttpRequest, caller: Caller) -> HttpResponse:
    limit = _query_int(request, "limit", DEFAULT_LIMIT, 1)
    offset = _query_int(request, "offset", 0, 0)
    ok, since = _since(request)
    if limit is None or offset is None or not ok:
        return error_response(
            400,
            "invalid_query_parameter",
            _("limit must be a whole number from 1, offset from 0, since a date and time."),
        )
    limit = min(limit, MAX_LIMIT)
    page = held_credentials_page(user=caller.user, limit=limit, offset=offset, since=since)
    body: dict[str, list[Any]] = {"credential": [], "compactJwsString": []}
    for held in page.items:
        if held.format == CredentialFormat.JWT:
            body["compactJwsString"].append(held.text)
        else:
            body["credential"].append(json.loads(held.text))
    response = JsonResponse({key: value for key, value in body.items() if value})
    response["X-Total-Count"] = str(page.total)
    response["Link"] = _links(request, limit, offset, page.total)
    return response


def _jws_payload(token: str) -> Any:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _credential_id(document: Any) -> str:
    """The credential's ``id`` (for a VC-JWT: the payload's, its ``vc``'s or ``jti``)."""
    if not isinstance(document, dict):
        return ""
    vc: dict[str, Any] = document["vc"] if isinstance(document.get("vc"), dict) else {}
    for candidate in (document.get("id"), vc.get("id"), document.get("jti")):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return ""


def _is_credential(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    if isinstance(document.get("vc"), dict):
        document = document["vc"]
    types = document.get("type")
    types = [types] if isinstance(types, str) else types
    return isinstance(types, list) and bool(CREDENTIAL_TYPES & set(types))


def upsert_credential(request: HttpRequest, caller: Caller) -> HttpResponse:
    if len(request.body) > MAX_UPLOAD_BYTES:
        return error_response(400, "invalid_data", _("The credential is too large (5 MB at most)."))
    content_type = request.content_type or ""
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return error_response(400, "invalid_data", _("The credential is not UTF-8 text."))
    try:
        if content_type == "application/json":
            fmt, document = CredentialFormat.JSON, json.loads(text)
        elif content_type == "text/plain" and COMPACT_JWS.match(text.strip()):
            text = text.strip()
            fmt, document = CredentialFormat.JWT, _jws_payload(text)
        elif content_type == "text/plain":
            return error_response(400, "invalid_data", _("This is not a compact JWS."))
        else:
            return error_response(
                415 if content_type else 400,
                "invalid_data",
                _("Send a credential as application/json or a compact JWS as text/plain."),
            )
    except ValueError:
        return error_response(400, "invalid_data", _("The credential cannot be read."))
    credential_id = _credential_id(document)
    if not _is_credential(document) or not credential_id:
        return error_response(
            400,
            "invalid_data",
            _("This is not an Open Badges 3.0 credential with an id."),
        )
    if len(credential_id) > 500:
        return error_response(400, "invalid_data", _("The credential’s id is too long."))
    _held, created = external_credential_upsert(
        owner=caller.user,
        original=text,
        format=fmt,
        credential_id=credential_id,
        application=caller.application,
    )
    content = "application/json" if fmt == CredentialFormat.JSON else "text/plain"
    return HttpResponse(text, status=201 if created else 200, content_type=content)


@csrf_exempt
def credentials(request: HttpRequest) -> HttpResponse:
    return _dispatch(
        request,
        {
            "GET": (scopes.CREDENTIAL_READ, get_credentials),
            "POST": (scopes.CREDENTIAL_UPSERT, upsert_credential),
        },
    )


# --- Profile ----------------------------------------------------------------------------


def profile_id(user: User) -> str:
    """Her stable identifier in the API: a URN derived from the site and her account."""
    return uuid.uuid5(uuid.NAMESPACE_URL, absolute_url(f"/accounts/{user.pk}")).urn


def profile_of(user: User) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": profile_id(user), "type": ["Profile"], "email": user.email}
    if user.display_name:
        profile["name"] = user.display_name
    return profile


def get_profile(request: HttpRequest, caller: Caller) -> HttpResponse:
    return JsonResponse(profile_of(caller.user))


def put_profile(request: HttpRequest, caller: Caller) -> HttpResponse:
    try:
        body = json.loads(request.body.decode("utf-8"))
    except ValueError:
        return error_response(400, "invalid_data", _("The profile is not JSON."))
    errors = component_errors("Profile", body)
    if errors:
        return error_response(
            400,
            "invalid_data",
            _("The profile does not follow the Profile schema: %(errors)s")
            % {"errors": "; ".join(errors[:5])},
        )
    user = caller.user
    if body["id"] != profile_id(user):
        return error_response(400, "invalid_data", _("This is not the id of this profile."))
    if "email" in body and str(body["email"]).strip().lower() != user.email.lower():
        return error_response(
            400,
            "invalid_data",
            _("The email address cannot be changed here: change it on Jalons."),
        )
    name = body.get("name")
    if name is not None:
        name = str(name).strip()
        if not name or len(name) > NAME_MAX:
            return error_response(400, "invalid_data", _("The name must have 1 to 150 characters."))
        if name != user.display_name:
            user = user_update_profile(
                user=user, display_name=name, preferred_language=user.preferred_language
            )
    return JsonResponse(profile_of(user))


@csrf_exempt
def profile(request: HttpRequest) -> HttpResponse:
    return _dispatch(
        request,
        {
            "GET": (scopes.PROFILE_READ, get_profile),
            "PUT": (scopes.PROFILE_UPDATE, put_profile),
        },
    )
