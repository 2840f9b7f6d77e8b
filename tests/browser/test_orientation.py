"""Orientation to an initiative, in a browser (issue #16, acceptance 4): Karim proposes the
Repair Café to Nadia from the portfolio she shared with him; she accepts on her phone;
Sophie, its leader, reads the introduction; Karim sees "joined", later "first
contribution"; once Nadia withdraws her share, Karim sees nothing more. Every page is
checked with axe-core as it loads."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from community.models import JoinRequest
from community.services.joining import join_request_accept
from portfolios.models import Orientation, OrientationStatus
from tests.accounts.factories.users import UserFactory
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone
from tests.community.factories.contributions import ContributionFactory
from tests.community.factories.initiatives import InitiativeFactory
from tests.portfolios.factories.shares import portfolio_with_competences, share_make

pytestmark = pytest.mark.browser


def test_karim_orients_nadia_to_the_repair_cafe(
    open_page: Any, live_server: Any, settings: LazySettings, default_framework: Any
) -> None:
    settings.SITE_URL = live_server.url
    sophie = UserFactory(
        email="sophie@example.org", display_name="Sophie Martin", preferred_language="en"
    )
    initiative = InitiativeFactory(name="Repair Café de Chenôve", leader=sophie)
    nadia = UserFactory(email="nadia@example.org", display_name="Nadia")
    karim = UserFactory(email="karim@example.org", display_name="Karim Haddad", is_advisor=True)
    portfolio = portfolio_with_competences(nadia, default_framework, {"COOP.1": 2})
    share, _token = share_make(portfolio, recipient_email=karim.email)

    # Karim proposes the Repair Café from the portfolio Nadia shared with him.
    advisor = open_page()
    log_in(advisor, karim.email)
    page = advisor.visit(f"/advisor/portfolios/{share.uuid}/")
    with page.expect_navigation():
        page.locator("a[data-propose]").click()
    advisor.axe.check(page)
    page.locator("#id_initiative").select_option(initiative.slug)
    page.locator("#id_message").fill("Ils cherchent quelqu’un pour l’accueil le samedi.")
    advisor.submit(page.locator("main form button[type=submit]"))
    assert advisor.path == "/advisor/orientations/"
    orientation = Orientation.objects.get()

    # Nadia, on her phone, finds it on her home page and accepts, with her portfolio.
    phone = on_a_phone(open_page)
    log_in(phone, nadia.email)
    home = phone.visit("/")
    with home.expect_navigation():
        home.locator("[data-home-item=orientation]").click()
    phone.axe.check(home)
    assert_fits(home)
    expect(home.locator("main")).to_contain_text("accueil le samedi")
    home.locator("#id_share_portfolio").check()
    home.locator("#id_introduction_message").fill("Disponible le samedi matin.")
    phone.submit(home.locator("main form button[type=submit]").first)
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.ACCEPTED
    assert_fits(home)
    # She is led to the request to join.
    with home.expect_navigation():
        home.locator(f"a[href='/initiatives/{initiative.slug}/join/']").click()
    phone.axe.check(home)
    phone.submit(home.locator("main form button[type=submit]").first)
    join = JoinRequest.objects.get(user=nadia, initiative=initiative)

    # Sophie reads the introduction from her notifications.
    leader = open_page(locale="en-GB")
    log_in(leader, sophie.email)
    inbox = leader.visit("/notifications/")
    expect(inbox.locator("main")).to_contain_text("Nadia")
    with inbox.expect_navigation():
        inbox.get_by_role("link", name="See the introduction").first.click()
    leader.axe.check(inbox)
    expect(inbox.locator("[data-person]")).to_have_text("Nadia")
    expect(inbox.locator("main")).to_contain_text("Disponible le samedi matin.")
    expect(inbox.locator("[data-portfolio-link]")).to_have_count(1)
    join_request_accept(join_request=join, by=sophie)

    # Karim sees "joined", then "first contribution".
    pathways = advisor.visit("/advisor/orientations/")
    expect(pathways.locator("[data-step=joined]")).to_have_attribute("data-reached", "yes")
    expect(pathways.locator("[data-step=first_contribution]")).to_have_attribute(
        "data-reached", "no"
    )
    ContributionFactory(owner=nadia, initiative=initiative, title="Accueil du samedi")
    pathways = advisor.visit("/advisor/orientations/")
    expect(pathways.locator("[data-step=first_contribution]")).to_have_attribute(
        "data-reached", "yes"
    )

    # Nadia withdraws the link she gave Karim: he sees nothing more.
    shares = phone.visit(f"/portfolios/{portfolio.uuid}/shares/")
    shares.once("dialog", lambda dialog: dialog.accept())
    phone.submit(shares.locator(f"form[action='/portfolios/shares/{share.uuid}/revoke/'] button"))
    pathways = advisor.visit("/advisor/orientations/")
    expect(pathways.locator("[data-pathway]")).to_have_count(0)
    expect(pathways.locator("main")).not_to_contain_text("Nadia")
