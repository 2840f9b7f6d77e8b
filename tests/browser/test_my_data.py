"""The "Mes données" page in a browser, on a phone: Amina finds it in the menu, reads what
Jalons holds about her, asks for the file of her data and downloads it, then asks to close her
account and sees what will happen (and cancels); every page checked with axe-core, nothing
wider than the screen, no JavaScript needed (issue #12, acceptance 6)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from accounts.models import DataExport
from tests.accounts.factories.users import DEFAULT_PASSWORD
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone
from tests.portfolios.factories.portfolios import build_portfolio_scene

pytestmark = pytest.mark.browser

PAGE = "/accounts/data/"


def test_amina_finds_her_data_and_downloads_the_file_on_a_phone(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    default_framework: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_URL = live_server.url
    scene = build_portfolio_scene(default_framework)
    scene.owner.preferred_language = "en"  # the words checked below are the English ones
    scene.owner.save(update_fields=["preferred_language"])
    tab = on_a_phone(open_page)
    log_in(tab, scene.owner.email)

    # The menu (folded on phones, no JavaScript) leads to the page.
    page = tab.page
    page.locator(".site-menu summary").click()
    with page.expect_navigation():
        page.locator(f".site-menu a[href='{PAGE}']").click()
    tab.axe.check(page)
    expect(page.locator("#data-community")).to_be_visible()
    expect(page.locator("#data-badges")).to_be_visible()
    assert_fits(page)

    # One click prepares the file; the progress page then offers it.
    tab.submit(page.locator("#export form button[type=submit]"))
    export = DataExport.objects.get(user=scene.owner)
    assert tab.path == export.get_absolute_url()
    assert_fits(page)
    with page.expect_download() as download_info:
        page.locator(f"main a[href='{export.download_path}']").click()
    path = tmp_path / "data.zip"
    download_info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("data.json"))
        assert data["account"]["email"] == scene.owner.email
        assert len(data["badges"]) == len(scene.awards)
        assert "index.html" in archive.namelist()

    # Back on the page, the export is listed.
    page = tab.visit(PAGE)
    expect(page.locator(f"main a[href='{export.download_path}']")).to_be_visible()
    assert_fits(page)

    # Closing the account: the page says what will happen before anything is done.
    with page.expect_navigation():
        page.locator("#close a[href='/accounts/data/close/']").click()
    tab.axe.check(page)
    assert_fits(page)
    consequences = page.locator(".closing-consequences li")
    expect(consequences.first).to_contain_text("Your account is erased")
    expect(page.locator(".closing-consequences")).to_contain_text("contributions are deleted")
    expect(page.locator(".closing-consequences")).to_contain_text("badges")
    expect(page.get_by_text("What Jalons keeps, and why")).to_be_visible()

    # A wrong password: the choice made is kept, nothing happens.
    page.locator("input[name=badges][value=revoke]").check()
    page.locator("input[name=password]").fill("not my password")
    tab.submit(page.locator("main form button[type=submit].button--danger"))
    tab.axe.check(page)
    expect(page.locator("input[name=badges][value=revoke]")).to_be_checked()
    scene.owner.refresh_from_db()
    assert scene.owner.deletion_due_at is None

    # The right one: closing is planned, with the date and a way back.
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    tab.submit(page.locator("main form button[type=submit].button--danger"))
    tab.axe.check(page)
    scene.owner.refresh_from_db()
    assert scene.owner.deletion_due_at is not None
    assert scene.owner.deletion_keep_badges is False
    expect(page.get_by_text("Cancel: keep my account")).to_be_visible()
    tab.submit(page.locator("main form button[type=submit]", has_text="Cancel: keep my account"))
    tab.axe.check(page)
    scene.owner.refresh_from_db()
    assert scene.owner.deletion_due_at is None
