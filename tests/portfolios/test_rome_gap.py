"""The ROME 4.0 reading of a portfolio: target jobs and their gap (acceptance 2), the jobs
that ask for what the person has (acceptance 3), who may see them, and the portfolio pages'
"In the words of the ROME 4.0" section."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from community.models import Endorsement, Initiative
from competences.rome import ROME_DIR, ROME_FRAMEWORK
from competences.services.defaults import default_framework_data
from portfolios.models import PortfolioTargetJob
from portfolios.models.portfolios import ShareLink
from portfolios.services.shares import share_link_revoke
from tests.accounts.factories.users import UserFactory
from tests.conftest import login
from tests.portfolios.factories.shares import portfolio_with_competences, share_make

pytestmark = pytest.mark.django_db

SHARED_ROME = Path(settings.BASE_DIR).parent / "shared" / "frameworks" / "rome"
# The shared reference folder when it is there, else the project's copies of the same rows.
APPELLATIONS = (
    SHARED_ROME
    / "original"
    / "france_travail_rome_v460"
    / "unix_referentiel_appellation_v460_utf8.csv"
    if SHARED_ROME.is_dir()
    else ROME_DIR / "rome_v460_appellations.csv"
)
SHEET_SKILLS = (
    SHARED_ROME / "derived" / "rome_v460_fiche_savoir_etre.csv"
    if SHARED_ROME.is_dir()
    else ROME_DIR / "rome_v460_fiche_savoir_etre.csv"
)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def demo(client, default_framework, rome):
    call_command("demo_data", "--quiet-logins")
    share = ShareLink.objects.get()
    return share


def _lines(html: str) -> dict[str, str]:
    """The gap's lines by savoir-être code: the HTML of each."""
    parts = html.split('<li class="rome-gap__line')[1:]
    lines = {}
    for part in parts:
        code = re.search(r'data-skill="([^"]+)"', part).group(1)
        lines[code] = part.split("</li>\n      {% endfor %}")[0]
    return lines


def _expected_for_amina(title_label: str) -> tuple[str, set[str], set[str]]:
    """Computed without Jalons' code: the job sheet and its savoir-être from the ROME files,
    Amina's confirmed competences from the endorsements, the crosswalk from the data file."""
    [sheet] = {
        row["code_rome"]
        for row in _csv(APPELLATIONS)
        if row["libelle_appellation_long"] == title_label
    }
    asked = {row["code_ogr_savoir_etre"] for row in _csv(SHEET_SKILLS) if row["code_rome"] == sheet}
    amina = User.objects.get(email="amina@example.org")
    confirmed = set(
        Endorsement.objects.filter(
            claim__contribution__owner=amina, claim__contribution__status="recorded"
        )
        .exclude(endorser_email__iexact=amina.email)
        .values_list("claim__competence__code", flat=True)
    )
    crosswalk = {
        competence["code"]: {
            a["target_code"]
            for a in competence["alignments"]
            if a["target_framework"] == ROME_FRAMEWORK
        }
        for domain in default_framework_data()["domains"]
        for competence in domain["competences"]
    }
    covered = {code for competence in confirmed for code in crosswalk[competence]} & asked
    return sheet, asked, covered


def test_amina_s_gap_to_agent_d_accueil(client, demo):
    """Acceptance 2: search "agent accueil", choose "Agent / Agente d'accueil"; the gap lists
    exactly the savoir-être of its sheet, marks those her confirmed competences relate to, and
    suggests a demo initiative for a missing one."""
    amina = User.objects.get(email="amina@example.org")
    portfolio = demo.portfolio
    login(client, amina)
    page_url = reverse("portfolios:portfolio_rome", kwargs={"uuid": portfolio.uuid})
    found = client.get(page_url, {"q": "agent accueil"}).content.decode()
    match = re.search(
        r'name="code" value="(\d+)">\s*<span lang="fr">Agent / Agente d(?:\'|&#x27;)accueil</span>',
        found,
    )
    assert match, "the job title is among the results"
    response = client.post(
        reverse("portfolios:portfolio_rome_target_add", kwargs={"uuid": portfolio.uuid}),
        {"code": match.group(1)},
    )
    assert response.status_code == 302
    assert PortfolioTargetJob.objects.get(portfolio=portfolio).added_by == amina

    sheet, asked, covered = _expected_for_amina("Agent / Agente d'accueil")
    html = client.get(page_url).content.decode()
    assert sheet in html
    lines = _lines(html)
    assert set(lines) == asked
    assert {code for code, line in lines.items() if 'data-covered="yes"' in line} == covered
    missing = asked - covered
    assert missing, "the demo leaves something to develop"
    demo_initiatives = {i.slug: i for i in Initiative.objects.filter(in_directory=True)}
    suggested = {
        slug
        for code in missing
        for slug in re.findall(r'href="/initiatives/([^/"]+)/"', lines[code])
    }
    assert suggested & set(demo_initiatives)
    # The owner sees no "propose" action: that is the advisor's.
    assert "data-propose-initiative" not in html
    PortfolioTargetJob.objects.all().delete()
    _karim_sees_the_same_gap_until_the_share_ends(client, demo)
    _jobs_are_ranked_by_coverage(client, demo)


