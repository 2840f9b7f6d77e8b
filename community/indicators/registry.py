"""The indicators, and the sources that other apps add to them.

Community computes the indicators of what it holds (contributions, confirmations,
initiatives). Badges and portfolios come after community in the apps' order, so they add
theirs ("badges issued per issuer", "portfolios shared with advisors") with
``indicator_source_register`` in their ``AppConfig.ready``; community never imports them.

A source gives *facts* for one year: the finest rows (a quarter, an initiative or none, the
breakdowns the row belongs to, the person it is about, a number), read with one aggregate
query whatever the data size. ``community.indicators.tables`` adds them up into cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class Fact:
    """One aggregate row of a source. ``facets``: the breakdowns it belongs to, each
    ``family:value`` (``domain:3``, ``level:2``, ``issuer:7``); the total always counts it."""

    quarter: int  # 1 to 4
    initiative_id: int | None
    person_id: int | None
    value: int | Decimal
    facets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """What an indicator is and how its cells are protected.

    - ``by_place``: given per commune and intercommunality (else for the territory only);
    - ``about_people``: each cell is protected by the number of people behind it;
    - ``counts_people``: the value is the number of distinct people (active volunteers);
    - ``stock``: a number at the end of each period (initiatives), not a sum over it;
    - ``families``: its breakdowns (``domain``, ``level``, ``issuer``, ``kind``), each adding
      up to the total;
    - ``initiative_families``: those of its breakdowns that are also computed for each
      initiative (its impact page, the stewards' view); ``None``: all of them. A breakdown no
      page shows is left out: fewer cells to protect, and nothing more to hide.
    """

    key: str
    label: str | Promise
    description_fr: str
    unit: str  # "people", "count", "hours", "initiatives"
    by_place: bool
    about_people: bool = True
    counts_people: bool = False
    stock: bool = False
    with_rate: bool = False
    families: tuple[str, ...] = ()
    initiative_families: tuple[str, ...] | None = None
    order: int = 100
    open_data_code: str = ""  # its code in the open data (French), e.g. "benevoles_actifs"


FactReader = Callable[[int], Sequence[Fact]]
FacetLabels = Callable[[Sequence[str]], dict[str, dict[str, str]]]


@dataclass(frozen=True)
class IndicatorSource:
    """An indicator and how to read its facts for a year (``read(year)``); ``facet_labels``
    names its breakdown values (``{"issuer:7": {"fr": "…", "en": "…"}}``)."""

    indicator: Indicator
    read: FactReader
    facet_labels: FacetLabels | None = None


_sources: dict[str, IndicatorSource] = {}


def indicator_source_register(source: IndicatorSource) -> None:
    """Add (or replace, by key) a source of indicators."""
    _sources[source.indicator.key] = source


def indicator_sources() -> list[IndicatorSource]:
    return sorted(_sources.values(), key=lambda source: source.indicator.order)
