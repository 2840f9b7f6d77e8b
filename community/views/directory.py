"""The public directory of initiatives ("Participer près de chez moi") and its GeoJSON.

The list works without JavaScript; the map (``static/js/directory-map.js``, Leaflet) is
drawn over it from the GeoJSON of the same filters, and the page stays whole without it.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from community.forms.directory import DirectoryFilterForm
from community.geojson import initiatives_feature_collection
from community.models import Initiative
from community.selectors import directory as selectors
from config.http import absolute_url, paginate
from config.maps import map_allow_tiles, map_settings

INITIATIVES_PER_PAGE = 20
# The GeoJSON is public open data: anyone may read it, from any site (uMap, a portal…).
GEOJSON_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
}


def _form(request: HttpRequest) -> DirectoryFilterForm:
    return DirectoryFilterForm(
        request.GET or None,
        communes=selectors.directory_communes(),
        domains=selectors.directory_domains(),
    )


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    page = paginate(request, selectors.directory_initiatives(filters=filters), INITIATIVES_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "community/directory.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "map": map_settings(),
        },
    )
    return map_allow_tiles(response)


def _page_url(initiative: Initiative) -> str:
    return absolute_url(initiative.get_absolute_url())


@require_safe
def initiatives_geojson(request: HttpRequest) -> HttpResponse:
    """The listed initiatives that have a point (RFC 7946), with the directory's filters."""
    filters = _form(request).filters()
    collection = initiatives_feature_collection(
        selectors.directory_points(filters=filters), page_url=_page_url
    )
    return HttpResponse(
        json.dumps(collection, ensure_ascii=False),
        content_type="application/geo+json",
        headers=GEOJSON_HEADERS,
    )
