"""Territorial indicators: the public page, the stewards' view, the open data files and
their description, and each initiative's page of what it brings (docs/indicators.md).

Every number comes from one protected publication per year, computed in the background and
stored (``community.selectors.indicators.indicator_publication``): the page, the files, the
API and the annual report never disagree, none of them can give back a small count, and no
request computes it. A year not computed yet: the pages say the figures are being prepared,
the files answer 503 with ``Retry-After``, and its computation is queued (once).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from community.forms.indicators import PERIOD_CHOICES, IndicatorFilterForm, place_label
from community.indicators import opendata
from community.indicators.charts import bar_chart
from community.indicators.reading import (
    initiative_places,
    key_figures,
    lines_by_facet,
    lines_by_place,
    lines_by_quarter,
    place_indicators,
    public_places,
    shown,
)
from community.indicators.registry import indicator_sources
from community.indicators.tables import COMMUNE, INITIATIVE, TERRITORY, YEAR, Publication
from community.selectors.indicators import indicator_publication, indicator_years
from community.selectors.initiatives import initiative_get, user_leads_initiative
from community.services.indicators import publication_request
from config.http import absolute_url

# How long a client should wait before asking again for figures being computed (seconds).
RETRY_AFTER_SECONDS = 60

# Open data: anyone may read it, from any site (a regional portal, a spreadsheet…).
OPEN_DATA_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
}


def chart_domain_description() -> str:
    return _("One bar per domain of the framework; the table below gives the same figures.")


def _year(request: HttpRequest, years: list[int]) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in years else years[0]


def _stored(year: int) -> Publication | None:
    """The stored figures of a year; when there are none, their computation is queued."""
    publication = indicator_publication(year)
    if publication is None:
        publication_request(year=year)
    return publication


def _period_label(period: int) -> str:
    return str(dict(PERIOD_CHOICES)[str(period)])


def indicator_context(request: HttpRequest, *, stewards: bool) -> dict[str, Any]:
    """What the public page and the stewards' view show (the stewards' view adds the
    initiatives' lines)."""
    years = indicator_years()
    if not years:
        return {"years": [], "stewards": stewards}
    year = _year(request, years)
    publication = _stored(year)
    if publication is None:
        return {"years": years, "year": year, "stewards": stewards, "preparing": True}
    places = public_places(publication)
    form = IndicatorFilterForm(request.GET or None, years=years, places=places)
    period, place = YEAR, (TERRITORY, "")
    if form.is_bound and form.is_valid():
        period, place = int(form.cleaned_data["period"]), form.cleaned_data["place"]
    elif not form.is_bound:
        form = IndicatorFilterForm(
            initial={"year": year, "period": "0", "place": TERRITORY}, years=years, places=places
        )
    if place not in publication.places:
        place = (TERRITORY, "")
    language = translation.get_language() or settings.LANGUAGE_CODE
    columns = place_indicators(publication)
    threshold = publication.threshold
    by_domain = lines_by_facet(
        publication, "confirmations", "domain", place, period, language=language
    )
    communes = [p for p in places if p.level == COMMUNE]
    by_commune = lines_by_place(publication, columns[:1], period, places=communes)
    place_name = place_label(publication.places[place])
    context: dict[str, Any] = {
        "years": years,
        "stewards": stewards,
        "method_url": reverse("community:open_data") + "#method",
        "form": form,
        "publication": publication,
        "year": year,
        "period": period,
        "period_label": _period_label(period),
        "place": publication.places[place],
        "place_name": place_name,
        "threshold": threshold,
        "key_figures": key_figures(publication, place, period),
        "columns": columns,
        "by_place": lines_by_place(publication, columns, period, places=places),
        "by_quarter": lines_by_quarter(publication, columns, place),
        "by_domain": by_domain,
        "by_level": lines_by_facet(
            publication, "confirmations", "level", place, period, language=language
        ),
        "by_kind": lines_by_facet(
            publication, "initiatives", "kind", place, period, language=language
        ),
        "by_issuer": lines_by_facet(
            publication, "badges", "issuer", (TERRITORY, ""), period, language=language
        ),
        "domain_chart": bar_chart(
            lines=by_domain,
            threshold=threshold,
            title=_("Competences confirmed by domain – %(place)s, %(period)s %(year)s")
            % {"place": place_name, "period": _period_label(period), "year": year},
            description=_(
                "One bar per domain of the framework; the table below gives the same figures."
            ),
            id_prefix="domain-chart",
        )
        if by_domain
        else None,
        "commune_chart": bar_chart(
            lines=by_commune,
            threshold=threshold,
            title=_("Active volunteers by town – %(period)s %(year)s")
            % {"period": _period_label(period), "year": year},
            description=_("One bar per town; the table below gives the same figures."),
            id_prefix="commune-chart",
        )
        if by_commune
        else None,
    }
    if stewards:
        context["by_initiative"] = lines_by_place(
            publication, columns, period, places=initiative_places(publication)
        )
    return context


