"""Badges from other organisations in a portfolio, on a phone: Amina ticks two in the editor
(one checked valid, one that could not be checked) and reads her portfolio, where each is
marked "issued by another organisation" with its status. axe-core checks every page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.urls import reverse
from playwright.sync_api import expect

from badges.models import CredentialFormat, ExternalCredential, ExternalVerification
from badges.services.external_credentials import external_credential_upsert
from portfolios.models import Portfolio
from tests.browser.test_endorsement import PHONE, assert_fits, log_in
from tests.portfolios.factories.portfolios import build_portfolio_scene
from tests.portfolios.test_external_badges import did_key_vc_jwt

pytestmark = pytest.mark.browser


def test_amina_puts_badges_from_elsewhere_in_her_portfolio_on_a_phone(
    open_page: Any, live_server: Any, settings: LazySettings, default_framework: Any
) -> None:
    settings.SITE_URL = live_server.url
    scene = build_portfolio_scene(default_framework)
    held = []
    for number in range(2):
        token, _ = did_key_vc_jwt()
        credential, _ = external_credential_upsert(
            owner=scene.owner,
            original=token,
            format=CredentialFormat.JWT,
            credential_id=f"urn:uuid:browser-{number}",
        )
        held.append(credential)
    ExternalCredential.objects.filter(pk=held[1].pk).update(
        verification_status=ExternalVerification.NOT_CHECKED
    )

    scene.owner.preferred_language = "en"
    scene.owner.save(update_fields=["preferred_language"])
    # The portfolio's page speaks the portfolio's language, not the reader's.
    Portfolio.objects.filter(pk=scene.portfolio.pk).update(language="en")
    tab = open_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    log_in(tab, scene.owner.email)
    page = tab.visit(reverse("portfolios:portfolio_edit", kwargs={"uuid": scene.portfolio.uuid}))
    part = page.locator("#selection-external")
    expect(part.locator("legend")).to_have_text("Badges from other organisations")
    for credential in held:
        part.locator(f"#id_external_{credential.pk}").check()
    assert_fits(page)
    tab.submit(page.locator("main form button[type=submit]"))

    section = page.locator("section[aria-labelledby=portfolio-badges-elsewhere]")
    expect(section.locator("li")).to_have_count(2)
    expect(section).to_contain_text("Issued by another organisation")
    expect(section).to_contain_text("Checked: valid")
    expect(section).to_contain_text("Could not be checked")
    assert_fits(page)
