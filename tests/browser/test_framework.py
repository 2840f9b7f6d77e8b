"""The framework in a real browser: a steward adds a competence and publishes it; a visitor
finds it by searching "mediation" without the accent, with the plain form (without the search
script) and with the suggestions of the search box (keyboard only).

Every page is checked with axe-core as it loads (see tests/browser/conftest.py), and the
search page once more while its suggestions are open.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from competences.models import Competence, Domain, FrameworkVersion, Status
from competences.services.content import competence_create
from competences.services.defaults import default_framework_data, default_framework_load
from competences.services.versions import version_create_draft, version_publish
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import BrowserPage

pytestmark = pytest.mark.browser

TITLE = "Médiation entre voisins"


def follow(tab: BrowserPage, link: Locator) -> Page:
    """Click a link, wait for the next page and check it with axe."""
    with tab.page.expect_navigation():
        link.click()
    tab.axe.check(tab.page)
    return tab.page


def log_in(tab: BrowserPage, email: str) -> None:
    page = tab.visit("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    tab.submit(page.locator("main form button[type=submit]"))
    assert tab.path == "/"  # "What is waiting for you"


def publish_a_new_competence(steward: BrowserPage, slug: str) -> Competence:
    """The steward copies the default framework into a draft, adds a competence, publishes."""
    page = steward.visit(f"/frameworks/{slug}/")
    follow(steward, page.locator(f'a[href="/frameworks/{slug}/draft/new/"]'))

    # The draft's number is suggested: 1.1.
    expect(page.locator("#id_label")).to_have_value("1.1")
    steward.submit(page.locator("main form button[type=submit]"))
    assert steward.path == f"/frameworks/{slug}/draft/"
    draft = FrameworkVersion.objects.get(framework__slug=slug, status=Status.DRAFT)
    assert draft.label == "1.1"

    # Add a competence to "Coopérer et animer".
    domain = Domain.objects.get(version=draft, code="COOP")
    follow(steward, page.locator(f'a[href$="/draft/competences/new/?domain={domain.uuid}"]'))
    expect(page.locator("#id_domain")).to_have_value(str(domain.pk))
    page.locator("#id_code").fill("COOP.4")
    page.locator("#id_title_fr").fill(TITLE)
    page.locator("#id_title_en").fill("Mediation between neighbours")
    page.locator("#id_description_fr").fill("Aider des voisins fâchés à se parler et à s'entendre.")
    page.locator("#id_description_en").fill("Help neighbours who fell out talk and agree.")
    page.locator("#id_keywords").fill("voisinage, conflit, neighbourhood")
    steward.submit(page.locator("main form button[type=submit]"))
    competence = Competence.objects.get(version=draft, code="COOP.4")
    assert steward.path == f"/frameworks/{slug}/draft/competences/{competence.uuid}/edit/"
    expect(page.locator(".message--success")).to_have_count(1)

    # Publish: a confirmation page, then the published version.
    page = steward.visit(f"/frameworks/{slug}/draft/")
    follow(steward, page.locator(f'main a[href="/frameworks/{slug}/draft/publish/"]'))
    expect(page.locator("main")).to_contain_text(TITLE)  # the changes are listed
    steward.submit(page.locator("main form button[type=submit]"))
    assert steward.path == f"/frameworks/{slug}/versions/1.1/"
    expect(page.locator(f'a[href="{competence.get_absolute_url()}"]')).to_have_text(TITLE)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    return competence


def test_a_steward_publishes_a_competence_and_a_visitor_finds_it_without_accents(
    open_page: Any, live_server: Any
) -> None:
    # Browser tests flush the database between tests: make sure the default framework is there.
    default_framework_load()
    slug = default_framework_data()["framework"]["slug"]
    UserFactory(email="steward@example.org", display_name="Territoire", is_steward=True)

    steward: BrowserPage = open_page()
    log_in(steward, "steward@example.org")
    competence = publish_a_new_competence(steward, slug)

    # A visitor whose browser does not run the search script (blocked here: axe-core needs
    # JavaScript itself) searches "mediation" with the form of the framework list.
    visitor: BrowserPage = open_page()
    visitor.page.route("**/competence-search.js", lambda route: route.abort())
    page = visitor.visit("/frameworks/")
    expect(page.locator("#competence-search-q")).not_to_have_attribute("role", "combobox")
    search = page.get_by_role("search")
    search.locator("input[name=q]").fill("mediation")
    visitor.submit(search.locator("button[type=submit]"))
    assert visitor.path == "/frameworks/search/?q=mediation"
    first = page.locator("main .search-result").first
    expect(first.locator("h3 a")).to_have_text(TITLE)
    follow(visitor, first.locator("h3 a"))
    assert visitor.path == competence.get_absolute_url()
    expect(page.locator("main h1")).to_contain_text(TITLE)


def test_search_box_suggestions_with_the_keyboard(open_page: Any, live_server: Any) -> None:
    default_framework_load()
    slug = default_framework_data()["framework"]["slug"]
    draft = version_create_draft(
        framework=FrameworkVersion.objects.get(framework__slug=slug).framework
    )
    competence = competence_create(
        domain=Domain.objects.get(version=draft, code="COOP"),
        code="COOP.4",
        title_fr=TITLE,
        title_en="Mediation between neighbours",
    )
    version_publish(version=draft)
    competence = Competence.objects.get(pk=competence.pk)

    visitor: BrowserPage = open_page()
    page = visitor.visit("/frameworks/search/")
    box = page.locator("#competence-search-q")
    listbox = page.locator("#competence-search-listbox")
    status = page.locator("#competence-search-status")

    # The script made the input a combobox, closed for now.
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-controls", "competence-search-listbox")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()

    # Typing without accents opens the suggestions; a live region says how many there are.
    box.press_sequentially("mediation", delay=40)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text(TITLE)
    expect(status).to_have_text(re.compile(r"^\d+ "))
    visitor.axe.check(page)  # the open combobox too

    # Down selects the first suggestion, Escape closes the list, Down opens it again.
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    first_id = options.first.get_attribute("id")
    expect(box).to_have_attribute("aria-activedescendant", str(first_id))
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(box).to_have_value("mediation")
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    expect(options.first).to_have_attribute("aria-selected", "true")
    if options.count() > 1:
        box.press("ArrowDown")
        expect(options.nth(1)).to_have_attribute("aria-selected", "true")
        box.press("ArrowUp")
        expect(options.first).to_have_attribute("aria-selected", "true")

    # Enter opens the chosen competence.
    with page.expect_navigation():
        box.press("Enter")
    visitor.axe.check(page)
    assert visitor.path == competence.get_absolute_url()
    expect(page.locator("main h1")).to_contain_text(TITLE)


def test_enter_without_a_chosen_suggestion_submits_the_form(
    open_page: Any, live_server: Any
) -> None:
    default_framework_load()
    visitor: BrowserPage = open_page(locale="en-GB")
    page = visitor.visit("/frameworks/")
    box = page.locator("#competence-search-q")
    box.press_sequentially("ecoute", delay=40)
    expect(page.locator("#competence-search-listbox")).to_be_visible()
    with page.expect_navigation():
        box.press("Enter")
    visitor.axe.check(page)
    assert visitor.path == "/frameworks/search/?q=ecoute"
    expect(page.locator("main .search-result").first).to_contain_text("Build good relationships")


def test_search_fits_a_320px_wide_screen(open_page: Any, live_server: Any) -> None:
    default_framework_load()
    small: BrowserPage = open_page(viewport={"width": 320, "height": 640})
    page = small.visit("/frameworks/search/?q=ecoute")
    page.locator("#competence-search-q").fill("")
    page.locator("#competence-search-q").press_sequentially("coop", delay=40)
    expect(page.locator("#competence-search-listbox")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the search page scrolls horizontally at 320 px ({width} px wide)"
