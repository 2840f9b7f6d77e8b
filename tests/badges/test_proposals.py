"""Award proposals: made when an endorsement completes the rules, automatic awards,
confirming in one click, declining, and what an award by hand settles."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Notification, NotificationKind
from badges.crypto.data_integrity import verify
from badges.models import Award, AwardProposal, ProposalStatus
from badges.services.awards import award_create, award_issue
from badges.services.badge_classes import RuleSpec, badge_class_create
from badges.services.proposals import (
    award_proposal_accept,
    award_proposal_decline,
    award_proposals_refresh,
    badge_class_proposals_refresh,
)
from community.services.endorsements import endorsement_update
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.issuers import other_initiative_leader
from tests.badges.factories.proposals import key_resolver, leader_endorses, scene


@pytest.fixture
def s(default_framework):
    return scene(default_framework)


def endorsed(s, capture) -> None:
    """Sophie's endorsement, with what it triggers once committed."""
    with capture(execute=True):
        leader_endorses(s)


# --- Proposed when the rules are met ---------------------------------------------------


def test_an_endorsement_that_completes_the_rules_proposes_the_badge(
    s, django_capture_on_commit_callbacks
):
    endorsed(s, django_capture_on_commit_callbacks)
    proposal = AwardProposal.objects.get()
    assert (proposal.badge_class, proposal.user) == (s.badge, s.member)
    assert proposal.status == ProposalStatus.PENDING
    assert not Award.objects.exists()
    notification = Notification.objects.get(kind=NotificationKind.BADGE_PROPOSED)
    assert notification.recipient == s.leader
    assert notification.link == "/badges/proposals/"
    assert "Réparer avec d'autres" in notification.message
    assert "Amina" in notification.message
    assert s.leader.email in [address for message in mail.outbox for address in message.to]


def test_no_proposal_before_the_rules_are_met(
    default_framework, django_capture_on_commit_callbacks
):
    s = scene(default_framework, min_endorsers=2)
    endorsed(s, django_capture_on_commit_callbacks)
    assert not AwardProposal.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.BADGE_PROPOSED).exists()


def test_nothing_happens_before_the_endorsement_commits(s):
    leader_endorses(s)  # the test's transaction never commits
    assert not AwardProposal.objects.exists()