def _jobs_are_ranked_by_coverage(client, demo):
    """Acceptance 3, on the full ROME data: most covered first."""
    login(client, demo.portfolio.owner)
    url = reverse("portfolios:portfolio_rome_jobs", kwargs={"uuid": demo.portfolio.uuid})
    html = client.get(url).content.decode()
    counts = [
        (int(a), int(b)) for a, b in re.findall(r'data-covered="(\d+)" data-asked="(\d+)"', html)
    ]
    assert len(counts) == 20
    # Most covered first; among equals, those asking for fewer (a larger share covered).
    assert counts == sorted(counts, key=lambda pair: (-pair[0], pair[1]))
    assert counts[0][0] >= 2


def _karim_sees_the_same_gap_until_the_share_ends(client, demo):
    amina = User.objects.get(email="amina@example.org")
    karim = User.objects.get(email="karim@example.org")
    login(client, karim)
    url = reverse("portfolios:advisor_rome", kwargs={"uuid": demo.uuid})
    title = next(
        t
        for t in _titles(client, url, "agent accueil")
        if t[1].replace("&#x27;", "'") == "Agent / Agente d'accueil"
    )
    client.post(
        reverse("portfolios:advisor_rome_target_add", kwargs={"uuid": demo.uuid}),
        {"code": title[0]},
    )
    target = PortfolioTargetJob.objects.get(portfolio=demo.portfolio)
    assert target.added_by == karim
    html = client.get(url).content.decode()
    _sheet, asked, covered = _expected_for_amina("Agent / Agente d'accueil")
    lines = _lines(html)
    assert set(lines) == asked
    assert {code for code, line in lines.items() if 'data-covered="yes"' in line} == covered
    # The hook for the orientation: a "propose" link per suggested initiative.
    assert "data-propose-initiative" in html and f"share={demo.uuid}" in html
    # The owner sees the target Karim chose on her own page.
    login(client, amina)
    own = client.get(reverse("portfolios:portfolio_rome", kwargs={"uuid": demo.portfolio.uuid}))
    assert set(_lines(own.content.decode())) == asked

    share_link_revoke(share=demo, by=amina)
    login(client, karim)
    # A withdrawn link leaves the workspace: nothing to see any more.
    assert client.get(url).status_code == 404
    jobs = reverse("portfolios:advisor_rome_jobs", kwargs={"uuid": demo.uuid})
    assert client.get(jobs).status_code == 404


def _titles(client, url: str, query: str) -> list[tuple[str, str]]:
    html = client.get(url, {"q": query}).content.decode()
    return re.findall(r'name="code" value="(\d+)">\s*<span lang="fr">([^<]+)</span>', html)


@pytest.fixture
def scene(default_framework, rome, volunteer, advisor):
    """Without the demo: a volunteer's portfolio (COOP.1 and ORG.1 confirmed, INNO.1 not yet)
    shared with Karim, the advisor persona."""
    assert advisor.email_verified  # the persona's address is verified
    portfolio = portfolio_with_competences(
        volunteer, default_framework, {"COOP.1": 2, "ORG.1": 3, "INNO.1": None}
    )
    share, _token = share_make(portfolio, recipient_email=advisor.email)
    return portfolio, share


@pytest.mark.parametrize(
    ("persona", "status"),
    [("advisor", 200), ("other_advisor", 404), ("volunteer", 403), (None, 302)],
)
def test_who_may_open_the_advisor_pages(client, scene, persona, status, request):
    _portfolio, share = scene
    if persona == "other_advisor":
        login(client, UserFactory(email="other.advisor@example.org", is_advisor=True))
    elif persona:
        login(client, request.getfixturevalue(persona))
    for name in ("advisor_rome", "advisor_rome_jobs"):
        response = client.get(reverse(f"portfolios:{name}", kwargs={"uuid": share.uuid}))
        assert response.status_code == status
    add = reverse("portfolios:advisor_rome_target_add", kwargs={"uuid": share.uuid})
    response = client.post(add, {"code": "10372"})
    assert response.status_code == (302 if persona in ("advisor", None) else status)
    assert PortfolioTargetJob.objects.exists() == (persona == "advisor")


@pytest.mark.parametrize(
    ("persona", "status"), [("volunteer", 200), ("advisor", 404), ("outsider", 404), (None, 302)]
)
def test_who_may_open_the_owner_pages(client, scene, persona, status, request):
    portfolio, _share = scene
    if persona:
        login(client, request.getfixturevalue(persona))
    for name in ("portfolio_rome", "portfolio_rome_jobs"):
        url = reverse(f"portfolios:{name}", kwargs={"uuid": portfolio.uuid})
        assert client.get(url).status_code == status
    add = reverse("portfolios:portfolio_rome_target_add", kwargs={"uuid": portfolio.uuid})
    response = client.post(add, {"code": "10372"})
    assert response.status_code == (302 if persona in ("volunteer", None) else 404)
    assert PortfolioTargetJob.objects.exists() == (persona == "volunteer")


