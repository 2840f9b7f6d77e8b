"""A leader creates an initiative on a phone and invites someone who has no account yet.

Every page is checked with axe-core as it loads (see tests/browser/conftest.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from accounts.models import User
from community.models import Initiative, Membership, Role
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import BrowserPage

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def invitation_link(outbox: list[Any], to: str, base_url: str) -> str:
    messages = [message for message in outbox if to in message.to]
    assert len(messages) == 1, f"expected one email to {to}, got {len(messages)}"
    match = re.search(re.escape(base_url) + r"/invitations/[^/\s]+/", messages[0].body)
    assert match, f"no invitation link in:\n{messages[0].body}"
    return match.group(0)


def assert_fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls horizontally ({width} px wide)"


def test_a_leader_creates_an_initiative_on_a_phone_and_invites_a_newcomer(
    open_page: Any, live_server: Any, settings: LazySettings, mailoutbox: list[Any]
) -> None:
    settings.SITE_URL = live_server.url
    UserFactory(email="sophie@example.org", display_name="Sophie Martin")
    leader: BrowserPage = open_page(viewport=PHONE, is_mobile=True, has_touch=True)

    # Sophie logs in on her phone.
    page = leader.visit("/accounts/login/")
    page.locator("#id_username").fill("sophie@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    leader.submit(page.locator("main form button[type=submit]"))

    # She creates the initiative.
    page = leader.visit("/initiatives/new/")
    assert_fits(page)
    page.locator("#id_name").fill("Repair Café de Chenôve")
    page.locator("#id_kind").select_option("repair_cafe")
    page.locator("input[name=spheres][value=consume]").check()
    page.locator("input[name=spheres][value=produce]").check()
    page.locator("#id_commune").fill("Chenôve")
    page.locator("#id_postcode").fill("21300")
    page.locator("#id_description").fill("Le premier samedi du mois, on répare ensemble.")
    leader.submit(page.locator("main form button[type=submit]"))

    initiative = Initiative.objects.get()
    assert leader.path == f"/initiatives/{initiative.slug}/"
    expect(page.locator("main h1")).to_have_text("Repair Café de Chenôve")
    expect(page.locator(".message--success")).to_have_count(1)
    assert_fits(page)

    # She invites Nora, who has no account.
    with page.expect_navigation():
        page.locator(f'main a[href="/initiatives/{initiative.slug}/invite/"]').first.click()
    leader.axe.check(page)
    page.locator("#id_email").fill("nora@example.org")
    leader.submit(page.locator("main form button[type=submit]"))
    assert leader.path == f"/initiatives/{initiative.slug}/members/"
    expect(page.locator("main")).to_contain_text("nora@example.org")
    assert_fits(page)

    # Nora opens the link from her email, on her own phone.
    link = invitation_link(mailoutbox, "nora@example.org", live_server.url)
    invitee: BrowserPage = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page = invitee.visit(link)
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("nora@example.org")
    assert_fits(page)
    page.locator("#id_display_name").fill("Nora")
    page.locator("#id_password").fill("un grille-pain réparé")
    invitee.submit(page.locator("main form button[type=submit]"))

    # She lands on the initiative's page, as a member, already logged in.
    assert invitee.path == f"/initiatives/{initiative.slug}/"
    expect(page.locator(".message--success")).to_have_count(1)
    expect(page.locator('form[action="/accounts/logout/"]')).to_have_count(1)
    nora = User.objects.get(email="nora@example.org")
    assert nora.email_verified
    assert Membership.objects.get(user=nora, initiative=initiative).role == Role.MEMBER

    # The link was for one use only.
    response = page.goto(link)
    assert response is not None and response.status == 410
    invitee.axe.check(page)
