"""First journey in a real browser: sign up, verify the email, log in, switch language.

Pages are checked with axe-core as they load (see tests/browser/conftest.py). Texts
are matched on stable things (paths, ids, roles) or in English, the source language;
French wording may change with the translations.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import BrowserPage

pytestmark = pytest.mark.browser

LANGUAGE_LABEL = re.compile(r"^(Langue|Language)$")


def verification_link(outbox: list[Any], to: str, base_url: str) -> str:
    messages = [message for message in outbox if to in message.to]
    assert len(messages) == 1, f"expected one email to {to}, got {len(messages)}"
    match = re.search(re.escape(base_url) + r"/accounts/verify/[^/\s]+/[^/\s]+/", messages[0].body)
    assert match, f"no verification link in:\n{messages[0].body}"
    return match.group(0)


def test_sign_up_verify_log_in_and_switch_language(
    browser_page: BrowserPage, live_server: Any, settings: LazySettings, mailoutbox: list[Any]
) -> None:
    # Links in emails must point at the live server, not at the default test host.
    settings.SITE_URL = live_server.url
    email = "amina@example.org"
    password = "un jardin partagé en 2025"

    # Sign up, in French.
    page = browser_page.visit("/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("#id_email").fill(email)
    page.locator("#id_display_name").fill("Amina")
    page.locator("#id_password").fill(password)
    page.locator("#id_preferred_language").select_option("fr")
    browser_page.submit(page.locator("main form button[type=submit]"))

    # "Check your email".
    assert browser_page.path == "/accounts/signup/done/"
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("main")).to_contain_text(email)
    user = User.objects.get(email=email)
    assert user.email_verified_at is None
    assert user.preferred_language == "fr"

    # The emailed link confirms the address and leads to the login page.
    browser_page.visit(verification_link(mailoutbox, email, live_server.url))
    assert browser_page.path == "/accounts/login/"
    expect(page.locator(".message--success")).to_have_count(1)
    user.refresh_from_db()
    assert user.email_verified_at is not None

    # Log in: "What is waiting for you", then the profile page.
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    browser_page.submit(page.locator("main form button[type=submit]"))
    assert browser_page.path == "/"
    browser_page.visit("/accounts/profile/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main")).to_contain_text(email)

    # Switch to English with the footer form.
    footer = page.get_by_role("contentinfo")
    footer.get_by_label(LANGUAGE_LABEL).select_option("en")
    browser_page.submit(footer.get_by_role("button"))

    assert browser_page.path == "/accounts/profile/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("My account")
    expect(footer.get_by_label("Language", exact=True)).to_have_value("en")
    expect(page.get_by_role("navigation")).to_contain_text("Log out")
    user.refresh_from_db()
    assert user.preferred_language == "en"

    # The choice sticks on the next page.
    browser_page.visit("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_unverified_account_cannot_log_in(
    browser_page: BrowserPage, live_server: Any, settings: LazySettings, mailoutbox: list[Any]
) -> None:
    settings.SITE_URL = live_server.url
    UserFactory(email="marc@example.org", email_verified_at=None)

    page = browser_page.visit("/accounts/login/")
    page.locator("#id_username").fill("marc@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    browser_page.submit(page.locator("main form button[type=submit]"))

    # Still on the login page, with an error that points to "send me a new link".
    assert browser_page.path == "/accounts/login/"
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    resend = summary.locator('a[href="/accounts/verify/resend/"]')
    expect(resend).to_have_count(1)
    expect(page.locator('form[action="/accounts/logout/"]')).to_have_count(0)

    # The link leads to a form that sends a fresh verification email.
    with page.expect_navigation():
        resend.click()
    browser_page.axe.check(page)
    assert browser_page.path == "/accounts/verify/resend/"
    page.locator("#id_email").fill("marc@example.org")
    browser_page.submit(page.locator("main form button[type=submit]"))
    assert browser_page.path == "/accounts/signup/done/"
    verification_link(mailoutbox, "marc@example.org", live_server.url)


def test_pages_fit_a_320px_wide_screen(open_page: Any) -> None:
    small = open_page(viewport={"width": 320, "height": 640})
    for path in ("/", "/accounts/signup/", "/accounts/login/"):
        page = small.visit(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls horizontally at 320 px ({width} px wide)"


def test_anonymous_visitors_get_the_language_of_their_browser(open_page: Any) -> None:
    english = open_page(locale="en-GB")
    page = english.visit("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("contentinfo").get_by_role("button")).to_have_text("Change language")


def test_sign_up_errors_are_listed_and_tied_to_their_fields(browser_page: BrowserPage) -> None:
    page = browser_page.visit("/accounts/signup/")
    page.locator("#id_email").fill("not an email")
    page.locator("#id_password").fill("123")
    browser_page.submit(page.locator("main form button[type=submit]"))

    assert browser_page.path == "/accounts/signup/"
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_email"]')).to_have_count(1)
    expect(summary.locator('a[href="#id_password"]')).not_to_have_count(0)
    for field in ("email", "password"):
        control = page.locator(f"#id_{field}")
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(control).to_have_attribute("aria-describedby", re.compile(rf"\bid_{field}_error\b"))
        expect(page.locator(f"#id_{field}_error")).to_be_visible()
