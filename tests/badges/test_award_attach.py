"""Awards attached to accounts: at once for a verified address, on verification for one
that was not, and then listed on My badges; proposals refreshed on verification."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from accounts.services.users import user_sign_up, user_verify_email
from badges.models import Award, AwardProposal, ProposalStatus
from badges.services.awards import award_create
from community.models import EndorserKind
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import endorse
from tests.badges.factories.proposals import proposal_add, scene


def test_an_award_to_a_verified_address_goes_to_its_account(default_framework):
    s = scene(default_framework)
    award = award_create(badge_class=s.badge, by=s.leader, email="AMINA@example.org")
    assert award.recipient == s.member


def test_an_unverified_address_is_not_attached_yet(default_framework):
    s = scene(default_framework)
    lea = UserFactory(email="lea@example.org", email_verified_at=None)
    award = award_create(badge_class=s.badge, by=s.leader, email="lea@example.org")
    assert award.recipient is None
    assert lea.badge_awards.count() == 0


def test_award_to_an_unknown_email_then_sign_up_and_verify(
    client, default_framework, django_capture_on_commit_callbacks
):
    s = scene(default_framework)
    award = award_create(badge_class=s.badge, by=s.leader, email="marc@example.org")
    assert award.recipient is None
    with django_capture_on_commit_callbacks(execute=True):
        marc = user_sign_up(email="Marc@example.org", password="correct horse battery")
    assert isinstance(marc, User)
    award.refresh_from_db()
    assert award.recipient is None  # not before the address is proven
    with django_capture_on_commit_callbacks(execute=True):
        user_verify_email(user=marc)
    award.refresh_from_db()
    assert award.recipient == marc
    client.force_login(marc)
    response = client.get(reverse("badges:my_badges"))
    assert [item.award for item in response.context["awards"]] == [award]
    assert award.page_url in response.content.decode()


def test_an_invitation_sign_up_is_verified_at_once(default_framework):
    s = scene(default_framework)
    award = award_create(badge_class=s.badge, by=s.leader, email="marc@example.org")
    marc = user_sign_up(email="marc@example.org", password="x" * 12, email_verified=True)
    award.refresh_from_db()
    assert award.recipient == marc


def test_attaching_settles_the_pending_proposal(default_framework):
    lea = UserFactory(email="lea@example.org", display_name="Léa", email_verified_at=None)
    s = scene(default_framework, member=lea)
    proposal = proposal_add(s.badge, lea)
    award = award_create(badge_class=s.badge, by=s.leader, email="lea@example.org")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING  # the address was not proven
    user_verify_email(user=lea)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.award) == (ProposalStatus.ACCEPTED, award)


def test_verifying_refreshes_the_proposals(default_framework, django_capture_on_commit_callbacks):
    lea = UserFactory(email="lea@example.org", display_name="Léa", email_verified_at=None)
    s = scene(default_framework, member=lea)
    endorse(s.claim, email=s.leader.email, level=2, kind=EndorserKind.LEADER, endorser=s.leader)
    assert not AwardProposal.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        user_verify_email(user=lea)
    assert AwardProposal.objects.filter(user=lea, status=ProposalStatus.PENDING).count() == 1


def test_verifying_twice_changes_nothing(default_framework, django_capture_on_commit_callbacks):
    s = scene(default_framework)
    award_create(badge_class=s.badge, by=s.leader, email=s.member.email)
    with django_capture_on_commit_callbacks(execute=True):
        user_verify_email(user=s.member)
    assert Award.objects.get().recipient == s.member
