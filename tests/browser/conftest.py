"""Browser fixtures: Playwright (sync API) driving Debian's chromium against ``live_server``.

Never a downloaded browser: chromium comes from apt (``scripts/system-deps.sh test``).

Every page a browser test lands on must be checked with axe-core (a serious or
critical violation fails the test). Navigate with ``browser_page.visit(path)`` and
submit forms with ``browser_page.submit(button)``: both run the check. Anything else
that loads a new document (clicking a link, ``page.goto``...) must be followed by
``axe.check(page)``: every tab opened by these fixtures records the documents it
loads, and the test fails at teardown when one of them was never checked.

Every page runs under the site's Content-Security-Policy (``config.headers``): a test fails
at teardown when the browser reported a violation (an inline script or style, a resource
from elsewhere) on any page it opened.

Fixtures: ``browser`` (session), ``open_page(**context_options)`` (a tab in a fresh
context, locale fr-FR by default), ``browser_page`` / ``page`` / ``context`` (one
French desktop tab) and ``axe``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Frame, Locator, Page, sync_playwright

CHROMIUM = Path(os.environ.get("JALONS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Impacts that fail a test; "minor" and "moderate" findings are left to reviews.
BLOCKING_IMPACTS = ("serious", "critical")
NAVIGATION_TIMEOUT_MS = 15_000
ACTION_TIMEOUT_MS = 10_000
CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember whether the test itself failed, so that teardown checks stay quiet then."""
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: run `scripts/system-deps.sh test` "
            "(installs Debian's chromium; never `playwright install`)."
        )
    # Playwright's sync API keeps an asyncio event loop in this thread for as long
    # as it runs; Django would then refuse ORM calls from the test ("you cannot call
    # this from an async context"). The tests stay synchronous, so allow it for the
    # lifetime of the browser only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class AxeChecker:
    """Runs axe-core on the current document and fails on serious/critical violations."""

    axe: Axe = field(default_factory=Axe)
    # Per page: the URL loaded but not checked yet, and those left unchecked before.
    pending: dict[int, str | None] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        """Record every document the page's main frame loads."""
        key = id(page)
        self.pending[key] = None

        def on_navigation(frame: Frame) -> None:
            if frame is not page.main_frame:
                return
            if self.pending.get(key) is not None:
                self.missed.append(str(self.pending[key]))
            self.pending[key] = frame.url

        page.on("framenavigated", on_navigation)

    def check(self, page: Page) -> None:
        page.wait_for_load_state("load")
        results = self.axe.run(page)
        self.pending[id(page)] = None
        blocking = [
            v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS
        ]
        if blocking:
            pytest.fail(
                f"axe-core: {len(blocking)} serious/critical violation(s) on {page.url}\n"
                + "\n".join(_describe(violation) for violation in blocking),
                pytrace=False,
            )

    def assert_all_checked(self) -> None:
        unchecked = self.missed + [url for url in self.pending.values() if url is not None]
        self.missed, self.pending = [], {}
        if unchecked:
            pytest.fail(
                "These pages were loaded but never checked with axe "
                "(use browser_page.visit()/submit() or axe.check(page)):\n  "
                + "\n  ".join(unchecked),
                pytrace=False,
            )


def _describe(violation: dict[str, Any]) -> str:
    lines = [
        f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
    ]
    for node in violation["nodes"][:10]:
        target = ", ".join(str(t) for t in node.get("target", []))
        summary = " ".join(str(node.get("failureSummary", "")).split())
        lines.append(f"    at {target}: {summary}")
        lines.append(f"       {' '.join(str(node.get('html', '')).split())[:200]}")
    if len(violation["nodes"]) > 10:
        lines.append(f"    … and {len(violation['nodes']) - 10} more element(s)")
    return "\n".join(lines)


@pytest.fixture
def axe(request: pytest.FixtureRequest) -> Iterator[AxeChecker]:
    checker = AxeChecker()
    yield checker
    if not request.node.stash.get(CALL_FAILED, False):
        checker.assert_all_checked()


@dataclass
class BrowserPage:
    """A tab on the live server whose every page is checked with axe."""

    page: Page
    base_url: str
    axe: AxeChecker

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def visit(self, path: str) -> Page:
        """Open a path (or absolute URL), expect a successful response, check with axe."""
        response = self.page.goto(self.url(path))
        assert response is not None
        assert response.ok, f"GET {path} answered {response.status}"
        self.axe.check(self.page)
        return self.page

    def submit(self, button: Locator) -> Page:
        """Click a submit button, wait for the next document, check it with axe."""
        with self.page.expect_navigation():
            button.click()
        self.axe.check(self.page)
        return self.page

    @property
    def path(self) -> str:
        """The current URL without the live server's origin, e.g. ``/accounts/login/``."""
        return self.page.url.removeprefix(self.base_url)


def watch_csp(page: Page, violations: list[str]) -> None:
    """Collect what the browser refuses under the Content-Security-Policy on ``page``."""

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.fixture
def open_page(
    browser: Browser, live_server: Any, axe: AxeChecker, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """Open a tab in a fresh browser context (own cookies; French by default).

    Keyword arguments go to ``browser.new_context``, e.g. ``viewport`` or ``locale``.
    """
    contexts: list[BrowserContext] = []
    violations: list[str] = []

    def open_(**options: Any) -> BrowserPage:
        options.setdefault("locale", "fr-FR")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        page = context.new_page()
        axe.watch(page)
        watch_csp(page, violations)
        return BrowserPage(page=page, base_url=live_server.url, axe=axe)

    yield open_
    for context in contexts:
        context.close()
    if violations and not request.node.stash.get(CALL_FAILED, False):
        pytest.fail("Content-Security-Policy violations:\n  " + "\n  ".join(violations))


@pytest.fixture
def browser_page(open_page: Any) -> BrowserPage:
    """A French-speaking desktop tab on the live server."""
    return open_page()


@pytest.fixture
def page(browser_page: BrowserPage) -> Page:
    """The Playwright page of ``browser_page`` (still watched: check each page with axe)."""
    return browser_page.page


@pytest.fixture
def context(browser_page: BrowserPage) -> BrowserContext:
    """The browser context of ``browser_page`` (cookies, locale, viewport)."""
    return browser_page.page.context