@require_safe
def indicator_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "community/indicators/page.html", indicator_context(request, stewards=False)
    )


@login_required
@require_safe
def indicator_stewards(request: HttpRequest) -> HttpResponse:
    """The same figures, plus each initiative's line (protected the same way)."""
    if not request.user.can_curate_framework:  # type: ignore[union-attr]
        raise PermissionDenied
    return render(
        request, "community/indicators/page.html", indicator_context(request, stewards=True)
    )


# --- Open data ---------------------------------------------------------------------------


class FiguresPreparing(Exception):
    """Some of the figures asked for are not computed yet (their computation is queued)."""


def publications_asked(raw_year: str) -> list[Publication]:
    """Every year's stored figures, or the one of ``?year=`` (404 for a year without data);
    ``FiguresPreparing`` when one of them is not computed yet (a file never has a hole)."""
    years = indicator_years()
    if raw_year:
        if not raw_year.isdigit() or int(raw_year) not in years:
            raise Http404
        years = [int(raw_year)]
    publications = [_stored(year) for year in sorted(years)]
    ready = [publication for publication in publications if publication is not None]
    if len(ready) != len(publications):
        raise FiguresPreparing
    return ready


def figures_preparing_response() -> HttpResponse:
    """503 with ``Retry-After``: the figures are being computed (docs/indicators.md)."""
    return HttpResponse(
        _("The figures are being prepared: try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
        headers={
            **OPEN_DATA_HEADERS,
            "Cache-Control": "private, no-store",
            "Retry-After": str(RETRY_AFTER_SECONDS),
        },
    )


def _publications(request: HttpRequest) -> list[Publication]:
    return publications_asked(request.GET.get("year", ""))


def _schema_path() -> str:
    return absolute_url(reverse("community:indicators_csv"))


def _indicators() -> list[Any]:
    return [source.indicator for source in indicator_sources()]


@require_safe
def indicators_csv(request: HttpRequest) -> HttpResponse:
    try:
        rows = opendata.open_data_rows(_publications(request))
    except FiguresPreparing:
        return figures_preparing_response()
    return HttpResponse(
        opendata.open_data_csv(rows),
        content_type="text/csv; charset=utf-8",
        headers={
            **OPEN_DATA_HEADERS,
            "Content-Disposition": 'inline; filename="indicateurs-territoriaux.csv"',
        },
    )


@require_safe
def indicators_json(request: HttpRequest) -> HttpResponse:
    try:
        rows = opendata.open_data_rows(_publications(request))
    except FiguresPreparing:
        return figures_preparing_response()
    return HttpResponse(
        json.dumps(rows, ensure_ascii=False),
        content_type="application/json",
        headers=OPEN_DATA_HEADERS,
    )


@require_safe
def indicators_schema(request: HttpRequest) -> HttpResponse:
    schema = opendata.table_schema(_indicators(), path=_schema_path())
    return HttpResponse(
        json.dumps(schema, ensure_ascii=False, indent=2),
        content_type="application/json",
        headers=OPEN_DATA_HEADERS,
    )


# --- What an initiative brings -----------------------------------------------------------


@require_safe
def initiative_impact(request: HttpRequest, slug: str) -> HttpResponse:
    """For the initiative's leaders and the stewards; for anyone when the leaders allow it."""
    initiative = initiative_get(slug=slug)
    if initiative is None:
        raise Http404
    user = request.user
    may_see = (
        initiative.impact_public
        or user_leads_initiative(user=user, initiative_id=initiative.pk)
        or (user.is_authenticated and user.can_curate_framework)
    )
    if not may_see:
        raise Http404
    years = indicator_years()
    context: dict[str, Any] = {"initiative": initiative, "years": years}
    publication = _stored(_year(request, years)) if years else None
    if years and publication is None:
        context.update({"year": _year(request, years), "preparing": True})
    elif publication is not None:
        year = publication.year
        place = (INITIATIVE, str(initiative.pk))
        language = translation.get_language() or settings.LANGUAGE_CODE
        columns = [
            item
            for item in place_indicators(publication)
            if item.key in ("volunteers", "newcomers", "hours", "contributions", "confirmations")
        ]
        by_domain = lines_by_facet(
            publication, "confirmations", "domain", place, YEAR, language=language
        )
        issuer = next(
            (
                facet
                for facet, labels in publication.facet_labels.items()
                if facet.startswith("issuer:") and labels.get("initiative") == str(initiative.pk)
            ),
            None,
        )
        context.update(
            {
                "year": year,
                "publication": publication,
                "threshold": publication.threshold,
                "placed": place in publication.places,
                "columns": columns,
                "by_quarter": lines_by_quarter(publication, columns, place),
                "by_domain": by_domain,
                "domain_quarters": [
                    (
                        _period_label(period),
                        lines_by_facet(
                            publication, "confirmations", "domain", place, period, language=language
                        ),
                    )
                    for period in (1, 2, 3, 4)
                ],
                "badges": shown(publication.figure("badges", TERRITORY, "", YEAR, issuer))
                if issuer
                else None,
                "domain_chart": bar_chart(
                    lines=by_domain,
                    threshold=publication.threshold,
                    title=_("Competences confirmed by domain – %(name)s, %(year)s")
                    % {"name": initiative.name, "year": year},
                    description=chart_domain_description(),
                    id_prefix="impact-chart",
                )
                if by_domain
                else None,
                "is_leader": user_leads_initiative(user=user, initiative_id=initiative.pk),
            }
        )
    return render(request, "community/indicators/impact.html", context)


# --- The datasets' description (DCAT) --------------------------------------------------------

FREQUENCY_QUARTERLY = "http://publications.europa.eu/resource/authority/frequency/QUARTERLY"
FREQUENCY_CONTINUOUS = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


def _distribution(url_name: str, media_type: str, title: str, **extra: Any) -> dict[str, Any]:
    url = absolute_url(reverse(url_name))
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": {"@value": title, "@language": "fr"},
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": MEDIA_TYPES + media_type},
        "dct:license": {"@id": opendata.LICENCE_URL},
        **extra,
    }


