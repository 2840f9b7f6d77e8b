"""Territorial indicators: equal to counts made independently from the rows, a constant
number of queries, and no public page, file or API answer that gives back a small count
(docs/indicators.md)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from community.indicators.suppression import Status
from community.models import Contribution, ContributionStatus, Endorsement
from community.selectors.indicators import indicator_publication, publication_compute
from tests.community.indicator_adversary import (
    Equation,
    computable_cells,
    equations_from_rows,
    simple_differences,
)
from tests.community.indicator_data import CHENOVE, COMMUNES, EPCI, YEAR, territory_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(default_framework):
    return territory_activity(version=default_framework)


def _quarter(day) -> int:
    return (day.month - 1) // 3 + 1


def _independent_counts():
    """The same figures, counted in Python from the rows one by one."""
    people: defaultdict[tuple, set[int]] = defaultdict(set)
    hours: defaultdict[tuple, Decimal] = defaultdict(Decimal)
    contributions: defaultdict[tuple, int] = defaultdict(int)
    for contribution in Contribution.objects.select_related("initiative__place"):
        if contribution.status != ContributionStatus.RECORDED or contribution.initiative is None:
            continue
        if contribution.started_on.year != YEAR:
            continue
        place = contribution.initiative.place
        geos = [("territory", "")]
        geos.append(("commune", place.code) if place else ("unplaced", ""))
        if place:
            geos.append(("epci", place.epci_code))
        geos.append(("initiative", str(contribution.initiative_id)))
        for geo in geos:
            for period in (0, _quarter(contribution.started_on)):
                people[(*geo, period)].add(contribution.owner_id)
                contributions[(*geo, period)] += 1
                hours[(*geo, period)] += contribution.hours or 0
    confirmations: defaultdict[tuple, int] = defaultdict(int)
    for endorsement in Endorsement.objects.select_related(
        "claim__contribution__initiative__place", "claim__competence"
    ):
        contribution = endorsement.claim.contribution
        if endorsement.endorser_id == contribution.owner_id or contribution.initiative is None:
            continue
        place = contribution.initiative.place
        geo = ("commune", place.code) if place else ("unplaced", "")
        period = _quarter(endorsement.created_at)
        domain = f"domain:{endorsement.claim.competence.domain_id}"
        for key in [(*geo, p, b) for p in (0, period) for b in ("", domain)]:
            confirmations[key] += 1
    return people, hours, contributions, confirmations


def test_indicators_equal_counts_made_independently_from_the_rows(territory):
    publication = publication_compute(YEAR)
    people, hours, contributions, confirmations = _independent_counts()
    checked = 0
    for key, owners in people.items():
        level, code, period = key
        for indicator, expected, persons in (
            ("volunteers", len(owners), len(owners)),
            ("contributions", contributions[key], len(owners)),
            ("hours", hours[key], len(owners)),
        ):
            figure = publication.figure(indicator, level, code, period)
            assert figure is not None, (indicator, key)
            if persons < 5:
                assert figure.status == Status.SMALL and figure.value is None
            elif figure.status == Status.PUBLISHED:
                assert figure.value == expected, (indicator, key)
                checked += 1
            else:
                assert figure.status == Status.HIDDEN
    for (level, code, period, breakdown), expected in confirmations.items():
        figure = publication.figure("confirmations", level, code, period, breakdown)
        if figure.status == Status.PUBLISHED:
            assert figure.value == expected
            checked += 1
    assert checked > 30  # most figures are published and were compared
    # Chenôve: three people, one initiative.
    chenove = publication.figure("volunteers", "commune", CHENOVE, 0)
    assert chenove.status == Status.SMALL
    assert len(people[("commune", CHENOVE, 0)]) == 3


def test_newcomers_are_counted_in_the_quarter_of_their_very_first_contribution(territory):
    publication = publication_compute(YEAR)
    firsts: dict[int, date] = {}
    for contribution in Contribution.objects.filter(
        status=ContributionStatus.RECORDED, initiative__isnull=False
    ).order_by("started_on"):
        firsts.setdefault(contribution.owner_id, contribution.started_on)
    by_quarter: defaultdict[int, int] = defaultdict(int)
    for first in firsts.values():
        by_quarter[_quarter(first)] += 1
    for quarter in (1, 2, 3, 4):
        figure = publication.figure("newcomers", "territory", "", quarter)
        if figure.status == Status.PUBLISHED:
            assert figure.value == by_quarter[quarter]
    year = publication.figure("newcomers", "territory", "", 0)
    assert year.value == len(firsts)  # everybody started this year


def test_the_indicators_take_the_same_number_of_queries_with_ten_times_the_data(
    default_framework, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    territory_activity(version=default_framework, seed=1)
    with CaptureQueriesContext(connection) as small:
        publication_compute(YEAR)
    territory_activity(version=default_framework, seed=2, scale=10)
    with CaptureQueriesContext(connection) as large:
        big = publication_compute(YEAR)
    assert len(large) == len(small) <= 12
    assert big.figure("volunteers", "territory", "", 0).value > 400


def _public_rows(client):
    return json.loads(client.get(reverse("community:indicators_json")).content)


def _adversary_rows(rows, publication):
    """The open-data rows in the adversary's terms, plus the public impact pages' figures
    (an initiative's figures are public when its leaders allow it)."""
    levels = {
        "territoire": "territory",
        "epci": "epci",
        "commune": "commune",
        "non_localise": "unplaced",
    }
    out = [
        {
            "indicator": row["indicateur"],
            "level": levels[row["niveau_geo"]],
            "code": row["code_geo"],
            "period": row["trimestre"] or 0,
            "breakdown": row["ventilation"],
            "value": row["valeur"],
        }
        for row in rows
    ]
    return out


def _initiative_equations(publication, rows):
    """commune = sum of its initiatives, the impact pages' figures being public."""
    codes = {item.key: item.open_data_code for item in publication.indicators}
    extra_rows, equations = [], []
    for figure in publication.figures.values():
        if figure.level != "initiative" or figure.breakdown:
            continue
        place = publication.places[("initiative", figure.code)]
        value = figure.value if place.impact_public else None
        extra_rows.append(
            {
                "indicator": codes[figure.indicator],
                "level": "initiative",
                "code": figure.code,
                "period": figure.period,
                "breakdown": "",
                "value": value,
            }
        )
    for place in publication.places.values():
        if place.level in ("commune", "unplaced"):
            children = [p.code for p in publication.places.values() if p.parent == place.key]
            for indicator in {row["indicator"] for row in extra_rows}:
                for period in range(5):
                    equations.append(
                        Equation(
                            (indicator, place.level, place.code, period, ""),
                            tuple((indicator, "initiative", c, period, "") for c in children),
                        )
                    )
    return extra_rows, equations


def test_no_public_file_lets_anyone_compute_the_three_volunteers_of_chenove(client, territory):
    rows = _public_rows(client)
    publication = indicator_publication(YEAR)
    adversary_rows = _adversary_rows(rows, publication)
    chenove = [
        row
        for row in adversary_rows
        if row["code"] == CHENOVE
        and row["indicator"] == "benevoles_actifs"
        and row["breakdown"] == ""
    ]
    assert len(chenove) == 5 and all(row["value"] is None for row in chenove)
    commune_epci = {code: EPCI[0] for code in COMMUNES}
    equations = equations_from_rows(adversary_rows, commune_epci=commune_epci)
    extra_rows, extra_equations = _initiative_equations(publication, rows)
    everything = adversary_rows + extra_rows
    all_equations = equations + extra_equations
    # Totals minus parts, one at a time, then every linear combination of them.
    assert simple_differences(everything, all_equations) == {}
    assert computable_cells(everything, all_equations) == {}
    # The adversary can succeed: were only the small figures hidden (the secondary ones shown
    # with their true value), the difference gives Chenôve's 3 back.
    people = _independent_counts()[0]
    naive = []
    for row in adversary_rows:
        if row["indicator"] != "benevoles_actifs" or row["breakdown"]:
            continue
        key = (row["level"], row["code"], row["period"])
        figure = publication.figure("volunteers", row["level"], row["code"], row["period"])
        if figure.status == Status.HIDDEN:
            row = {**row, "value": len(people[key])}
        naive.append(row)
    found = simple_differences(naive, equations_from_rows(naive, commune_epci=commune_epci))
    assert found[("benevoles_actifs", "commune", CHENOVE, 0, "")] == 3


def test_the_csv_and_the_page_show_the_same_protected_figures(client, territory, english):
    csv_text = client.get(reverse("community:indicators_csv")).content.decode()
    assert csv_text.startswith("annee,trimestre,niveau_geo,code_geo,nom_geo,indicateur,")
    line = next(
        line
        for line in csv_text.splitlines()
        if f",commune,{CHENOVE}," in line
        and ",benevoles_actifs,," in line
        and line.startswith(f"{YEAR},,")
    )
    assert ",moins_de_seuil," in line
    page = client.get(
        reverse("community:indicators"), {"year": YEAR, "place": f"commune:{CHENOVE}"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-indicator="volunteers">' in html
    cell = re.search(r'data-indicator="volunteers">(.*?)</td>', html, re.S).group(1)
    assert "fewer than 5" in cell and "3" not in cell
