"""The OB 3.0 API's answers when something is wrong: the spec's ``Imsx_StatusInfo`` object.

``imsx_codeMajor`` is ``failure`` (or ``unsupported``), ``imsx_severity`` ``error``, one
``imsx_codeMinorField`` names this system and the reason (``invalid_data``,
``unauthorizedrequest``, ``forbidden``…), and ``imsx_description`` says it in words, in the
request's language. 401 answers carry ``WWW-Authenticate: Bearer`` (RFC 6750), with
``insufficient_scope`` and the scope needed on 403.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse

SYSTEM = "Jalons"
NO_STORE = "no-store"


def status_info(code_minor: str, description: str, *, code_major: str = "failure") -> dict:
    return {
        "imsx_codeMajor": code_major,
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": SYSTEM, "imsx_codeMinorFieldValue": code_minor}
            ]
        },
    }


def error_response(
    status: int, code_minor: str, description: str, *, code_major: str = "failure"
) -> HttpResponse:
    response = JsonResponse(
        status_info(code_minor, description, code_major=code_major), status=status
    )
    response["Cache-Control"] = NO_STORE
    return response


def unauthorized(description: str, *, token_given: bool) -> HttpResponse:
    response = error_response(401, "unauthorizedrequest", description)
    response["WWW-Authenticate"] = (
        'Bearer realm="ob3", error="invalid_token"' if token_given else 'Bearer realm="ob3"'
    )
    return response


def forbidden(description: str, *, scope: str) -> HttpResponse:
    response = error_response(403, "forbidden", description)
    response["WWW-Authenticate"] = (
        f'Bearer realm="ob3", error="insufficient_scope", scope="{scope}"'
    )
    return response
