"""Security and caching headers on every answer (``SecurityHeadersMiddleware``).

- **Content-Security-Policy** on every HTML page: scripts, styles, fonts and connections from
  this site only — no inline script or style anywhere (the templates have none, and
  ``tests/config/test_headers.py`` checks it), no plugins, no ``<base>``, forms posting here
  only, no framing. Images: this site and ``data:``; a view may allow more with
  ``csp_allow_images`` (the verifier shows a badge's image from its issuer's site); a form
  may lead elsewhere only where ``csp_allow_form_action`` says (the OB 3.0 API's consent
  page sends the person back to her wallet).
- **Permissions-Policy** on every answer: no camera, microphone, geolocation, payment, USB…
- **Cache-Control**: a view's own rule is kept (the public badge documents, status lists and
  images say how long they may be cached); otherwise answers to signed-in people and API
  answers are ``private, no-store``, and other HTML pages ``private, no-cache`` (they carry
  CSRF tokens and messages: never in a shared cache).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
SIGNED_IN_OR_API = "private, no-store"
ANONYMOUS_PAGE = "private, no-cache"
EXTRA_IMAGES = "_csp_extra_images"
EXTRA_FORM_ACTIONS = "_csp_extra_form_actions"


def content_security_policy(
    *, extra_images: tuple[str, ...] = (), extra_form_actions: tuple[str, ...] = ()
) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *extra_images],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'", *extra_form_actions],
        "frame-ancestors": ["'none'"],
    }
    policy = "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
    if settings.SITE_URL.startswith("https://"):
        policy += "; upgrade-insecure-requests"
    return policy


def csp_allow_images(*sources: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let the view's page show images from ``sources`` too (e.g. ``"https:"``)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            response = view(request, *args, **kwargs)
            setattr(response, EXTRA_IMAGES, sources)
            return response

        return wrapped

    return decorator


def csp_allow_form_action(response: HttpResponseBase, *origins: str) -> HttpResponseBase:
    """Let this page's form lead to ``origins`` too: a form whose answer redirects elsewhere
    (the OAuth consent page sends the person back to her wallet)."""
    setattr(response, EXTRA_FORM_ACTIONS, origins)
    return response


def _is_html(response: HttpResponseBase) -> bool:
    return str(response.get("Content-Type", "")).split(";")[0].strip() == "text/html"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        html = _is_html(response)
        if html:
            extra = tuple(getattr(response, EXTRA_IMAGES, ()))
            actions = tuple(getattr(response, EXTRA_FORM_ACTIONS, ()))
            response["Content-Security-Policy"] = content_security_policy(
                extra_images=extra, extra_form_actions=actions
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response:
            user = getattr(request, "user", None)
            signed_in = bool(user is not None and user.is_authenticated)
            if signed_in or request.path.startswith("/api/"):
                response["Cache-Control"] = SIGNED_IN_OR_API
            elif html:
                response["Cache-Control"] = ANONYMOUS_PAGE
        return response
