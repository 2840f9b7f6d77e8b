"""Nadia finds an initiative near her that welcomes beginners, on a phone without
JavaScript, asks to join and signs up on the way; the leader sees her request. With
JavaScript, the map shows the same initiatives as the list. Every page is checked with
axe-core as it loads (tests/browser/conftest.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from community.models import Initiative, InitiativeKind, JoinRequest
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import BrowserPage
from tests.community.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def placed(commune, point: tuple[float, float], **fields: Any) -> Initiative:
    return InitiativeFactory(
        place=commune,
        commune=commune.name,
        postcode=commune.postcodes[0],
        latitude=point[0],
        longitude=point[1],
        **fields,
    )


def verification_link(outbox: list[Any], to: str, base_url: str) -> str:
    messages = [message for message in outbox if to in message.to]
    assert len(messages) == 1, f"expected one email to {to}, got {len(messages)}"
    match = re.search(re.escape(base_url) + r"/accounts/verify/[^\s]+/", messages[0].body)
    assert match, f"no verification link in:\n{messages[0].body}"
    return match.group(0)


class NoScriptTab:
    """A phone tab with JavaScript disabled. axe-core cannot run in it (it is a script),
    so each of its pages is checked in a twin tab of the same session whose scripts are
    blocked by the network: the same document, without JavaScript, that axe can read."""

    def __init__(self, open_page: Any) -> None:
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
        self.tab: BrowserPage = open_page(**options, java_script_enabled=False)
        self.twin: BrowserPage = open_page(**options)
        self.twin.page.route("**/*.js", lambda route: route.abort())
        self.page = self.tab.page

    @property
    def path(self) -> str:
        return self.tab.path

    def check(self) -> None:
        self.twin.page.context.clear_cookies()
        self.twin.page.context.add_cookies(self.page.context.cookies())
        self.twin.visit(self.page.url)
        self.tab.axe.pending[id(self.page)] = None  # checked, in the twin

    def visit(self, path: str) -> Any:
        response = self.page.goto(self.tab.url(path))
        assert response is not None and response.ok, f"GET {path}: {response}"
        self.check()
        return self.page

    def submit(self, button: Any) -> Any:
        with self.page.expect_navigation():
            button.click()
        self.check()
        return self.page


def assert_fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls horizontally ({width} px wide)"


def test_a_newcomer_finds_an_initiative_in_chenove_without_javascript_and_asks_to_join(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    mailoutbox: list[Any],
    communes: dict[str, Any],
) -> None:
    settings.SITE_URL = live_server.url
    # Tiles that cannot load (no tile server here): the page must stay useful.
    settings.MAP_TILE_URL = f"{live_server.url}/no-tiles/{{z}}/{{x}}/{{y}}.png"
    sophie = UserFactory(email="sophie@example.org", display_name="Sophie Martin")
    chenove, quetigny = communes["Chenôve"], communes["Quetigny"]
    repair = placed(
        chenove,
        (47.2921, 5.0061),
        name="Repair Café de Chenôve",
        kind=InitiativeKind.REPAIR_CAFE,
        welcomes_newcomers=True,
        first_visit="Venez avec un objet à réparer, quelqu’un vous accueille.",
        opening_hours="Premier samedi du mois, 9 h 30 – 12 h 30",
        access_transport="Tram T2, arrêt Chenôve Centre",
        step_free_access=True,
        leader=sophie,
    )
    placed(chenove, (47.2950, 5.0100), name="Cantine de Chenôve", welcomes_newcomers=False)
    placed(quetigny, (47.3149, 5.1090), name="FabLab de Quetigny", welcomes_newcomers=True)

    # Nadia, on her phone, without JavaScript, opens the directory and filters.
    nadia = NoScriptTab(open_page)
    page = nadia.visit("/participer/")
    assert_fits(page)
    expect(page.locator("main .directory-card")).to_have_count(3)
    expect(page.locator("[data-directory-map]")).to_be_hidden()
    page.locator("#id_commune").select_option(chenove.code)
    page.locator("#id_newcomers").check()
    nadia.submit(page.locator("main form.directory-filters button[type=submit]"))
    cards = page.locator("main .directory-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Repair Café de Chenôve")
    expect(cards.first).to_contain_text("quelqu’un vous accueille")
    assert_fits(page)

    # "I want to take part": she writes a message, then creates her account on the way.
    nadia.submit(cards.first.locator(f'a[href="/initiatives/{repair.slug}/join/"]'))
    page.locator("#id_message").fill("Bonjour, je voudrais apprendre à réparer.")
    nadia.submit(page.locator("main form button[value=signup]"))
    assert nadia.path.startswith("/accounts/signup/")
    page.locator("#id_email").fill("nadia@example.org")
    page.locator("#id_display_name").fill("Nadia")
    page.locator("#id_password").fill("un grille-pain réparé")
    nadia.submit(page.locator("main form button[type=submit]"))
    assert nadia.path == "/accounts/signup/done/"

    # The link of the email confirms her address and brings her back, message kept.
    page = nadia.visit(verification_link(mailoutbox, "nadia@example.org", live_server.url))
    assert nadia.path.startswith("/accounts/login/")
    page.locator("#id_username").fill("nadia@example.org")
    page.locator("#id_password").fill("un grille-pain réparé")
    nadia.submit(page.locator("main form button[type=submit]"))
    assert nadia.path == f"/initiatives/{repair.slug}/join/"
    expect(page.locator("#id_message")).to_have_value("Bonjour, je voudrais apprendre à réparer.")
    nadia.submit(page.locator("main form button[type=submit]"))
    assert nadia.path == f"/initiatives/{repair.slug}/"
    request = JoinRequest.objects.get()
    assert (request.user.email, request.initiative) == ("nadia@example.org", repair)

    # Sophie, the leader, sees the request among her members.
    leader: BrowserPage = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page = leader.visit("/accounts/login/")
    page.locator("#id_username").fill("sophie@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    leader.submit(page.locator("main form button[type=submit]"))
    page = leader.visit(f"/initiatives/{repair.slug}/members/")
    expect(page.locator("main")).to_contain_text("Nadia")
    expect(page.locator("main")).to_contain_text("je voudrais apprendre à réparer")

    # With JavaScript, the map shows the same initiatives as the list, filters included.
    for query, expected in (("", 3), (f"?commune={chenove.code}&newcomers=on", 1)):
        page = leader.visit(f"/participer/{query}")
        section = page.locator("[data-directory-map]")
        expect(section).to_be_visible()
        expect(section).to_have_attribute("data-marker-count", str(expected))
        expect(page.locator(".leaflet-marker-icon")).to_have_count(expected)
        expect(page.locator("main .directory-card")).to_have_count(expected)
        leader.axe.check(page)  # again, with the map drawn
    expect(page.locator(".leaflet-marker-icon").first).to_have_attribute(
        "alt", "Repair Café de Chenôve"
    )
