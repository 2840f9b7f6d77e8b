"""From facts to the published figures of one year: cells, relations, protection.

Pure: receives the places and the facts read by the sources (``community.selectors.
indicators``) and returns a ``Publication``, the one structure that the page, the stewards'
view, the CSV and JSON files, the API, the initiatives' impact pages and the annual report
all read (so that they always show the same numbers, protected the same way).

Places form a tree: the territory, its intercommunalities (EPCI), their communes, each
commune's initiatives; initiatives without a place hang from "not placed". Periods: the
year (``0``) and its quarters (``1`` to ``4``). Breakdowns: ``""`` (the total) and
``family:value`` (``domain:3``, ``level:2``, ``issuer:7``, ``kind:fablab``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from community.indicators.registry import Fact, Indicator
from community.indicators.suppression import Cell, Protection, Relation, Status, protect

TERRITORY = "territory"
EPCI = "epci"
COMMUNE = "commune"
UNPLACED = "unplaced"
INITIATIVE = "initiative"
# The levels anyone sees; initiatives' cells are for their impact page and the stewards.
PUBLIC_LEVELS = (TERRITORY, EPCI, COMMUNE, UNPLACED)
YEAR = 0
QUARTERS = (1, 2, 3, 4)
PERIODS = (YEAR, *QUARTERS)

PlaceKey = tuple[str, str]
CellKey = tuple[str, str, str, int, str]  # indicator, level, code, period, breakdown


@dataclass(frozen=True)
class Place:
    level: str
    code: str
    name: str
    population: int | None = None
    parent: PlaceKey | None = None
    slug: str = ""  # initiatives
    kind: str = ""  # initiatives
    impact_public: bool = False  # initiatives
    listed: bool = True  # initiatives: in the public directory

    @property
    def key(self) -> PlaceKey:
        return (self.level, self.code)


@dataclass(frozen=True)
class InitiativePlace:
    """An initiative as the indicators need it (``commune``: INSEE code or None)."""

    id: int
    name: str
    slug: str
    kind: str
    commune: str | None
    impact_public: bool
    listed: bool = True


@dataclass(frozen=True)
class CommunePlace:
    code: str
    name: str
    epci_code: str
    epci_name: str
    population: int | None


@dataclass(frozen=True)
class Figure:
    """One published cell: ``value`` is None unless ``status`` is published."""

    indicator: str
    level: str
    code: str
    period: int
    breakdown: str
    value: int | Decimal | None
    status: Status
    rate: Decimal | None = None  # per 1,000 inhabitants

    @property
    def key(self) -> CellKey:
        return (self.indicator, self.level, self.code, self.period, self.breakdown)


@dataclass(frozen=True)
class Publication:
    """Every figure of one year, protected."""

    year: int
    threshold: int
    indicators: tuple[Indicator, ...]
    places: Mapping[PlaceKey, Place]
    facet_labels: Mapping[str, Mapping[str, str]]
    figures: Mapping[CellKey, Figure]
    protections: Mapping[str, Protection] = field(default_factory=dict)

    def figure(
        self, indicator: str, level: str, code: str, period: int, breakdown: str = ""
    ) -> Figure | None:
        return self.figures.get((indicator, level, code, period, breakdown))

    def breakdowns(self, indicator: str) -> list[str]:
        seen = {key[4] for key in self.figures if key[0] == indicator and key[4]}
        return sorted(seen, key=_breakdown_order)

    def children(self, place: PlaceKey) -> list[Place]:
        return sorted((p for p in self.places.values() if p.parent == place), key=lambda p: p.name)

    def public_figures(self) -> list[Figure]:
        """What anyone may read: every level but initiatives."""
        return [figure for figure in self.figures.values() if figure.level in PUBLIC_LEVELS]


def _breakdown_order(breakdown: str) -> tuple[str, int, str]:
    family, _, value = breakdown.partition(":")
    return (family, int(value) if value.isdigit() else 0, value)


def place_tree(
    *,
    initiatives: Sequence[InitiativePlace],
    communes: Mapping[str, CommunePlace],
    epci_population: Mapping[str, int | None],
    territory_name: str,
) -> dict[PlaceKey, Place]:
    """The places of the indicators: only communes (and their EPCI) that have an initiative."""
    territory = Place(TERRITORY, "", territory_name, parent=None)
    places: dict[PlaceKey, Place] = {territory.key: territory}
    for initiative in initiatives:
        commune = communes.get(initiative.commune or "")
        if commune is None:
            parent: PlaceKey = (UNPLACED, "")
            places.setdefault(parent, Place(UNPLACED, "", "", parent=territory.key))
        else:
            parent = (COMMUNE, commune.code)
            if commune.epci_code:
                epci_key = (EPCI, commune.epci_code)
                places.setdefault(
                    epci_key,
                    Place(
                        EPCI,
                        commune.epci_code,
                        commune.epci_name,
                        population=epci_population.get(commune.epci_code),
                        parent=territory.key,
                    ),
                )
            places.setdefault(
                parent,
                Place(
                    COMMUNE,
                    commune.code,
                    commune.name,
                    population=commune.population,
                    parent=(EPCI, commune.epci_code) if commune.epci_code else territory.key,
                ),
            )
        places[(INITIATIVE, str(initiative.id))] = Place(
            INITIATIVE,
            str(initiative.id),
            initiative.name,
            parent=parent,
            slug=initiative.slug,
            kind=initiative.kind,
            impact_public=initiative.impact_public,
            listed=initiative.listed,
        )
    # The territory's population: its EPCIs' and its communes outside any EPCI, when all known.
    tops = [place for place in places.values() if place.parent == territory.key]
    populations = [place.population for place in tops if place.level != UNPLACED]
    if populations and all(population is not None for population in populations):
        places[territory.key] = Place(
            TERRITORY, "", territory_name, population=sum(p or 0 for p in populations)
        )
    return places


def _chain(places: Mapping[PlaceKey, Place], start: PlaceKey) -> list[PlaceKey]:
    chain = [start]
    while (parent := places[chain[-1]].parent) is not None:
        chain.append(parent)
    return chain


def _per_initiative(indicator: Indicator, breakdown: str) -> bool:
    """Whether an initiative has a cell for this breakdown (the total always)."""
    families = indicator.initiative_families
    return not breakdown or families is None or breakdown.partition(":")[0] in families


def indicator_cells(
    indicator: Indicator, facts: Iterable[Fact], places: Mapping[PlaceKey, Place]
) -> tuple[list[Cell], list[Relation]]:
    """The cells of one indicator for one year (every place, period and breakdown, zeros
    included) and the relations a reader can write between them."""
    # First per initiative, quarter and breakdown (one step per fact), then added up along
    # each initiative's chain of places and into the year (a few steps per such row).
    Base = tuple[int | None, int, str]  # initiative, quarter, breakdown
    base_sums: dict[Base, int | Decimal] = defaultdict(int)
    base_people: dict[Base, set[int]] = defaultdict(set)
    breakdowns = {""}
    for fact in facts:
        breakdowns.update(fact.facets)
        for breakdown in ("", *fact.facets):
            base = (fact.initiative_id, fact.quarter, breakdown)
            base_sums[base] += fact.value
            if fact.person_id is not None:
                base_people[base].add(fact.person_id)
    sums: dict[CellKey, int | Decimal] = defaultdict(int)
    people: dict[CellKey, set[int]] = defaultdict(set)
    chains: dict[int | None, list[PlaceKey]] = {}
    geos = list(places) if indicator.by_place else [(TERRITORY, "")]
    for (initiative_id, quarter, breakdown), value in base_sums.items():
        if initiative_id not in chains:
            start = (INITIATIVE, str(initiative_id))
            chains[initiative_id] = (
                _chain(places, start)
                if indicator.by_place and start in places
                else [(TERRITORY, "")]
            )
        who = base_people.get((initiative_id, quarter, breakdown))
        periods = [quarter] if indicator.stock and quarter != 4 else [quarter, YEAR]
        for level, code in chains[initiative_id]:
            if level == INITIATIVE and not _per_initiative(indicator, breakdown):
                continue
            for period in periods:
                key = (indicator.key, level, code, period, breakdown)
                sums[key] += value
                if who:
                    people[key].update(who)
    cells: list[Cell] = []
    for level, code in geos:
        for period in PERIODS:
            for breakdown in sorted(breakdowns, key=_breakdown_order):
                if level == INITIATIVE and not _per_initiative(indicator, breakdown):
                    continue  # no cell: the relations that need it are left out (protect)
                key = (indicator.key, level, code, period, breakdown)
                persons = len(people.get(key, ()))
                value = persons if indicator.counts_people else sums.get(key, 0)
                cells.append(
                    Cell(
                        key=key,
                        value=value,
                        persons=persons if indicator.about_people else None,
                        bounded=indicator.counts_people,
                    )
                )
    children_of: dict[PlaceKey, list[PlaceKey]] = defaultdict(list)
    for place in places.values():
        if place.parent is not None:
            children_of[place.parent].append(place.key)
    relations: list[Relation] = []
    for level, code in geos:
        children = children_of.get((level, code), [])
        for period in PERIODS:
            for breakdown in breakdowns:
                if children and indicator.by_place:
                    relations.append(
                        Relation(
                            total=(indicator.key, level, code, period, breakdown),
                            parts=tuple(
                                (indicator.key, c_level, c_code, period, breakdown)
                                for c_level, c_code in children
                            ),
                        )
                    )
        for breakdown in breakdowns:
            if not indicator.stock:
                relations.append(
                    Relation(
                        total=(indicator.key, level, code, YEAR, breakdown),
                        parts=tuple((indicator.key, level, code, q, breakdown) for q in QUARTERS),
                    )
                )
        for family in indicator.families:
            members = tuple(b for b in breakdowns if b.partition(":")[0] == family)
            if not members:
                continue
            for period in PERIODS:
                relations.append(
                    Relation(
                        total=(indicator.key, level, code, period, ""),
                        parts=tuple((indicator.key, level, code, period, b) for b in members),
                    )
                )
    return cells, relations


def rate_per_thousand(value: int | Decimal, population: int | None) -> Decimal | None:
    if not population:
        return None
    rate = Decimal(value) * 1000 / Decimal(population)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def publication_build(
    *,
    year: int,
    threshold: int,
    sources: Sequence[tuple[Indicator, Sequence[Fact]]],
    places: Mapping[PlaceKey, Place],
    facet_labels: Mapping[str, Mapping[str, str]],
) -> Publication:
    """Cells, relations and protection of every indicator; the figures as shown."""
    figures: dict[CellKey, Figure] = {}
    protections: dict[str, Protection] = {}
    for indicator, facts in sources:
        cells, relations = indicator_cells(indicator, facts, places)
        protection = protect(cells, relations, threshold=threshold)
        protections[indicator.key] = replace(protection, status={})  # kept in figures
        for cell in cells:
            key = cast(CellKey, cell.key)
            status = protection.status[key]
            published = status == Status.PUBLISHED
            level, code = key[1], key[2]
            rate = (
                rate_per_thousand(cell.value, places[(level, code)].population)
                if published and indicator.with_rate
                else None
            )
            figure = Figure(
                *key,
                value=cell.value if published else None,
                status=status,
                rate=rate,
            )
            figures[figure.key] = figure
    return Publication(
        year=year,
        threshold=threshold,
        indicators=tuple(indicator for indicator, _ in sources),
        places=dict(places),
        facet_labels=dict(facet_labels),
        figures=figures,
        protections=protections,
    )