def test_an_expired_share_shows_nothing_more(client, scene, advisor):
    portfolio, share = scene
    login(client, advisor)
    client.post(
        reverse("portfolios:advisor_rome_target_add", kwargs={"uuid": share.uuid}),
        {"code": "10372"},
    )
    target = PortfolioTargetJob.objects.get(portfolio=portfolio)
    ShareLink.objects.filter(pk=share.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    for name in ("advisor_rome", "advisor_rome_jobs"):
        response = client.get(reverse(f"portfolios:{name}", kwargs={"uuid": share.uuid}))
        assert response.status_code == 410
        assert "rome-gap__line" not in response.content.decode()
    remove = reverse(
        "portfolios:advisor_rome_target_remove", kwargs={"uuid": share.uuid, "target": target.uuid}
    )
    assert client.post(remove).status_code == 410
    assert PortfolioTargetJob.objects.filter(pk=target.pk).exists()


def test_a_wrong_code_or_too_many_targets_are_refused_clearly(client, scene, volunteer, english):
    portfolio, _share = scene
    login(client, volunteer)
    add = reverse("portfolios:portfolio_rome_target_add", kwargs={"uuid": portfolio.uuid})
    page = reverse("portfolios:portfolio_rome", kwargs={"uuid": portfolio.uuid})
    response = client.post(add, {"code": "nope"}, follow=True)
    assert "This job title is not in the ROME 4.0" in response.content.decode()
    for code in ("10372", "10373", "10374", "10375", "38443"):
        client.post(add, {"code": code})
    client.post(add, {"code": "10372"})  # already there: nothing new
    assert PortfolioTargetJob.objects.count() == 5
    response = client.post(add, {"code": "488652"}, follow=True)
    assert "at most 5 target jobs" in response.content.decode()
    assert PortfolioTargetJob.objects.count() == 5
    target = PortfolioTargetJob.objects.first()
    remove = reverse(
        "portfolios:portfolio_rome_target_remove",
        kwargs={"uuid": portfolio.uuid, "target": target.uuid},
    )
    assert client.post(remove).status_code == 302
    assert PortfolioTargetJob.objects.count() == 4
    assert client.get(page).status_code == 200


def test_the_portfolio_pages_show_the_savoir_etre_with_their_official_texts(
    client, scene, volunteer, advisor
):
    portfolio, share = scene
    skills = {
        row["code_ogr"]: row for row in _csv(ROME_DIR / "rome_v460_savoir_etre_professionnels.csv")
    }
    login(client, volunteer)
    own = client.get(portfolio.get_absolute_url()).content.decode()
    login(client, advisor)
    shared = client.get(reverse("portfolios:advisor_portfolio", kwargs={"uuid": share.uuid}))
    for html in (own, shared.content.decode()):
        assert 'id="rome-reading-title"' in html
        shown = set(re.findall(r'class="rome-skill" data-skill="(\d+)"', html))
        # COOP.1 and ORG.1 are confirmed; INNO.1 is not, so créativité (6D115) is not shown.
        assert shown == {"300412", "300478", "300483"}
        ecoute = skills["300412"]
        assert ecoute["definition"] in html.replace("&#x27;", "'")
        assert f'data-skill="300412" data-sheets="{ecoute["nb_fiches_rome_liees"]}"' in html


def test_jobs_page_has_a_constant_number_of_queries(
    client, scene, volunteer, default_framework, count_queries
):
    portfolio, _share = scene
    login(client, volunteer)
    url = reverse("portfolios:portfolio_rome_jobs", kwargs={"uuid": portfolio.uuid})
    first = count_queries(client, url)
    assert count_queries(client, url, {"page": "3"}) == first
    assert count_queries(client, url, {"domain": "M"}) == first
    # More confirmed competences, more savoir-être covered: the same number of queries.
    more = portfolio_with_competences(
        volunteer,
        default_framework,
        {"COOP.2": 2, "COM.1": 2, "INNO.3": 2, "INCL.3": 2},
        title="Autre",
    )
    url = reverse("portfolios:portfolio_rome_jobs", kwargs={"uuid": more.uuid})
    assert count_queries(client, url) == first


def test_the_advisor_workspace_names_the_savoir_etre(client, scene, advisor):
    _portfolio, share = scene
    login(client, advisor)
    html = client.get(reverse("portfolios:advisor_workspace")).content.decode()
    html = html.replace("&#x27;", "'")
    # COOP.1 and ORG.1 are confirmed (écoute, contrôle de soi, organiser); INNO.1 is not.
    assert "Etre à l'écoute, faire preuve d'empathie" in html
    assert "Organiser son travail selon les priorités et les objectifs" in html
    assert "Faire preuve de créativité" not in html
    assert reverse("portfolios:advisor_rome", kwargs={"uuid": share.uuid}) in html
