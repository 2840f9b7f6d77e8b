"""Open Badges in the browser, on phones: the leader confirms a proposed badge, the volunteer
downloads it baked into a PNG, and an anonymous visitor uploads that PNG on the public
"verify a badge" page and sees every check pass.

The scene (issuer, badge class with a rule, Amina's claim) is built in the database;
Sophie's endorsement goes through the real portfolios services, which propose the badge.
Every page is checked with axe-core as it loads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import expect

from badges.baking import unbake
from badges.models import Award, AwardProposal, ProposalStatus
from tests.badges.factories.proposals import leader_endorses, scene
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone

pytestmark = pytest.mark.browser


def test_a_leader_confirms_a_proposed_badge_and_anyone_verifies_the_baked_png(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    default_framework: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_URL = live_server.url
    s = scene(default_framework)
    leader_endorses(s)  # Sophie confirms level 2: the rule is met, the badge is proposed
    proposal = AwardProposal.objects.get(badge_class=s.badge, user=s.member)
    assert proposal.status == ProposalStatus.PENDING

    # Sophie confirms the proposal in one click, from her phone.
    sophie = on_a_phone(open_page)
    log_in(sophie, s.leader.email)
    page = sophie.visit("/badges/proposals/")
    card = page.locator(f"#proposal-{proposal.pk}")
    expect(card).to_contain_text("Amina")
    assert_fits(page)
    sophie.submit(card.locator("form:has(input[value=accept]) button"))
    expect(page.locator("main")).to_contain_text("awarded to Amina")
    expect(page.locator(f"#proposal-{proposal.pk}")).to_have_count(0)
    award = Award.objects.get(badge_class=s.badge, recipient=s.member)

    # Amina downloads the baked PNG from "My badges".
    amina = on_a_phone(open_page)
    log_in(amina, s.member.email)
    page = amina.visit("/badges/mine/")
    expect(page.locator("main")).to_contain_text(s.badge.name)
    assert_fits(page)
    with page.expect_download() as download_info:
        page.locator("main a[href$='badge.png']").first.click()
    baked = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(baked)
    assert baked.suffix == ".png"
    unbaked = unbake(baked.read_bytes())
    assert unbaked is not None
    assert unbaked.version == "ob3"
    assert json.loads(unbaked.payload) == award.credential

    # Anyone, signed out, uploads it on the verify page with Amina's address.
    visitor = on_a_phone(open_page)
    page = visitor.visit("/verify/")
    assert_fits(page)
    page.locator("input[type=file]").set_input_files(str(baked))
    page.locator("input[type=email]").fill(s.member.email)
    visitor.submit(page.locator("main form button[type=submit]"))
    expect(page.locator("h1")).to_have_text("Résultat de la vérification")
    checks = page.locator(".verify-check")
    keys = checks.evaluate_all("items => items.map(item => item.dataset.check)")
    for expected in ("schema", "proof", "issuer_key", "status", "dates", "recipient"):
        assert any(key.startswith(expected) for key in keys), (expected, keys)
    statuses = checks.evaluate_all(
        "items => items.map(item => [item.dataset.check, item.className])"
    )
    for key, classes in statuses:
        assert "verify-check--passed" in classes, (key, classes)
    assert_fits(page)
