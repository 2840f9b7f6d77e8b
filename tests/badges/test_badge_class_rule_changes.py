"""Changing the rules of a badge class that was already awarded: allowed; what was issued
stays as it is, the edit page says how many badges that concerns, the badge page says when
the rules last changed."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from badges.models import Award
from badges.services.awards import award_create
from badges.services.badge_classes import RuleSpec, badge_class_update
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import IssuerFactory, initiative_with_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def comps(default_framework):
    return competences(default_framework, 2)


@pytest.fixture
def issuer(leader, volunteer):
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))


@pytest.fixture
def badge(issuer, comps):
    return badge_class_add(issuer, rules=({"competence": comps[0], "min_level": 2},))


def _update(badge, by, rules, **changes):
    values = {
        "name": badge.name,
        "description": badge.description,
        "criteria_narrative": badge.criteria_narrative,
        **changes,
    }
    return badge_class_update(badge_class=badge, by=by, rules=rules, **values)


def _edit_form(badge, competence, level):
    return {
        "name": badge.name,
        "description": badge.description,
        "criteria_narrative": badge.criteria_narrative,
        "achievement_type": "Badge",
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "1",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "10",
        "rules-0-competence": str(competence.pk),
        "rules-0-min_level": str(level),
        "rules-0-min_endorsers": "1",
        "rules-0-min_leaders": "0",
    }


def test_only_a_real_change_of_rules_is_recorded(badge, leader, comps):
    assert badge.rules_changed_at is None
    same = _update(badge, leader, [RuleSpec(comps[0], min_level=2)], name="Renommé")
    assert same.rules_changed_at is None  # the name changed, not the rules
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        changed = _update(badge, leader, [RuleSpec(comps[0], min_level=3)])
    assert changed.rules_changed_at.isoformat() == "2026-12-01T10:00:00+00:00"


def test_issued_credentials_never_change(badge, leader, comps):
    award = award_create(badge_class=badge, by=leader, email="amina@example.org")
    issued = award.credential
    _update(badge, leader, [RuleSpec(comps[1], min_level=4)], name="Autre nom")
    award.refresh_from_db()
    assert award.credential == issued
    assert Award.objects.count() == 1


def test_the_edit_page_warns_about_awards_under_the_current_rules(
    client, english, leader, badge, comps
):
    client.force_login(leader)
    edit = reverse("badges:badge_class_edit", kwargs={"uuid": badge.uuid})
    assert "already awarded" not in client.get(edit).content.decode()
    with time_machine.travel("2026-11-01 09:00Z", tick=False):
        award_create(badge_class=badge, by=leader, email="amina@example.org")
        award_create(badge_class=badge, by=leader, email="marc@example.org")
    page = client.get(edit).content.decode()
    assert "2 badges were already awarded under the current rules; they stay as they are." in (page)
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        response = client.post(edit, _edit_form(badge, comps[1], 3))
    assert response.status_code == 302
    badge.refresh_from_db()
    assert [(rule.competence, rule.min_level) for rule in badge.rules.all()] == [(comps[1], 3)]
    # Awards made under the previous rules are not counted against the new ones.
    assert "already awarded" not in client.get(edit).content.decode()
    with time_machine.travel("2026-12-02 10:00Z", tick=False):
        award_create(badge_class=badge, by=leader, email="karim@example.org")
    page = client.get(edit).content.decode()
    assert "1 badge was already awarded under the current rules; it stays as it is." in page


def test_the_badge_page_says_when_the_rules_last_changed(client, english, leader, badge, comps):
    page = client.get(badge.get_absolute_url()).content.decode()
    assert "The rules last changed" not in page
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        _update(badge, leader, [RuleSpec(comps[1], min_level=3)])
    page = client.get(badge.get_absolute_url()).content.decode()
    assert "The rules last changed on Dec. 1, 2026." in page
