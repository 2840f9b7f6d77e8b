"""The ROME 4.0 pages in a browser (issue #16): Amina, on her phone and with the keyboard,
finds a target job, reads the gap to it with initiatives where to develop what is missing,
and ranks the jobs that ask for what she has by grand domaine; Karim reads the same pages
on the portfolio she shared with him. Every page is checked with axe-core as it loads."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect

from portfolios.models import PortfolioTargetJob
from tests.accounts.factories.users import UserFactory
from tests.browser.conftest import BrowserPage
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone
from tests.browser.test_indicators import assert_focus_shows
from tests.community.factories.endorsements import contribution_with_claims, endorse
from tests.community.factories.initiatives import InitiativeFactory
from tests.portfolios.factories.shares import portfolio_with_competences, share_make

pytestmark = pytest.mark.browser

AGENT_ACCUEIL = "10372"  # "Agent / Agente d'accueil", job sheet M1601


def press_to_navigate(tab: BrowserPage, page: Page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    tab.axe.check(page)


def test_amina_and_karim_read_the_rome_pages_on_a_phone_and_with_the_keyboard(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    default_framework: Any,
    rome: Any,
) -> None:
    settings.SITE_URL = live_server.url
    amina = UserFactory(email="amina@example.org", display_name="Amina Benali")
    karim = UserFactory(email="karim@example.org", display_name="Karim Haddad", is_advisor=True)
    portfolio = portfolio_with_competences(amina, default_framework, {"COOP.1": 2, "ORG.1": 3})
    share, _token = share_make(portfolio, recipient_email=karim.email)
    # An initiative of the directory where every competence of the framework is confirmed:
    # it is suggested for whatever Amina's target job asks that she has not shown yet.
    repair = InitiativeFactory(name="Repair Café de Chenôve", welcomes_newcomers=True)
    referent = UserFactory(email="referent@example.org")
    worked = contribution_with_claims(
        owner=UserFactory(email="marc@example.org"),
        version=default_framework,
        initiative=repair,
        levels=(2,) * default_framework.competences.count(),
    )
    for claim in worked.claims.all():
        endorse(claim, endorser=referent)

    phone = on_a_phone(open_page)
    log_in(phone, amina.email)
    page = phone.visit(portfolio.get_absolute_url())
    expect(page.locator("#rome-reading-title")).to_be_visible()
    rome_url = f"/portfolios/{portfolio.uuid}/rome/"
    link = page.locator(f"main a[href='{rome_url}']")
    link.focus()
    press_to_navigate(phone, page)
    assert phone.path == rome_url
    assert_fits(page)

    # She searches a job title and adds it, with the keyboard alone.
    page.locator("#id_q").focus()
    page.keyboard.type("agent accueil")
    press_to_navigate(phone, page)
    results = page.locator("#search-results")
    expect(results).to_be_visible()
    assert_fits(page)
    add = page.locator(f"form:has(input[name=code][value='{AGENT_ACCUEIL}']) button")
    add.focus()
    press_to_navigate(phone, page)
    assert PortfolioTargetJob.objects.filter(
        portfolio=portfolio, job_title__code=AGENT_ACCUEIL
    ).exists()
    gap = page.locator("article.rome-gap")
    expect(gap).to_have_count(1)
    expect(gap.locator("[data-covered=yes]").first).to_be_visible()
    missing = gap.locator("[data-covered=no]")
    expect(missing.first).to_be_visible()
    expect(missing.first.locator(".rome-suggestion")).to_contain_text("Repair Café de Chenôve")
    expect(page.locator(".messages, [role=status]").first).to_contain_text("Agent / Agente")
    assert_fits(page)

    # The jobs that ask for what she has, narrowed to one grand domaine with the keyboard.
    jobs = page.locator(f"main a[href='/portfolios/{portfolio.uuid}/rome/jobs/']")
    jobs.focus()
    press_to_navigate(phone, page)
    expect(page.locator("li.rome-job").first).to_be_visible()
    assert_fits(page)
    page.locator("#id_domain").focus()
    page.keyboard.press("ArrowDown")  # the first grand domaine of the list
    chosen = page.locator("#id_domain").input_value()
    assert chosen
    page.keyboard.press("Tab")
    assert_focus_shows(page.locator("main form.filters button[type=submit]"))
    press_to_navigate(phone, page)
    sheets = page.locator("li.rome-job").evaluate_all("items => items.map(i => i.dataset.sheet)")
    assert sheets and all(code.startswith(chosen) for code in sheets), (chosen, sheets)
    expect(page.locator("#id_domain")).to_have_value(chosen)
    assert_fits(page)

    # Karim, at his desk, reads the same gap and ranking on the shared portfolio.
    desk: BrowserPage = open_page()
    log_in(desk, karim.email)
    page = desk.visit(f"/advisor/portfolios/{share.uuid}/rome/")
    gap = page.locator("article.rome-gap")
    expect(gap).to_have_count(1)
    expect(gap.locator("[data-propose-initiative]").first).to_be_visible()
    page = desk.visit(f"/advisor/portfolios/{share.uuid}/rome/jobs/?domain={chosen}")
    expect(page.locator("li.rome-job").first).to_be_visible()
