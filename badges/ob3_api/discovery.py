"""The service description document (``GET /ims/ob/v3p0/discovery``): 1EdTech's OpenAPI
document of the API, profiled for this instance as the specification asks.

What is set here: ``servers`` (this site's ``/ims/ob/v3p0``), ``info`` (the name, the
privacy notice as both terms of service and privacy policy, the logo) and the ``OAuth2ACG``
security scheme (the registration, authorization, token and refresh addresses, the four
scopes). Paths and schemas stay 1EdTech's. Public, cacheable for an hour.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from badges.ob3_api import scopes
from badges.ob3_api.openapi import openapi_document
from config.http import absolute_url

SCOPE_DESCRIPTIONS = {
    scopes.CREDENTIAL_READ: "Permission to read AchievementCredentials for the authenticated "
    "entity.",
    scopes.CREDENTIAL_UPSERT: "Permission to create or update AchievementCredentials for the "
    "authenticated entity.",
    scopes.PROFILE_READ: "Permission to read the profile for the authenticated entity.",
    scopes.PROFILE_UPDATE: "Permission to update the profile for the authenticated entity.",
}


def service_description() -> dict[str, Any]:
    document = openapi_document()
    privacy = absolute_url(reverse("accounts:privacy"))
    image = static("img/logo.svg")
    document["servers"] = [{"url": absolute_url("/ims/ob/v3p0")}]
    document["info"].update(
        {
            "title": "Jalons",
            "description": "Open Badges 3.0 API of Jalons: the badges a person holds here.",
            "termsOfService": privacy,
            "x-imssf-privacyPolicyUrl": privacy,
            "x-imssf-image": image if image.startswith("http") else absolute_url(image),
        }
    )
    document["components"]["securitySchemes"] = {
        "OAuth2ACG": {
            "type": "oauth2",
            "description": "OAuth 2.0 authorization code grant with PKCE (S256) and refresh "
            "tokens; clients register dynamically (RFC 7591).",
            "x-imssf-registrationUrl": absolute_url(reverse("ob3_api:register")),
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": absolute_url(reverse("ob3_api:authorize")),
                    "tokenUrl": absolute_url(reverse("ob3_api:token")),
                    "refreshUrl": absolute_url(reverse("ob3_api:token")),
                    "scopes": dict(SCOPE_DESCRIPTIONS),
                }
            },
        }
    }
    return document


@require_safe
def discovery(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(service_description())
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
