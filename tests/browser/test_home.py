"""The home per person on a phone (acceptance item 1 of issue #13): each role signs in through
the login form, lands on "What is waiting for you", finds its waiting items with the counts of
the database, and one tap on each opens the right page. A volunteer who noted nothing yet sees
the one button and a sentence on what to do first.

Every page is checked with axe-core as it loads (tests/browser/conftest.py). Items are found by
their ``data-home-item`` marks, not by their French wording.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import Locator, expect

from badges.models import AwardProposal, Issuer, ProposalStatus, RecognitionStatus
from community.models import (
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    JoinRequest,
    JoinRequestStatus,
    Role,
)
from competences.models import Status
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory
from tests.badges.factories.proposals import proposal_add
from tests.browser.conftest import BrowserPage
from tests.community.factories.endorsements import (
    EndorsementRequestFactory,
    contribution_with_claims,
    endorse,
)
from tests.community.factories.initiatives import (
    InitiativeFactory,
    JoinRequestFactory,
    MembershipFactory,
)
from tests.competences.factories.frameworks import FrameworkFactory, FrameworkVersionFactory
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(live_server: Any, settings: LazySettings, default_framework: Any) -> dict[str, Any]:
    """Sophie leads the Repair Café; Amina, a member, asked her to endorse two contributions;
    a fellow member endorsed one competence; one badge was proposed to Amina; a newcomer
    asked to join; Amina's portfolio is shared with Karim; an issuer and a framework draft
    wait for the steward."""
    settings.SITE_URL = live_server.url
    sophie = UserFactory(email="sophie@example.org", display_name="Sophie Martin")
    amina = UserFactory(email="amina@example.org", display_name="Amina Benali")
    bastien = UserFactory(email="bastien@example.org", display_name="Bastien")
    UserFactory(email="karim@example.org", display_name="Karim", is_advisor=True)
    UserFactory(email="territoire@example.org", display_name="Territoire", is_steward=True)
    initiative = InitiativeFactory(name="Repair Café de Chenôve", leader=sophie)
    for member in (amina, bastien):
        MembershipFactory(initiative=initiative, user=member, role=Role.MEMBER)
    contributions = [
        contribution_with_claims(
            owner=amina, initiative=initiative, version=default_framework, title=title
        )
        for title in ("Accueil du samedi", "Atelier vélo")
    ]
    for contribution in contributions:
        EndorsementRequestFactory(contribution=contribution, endorser=sophie)
    first = contributions[0].claims.order_by("pk").first()
    assert first is not None
    endorse(first, endorser=bastien, kind=EndorserKind.PEER, level=2)
    issuer = IssuerFactory(initiative=initiative)
    badge_class_add(
        issuer,
        name="Accueillir",
        slug="accueillir",
        rules=(
            {"competence": first.competence, "min_level": 1, "min_endorsers": 2, "min_leaders": 1},
        ),
    )
    proposal_add(badge_class_add(issuer, name="Réparer", slug="reparer"), amina)
    JoinRequestFactory(initiative=initiative, user=UserFactory(email="nadia@example.org"))
    share_make(
        plain_portfolio(amina, title="Vers la logistique"), recipient_email="karim@example.org"
    )
    IssuerFactory(name="Mission locale de Dijon", recognised=False)
    framework = FrameworkFactory(slug="numerique")
    FrameworkVersionFactory(framework=framework, label="0.1", status=Status.DRAFT)
    return {"amina": amina, "sophie": sophie, "initiative": initiative}


def on_a_phone(open_page: Any) -> BrowserPage:
    return open_page(viewport=PHONE, is_mobile=True, has_touch=True)


def log_in(tab: BrowserPage, email: str) -> None:
    """Through the login form: the person lands on their home."""
    page = tab.visit("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    tab.submit(page.locator("main form button[type=submit]"))
    assert tab.path == "/"
    expect(page.locator("main h1")).to_have_count(1)


def item(tab: BrowserPage, name: str) -> Locator:
    return tab.page.locator(f'main [data-home-item="{name}"]')


def count_of(tab: BrowserPage, name: str) -> int:
    return int(item(tab, name).first.locator("[data-count]").inner_text())


def tap_opens(tab: BrowserPage, name: str, path: str, *, nth: int = 0) -> None:
    """One tap on the item opens ``path`` (checked with axe); then back home."""
    target = item(tab, name).nth(nth)
    target.scroll_into_view_if_needed()
    with tab.page.expect_navigation():
        target.tap()
    tab.axe.check(tab.page)
    assert tab.path.split("#")[0] == path, f"{name} opened {tab.path}, not {path}"
    tab.visit("/")


def assert_fits(tab: BrowserPage) -> None:
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.page.url} scrolls horizontally ({width} px wide)"


def test_a_volunteer_finds_her_requests_and_badges_on_her_phone(open_page: Any, world: Any):
    amina = world["amina"]
    tab = on_a_phone(open_page)
    log_in(tab, "amina@example.org")
    assert_fits(tab)
    expect(tab.page.locator("[data-home-first-step]")).to_have_count(0)
    waiting = EndorsementRequest.objects.filter(
        requested_by=amina, status=EndorsementRequestStatus.PENDING
    ).count()
    assert count_of(tab, "requests-waiting") == waiting == 2
    proposals = AwardProposal.objects.filter(user=amina, status=ProposalStatus.PENDING).count()
    expect(item(tab, "proposal")).to_have_count(proposals)
    expect(item(tab, "within-reach")).to_contain_text("Accueillir")
    tap_opens(tab, "note", "/contributions/new/")
    tap_opens(tab, "requests-waiting", "/endorsements/")
    tap_opens(tab, "proposal", "/badges/mine/")

    # The grouped menu unfolds on the phone: her groups only.
    tab.page.locator("header details.site-menu > summary").tap()
    menu = tab.page.locator("header nav")
    expect(menu.locator("h2#menu-path")).to_be_visible()
    expect(menu.locator("h2#menu-account")).to_be_visible()
    expect(menu.locator("h2#menu-territory")).to_have_count(0)
    expect(menu.locator("h2#menu-advising")).to_have_count(0)
    expect(menu.locator('a[aria-current="page"]')).to_have_attribute("href", "/")
    assert_fits(tab)


def test_a_volunteer_with_nothing_noted_sees_one_button_and_what_to_do(open_page: Any, world: Any):
    UserFactory(email="nadia.new@example.org", display_name="Nadia")
    tab = on_a_phone(open_page)
    log_in(tab, "nadia.new@example.org")
    expect(tab.page.locator("[data-home-first-step]")).to_be_visible()
    expect(tab.page.locator("main a[data-home-item]")).to_have_count(1)
    expect(tab.page.locator("main h2")).to_have_count(0)
    tap_opens(tab, "note", "/contributions/new/")


def test_a_leader_answers_from_her_home_on_her_phone(open_page: Any, world: Any):
    sophie, initiative = world["sophie"], world["initiative"]
    tab = on_a_phone(open_page)
    log_in(tab, "sophie@example.org")
    assert_fits(tab)
    to_endorse = EndorsementRequest.objects.filter(
        endorser=sophie, status=EndorsementRequestStatus.PENDING
    )
    assert count_of(tab, "to-endorse") == to_endorse.count() == 2
    proposals = AwardProposal.objects.filter(
        badge_class__issuer__initiative=initiative, status=ProposalStatus.PENDING
    ).count()
    assert count_of(tab, "badges-to-confirm") == proposals == 1
    joins = JoinRequest.objects.filter(
        initiative=initiative, status=JoinRequestStatus.PENDING
    ).count()
    assert count_of(tab, "join-requests") == joins == 1
    tap_opens(tab, "to-endorse", "/endorsements/queue/")
    newest = to_endorse.order_by("-created_at", "-pk").first()
    assert newest is not None
    tap_opens(tab, "endorsement-request", f"/endorsements/requests/{newest.uuid}/")
    tap_opens(tab, "badges-to-confirm", "/badges/proposals/")
    tap_opens(tab, "join-requests", f"/initiatives/{initiative.slug}/members/")


def test_an_advisor_opens_a_new_portfolio_from_his_home_on_his_phone(open_page: Any, world: Any):
    tab = on_a_phone(open_page)
    log_in(tab, "karim@example.org")
    assert_fits(tab)
    portfolio = item(tab, "shared-portfolio")
    expect(portfolio).to_have_count(1)
    expect(portfolio).to_have_attribute("data-unread", "")
    href = portfolio.get_attribute("href")
    assert href is not None and href.startswith("/advisor/portfolios/")
    tap_opens(tab, "shared-portfolio", href)
    expect(item(tab, "shared-portfolio")).not_to_have_attribute("data-unread", "")


def test_a_steward_finds_the_territorys_queues_on_her_phone(open_page: Any, world: Any):
    tab = on_a_phone(open_page)
    log_in(tab, "territoire@example.org")
    assert_fits(tab)
    pending = Issuer.objects.filter(recognition=RecognitionStatus.PENDING).count()
    assert count_of(tab, "issuers-to-recognise") == pending == 1
    expect(item(tab, "framework-draft")).to_have_count(1)
    tap_opens(tab, "issuers-to-recognise", "/issuers/recognition/")
    tap_opens(tab, "framework-draft", "/frameworks/numerique/draft/")
