"""The Content-Security-Policy in a real browser: pages work under it, and the browser reports
no violation (every browser test also fails on one: tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import NAVIGATION_TIMEOUT_MS, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_violation_would_be_seen(browser, live_server):
    """The watcher is not blind: an inline script the policy refuses is reported."""
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    watch_csp(page, violations)
    page.goto(f"{live_server.url}/verify/", timeout=NAVIGATION_TIMEOUT_MS)
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.ran === undefined")
    context.close()
    assert any("inline script" in violation for violation in violations), violations


def test_the_api_documentation_works_under_the_policy(browser, live_server):
    """Swagger UI (a third-party page, so not held to axe here) loads its script from a file
    and renders the schema without any violation."""
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    watch_csp(page, violations)
    response = page.goto(f"{live_server.url}/api/docs/", timeout=NAVIGATION_TIMEOUT_MS)
    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("Jalons API").first.wait_for(timeout=NAVIGATION_TIMEOUT_MS)
    page.locator(".opblock").first.wait_for(timeout=NAVIGATION_TIMEOUT_MS)
    context.close()
    assert violations == []
