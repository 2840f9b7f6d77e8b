"""The privacy notice (``/privacy/``): a stable address, printed in emails and PDFs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from accounts.selectors.privacy import privacy_notice_facts

# One template per language, each written in its own language (see the comment at the top of
# templates/accounts/privacy/notice_fr.html); any other language reads the English one.
NOTICE_TEMPLATES = {
    "fr": "accounts/privacy/notice_fr.html",
    "en": "accounts/privacy/notice_en.html",
}


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """What Jalons keeps about people, why, for how long, who sees it, and their rights."""
    language = (get_language() or "fr").split("-")[0]
    template = NOTICE_TEMPLATES.get(language, NOTICE_TEMPLATES["en"])
    return render(request, template, {"facts": privacy_notice_facts()})
