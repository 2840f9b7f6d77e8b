"""The badge designer on a phone: Sophie designs her badge's image, previews it (without
losing what she typed) and creates the badge; every page is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from badges.designer import design_from_svg
from badges.models import BadgeClass
from tests.badges.factories.proposals import scene
from tests.browser.test_endorsement import assert_fits, log_in, on_a_phone

pytestmark = pytest.mark.browser


def test_a_leader_designs_and_previews_a_badge_image_on_a_phone(
    open_page: Any, live_server: Any, default_framework: Any
) -> None:
    s = scene(default_framework)
    sophie = on_a_phone(open_page)
    log_in(sophie, s.leader.email)
    page = sophie.visit(reverse("badges:badge_class_create", kwargs={"uuid": s.issuer.uuid}))
    assert_fits(page)
    page.locator("#id_name").fill("Accueillir les visiteurs du Repair Café")
    page.locator("#id_description").fill("Accueille chacun et explique comment se passe l'atelier.")
    page.locator("#id_criteria_narrative").fill("Trois ateliers d'accueil.")
    page.locator("#id_rules-0-competence").select_option(str(s.competence.pk))
    page.get_by_label("Design an image").check()
    page.locator("#id_design-pictogram").select_option("hand-heart")
    page.locator("#id_design-level").select_option("3")

    sophie.submit(page.get_by_role("button", name="Preview the designed image"))
    preview = page.locator("#badge-preview img")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.naturalWidth") > 0  # the data: image is drawn
    expect(page.locator("#id_name")).to_have_value("Accueillir les visiteurs du Repair Café")
    expect(page.locator("#id_design-pictogram")).to_have_value("hand-heart")
    assert_fits(page)

    sophie.submit(page.get_by_role("button", name="Create the badge"))
    badge = BadgeClass.objects.get(name="Accueillir les visiteurs du Repair Café")
    found = design_from_svg(badge.image_svg.read())
    assert found is not None and found[:2] == ("hand-heart", 3)
    expect(page.locator("h1")).to_contain_text("Accueillir les visiteurs")