def open_data_catalog_document() -> dict[str, Any]:
    """The catalogue of the datasets, in DCAT-AP (JSON-LD), for open-data portals."""
    page = absolute_url(reverse("community:open_data"))
    publisher = {"@type": "foaf:Agent", "foaf:name": settings.TERRITORY_NAME}
    schema = {"@id": absolute_url(reverse("community:indicators_schema"))}
    years = indicator_years()
    indicators = {
        "@id": page + "#indicators",
        "@type": "dcat:Dataset",
        "dct:identifier": "indicateurs-territoriaux",
        "dct:title": {
            "@value": "Indicateurs territoriaux des initiatives collaboratives",
            "@language": "fr",
        },
        "dct:description": {
            "@value": "Bénévoles actifs, nouveaux venus, heures, contributions, compétences "
            "confirmées par domaine et niveau, badges délivrés par émetteur, initiatives par "
            "type et portfolios partagés, par trimestre et par année, pour le territoire, ses "
            "intercommunalités et ses communes. Les petits effectifs sont protégés.",
            "@language": "fr",
        },
        "dcat:keyword": ["économie collaborative", "bénévolat", "compétences", "tiers-lieux"],
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"},
        "dct:publisher": publisher,
        "dct:license": {"@id": opendata.LICENCE_URL},
        "dct:accrualPeriodicity": {"@id": FREQUENCY_QUARTERLY},
        "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": settings.TERRITORY_NAME},
        "dcat:landingPage": {"@id": absolute_url(reverse("community:indicators"))},
        "dct:conformsTo": schema,
        "dcat:distribution": [
            _distribution(
                "community:indicators_csv",
                "text/csv",
                "Indicateurs (CSV)",
                **{"dct:conformsTo": schema},
            ),
            _distribution(
                "community:indicators_json",
                "application/json",
                "Indicateurs (JSON)",
                **{"dct:conformsTo": schema},
            ),
            _distribution(
                "community:indicators_schema",
                "application/json",
                "Schéma des indicateurs (Table Schema)",
            ),
        ],
    }
    if years:
        indicators["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": f"{years[-1]}-01-01", "@type": "xsd:date"},
            "dcat:endDate": {"@value": f"{years[0]}-12-31", "@type": "xsd:date"},
        }
    initiatives = {
        "@id": page + "#initiatives",
        "@type": "dcat:Dataset",
        "dct:identifier": "initiatives-collaboratives",
        "dct:title": {"@value": "Initiatives collaboratives du territoire", "@language": "fr"},
        "dct:description": {
            "@value": "Les initiatives inscrites à l’annuaire public, avec leur position, leur "
            "type, leurs horaires et si elles accueillent sans prérequis (GeoJSON, RFC 7946).",
            "@language": "fr",
        },
        "dcat:keyword": ["économie collaborative", "annuaire", "carte"],
        "dct:publisher": publisher,
        "dct:license": {"@id": opendata.LICENCE_URL},
        "dct:accrualPeriodicity": {"@id": FREQUENCY_CONTINUOUS},
        "dcat:landingPage": {"@id": absolute_url(reverse("community:directory"))},
        "dcat:distribution": [
            _distribution(
                "community:initiatives_geojson",
                "application/geo+json",
                "Initiatives (GeoJSON)",
                **{"dct:conformsTo": {"@id": "https://www.rfc-editor.org/rfc/rfc7946"}},
            )
        ],
    }
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute_url(reverse("community:open_data_catalog")),
        "@type": "dcat:Catalog",
        "dct:title": {"@value": f"Données ouvertes – {settings.TERRITORY_NAME}", "@language": "fr"},
        "dct:description": {
            "@value": "Les données ouvertes de Jalons : ce que les initiatives collaboratives "
            "apportent au territoire, et où elles sont.",
            "@language": "fr",
        },
        "dct:publisher": publisher,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "foaf:homepage": {"@id": page},
        "dcat:dataset": [indicators, initiatives],
    }


@require_safe
def open_data_catalog(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(open_data_catalog_document(), ensure_ascii=False, indent=2),
        content_type="application/ld+json",
        headers=OPEN_DATA_HEADERS,
    )


@require_safe
def open_data_page(request: HttpRequest) -> HttpResponse:
    """The datasets, their files and licence, and how the figures are protected."""
    return render(
        request,
        "community/indicators/open_data.html",
        {
            "threshold": settings.INDICATORS_MIN_COUNT,
            "indicators": _indicators(),
            "licence_url": opendata.LICENCE_URL,
        },
    )