def test_no_duplicate_proposals(s, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [endorsement] = leader_endorses(s)
    with django_capture_on_commit_callbacks(execute=True):
        endorsement_update(endorsement=endorsement, by=s.leader, level=3)
    assert award_proposals_refresh(user=s.member) == []
    assert badge_class_proposals_refresh(badge_class=s.badge) == []
    assert AwardProposal.objects.count() == 1
    assert Notification.objects.filter(kind=NotificationKind.BADGE_PROPOSED).count() == 1


def test_a_badge_already_held_is_not_proposed(s, django_capture_on_commit_callbacks):
    award_create(badge_class=s.badge, by=s.leader, email=s.member.email)
    endorsed(s, django_capture_on_commit_callbacks)
    assert not AwardProposal.objects.exists()
    assert Award.objects.count() == 1


def test_refreshing_someone_with_nothing_new_costs_one_query(
    s, django_capture_on_commit_callbacks, django_assert_num_queries
):
    endorsed(s, django_capture_on_commit_callbacks)
    with django_assert_num_queries(1):
        assert award_proposals_refresh(user=s.member) == []
    nobody = UserFactory(email="nobody@example.org")
    with django_assert_num_queries(1):
        assert award_proposals_refresh(user=nobody) == []


def test_a_new_badge_class_is_proposed_to_those_who_already_meet_its_rules(
    s, django_capture_on_commit_callbacks
):
    endorsed(s, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        badge = badge_class_create(
            issuer=s.issuer,
            by=s.leader,
            name="Accueillir",
            description="Accueille les visiteurs.",
            criteria_narrative="Compétence confirmée.",
            rules=[RuleSpec(competence=s.competence, min_level=1)],
        )
    assert AwardProposal.objects.filter(badge_class=badge, user=s.member).exists()
    # One notification for the batch, naming the person.
    [notification] = Notification.objects.filter(
        kind=NotificationKind.BADGE_PROPOSED, params__badge="Accueillir"
    )
    assert notification.params["people"] == "Amina"


# --- Awarded automatically -------------------------------------------------------------


def test_auto_award_awards_directly(default_framework, django_capture_on_commit_callbacks):
    s = scene(default_framework, auto_award=True)
    endorsed(s, django_capture_on_commit_callbacks)
    assert not AwardProposal.objects.exists()
    award = Award.objects.get()
    assert award.recipient == s.member
    assert award.recipient_email == "amina@example.org"
    assert award.awarded_by is None
    assert verify(award.credential, resolve_key=key_resolver(s.issuer)).verified
    [email] = [message for message in mail.outbox if "Réparer avec d'autres" in message.subject]
    assert email.to == ["amina@example.org"]
    assert award.page_url in email.body


def test_an_automatic_award_that_cannot_be_signed_is_logged_not_raised(
    default_framework, django_capture_on_commit_callbacks, caplog
):
    s = scene(default_framework, auto_award=True)
    s.issuer.signing_keys.all().delete()
    endorsed(s, django_capture_on_commit_callbacks)
    assert not Award.objects.exists()
    assert "Automatic award" in caplog.text


# --- Deciding --------------------------------------------------------------------------


@pytest.fixture
def proposal(s, django_capture_on_commit_callbacks):
    endorsed(s, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return AwardProposal.objects.get()


def test_confirm_in_one_click(s, proposal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decided = award_proposal_accept(proposal=proposal, by=s.leader)
    assert decided.status == ProposalStatus.ACCEPTED
    assert decided.decided_by == s.leader and decided.decided_at is not None
    award = decided.award
    assert award is not None
    assert (award.recipient, award.awarded_by, award.badge_class) == (s.member, s.leader, s.badge)
    assert verify(award.credential, resolve_key=key_resolver(s.issuer)).verified
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]


def test_decline_awards_nothing_and_is_not_proposed_again(
    s, proposal, django_capture_on_commit_callbacks
):
    decided = award_proposal_decline(proposal=proposal, by=s.leader)
    assert decided.status == ProposalStatus.DECLINED
    assert decided.decided_by == s.leader and decided.award is None
    assert not Award.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        leader_endorses(s, level=3)
    assert award_proposals_refresh(user=s.member) == []
    assert badge_class_proposals_refresh(badge_class=s.badge) == []
    assert list(AwardProposal.objects.values_list("status", flat=True)) == ["declined"]


def test_a_proposal_is_decided_once(s, proposal):
    award_proposal_decline(proposal=proposal, by=s.leader)
    with pytest.raises(ValidationError):
        award_proposal_accept(proposal=proposal, by=s.leader)
    assert not Award.objects.exists()


@pytest.mark.parametrize("who", ["other_leader", "member", "outsider"])
def test_only_the_issuer_staff_decide(s, proposal, who):
    by = {
        "other_leader": other_initiative_leader,
        "member": lambda: s.member,
        "outsider": lambda: UserFactory(email="outsider@example.org"),
    }[who]()
    for decide in (award_proposal_accept, award_proposal_decline):
        with pytest.raises(PermissionDenied):
            decide(proposal=proposal, by=by)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not Award.objects.exists()


def test_nobody_confirms_their_own_badge(default_framework, django_capture_on_commit_callbacks):
    # Sophie leads the café and is proposed its badge: she may not confirm it herself.
    s = scene(default_framework)
    proposal = AwardProposal.objects.create(badge_class=s.badge, user=s.leader)
    with pytest.raises(PermissionDenied):
        award_proposal_accept(proposal=proposal, by=s.leader)


def test_an_award_by_hand_settles_the_pending_proposal(s, proposal):
    award = award_create(badge_class=s.badge, by=s.leader, email="AMINA@example.org")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.award == award
    assert proposal.decided_by == s.leader
    assert award.recipient == s.member  # her verified account


def test_an_automatic_award_issue_settles_it_too(s, proposal):
    award = award_issue(badge_class=s.badge, email=s.member.email)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.award, proposal.decided_by) == ("accepted", award, None)


def test_a_revoked_award_is_not_proposed_again_but_an_expired_one_is(default_framework):
    from datetime import timedelta

    from django.utils import timezone

    from badges.services.proposals import award_proposals_refresh
    from badges.services.revocation import award_revoke

    s = scene(default_framework)
    award = award_create(badge_class=s.badge, by=s.leader, email=s.member.email)
    leader_endorses(s)
    award_revoke(award=award, by=s.leader, reason="Attribué par erreur.")
    assert award_proposals_refresh(user=s.member) == []
    assert not AwardProposal.objects.filter(user=s.member).exists()

    Award.objects.filter(pk=award.pk).update(
        revoked_at=None, expires_at=timezone.now() - timedelta(days=1)
    )
    [proposal] = award_proposals_refresh(user=s.member)
    assert isinstance(proposal, AwardProposal)
