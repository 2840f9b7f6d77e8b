"""Territorial indicators: the facts read from the database and the protected publication.

Each source reads a year with one aggregate query (rows per initiative, person, quarter and
breakdown, never per contribution), so the number of queries stays the same whatever the
data size. ``publication_compute(year)`` adds them up and protects them
(``community.indicators.tables``, ``community.indicators.suppression``): seconds of work,
done by a background task or ``manage.py indicators_publish``
(``community.services.indicators``), which store the result. Every page, file and API
answer reads the stored figures (``indicator_publication(year)``) and never computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Min, QuerySet, Sum
from django.db.models.functions import ExtractQuarter
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from community.indicators.registry import (
    Fact,
    Indicator,
    IndicatorSource,
    indicator_source_register,
    indicator_sources,
)
from community.indicators.stored import publication_from_payload
from community.indicators.tables import (
    CommunePlace,
    InitiativePlace,
    Place,
    PlaceKey,
    Publication,
    place_tree,
    publication_build,
)
from community.models import (
    Commune,
    Contribution,
    ContributionStatus,
    IndicatorPublication,
    Initiative,
)
from community.models.initiatives import InitiativeKind
from community.selectors.endorsements import endorsements_counting
from competences.models import Domain

CACHE_VERSION = 1


def _recorded_in_initiatives() -> QuerySet[Contribution]:
    return Contribution.objects.filter(status=ContributionStatus.RECORDED, initiative__isnull=False)


def _contribution_rows(year: int) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in _recorded_in_initiatives()
        .filter(started_on__year=year)
        .values("initiative_id", "owner_id", quarter=ExtractQuarter("started_on"))
        .annotate(contributions=Count("id"), hours=Sum("hours"))
        .order_by()
    ]


# The contribution rows serve three indicators: read them once per year and computation.
_rows_memo: dict[int, list[dict[str, Any]]] = {}


def _rows(year: int) -> list[dict[str, Any]]:
    if year not in _rows_memo:
        _rows_memo.clear()
        _rows_memo[year] = _contribution_rows(year)
    return _rows_memo[year]


def volunteer_facts(year: int) -> list[Fact]:
    return [
        Fact(
            quarter=int(row["quarter"]),
            initiative_id=row["initiative_id"],
            person_id=row["owner_id"],
            value=1,
        )
        for row in _rows(year)
    ]


def contribution_facts(year: int) -> list[Fact]:
    return [
        Fact(
            quarter=int(row["quarter"]),
            initiative_id=row["initiative_id"],
            person_id=row["owner_id"],
            value=int(row["contributions"]),
        )
        for row in _rows(year)
    ]


def hour_facts(year: int) -> list[Fact]:
    return [
        Fact(
            quarter=int(row["quarter"]),
            initiative_id=row["initiative_id"],
            person_id=row["owner_id"],
            value=row["hours"],
        )
        for row in _rows(year)
        if row["hours"]
    ]


def newcomer_facts(year: int) -> list[Fact]:
    """People whose first recorded contribution ever (in an initiative) started this
    quarter, in each initiative they contributed to that quarter."""
    firsts = dict(
        _recorded_in_initiatives()
        .values("owner_id")
        .annotate(first=Min("started_on"))
        .filter(first__year=year)
        .values_list("owner_id", "first")
        .order_by()
    )
    facts = []
    for row in _rows(year):
        first = firsts.get(row["owner_id"])
        if first is not None and (first.month - 1) // 3 + 1 == row["quarter"]:
            facts.append(
                Fact(
                    quarter=int(row["quarter"]),
                    initiative_id=row["initiative_id"],
                    person_id=row["owner_id"],
                    value=1,
                )
            )
    return facts


def confirmation_facts(year: int) -> list[Fact]:
    """Endorsements that count, given this year, by the competence's domain and the level."""
    rows = (
        endorsements_counting()
        .filter(created_at__year=year, claim__contribution__initiative__isnull=False)
        .values(
            "level",
            place=F("claim__contribution__initiative_id"),
            person=F("claim__contribution__owner_id"),
            domain=F("claim__competence__domain_id"),
            quarter=ExtractQuarter("created_at"),
        )
        .annotate(confirmations=Count("id"))
        .order_by()
    )
    return [
        Fact(
            quarter=int(row["quarter"]),
            initiative_id=row["place"],
            person_id=row["person"],
            value=int(row["confirmations"]),
            facets=(f"domain:{row['domain']}", f"level:{row['level']}"),
        )
        for row in rows
    ]


