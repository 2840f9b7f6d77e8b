"""The territory's pages in a browser (issue #15): the public indicators, chosen with the
keyboard, and the open data page, on a phone; the stewards' view and an initiative's page of
what it brings (chart and table) on a desktop. Every page is checked with axe-core as it
loads (tests/browser/conftest.py), with the charts drawn and the tables in place."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import Locator, Page, expect

from community.models import Role
from tests.accounts.factories.users import UserFactory
from tests.browser.conftest import BrowserPage
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone
from tests.community.factories.initiatives import MembershipFactory
from tests.community.indicator_data import CHENOVE, EPCI, YEAR, territory_activity

pytestmark = pytest.mark.browser


def assert_tables_scroll_inside(page: Page) -> None:
    """On a phone, a wide table scrolls in its own focusable region, never the page."""
    assert_fits(page)
    for region in page.locator(".table-wrap").all():
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("role", "region")


def assert_focus_shows(target: Locator) -> None:
    """The element that has the keyboard's focus shows it (WCAG 2.4.7)."""
    expect(target).to_be_focused()
    outline = target.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline


def test_anyone_reads_the_indicators_and_the_open_data_on_a_phone_with_the_keyboard(
    open_page: Any, live_server: Any, settings: LazySettings, default_framework: Any
) -> None:
    settings.SITE_URL = live_server.url
    territory_activity(version=default_framework)
    phone = on_a_phone(open_page)
    page = phone.visit("/indicators/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_tables_scroll_inside(page)

    # The period and the town are chosen with the keyboard alone.
    page.locator("#id_period").focus()
    page.keyboard.press("ArrowDown")  # 1st quarter
    page.keyboard.press("ArrowDown")  # 2nd quarter
    expect(page.locator("#id_period")).to_have_value("2")
    page.locator("#id_place").select_option(f"commune:{CHENOVE}")
    page.locator("#id_place").focus()
    page.keyboard.press("Tab")
    assert_focus_shows(page.locator("main form.indicator-filters button[type=submit]"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    phone.axe.check(page)
    assert f"place=commune%3A{CHENOVE}" in phone.path and "period=2" in phone.path
    expect(page.locator("#key-title")).to_contain_text("Chenôve")
    expect(page.locator("#key-title")).to_contain_text(f"2e trimestre (avril à juin) {YEAR}")
    # Chenôve's three volunteers are never shown as such.
    volunteers = page.locator("[data-indicator=volunteers]")
    expect(volunteers).to_have_count(1)
    expect(volunteers).to_contain_text("moins de 5")
    assert_tables_scroll_inside(page)

    # The intercommunality, for the whole year.
    page = phone.visit(f"/indicators/?year={YEAR}&period=0&place=epci%3A{EPCI[0]}")
    expect(page.locator("#key-title")).to_contain_text(EPCI[1])
    assert_tables_scroll_inside(page)

    # A wide table's region takes the focus, so that it scrolls with the arrow keys.
    region = page.locator(".table-wrap").last
    region.focus()
    expect(region).to_be_focused()

    # The method and the files, from the page's link.
    with page.expect_navigation():
        page.locator("a[href='/open-data/#method'], a[href$='/open-data/#method']").first.click()
    phone.axe.check(page)
    assert phone.path.startswith("/open-data/")
    expect(page.locator("main a[href='/open-data/indicators.csv']").first).to_be_visible()
    assert_fits(page)


def test_a_steward_and_a_leader_read_the_lines_of_initiatives_and_an_impact_page(
    open_page: Any, live_server: Any, settings: LazySettings, default_framework: Any
) -> None:
    settings.SITE_URL = live_server.url
    territory = territory_activity(version=default_framework, impact_public=False)
    steward = UserFactory(email="steward@example.org", display_name="Territoire", is_steward=True)
    sophie = UserFactory(email="sophie@example.org", display_name="Sophie Martin")
    fablab = territory.initiatives["dijon-fablab"]
    MembershipFactory(initiative=fablab, user=sophie, role=Role.LEADER)

    tab: BrowserPage = open_page()
    log_in(tab, steward.email)
    page = tab.visit("/indicators/stewards/")
    lines = page.locator("#initiatives-title ~ .table-wrap tbody tr")
    expect(lines.first).to_be_visible()
    impact = f"/initiatives/{fablab.slug}/impact/"
    with page.expect_navigation():
        page.locator(f"main a[href='{impact}']").click()
    tab.axe.check(page)
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.locator("#domain-caption")).to_be_visible()

    # The leader of the fablab, on a phone: the chart and the table behind it fit.
    phone = on_a_phone(open_page)
    log_in(phone, sophie.email)
    page = phone.visit(impact)
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert_tables_scroll_inside(page)
    years = page.locator("nav[aria-label] [aria-current=page]")
    expect(years).to_have_text(str(YEAR))
