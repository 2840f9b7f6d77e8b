"""The privacy notice in a browser, on a phone: reached from the sign-up form and from the
footer, in French and in English, with no serious accessibility problem and nothing wider
than the screen (its tables scroll inside their box)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_endorsement import PHONE, assert_fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "title", "cookies"), [("fr-FR", "Vos données personnelles", "6. Les cookies"),
                                     ("en-GB", "Privacy notice", "6. Cookies")]
)  # fmt: skip
def test_a_visitor_reads_the_notice_from_the_sign_up_form_on_a_phone(
    open_page: Any, live_server: Any, locale: str, title: str, cookies: str
) -> None:
    tab = open_page(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale)
    page = tab.visit("/accounts/signup/")
    with page.expect_navigation():
        page.locator("main form a[href='/privacy/']").click()
    tab.axe.check(page)
    expect(page.locator("h1")).to_have_text(title)
    assert_fits(page)
    page.locator("nav.toc a[href='#cookies']").click()
    expect(page.locator("#cookies")).to_have_text(cookies)
    tab.axe.check(page)  # the same document, at its anchor
    # The footer of every page leads back to it.
    page = tab.visit("/")
    expect(page.locator("footer a[href='/privacy/']")).to_be_visible()


def test_the_footer_leads_to_the_page_for_developers(open_page: Any, live_server: Any) -> None:
    """#13: the footer links "For developers", whose page links the API documentation."""
    tab = open_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    page = tab.visit("/verify/")
    with page.expect_navigation():
        page.locator("footer a[href='/developers/']").click()
    tab.axe.check(page)
    expect(page.locator("h1")).to_have_text("For developers")
    expect(page.locator("main a[href='/api/docs/']")).to_be_visible()
    assert_fits(page)
