"""Portfolios on phones: Amina builds her default portfolio in one click and shares it with an
access code; the advisor opens the link, types the code and downloads the PDF.

The scene (endorsed competences, contributions, two badges) is built in the database with
the portfolio factories; Amina's scene portfolio is removed so that she starts from an empty
list, as a newcomer would. Every page is checked with axe-core as it loads.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect
from pypdf import PdfReader

from portfolios.models import AccessWhat, Portfolio, ShareAccess, ShareLink
from tests.accounts.factories.users import UserFactory
from tests.browser.test_endorsement import PHONE, assert_fits, log_in, on_a_phone
from tests.portfolios.factories.portfolios import PRIVATE_NOTE, build_portfolio_scene

pytestmark = pytest.mark.browser

CODE = "chenove-2026"


def test_amina_shares_her_default_portfolio_and_the_advisor_downloads_the_pdf(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    default_framework: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_URL = live_server.url
    scene = build_portfolio_scene(default_framework)
    Portfolio.objects.filter(owner=scene.owner).delete()
    amina = scene.owner
    karim = UserFactory(email="karim@example.org", display_name="Karim Haddad", is_advisor=True)

    # Amina, on her phone: one click makes her portfolio from her competence profile.
    tab = on_a_phone(open_page)
    log_in(tab, amina.email)
    page = tab.visit("/portfolios/")
    assert_fits(page)
    tab.submit(page.locator("main form button[type=submit]"))
    portfolio = Portfolio.objects.get(owner=amina)
    expect(page.locator("h1")).to_contain_text(portfolio.title)
    assert_fits(page)

    # She shares it with Karim, protected by an access code.
    with page.expect_navigation():
        page.locator("main a[href$='/shares/']").first.click()
    tab.axe.check(page)
    assert page.url.endswith(f"/portfolios/{portfolio.uuid}/shares/")
    page.locator("#id_recipient_name").fill("Karim Haddad")
    page.locator("#id_recipient_organisation").fill("Mission locale de Dijon")
    page.locator("#id_recipient_email").fill(karim.email)
    page.locator("#id_access_code").fill(CODE)
    tab.submit(page.locator("main form button[type=submit]").last)
    link = page.locator("#new-link").input_value()
    assert link.startswith(f"{live_server.url}/s/")
    assert_fits(page)
    share = ShareLink.objects.get(portfolio=portfolio)
    assert share.has_access_code and CODE not in share.access_code_hash

    # Karim opens the link on his phone, without signing in: the code is asked first.
    advisor = on_a_phone(open_page)
    page = advisor.visit(link.removeprefix(live_server.url))
    expect(page.locator("main")).not_to_contain_text(amina.display_name)
    page.locator("#id_code").fill(CODE)
    advisor.submit(page.locator("main form button[type=submit]"))
    expect(page.locator("main")).to_contain_text(amina.display_name)
    assert_fits(page)
    with page.expect_download() as download_info:
        page.locator("main a[href$='portfolio.pdf']").first.click()
    pdf_path = tmp_path / "portfolio.pdf"
    download_info.value.save_as(pdf_path)

    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert amina.display_name in text
    assert PRIVATE_NOTE not in text
    clr = json.loads(reader.attachments["clr.json"][0])
    assert "ClrCredential" in clr["type"]
    whats = set(ShareAccess.objects.filter(share=share).values_list("what", flat=True))
    assert {AccessWhat.PAGE, AccessWhat.PDF} <= whats


def test_amina_copies_her_link_and_shows_its_qr_code_on_her_phone(
    open_page: Any, live_server: Any, settings: LazySettings
) -> None:
    """Copy button (Clipboard API), Share button only where the phone has a share sheet,
    the access code apart in large characters once, the link again on the list, and a
    full-screen QR code that a phone camera reads back as the link."""
    import zxingcpp
    from PIL import Image

    from tests.portfolios.factories.shares import plain_portfolio

    settings.SITE_URL = live_server.url
    amina = UserFactory(email="amina@example.org", display_name="Amina Benali")
    portfolio = plain_portfolio(amina, title="Vers la logistique")
    tab = on_a_phone_with_clipboard(open_page)
    log_in(tab, amina.email)
    page = tab.visit(f"/portfolios/{portfolio.uuid}/shares/")
    page.locator("#id_recipient_name").fill("Karim Haddad")
    page.locator("#id_access_code").fill(CODE)
    tab.submit(page.locator("main form button[type=submit]").last)
    link = page.locator("#new-link").input_value()
    assert link.startswith(f"{live_server.url}/s/")
    expect(page.locator(".share-code__value")).to_have_text(CODE)
    assert_fits(page)

    new_link = page.locator(".share-new [data-share-link]")
    new_link.locator("[data-share-copy]").click()
    expect(new_link.locator("[data-share-status]")).not_to_be_empty()
    assert page.evaluate("navigator.clipboard.readText()") == link
    has_share_sheet = page.evaluate("typeof navigator.share === 'function'")
    expect(new_link.locator("[data-share-native]")).to_be_visible(visible=has_share_sheet)

    # Back later: the open link is still there, the code is not.
    page = tab.visit(f"/portfolios/{portfolio.uuid}/shares/")
    expect(page.locator(".share-links .share-url")).to_have_value(link)
    expect(page.locator("main")).not_to_contain_text(CODE)
    with page.expect_navigation():
        page.locator(".share-links a[href$='/qr/']").click()
    tab.axe.check(page)
    assert_fits(page)
    code = page.locator(".share-qr__code svg")
    box = code.bounding_box()
    assert box is not None and box["width"] >= 0.8 * PHONE["width"]  # fills the screen's width
    image = Image.open(io.BytesIO(code.screenshot()))
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == link


def on_a_phone_with_clipboard(open_page: Any) -> Any:
    """A phone tab that may write to and read the clipboard (the test reads it back)."""
    return open_page(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        permissions=["clipboard-read", "clipboard-write"],
    )
