"""Demo badges: the territory's badge classes, a few awards, one revoked; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from badges.demo import DEMO_BADGE_CLASSES, REVOCATION_REASON
from badges.models import Award, BadgeClass
from badges.rules import rules_met
from badges.selectors.issuers import territory_issuer

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

    territory = territory_issuer()
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


def test_the_demo_shows_proposals_and_an_organisation_endorsement(default_framework):
    from badges.demo import ADVISOR, CAFE_BADGE, LEADER, ORGANISATION
    from badges.models import AwardProposal, BadgeClassEndorsement, Issuer, ProposalStatus
    from badges.selectors.issuers import user_is_issuer_staff

    call_command("demo_data", "--quiet-logins")
    call_command("demo_data", "--quiet-logins")

    organisation = Issuer.objects.get(is_organisation=True)
    assert organisation.name == ORGANISATION
    assert list(organisation.staff.values_list("email", flat=True)) == [ADVISOR]
    [endorsement] = BadgeClassEndorsement.objects.all()
    assert endorsement.endorser == organisation and endorsement.credential["proof"]
    # The awards made after it embed it in their achievement.
    endorsed = Award.objects.filter(badge_class=endorsement.badge_class).first()
    if endorsed is not None:
        achievement = endorsed.credential["credentialSubject"]["achievement"]
        assert achievement["endorsement"][0]["id"] == endorsement.credential["id"]

    cafe_badge = BadgeClass.objects.get(name=CAFE_BADGE)
    assert cafe_badge.issuer.initiative is not None
    pending = AwardProposal.objects.filter(badge_class=cafe_badge, status=ProposalStatus.PENDING)
    assert pending.exists()
    sophie = cafe_badge.issuer.initiative.memberships.get(user__email=LEADER).user
    assert user_is_issuer_staff(issuer=cafe_badge.issuer, user=sophie)
    for proposal in pending:
        assert rules_met(badge_class=cafe_badge, user=proposal.user).met
    assert AwardProposal.objects.filter(badge_class=cafe_badge).count() == pending.count()
