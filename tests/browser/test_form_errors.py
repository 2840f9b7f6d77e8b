"""After a failed submit the focus is on the error summary, and a link of the summary puts
the focus in its field (for radio buttons, the first one); the title says so. Then the
recording pages of #13: an outside referent reads the level descriptions, the volunteer
lands on what she just sent. Every page is checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import LazySettings
from django.urls import reverse
from playwright.sync_api import expect

from community.models import Role
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import BrowserPage
from tests.community.factories.contributions import ContributionFactory, default_competences
from tests.community.factories.endorsements import (
    EndorsementRequestFactory,
    contribution_with_claims,
)
from tests.community.factories.initiatives import InitiativeFactory, MembershipFactory

pytestmark = pytest.mark.browser

ERROR_TITLE = re.compile(r"^(Error: |Erreur\u00a0?: )")


def focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def log_in(tab: BrowserPage, email: str) -> None:
    page = tab.visit("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    tab.submit(page.locator("main form button[type=submit]"))


def test_the_focus_goes_to_the_summary_then_to_the_field(browser_page: BrowserPage) -> None:
    page = browser_page.visit("/accounts/signup/")
    assert not ERROR_TITLE.match(page.title())
    page.locator("#id_email").fill("not an email")
    page.locator("#id_display_name").fill("Typed Name")
    browser_page.submit(page.locator("main form button[type=submit]"))

    expect(page.locator("#error-summary")).to_be_focused()
    assert ERROR_TITLE.match(page.title()), page.title()
    expect(page.locator("#id_display_name")).to_have_value("Typed Name")
    page.locator('#error-summary a[href="#id_email"]').click()
    expect(page.locator("#id_email")).to_be_focused()


def test_a_summary_link_leads_to_the_first_radio_button(
    browser_page: BrowserPage, default_framework: Any
) -> None:
    amina = UserFactory(email="amina@example.org", display_name="Amina")
    contribution = ContributionFactory(owner=amina, title="Atelier vélo")
    competence = default_competences(default_framework)[0]
    log_in(browser_page, "amina@example.org")
    page = browser_page.visit(
        reverse("community:claim_create", args=[contribution.uuid, competence.uuid])
    )
    page.locator("#id_statement").fill("J'ai réparé douze vélos.")
    browser_page.submit(page.locator("main form button[type=submit]"))

    expect(page.locator("#error-summary")).to_be_focused()
    assert ERROR_TITLE.match(page.title()), page.title()
    expect(page.locator("#id_statement")).to_have_value("J'ai réparé douze vélos.")
    page.locator('#error-summary a[href="#id_self_level_0"]').click()
    assert focused_id(page) == "id_self_level_0"


def test_without_errors_nothing_takes_the_focus(browser_page: BrowserPage) -> None:
    page = browser_page.visit("/accounts/login/")
    assert focused_id(page) != "error-summary"
    expect(page.locator("#error-summary")).to_have_count(0)


def test_an_outside_referent_reads_the_level_descriptions(
    browser_page: BrowserPage, live_server: Any, settings: LazySettings, default_framework: Any
) -> None:
    settings.SITE_URL = live_server.url
    amina = UserFactory(email="amina@example.org", display_name="Amina")
    contribution = contribution_with_claims(owner=amina, version=default_framework)
    link = EndorsementRequestFactory(
        contribution=contribution, kind="outside", endorser=None, email="nora@example.org"
    )
    claim = contribution.claims.order_by("pk").first()
    page = browser_page.visit(reverse("community:endorsement_link", args=[link.token]))
    radios = page.locator(f'input[name="claim-{claim.uuid}-level"]')
    expect(radios).to_have_count(5)  # four levels and "I cannot say"
    descriptor = claim.competence.level_descriptors.order_by("level__number").first()
    first = page.get_by_role("radio", name=re.compile(re.escape(descriptor.descriptor_fr[:30])))
    expect(first).to_have_count(1)
    # Without an answer to "how I know this person", the page comes back with the focus on
    # the summary and the levels as chosen.
    page.locator("#id_name").fill("Nora Petit")
    page.locator("#id_relationship").fill("")
    first.check()
    browser_page.submit(page.locator("form.endorse-form button[type=submit]"))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(
        page.get_by_role("radio", name=re.compile(re.escape(descriptor.descriptor_fr[:30])))
    ).to_be_checked()


def test_the_volunteer_lands_on_what_she_just_sent(
    browser_page: BrowserPage, live_server: Any, settings: LazySettings, default_framework: Any
) -> None:
    settings.SITE_URL = live_server.url
    sophie = UserFactory(email="sophie@example.org", display_name="Sophie Martin")
    amina = UserFactory(email="amina@example.org", display_name="Amina")
    initiative = InitiativeFactory(name="Repair Café de Chenôve", leader=sophie)
    MembershipFactory(initiative=initiative, user=amina, role=Role.MEMBER)
    contribution = contribution_with_claims(
        owner=amina, initiative=initiative, version=default_framework
    )
    log_in(browser_page, "amina@example.org")
    page = browser_page.visit(reverse("community:endorsement_ask", args=[contribution.uuid]))
    page.locator("#id_referent_name").fill("Nora Petit")
    page.locator("#id_referent_email").fill("nora@example.org")
    browser_page.submit(page.locator("main form button[type=submit]"))
    block = page.locator("section.just-sent")
    expect(block).to_be_visible()
    expect(block).to_contain_text("Sophie Martin")
    expect(block).to_contain_text("Nora Petit")
    first_heading = page.locator("main h2").first
    expect(first_heading).to_have_id("just-sent-title")
