"""Reads of the public directory ("Participer près de chez moi"), its map and GeoJSON.

Only initiatives listed by their leaders (``in_directory``) appear. The domains of
competences "one can develop there" are those of the competences confirmed there: the
endorsements that count (``endorsements_counting``) of claims on the initiative's
contributions. Every read here is a constant number of queries whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from community.models import Commune, Initiative
from community.selectors.endorsements import endorsements_counting
from competences.api import Domain


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor chose; empty values filter nothing."""

    commune: str = ""  # INSEE code
    epci: str = ""  # SIREN of the intercommunality
    kind: str = ""
    domain: str = ""  # a domain's code (the same from one framework version to the next)
    newcomers: bool = False
    step_free: bool = False


@dataclass(frozen=True)
class DomainChoice:
    code: str
    title: str


def directory_listed() -> QuerySet[Initiative]:
    """Every initiative in the directory, with its commune."""
    return Initiative.objects.filter(in_directory=True).select_related("place")


def directory_initiatives(*, filters: DirectoryFilters) -> QuerySet[Initiative]:
    """The listed initiatives that match, by name."""
    rows = directory_listed()
    if filters.commune:
        rows = rows.filter(place_id=filters.commune)
    if filters.epci:
        rows = rows.filter(place__epci_code=filters.epci)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.newcomers:
        rows = rows.filter(welcomes_newcomers=True)
    if filters.step_free:
        rows = rows.filter(step_free_access=True)
    if filters.domain:
        confirmed = endorsements_counting().filter(
            claim__contribution__initiative=OuterRef("pk"),
            claim__competence__domain__code=filters.domain,
        )
        rows = rows.filter(Exists(confirmed))
    return rows.order_by("name", "pk")


def directory_points(*, filters: DirectoryFilters) -> QuerySet[Initiative]:
    """The matching initiatives that have a point on the map."""
    return directory_initiatives(filters=filters).filter(
        latitude__isnull=False, longitude__isnull=False
    )


def directory_communes() -> list[Commune]:
    """The communes where listed initiatives are: the commune filter's choices."""
    listed = Initiative.objects.filter(in_directory=True, place_id=OuterRef("pk"))
    return list(Commune.objects.filter(Exists(listed)).order_by("name", "code"))


def directory_epcis(communes: list[Commune]) -> list[tuple[str, str]]:
    """The intercommunalities of these communes, by name (no query)."""
    found = {commune.epci_code: commune.epci_name for commune in communes if commune.epci_code}
    return sorted(found.items(), key=lambda item: (item[1], item[0]))


def directory_domains() -> list[DomainChoice]:
    """The domains of the competences confirmed in listed initiatives, by code; each with
    the title of its newest version (two queries)."""
    codes = set(
        endorsements_counting()
        .filter(claim__contribution__initiative__in_directory=True)
        .values_list("claim__competence__domain__code", flat=True)
        .distinct()
        .order_by()
    )
    if not codes:
        return []
    newest: dict[str, Domain] = {}
    for domain in Domain.objects.filter(code__in=codes).order_by("version_id", "pk"):
        newest[domain.code] = domain
    return [DomainChoice(code=code, title=newest[code].title) for code in sorted(newest)]


def directory_has_points() -> bool:
    return directory_listed().filter(~Q(latitude=None), ~Q(longitude=None)).exists()