def confirmation_labels(facets: Sequence[str]) -> dict[str, dict[str, str]]:
    ids = [int(facet.split(":", 1)[1]) for facet in facets if facet.startswith("domain:")]
    labels: dict[str, dict[str, str]] = {}
    for domain in Domain.objects.filter(pk__in=ids).order_by("order", "pk"):
        labels[f"domain:{domain.pk}"] = {
            "fr": domain.title_fr or domain.title_en or domain.code,
            "en": domain.title_en or domain.title_fr or domain.code,
            "code": domain.code,
        }
    return labels


def initiative_facts(year: int) -> list[Fact]:
    """Initiatives existing at the end of each quarter, by kind (not about people)."""
    facts = []
    for initiative_id, kind, created_at in Initiative.objects.filter(
        created_at__year__lte=year
    ).values_list("id", "kind", "created_at"):
        for quarter in (1, 2, 3, 4):
            if created_at.date() < _quarter_end(year, quarter):
                facts.append(
                    Fact(
                        quarter=quarter,
                        initiative_id=initiative_id,
                        person_id=None,
                        value=1,
                        facets=(f"kind:{kind}",),
                    )
                )
    return facts


def _quarter_end(year: int, quarter: int) -> date:
    return date(year + 1, 1, 1) if quarter == 4 else date(year, quarter * 3 + 1, 1)


def initiative_kind_labels(facets: Sequence[str]) -> dict[str, dict[str, str]]:
    labels = {}
    for facet in facets:
        value = facet.split(":", 1)[1]
        if value in InitiativeKind.values:
            names = {}
            for language in ("fr", "en"):
                with translation.override(language):
                    names[language] = str(InitiativeKind(value).label)
            labels[facet] = names
    return labels


VOLUNTEERS = Indicator(
    key="volunteers",
    open_data_code="benevoles_actifs",
    label=_("Active volunteers"),
    description_fr="Personnes ayant enregistré au moins une contribution commencée pendant "
    "la période, dans une initiative.",
    unit="people",
    by_place=True,
    counts_people=True,
    with_rate=True,
    order=10,
)
NEWCOMERS = Indicator(
    key="newcomers",
    open_data_code="nouveaux_venus",
    label=_("Newcomers"),
    description_fr="Personnes dont la toute première contribution enregistrée a commencé "
    "pendant le trimestre.",
    unit="people",
    by_place=True,
    counts_people=True,
    with_rate=True,
    order=20,
)
HOURS = Indicator(
    key="hours",
    open_data_code="heures",
    label=_("Hours contributed"),
    description_fr="Heures indiquées dans les contributions commencées pendant la période.",
    unit="hours",
    by_place=True,
    with_rate=True,
    order=30,
)
CONTRIBUTIONS = Indicator(
    key="contributions",
    open_data_code="contributions",
    label=_("Contributions"),
    description_fr="Contributions enregistrées commencées pendant la période.",
    unit="count",
    by_place=True,
    with_rate=True,
    order=40,
)
CONFIRMATIONS = Indicator(
    key="confirmations",
    open_data_code="competences_confirmees",
    label=_("Competences confirmed"),
    description_fr="Confirmations de compétences données pendant la période (jamais par la "
    "personne elle-même), par domaine du référentiel et par niveau confirmé.",
    unit="count",
    by_place=True,
    families=("domain", "level"),
    initiative_families=("domain",),  # the impact page shows domains, no page levels
    order=50,
)
INITIATIVES = Indicator(
    key="initiatives",
    open_data_code="initiatives",
    label=_("Initiatives"),
    description_fr="Initiatives inscrites à la fin de la période, par type.",
    unit="initiatives",
    by_place=True,
    about_people=False,
    stock=True,
    families=("kind",),
    order=90,
)


def community_sources_register() -> None:
    """Community's indicators (called from ``CommunityConfig.ready``)."""
    indicator_source_register(IndicatorSource(VOLUNTEERS, volunteer_facts))
    indicator_source_register(IndicatorSource(NEWCOMERS, newcomer_facts))
    indicator_source_register(IndicatorSource(HOURS, hour_facts))
    indicator_source_register(IndicatorSource(CONTRIBUTIONS, contribution_facts))
    indicator_source_register(
        IndicatorSource(CONFIRMATIONS, confirmation_facts, confirmation_labels)
    )
    indicator_source_register(
        IndicatorSource(INITIATIVES, initiative_facts, initiative_kind_labels)
    )


