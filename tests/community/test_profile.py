"""The volunteer's competence profile: figures per competence, grouped by domain, the SVG
chart and its table, owner only, and a constant number of queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from community.charts import competence_levels_chart
from community.models import ContributionStatus, EndorserKind
from community.selectors.profile import competence_profile
from tests.accounts.factories.users import UserFactory
from tests.community.factories.endorsements import (
    bulk_contributions,
    contribution_with_claims,
    endorse,
    framework_competences,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

PROFILE = reverse("community:competence_profile")


@pytest.fixture
def history(volunteer, leader, fellow, initiative, default_framework):
    """Amina's contributions and what people said of them.

    - "Accueil" (6 h): ORG.1 at 2, ORG.2 at 3. Sophie confirms ORG.1 at 2, Bastien
      says 3; Nora (outside) says 4 for ORG.2.
    - "Atelier" (4 h): ORG.1 at 3, and COOP.1 at 1 that nobody endorsed.
    - A draft claiming ORG.3: it does not count.
    """
    org1, org2, org3 = framework_competences(default_framework, 3)
    coop1 = org1.version.competences.get(code="COOP.1")
    accueil = contribution_with_claims(
        owner=volunteer, initiative=initiative, version=default_framework, title="Accueil"
    )
    first, second = accueil.claims.order_by("competence__order")
    endorse(first, endorser=leader, kind=EndorserKind.LEADER, level=2, initiative=initiative)
    endorse(first, endorser=fellow, kind=EndorserKind.PEER, level=3)
    endorse(second, endorser=UserFactory(display_name="Nora"), kind=EndorserKind.OUTSIDE, level=4)
    atelier = contribution_with_claims(
        owner=volunteer,
        initiative=initiative,
        version=default_framework,
        title="Atelier",
        levels=(3,),
        hours=Decimal("4"),
    )
    atelier.claims.create(competence=coop1, self_level=1)
    draft = contribution_with_claims(
        owner=volunteer,
        version=default_framework,
        title="Brouillon",
        levels=(1, 1, 4),
        status=ContributionStatus.DRAFT,
    )
    endorse(draft.claims.get(competence=org3), endorser=leader, level=4)
    return {"org1": org1, "org2": org2, "org3": org3, "coop1": coop1}


def test_the_figures_per_competence(volunteer, history):
    profile = competence_profile(owner=volunteer)
    assert [group.domain.code for group in profile.domains] == ["ORG", "COOP"]
    standings = {s.competence.code: s for s in profile.competences}
    assert set(standings) == {"ORG.1", "ORG.2", "COOP.1"}  # not ORG.3, only in a draft
    org1, org2, coop1 = standings["ORG.1"], standings["ORG.2"], standings["COOP.1"]
    assert org1.endorsed_level_number == 3
    assert (org1.leader_count, org1.peer_count, org1.outside_count) == (1, 1, 0)
    assert org1.hours == Decimal("10") and org1.contribution_count == 2
    assert org1.self_level_number == 3
    assert org2.endorsed_level_number == 4 and org2.outside_count == 1
    assert org2.hours == Decimal("6") and org2.self_level_number == 3
    assert not coop1.is_endorsed and coop1.endorsement_count == 0
    assert [level.number for level in profile.scale] == [1, 2, 3, 4]
    assert profile.max_level == 4


def test_the_page_shows_the_profile_with_a_chart_and_its_table(volunteer_client, history):
    response = volunteer_client.get(PROFILE)
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, flags=re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="levels-chart-title levels-chart-desc"' in svg
    assert '<title id="levels-chart-title">' in svg and '<desc id="levels-chart-desc">' in svg
    assert "on a scale from 1 to 4" in svg
    # The table comes right after the chart, with the same figures.
    table = html[html.index("</svg>") :]
    assert table.index("<table") < table.index("Details by domain")
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", table, flags=re.S)
    cells = [re.sub(r"<[^>]+>|\s+", " ", row).split() for row in rows]
    assert [cell[:1] for cell in cells] == [["ORG.1"], ["ORG.2"], ["COOP.1"]]
    assert "not confirmed yet" in rows[2]
    # Self-assessed levels apart from confirmed ones, per competence.
    assert "Confirmed level: 3," in html and "My own assessment: 3," in html
    assert "2 endorsements" in html and "leaders: 1, fellow members: 1, outside: 0" in html
    assert "10 h in total" in html


def test_the_bars_follow_the_levels(volunteer, history):
    profile = competence_profile(owner=volunteer)
    svg = competence_levels_chart(standings=profile.competences, max_level=4)
    widths = [
        float(w) for w in re.findall(r'<rect x="8" y="\d+" width="([\d.]+)" height="13"', svg)
    ]
    assert len(widths) == 2  # COOP.1 has no confirmed level: no bar, a text
    assert widths[1] == pytest.approx(widths[0] * 4 / 3)  # levels 3 and 4
    assert "not confirmed yet" in svg


def test_the_chart_numbers_stay_numbers_in_french(volunteer, history):
    """French writes 247,5; SVG needs 247.5, or the browser draws no bar at all."""
    profile = competence_profile(owner=volunteer)
    with translation.override("fr"):
        svg = competence_levels_chart(standings=profile.competences, max_level=4)
    numbers = re.findall(r' (?:x|y|x1|y1|x2|y2|width|height|stroke-width)="([^"]*)"', svg)
    assert "247.5" in numbers  # level 3 of 4 on a 330-unit scale
    assert [n for n in numbers if not re.fullmatch(r"\d+(\.\d+)?", n)] == []
    view_box = re.search(r'viewBox="([^"]*)"', svg)
    assert view_box and re.fullmatch(r"0 0 \d+ \d+", view_box.group(1))


def test_an_empty_profile_says_what_to_do(client, fellow):
    client.force_login(fellow)
    response = client.get(PROFILE)
    assert response.status_code == 200
    assert response.context["chart"] is None
    assert "Record a contribution" in response.content.decode()


@pytest.mark.parametrize("persona", ["fellow", "leader", "other_leader"])
def test_everyone_sees_only_their_own_profile(as_persona, history, persona):
    response = as_persona(persona).get(PROFILE)
    assert response.status_code == 200
    assert response.context["profile"].is_empty


def test_the_profile_needs_an_account(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_profile_uses_a_constant_number_of_queries(
    volunteer_client, volunteer, leader, fellow, initiative, default_framework, count_queries
):
    data = {
        "owner": volunteer,
        "version": default_framework,
        "initiative": initiative,
        "leader": leader,
        "peer": fellow,
        "pending_for_leader": False,
    }
    bulk_contributions(count=1, **data)
    few = count_queries(volunteer_client, PROFILE)
    bulk_contributions(count=200, **data)
    many = count_queries(volunteer_client, PROFILE)
    assert many == few
    profile = volunteer_client.get(PROFILE).context["profile"]
    assert [s.contribution_count for s in profile.competences] == [201, 201, 201]
    assert [s.leader_count + s.peer_count for s in profile.competences] == [402, 402, 402]
