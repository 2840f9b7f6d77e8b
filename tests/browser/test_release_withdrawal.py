"""Withdrawing a portfolio version on a phone (#17): Amina sees her versions on her portfolio's
page, withdraws one through its confirmation page, and its public verification page then
says it was withdrawn. Every page is checked with axe-core as it loads."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from portfolios.services.releases import portfolio_release_create
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone
from tests.portfolios.factories.portfolios import build_portfolio_scene

pytestmark = pytest.mark.browser


def test_amina_withdraws_a_version_of_her_portfolio_on_her_phone(
    open_page: Any, live_server: Any, settings: LazySettings, default_framework: Any
) -> None:
    settings.SITE_URL = live_server.url
    scene = build_portfolio_scene(default_framework)
    release = portfolio_release_create(portfolio=scene.portfolio)

    tab = on_a_phone(open_page)
    log_in(tab, scene.owner.email)
    page = tab.visit(scene.portfolio.get_absolute_url())
    versions = page.locator("#versions")
    expect(versions.locator("[data-state=in-force]")).to_have_count(1)
    assert_fits(page)
    with page.expect_navigation():
        versions.locator(f"a[href$='/releases/{release.uuid}/withdraw/']").click()
    tab.axe.check(page)
    assert_fits(page)
    tab.submit(page.locator("main form button.button--danger"))
    assert tab.path == f"{scene.portfolio.get_absolute_url()}#versions"
    expect(page.locator("#versions [data-state=withdrawn]")).to_have_count(1)
    expect(page.locator("#versions a[href$='/withdraw/']")).to_have_count(0)

    page = tab.visit(f"/portfolios/releases/{release.uuid}/verify/")
    expect(page.locator("[data-verdict=withdrawn]")).to_be_visible()
    assert_fits(page)
