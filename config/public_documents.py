"""Public documents served before the session, language, CSRF, sign-in and message layers.

The documents verifiers and backpacks fetch (an award's OB 3.0 credential, OB 2.0
documents, status lists: the addresses of ``settings.PUBLIC_DOCUMENTS_URLCONF``) are the
same for everyone and carry no page: they need none of what the middlewares after this one
do per request (load a session, pick a language, set a CSRF cookie, find the signed-in
person and their language, French typography on HTML, messages). ``PublicDocumentsMiddleware``,
placed right after the security ones (``SecurityMiddleware``, ``SecurityHeadersMiddleware``,
which still set their headers on these answers), resolves the path against that small
URLconf and calls the view itself; every other address goes on through the stack.

What it keeps of the layers it skips: the ``Host`` check (``ALLOWED_HOSTS``, which
``CommonMiddleware`` does), ``X-Frame-Options: DENY``, ``Content-Length``, and the
visitor's language for the few translated words (a 410's explanation). A document that is
not found (``Http404``) goes through the whole stack, for the site's own 404 page.

The addresses in that URLconf are the same ``path()`` objects as in the main one (the app
includes them there first), so both resolve a path to the same view.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import translation


class PublicDocumentsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.urlconf: str | None = getattr(settings, "PUBLIC_DOCUMENTS_URLCONF", None)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.urlconf is None:
            return self.get_response(request)
        try:
            match = resolve(request.path_info, urlconf=self.urlconf)
        except Resolver404:
            return self.get_response(request)
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware would check it
        request.resolver_match = match
        try:
            with translation.override(translation.get_language_from_request(request)):
                response = match.func(request, *match.args, **match.kwargs)
        except Http404:
            return self.get_response(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not response.streaming and "Content-Length" not in response:
            response["Content-Length"] = str(len(response.content))
        return response
