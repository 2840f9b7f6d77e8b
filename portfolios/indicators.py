"""Portfolios in the territorial indicators: "portfolios shared with employment advisors".

Portfolios come after community in the apps' order: this module gives community a source
of indicators (``community.api.indicator_source_register``, from ``PortfoliosConfig.ready``).
"""

from __future__ import annotations

from django.db.models import Count, F
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext_lazy as _

from community.api import Fact, Indicator, IndicatorSource, indicator_source_register
from portfolios.models import ShareLink

SHARES = Indicator(
    key="shares",
    label=_("Portfolios shared with advisors"),
    description_fr="Liens de partage de portfolio créés pendant la période pour une personne "
    "nommée (conseiller ou conseillère emploi, insertion, formation).",
    unit="count",
    by_place=False,
    order=70,
    open_data_code="portfolios_partages",
)


def share_facts(year: int) -> list[Fact]:
    """Share links made this year for a named person, per owner and quarter (one query)."""
    rows = (
        ShareLink.objects.filter(created_at__year=year)
        .exclude(recipient_email="")
        .values(owner=F("portfolio__owner_id"), quarter=ExtractQuarter("created_at"))
        .annotate(shares=Count("id"))
        .order_by()
    )
    return [
        Fact(
            quarter=int(row["quarter"]),
            initiative_id=None,
            person_id=row["owner"],
            value=int(row["shares"]),
        )
        for row in rows
    ]


def share_indicators_register() -> None:
    indicator_source_register(IndicatorSource(SHARES, share_facts))
