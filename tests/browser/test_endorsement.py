"""Endorsement on phones: the volunteer asks, the leader confirms one level and adjusts the
other from her review queue, and the volunteer sees both in her competence profile.

The contribution and its claims are created in the database (the contribution pages
have their own browser test). Every page is checked with axe-core as it loads.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from community.models import Endorsement, EndorsementRequest, EndorserKind, Role
from community.services.endorsements import Referent, endorsement_request_create
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import BrowserPage
from tests.community.factories.endorsements import contribution_with_claims
from tests.community.factories.initiatives import InitiativeFactory, MembershipFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def on_a_phone(open_page: Any) -> BrowserPage:
    return open_page(viewport=PHONE, is_mobile=True, has_touch=True)


def log_in(tab: BrowserPage, email: str) -> None:
    page = tab.visit("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    tab.submit(page.locator("main form button[type=submit]"))


def assert_fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls horizontally ({width} px wide)"


def test_a_leader_confirms_one_level_and_adjusts_the_other_on_a_phone(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    default_framework: Any,
) -> None:
    settings.SITE_URL = live_server.url
    sophie = UserFactory(email="sophie@example.org", display_name="Sophie Martin")
    amina = UserFactory(email="amina@example.org", display_name="Amina Benali")
    initiative = InitiativeFactory(name="Repair Café de Chenôve", leader=sophie)
    MembershipFactory(initiative=initiative, user=amina, role=Role.MEMBER)
    contribution = contribution_with_claims(
        owner=amina, initiative=initiative, version=default_framework, levels=(2, 3)
    )
    first, second = contribution.claims.order_by("pk")

    # Amina asks for endorsement from her phone: Sophie, the leader, is asked automatically.
    volunteer = on_a_phone(open_page)
    log_in(volunteer, "amina@example.org")
    page = volunteer.visit(f"/endorsements/ask/{contribution.uuid}/")
    expect(page.locator("main")).to_contain_text("Sophie Martin")
    assert_fits(page)
    volunteer.submit(page.locator("main form button[type=submit]"))
    assert volunteer.path.startswith("/endorsements/?sent=")
    request = EndorsementRequest.objects.get()
    assert request.endorser == sophie and request.kind == EndorserKind.LEADER

    # Sophie opens her review queue on her phone, then the request.
    leader = on_a_phone(open_page)
    log_in(leader, "sophie@example.org")
    page = leader.visit("/endorsements/queue/")
    assert_fits(page)
    expect(page.locator(".queue-item")).to_have_count(1)
    expect(page.locator(".queue-item")).to_contain_text("Accueil du samedi")
    leader.submit(page.locator(".queue-open"))
    assert leader.path == f"/endorsements/requests/{request.uuid}/"
    assert_fits(page)

    # Her own levels are preselected: she keeps the first and raises the second.
    first_own = page.locator(f'input[name="claim-{first.uuid}-level"][value="2"]')
    expect(first_own).to_be_checked()
    expect(page.locator(f'input[name="claim-{second.uuid}-level"][value="3"]')).to_be_checked()
    page.locator(f'input[name="claim-{second.uuid}-level"][value="4"]').check()
    page.locator("details.endorse-more summary").nth(1).click()
    page.locator(f'textarea[name="claim-{second.uuid}-comment"]').fill(
        "Elle forme les nouveaux bénévoles à l'accueil."
    )
    expect(page.locator("#id_relationship")).not_to_have_value("")
    leader.submit(page.locator("main form.endorse-form button[type=submit]"))
    assert leader.path == "/endorsements/queue/"
    expect(page.locator(".message--success")).to_have_count(1)
    expect(page.locator(".queue-item")).to_have_count(0)
    levels = dict(Endorsement.objects.values_list("claim_id", "level"))
    assert levels == {first.pk: 2, second.pk: 4}

    # Amina sees both in her competence profile: the chart, the table, the details.
    page = volunteer.visit("/profile/competences/")
    assert_fits(page)
    expect(page.locator('main svg[role="img"]')).to_have_count(1)
    rows = page.locator("table.levels-table tbody tr th[scope=row]")
    expect(rows).to_have_count(2)
    confirmed = page.locator(".profile-endorsed")
    expect(confirmed.nth(0)).to_contain_text("2")
    expect(confirmed.nth(1)).to_contain_text("4")
    expect(page.locator(".profile-self").nth(1)).to_contain_text("3")


def test_an_outside_referent_answers_through_the_emailed_link_on_a_phone(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    default_framework: Any,
    mailoutbox: list[Any],
) -> None:
    settings.SITE_URL = live_server.url
    amina = UserFactory(email="amina@example.org", display_name="Amina Benali")
    contribution = contribution_with_claims(owner=amina, version=default_framework, levels=(1,))
    endorsement_request_create(
        contribution=contribution,
        by=amina,
        referents=[Referent(email="nora@example.org", name="Nora Petit")],
    )
    [message] = [m for m in mailoutbox if m.to == ["nora@example.org"]]
    link = next(word for word in message.body.split() if "/endorsements/link/" in word)

    referent = on_a_phone(open_page)
    page = referent.visit(link)
    assert_fits(page)
    expect(page.locator("#id_name")).to_have_value("Nora Petit")
    page.locator("#id_relationship").fill("Je l'ai vue animer l'atelier de la mairie.")
    page.locator("#id_organisation").fill("Mairie de Chenôve")
    referent.submit(page.locator("main form.endorse-form button[type=submit]"))
    expect(page.locator("main h1")).to_have_count(1)
    assert Endorsement.objects.get().endorser_organisation == "Mairie de Chenôve"

    # The link worked once: it now explains why it no longer does.
    response = page.goto(link)
    assert response is not None and response.status == 410
    referent.axe.check(page)
