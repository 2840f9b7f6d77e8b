"""The project's own error pages in development too.

With ``DEBUG`` on, Django answers a wrong address with its technical "Page not found" page
(every URL pattern listed) and an unexpected error with its traceback page. People trying
Jalons with ``make run`` should see the pages the platform really shows (the French 404 and
500 of ``templates/errors/``); a developer who wants Django's pages sets
``DJANGO_DEBUG_PAGES=1`` (settings.DEBUG_PAGES). The traceback is still logged.

The middleware acts only while ``settings.DEBUG`` is on: in production (and under pytest,
which turns DEBUG off) Django already uses the handlers of ``config/urls.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver

from config import views

logger = logging.getLogger("django.request")


class DevelopmentErrorPagesMiddleware:
    """Last in MIDDLEWARE: wrong addresses and view errors get the custom pages under DEBUG."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _active(self) -> bool:
        return bool(settings.DEBUG) and not getattr(settings, "DEBUG_PAGES", False)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._active():
            urlconf = getattr(request, "urlconf", None)
            try:
                get_resolver(urlconf).resolve(request.path_info)
            except Resolver404 as exc:
                # The outer middleware (CommonMiddleware's APPEND_SLASH…) still see the 404.
                return views.page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not self._active() or isinstance(exception, PermissionDenied):
            return None  # PermissionDenied already gets the 403 page in development
        if isinstance(exception, Http404):
            return views.page_not_found(request, exception)
        if type(exception).__module__.startswith("django.core.exceptions"):
            return None  # bad requests, suspicious operations: Django's own handling
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return views.server_error(request)
