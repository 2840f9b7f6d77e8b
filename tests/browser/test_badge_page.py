"""The public badge page on phones: Amina chooses to show her name on it; a visitor, signed
out, reads it (her name, the state in words), downloads the image with the badge inside,
opens "For specialists" and follows "Verify this badge" to a verification that passes.

Every page (and the page with its specialists block open) is checked with axe-core.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from badges.baking import unbake
from tests.badges.factories.revocation import award_add, setting
from tests.browser.test_endorsement import PHONE, assert_fits, log_in

pytestmark = pytest.mark.browser


def _phone(open_page: Any) -> Any:
    return open_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")


def test_the_holder_shows_her_name_and_a_visitor_downloads_and_verifies_the_badge(
    open_page: Any, live_server: Any, settings: LazySettings, tmp_path: Path
) -> None:
    settings.SITE_URL = live_server.url
    s = setting()
    award = award_add(s)
    path = f"/badges/awards/{award.uuid}"

    # Amina, on her phone, sees her badge without her name, and chooses to show it.
    amina = _phone(open_page)
    log_in(amina, s.member.email)
    page = amina.visit(path)
    expect(page.locator("[data-holder]")).not_to_contain_text("Amina")
    expect(page.locator("[data-linkedin]")).to_have_count(1)
    assert_fits(page)
    page.locator("#id_show_name").check()
    amina.submit(page.locator("form[action$='/name/'] button[type=submit]"))
    expect(page.locator("[data-holder]")).to_contain_text("Amina")
    expect(page.locator("#id_show_name")).to_be_checked()

    # A visitor, signed out, on a phone: her name, the state in words, one Download button.
    visitor = _phone(open_page)
    page = visitor.visit(path)
    expect(page.locator("[data-holder]")).to_contain_text("Amina")
    expect(page.locator(".award-status--valid")).to_be_visible()
    expect(page.locator("[data-linkedin]")).to_have_count(0)
    expect(page.locator("#id_show_name")).to_have_count(0)
    assert_fits(page)
    specialists = page.locator("details[data-specialists]")
    expect(specialists.locator("a").first).not_to_be_visible()  # closed until asked for

    with page.expect_download() as download_info:
        page.locator("[data-download]").click()
    baked = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(baked)
    unbaked = unbake(baked.read_bytes())
    assert unbaked is not None and unbaked.version == "ob3"
    assert json.loads(unbaked.payload) == award.credential

    specialists.locator("summary").click()
    expect(specialists.locator(f"a[href='{award.ob3_path}']")).to_be_visible()
    visitor.axe.check(page)
    assert_fits(page)

    # "Verify this badge": the verify page, filled in with the badge's address.
    page.locator("main a[href^='/verify/']").click()
    page.wait_for_url("**/verify/**")
    visitor.axe.check(page)
    visitor.submit(page.locator("main form button[type=submit]"))
    expect(page.locator("[data-check=proof]")).to_have_class("verify-check verify-check--passed")
    assert_fits(page)
