"""The OB 3.0 API's consent page in a browser, on a phone: a wallet registered dynamically
sends Amina to Jalons; signed in, she reads who asks and what it will be able to do, allows
it, and Jalons sends her back to the wallet with a code; the wallet exchanges it with PKCE
and reads her badges.

Playwright does not intercept a redirect's target, so the answer to her "Allow" is fetched
by the test (the 302 to the wallet, its code read) and the browser is shown the wallet's
page instead. That the page's Content-Security-Policy lets its form lead to the wallet is
checked on the header, in tests/badges/test_ob3_api.py.

The protocol itself (registration, tokens, every operation, errors) is tested with the
Django test client in tests/badges/test_ob3_api.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client
from playwright.sync_api import Route, expect

from tests.badges.factories.revocation import award_add, setting
from tests.badges.factories.wallets import REDIRECT_URI, Wallet
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone

pytestmark = pytest.mark.browser

WALLET_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test wallet</title>'
    "</head><body><main><h1>Test wallet</h1></main></body></html>"
)


def test_amina_allows_a_wallet_on_the_consent_page(
    open_page: Any, live_server: Any, settings: LazySettings
) -> None:
    settings.SITE_URL = live_server.url
    s = setting()
    award = award_add(s)
    wallet = Wallet(client=Client())
    wallet.register()

    amina = on_a_phone(open_page)
    redirects: list[str] = []

    def allow_answer(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        answer = route.fetch(max_redirects=0)
        assert answer.status == 302
        redirects.append(answer.headers["location"])
        route.fulfill(status=200, content_type="text/html", body=WALLET_PAGE)

    amina.page.route("**/ims/ob/v3p0/oauth/authorize*", allow_answer)
    log_in(amina, s.member.email)
    page = amina.visit(wallet.authorize_path())
    expect(page.locator("h1")).to_contain_text("Portefeuille Test")
    expect(page.locator("main")).to_contain_text(s.member.display_name)
    expect(page.locator("main ul[aria-labelledby=consent-can] li")).to_have_count(4)
    assert "wallet.example.org" in (page.locator("main").inner_text())
    assert_fits(page)

    amina.submit(page.locator("button[name=allow]"))
    expect(page.locator("h1")).to_have_text("Test wallet")
    assert len(redirects) == 1 and redirects[0].startswith(REDIRECT_URI)
    tokens = wallet.exchange(wallet.code_from(redirects[0]))
    assert tokens.status_code == 200, tokens.content
    credentials = wallet.call("get", "/credentials").json()["credential"]
    assert [credential["id"] for credential in credentials] == [award.ob3_url]
