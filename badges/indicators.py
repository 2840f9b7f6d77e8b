"""Badges in the territorial indicators: "badges issued per issuer".

Badges come after community in the apps' order: this module gives community a source of
indicators (``community.api.indicator_source_register``, from ``BadgesConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, F
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext_lazy as _

from badges.models import Award, Issuer
from community.api import Fact, Indicator, IndicatorSource, indicator_source_register

BADGES = Indicator(
    key="badges",
    label=_("Badges issued"),
    description_fr="Badges délivrés pendant la période et non retirés, par émetteur.",
    unit="count",
    by_place=False,
    families=("issuer",),
    order=60,
    open_data_code="badges_delivres",
)


def badge_facts(year: int) -> list[Fact]:
    """Awards issued this year and not revoked, per issuer, recipient and quarter (one query)."""
    rows = (
        Award.objects.filter(issued_at__year=year, revoked_at__isnull=True)
        .values(
            "recipient_id", issuer=F("badge_class__issuer_id"), quarter=ExtractQuarter("issued_at")
        )
        .annotate(awards=Count("id"))
        .order_by()
    )
    return [
        Fact(
            quarter=int(row["quarter"]),
            initiative_id=None,
            person_id=row["recipient_id"],
            value=int(row["awards"]),
            facets=(f"issuer:{row['issuer']}",),
        )
        for row in rows
    ]


def issuer_labels(facets: Sequence[str]) -> dict[str, dict[str, str]]:
    ids = [int(facet.split(":", 1)[1]) for facet in facets if facet.startswith("issuer:")]
    return {
        f"issuer:{issuer.pk}": {
            "fr": issuer.name,
            "en": issuer.name,
            "code": str(issuer.uuid),
            "initiative": str(issuer.initiative_id or ""),
        }
        for issuer in Issuer.objects.filter(pk__in=ids).only("pk", "name", "uuid", "initiative_id")
    }


def badge_indicators_register() -> None:
    indicator_source_register(IndicatorSource(BADGES, badge_facts, issuer_labels))