def indicator_places() -> dict[PlaceKey, Place]:
    """Initiatives, their communes and intercommunalities (three queries)."""
    initiatives = [
        InitiativePlace(
            id=row["id"],
            name=row["name"],
            slug=row["slug"],
            kind=row["kind"],
            commune=row["place_id"],
            impact_public=row["impact_public"],
            listed=row["in_directory"],
        )
        for row in Initiative.objects.values(
            "id", "name", "slug", "kind", "place_id", "impact_public", "in_directory"
        ).order_by("name", "pk")
    ]
    codes = {initiative.commune for initiative in initiatives if initiative.commune}
    communes = {
        commune.code: CommunePlace(
            code=commune.code,
            name=commune.name,
            epci_code=commune.epci_code,
            epci_name=commune.epci_name,
            population=commune.population,
        )
        for commune in Commune.objects.filter(code__in=codes).only(
            "code", "name", "epci_code", "epci_name", "population"
        )
    }
    epcis = {commune.epci_code for commune in communes.values() if commune.epci_code}
    epci_population: dict[str, int | None] = {}
    for row in (
        Commune.objects.filter(epci_code__in=epcis)
        .values("epci_code")
        .annotate(people=Sum("population"), unknown=Count("code") - Count("population"))
        .order_by()
    ):
        epci_population[row["epci_code"]] = row["people"] if not row["unknown"] else None
    return place_tree(
        initiatives=initiatives,
        communes=communes,
        epci_population=epci_population,
        territory_name=settings.TERRITORY_NAME,
    )


def indicator_years_read() -> list[int]:
    """The years with a recorded contribution in an initiative, the latest first."""
    bounds = _recorded_in_initiatives().aggregate(first=Min("started_on"), last=Max("started_on"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


def indicator_years() -> list[int]:
    """``indicator_years_read``, cached for ``INDICATORS_CACHE_SECONDS`` (for the pages)."""
    key = f"indicators:{CACHE_VERSION}:years"
    years = cache.get(key)
    if years is None:
        years = indicator_years_read()
        cache.set(key, years, settings.INDICATORS_CACHE_SECONDS)
    return list(years)


def publication_compute(year: int) -> Publication:
    """Read every source for the year and protect the figures (no cache)."""
    _rows_memo.clear()
    places = indicator_places()
    read = []
    labels: dict[str, dict[str, str]] = {}
    for source in indicator_sources():
        facts = source.read(year)
        read.append((source.indicator, facts))
        if source.facet_labels is not None:
            facets = sorted({facet for fact in facts for facet in fact.facets})
            labels.update(source.facet_labels(facets))
    _rows_memo.clear()
    return publication_build(
        year=year,
        threshold=settings.INDICATORS_MIN_COUNT,
        sources=read,
        places=places,
        facet_labels=labels,
    )


# The publications this process read last, with the fingerprint they were stored with: a
# request reads the small fingerprint, and loads the figures only when they changed.
_held: dict[int, tuple[str, Publication]] = {}


def indicator_publication(year: int) -> Publication | None:
    """The stored protected figures of a year (``None``: not computed yet, or with another
    threshold). Never computes: one narrow query, plus one to load figures that changed."""
    fingerprint = (
        IndicatorPublication.objects.filter(
            year=year, payload__isnull=False, threshold=settings.INDICATORS_MIN_COUNT
        )
        .values_list("fingerprint", flat=True)
        .first()
    )
    if fingerprint is None:
        return None
    held = _held.get(year)
    if held is not None and held[0] == fingerprint:
        return held[1]
    payload = (
        IndicatorPublication.objects.filter(year=year, fingerprint=fingerprint)
        .values_list("payload", flat=True)
        .first()
    )
    if payload is None:  # replaced in between: the next request reads the new one
        return held[1] if held is not None else None
    indicators = {source.indicator.key: source.indicator for source in indicator_sources()}
    publication = publication_from_payload(payload, indicators)
    _held[year] = (fingerprint, publication)
    return publication
