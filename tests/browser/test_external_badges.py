"""Adding a badge earned elsewhere, on a phone: from "My badges", Amina opens the form, gives
a file that is no badge (the error summary takes the focus, the page says "Error"), then the
VC-JWT she received; its page says it is valid, and "My badges" lists it. Every page is
checked with axe. The rules themselves are tested in tests/badges/test_external_badges.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from tests.accounts.factories.users import UserFactory
from tests.badges.factories.elsewhere import vc_jwt
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone

pytestmark = pytest.mark.browser


def test_amina_adds_a_badge_earned_elsewhere_on_a_phone(
    open_page: Any, live_server: Any, settings: LazySettings
) -> None:
    settings.SITE_URL = live_server.url
    UserFactory(email="amina@example.org", display_name="Amina Benali")
    amina = on_a_phone(open_page)
    log_in(amina, "amina@example.org")

    page = amina.visit("/badges/mine/")
    with page.expect_navigation():
        page.locator("a[href='/badges/mine/elsewhere/add/']").click()
    amina.axe.check(page)
    assert_fits(page)

    page.locator("#id_file").set_input_files(
        files=[{"name": "badge.png", "mimeType": "image/png", "buffer": b"%PDF-1.7 not a badge"}]
    )
    amina.submit(page.locator("main form button[type=submit]"))
    expect(page).to_have_title(re.compile(r"^Erreur"))  # the title says there is an error
    summary = page.locator("[role=alert]").first
    expect(summary).to_be_focused()
    assert_fits(page)

    token = vc_jwt("urn:uuid:7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    page.locator("#id_file").set_input_files(
        files=[{"name": "badge.jwt", "mimeType": "text/plain", "buffer": token.encode()}]
    )
    amina.submit(page.locator("main form button[type=submit]"))
    expect(page.locator("h1")).to_contain_text("Tenir une caisse")
    expect(page.locator("[data-status=valid]")).to_be_visible()
    assert_fits(page)

    page = amina.visit("/badges/mine/")
    expect(page.locator("#elsewhere-title")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Épicerie solidaire de Fontaine")
