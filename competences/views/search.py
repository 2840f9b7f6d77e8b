"""Competence search, no login: a plain GET form and the suggestions behind its script.

``/frameworks/search/?q=…`` works without JavaScript. ``static/js/competence-search.js``
enhances the search box with suggestions as you type, read from
``/frameworks/search/suggestions/?q=…`` (JSON, in the visitor's language).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from competences.models import Competence, FrameworkVersion
from competences.models.base import localized
from competences.search_text import MAX_QUERY_LENGTH
from competences.selectors.search import (
    competence_search,
    version_searchable,
    versions_for_search,
)

#: Results on the search page, and suggestions under the search box.
PAGE_LIMIT = 50
SUGGESTION_LIMIT = 8


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search a competence"), required=False, max_length=500)
    version = forms.CharField(required=False, max_length=36)

    def cleaned_query(self) -> str:
        return str(self.cleaned_data.get("q", "")).strip()[:MAX_QUERY_LENGTH]


def _search(request: HttpRequest, limit: int) -> tuple[str, FrameworkVersion | None, list[Any]]:
    """Read ``q`` and ``version`` from the query string and run the search.

    An unknown version, or a draft for someone who is not a steward, is
    ignored: the search then looks in the current versions.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        return "", None, []
    query = form.cleaned_query()
    version_id = form.cleaned_data.get("version") or ""
    version = version_searchable(viewer=request.user, uuid=version_id) if version_id else None
    return query, version, competence_search(query=query, version=version, limit=limit)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query, version, results = _search(request, PAGE_LIMIT + 1)
    versions = versions_for_search()
    return render(
        request,
        "competences/search.html",
        {
            "query": query,
            "version": version,
            "versions": versions if len(versions) > 1 else [],
            "results": results[:PAGE_LIMIT],
            "truncated": len(results) > PAGE_LIMIT,
            "limit": PAGE_LIMIT,
        },
    )


def _suggestion(competence: Competence) -> dict[str, str]:
    title, title_language = localized(competence, "title")
    domain, domain_language = localized(competence.domain, "title")
    return {
        "uuid": str(competence.uuid),
        "code": competence.code,
        "title": title,
        "title_language": title_language,
        "domain": domain,
        "domain_language": domain_language,
        "framework": competence.version.framework.slug,
        "version": competence.version.label,
        "url": competence.get_absolute_url(),
    }


@require_safe
def suggestions(request: HttpRequest) -> JsonResponse:
    """At most 8 competences for the search box, and a sentence for the live region."""
    query, _version, results = _search(request, SUGGESTION_LIMIT)
    count = len(results)
    if not query:
        message = ""
    elif count:
        message = ngettext(
            "%(count)s suggestion. Use the up and down arrows to choose.",
            "%(count)s suggestions. Use the up and down arrows to choose.",
            count,
        ) % {"count": count}
    else:
        message = str(_("No competence found."))
    return JsonResponse(
        {
            "query": query,
            "count": count,
            "message": message,
            "results": [_suggestion(competence) for competence in results],
        }
    )
