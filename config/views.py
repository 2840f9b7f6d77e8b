"""Project-level pages: the page for developers and error pages (health checks and metrics:
config/health.py, config/metrics.py). (The home page, "/", is ``portfolios.views.home``: it
gathers every app's data.)"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def developers(request: HttpRequest) -> HttpResponse:
    """What other software can read and do: the only page that links the API's documentation
    (technical words stay on pages meant for developers, docs/glossary.md)."""
    return render(request, "developers.html")


def _api_error(request: HttpRequest, status: int, detail: str) -> HttpResponse | None:
    """Under /api/, errors Django answers itself (an address that matches no route…) have the
    API's shared shape, as the schema says, rather than an HTML page."""
    if not request.path.startswith("/api/"):
        return None
    response = JsonResponse({"detail": detail}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    api = _api_error(request, 400, _("Bad request."))
    return api or render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    api = _api_error(request, 403, _("You may not do this."))
    return api or render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    api = _api_error(request, 404, _("Nothing at this address."))
    return api or render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    api = _api_error(request, 500, _("Something went wrong on our side."))
    # Rendered without context processors' database access: the database may be the problem.
    return api or render(request, "errors/500.html", status=500)
