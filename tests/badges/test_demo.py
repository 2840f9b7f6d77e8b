"""Demo badges: the territory's badge classes, a few awards, one revoked; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from badges import selectors
from badges.demo import DEMO_BADGE_CLASSES, REVOCATION_REASON
from badges.models import Award, BadgeClass
from badges.rules import rules_met

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[list[tuple[str, str]], list[tuple[int, str, bool]]]:
    classes = list(BadgeClass.objects.order_by("pk").values_list("slug", "name"))
    awards = [
        (award.badge_class_id, award.recipient_email, award.revoked_at is not None)
        for award in Award.objects.order_by("pk")
    ]
    return classes, awards


def test_the_demo_creates_badges_awards_and_one_revocation_once(default_framework):
    call_command("demo_data", "--quiet-logins")
    first = _snapshot()
    call_command("demo_data", "--quiet-logins")
    assert _snapshot() == first

    territory = selectors.territory_issuer()
    assert territory is not None
    badge_classes = BadgeClass.objects.filter(issuer=territory)
    assert badge_classes.count() == len(DEMO_BADGE_CLASSES) == 5
    assert sorted(badge_classes.values_list("name", flat=True)) == sorted(
        demo.name for demo in DEMO_BADGE_CLASSES
    )
    for badge_class in badge_classes:
        assert badge_class.rules.exists()

    awards = list(Award.objects.filter(badge_class__issuer=territory).select_related("recipient"))
    assert 1 <= len(awards) <= 4
    pairs = [(award.badge_class_id, award.recipient_email) for award in awards]
    assert len(pairs) == len(set(pairs))
    revoked = [award for award in awards if award.revoked_at is not None]
    assert len(revoked) == 1
    assert revoked[0].revocation_reason == REVOCATION_REASON
    for award in awards:
        assert award.recipient is not None
        assert rules_met(badge_class=award.badge_class, user=award.recipient).met
