"""Members: the members page, requests to join, roles, removal, leaving, the last leader."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from community.models import JoinRequest, JoinRequestStatus, Membership, Role
from community.services.initiatives import (
    membership_change_role,
    membership_leave,
    membership_remove,
)
from community.services.joining import invitation_accept, invitation_create
from tests.accounts.factories.users import UserFactory
from tests.community.factories.initiatives import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, initiative, *args) -> str:
    return reverse(f"community:{name}", args=[initiative.slug, *args])


def role_of(initiative, user) -> str | None:
    membership = Membership.objects.filter(initiative=initiative, user=user).first()
    return membership.role if membership else None


# --- Members page -----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 200), ("other_leader", 403), ("outsider", 403), (None, 302)],
)
def test_members_page_is_for_members(as_persona, initiative, other_initiative, persona, status):
    response = as_persona(persona).get(url("member_list", initiative))
    assert response.status_code == status


def test_leaders_see_emails_and_controls_members_see_names(
    client: Client, leader, volunteer, initiative
):
    client.force_login(volunteer)
    html = client.get(url("member_list", initiative)).content.decode()
    assert "Sophie" in html and "Amina" in html
    assert leader.email not in html
    assert "/remove/" not in html
    client.force_login(leader)
    html = client.get(url("member_list", initiative)).content.decode()
    assert volunteer.email in html
    membership = Membership.objects.get(initiative=initiative, user=volunteer)
    manage = url("member_manage", initiative, membership.pk)
    assert f'href="{manage}"' in html  # controls are on the member's page
    assert "/remove/" in client.get(manage).content.decode()


def test_members_page_uses_a_constant_number_of_queries(
    client: Client, leader, initiative, count_queries
):
    client.force_login(leader)
    MembershipFactory(initiative=initiative)
    JoinRequestFactory(initiative=initiative)
    few = count_queries(client, url("member_list", initiative))
    for _ in range(10):
        MembershipFactory(initiative=initiative)
        JoinRequestFactory(initiative=initiative)
        InvitationFactory(initiative=initiative, invited_by=leader)
    # 16: the menu counts the requests to join for leaders (community.context_processors),
    # the page counts the members (it is paginated)
    assert count_queries(client, url("member_list", initiative)) == few <= 16


# --- Requests to join -------------------------------------------------------


def test_someone_asks_to_join_and_the_leaders_are_notified(
    client: Client, outsider, initiative, leader, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    assert client.get(url("join_request_create", initiative)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("join_request_create", initiative), {"message": "Bonjour !"})
    assert response.url == initiative.get_absolute_url()
    join_request = JoinRequest.objects.get()
    assert join_request.user == outsider and join_request.message == "Bonjour !"
    notification = Notification.objects.get(recipient=leader)
    assert notification.kind == "join_request"
    assert "Outsider" in notification.message
    assert notification.link == url("member_list", initiative)
    assert [m.to for m in mail.outbox] == [[leader.email]]
    # Asking twice is explained, not duplicated.
    client.post(url("join_request_create", initiative))
    assert JoinRequest.objects.count() == 1
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert url("join_request_create", initiative) not in page


def test_members_are_not_asked_to_join(volunteer_client, initiative):
    response = volunteer_client.post(url("join_request_create", initiative))
    assert response.url == initiative.get_absolute_url()
    assert not JoinRequest.objects.exists()


def test_anonymous_must_sign_up_or_log_in_to_ask(client: Client, initiative):
    # The message waits in the session while they sign up on the way (#15).
    answer = client.post(url("join_request_create", initiative), {"message": "Bonjour"})
    assert answer.url.startswith("/accounts/signup/?next=")
    answer = client.post(url("join_request_create", initiative), {"then": "login"})
    assert answer.url.startswith("/accounts/login/?next=")
    assert not JoinRequest.objects.exists()


def test_a_leader_accepts_a_request(
    client: Client, leader, outsider, initiative, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(initiative=initiative, user=outsider)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("join_request_accept", initiative, join_request.pk))
    assert response.url == url("member_list", initiative)
    assert role_of(initiative, outsider) == Role.MEMBER
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ACCEPTED and join_request.decided_by == leader
    notification = Notification.objects.get(recipient=outsider)
    assert notification.kind == "join_accepted"
    assert notification.link == initiative.get_absolute_url()
    assert mail.outbox[0].to == [outsider.email]
    # Answering twice changes nothing.
    client.post(url("join_request_accept", initiative, join_request.pk))
    assert Notification.objects.filter(recipient=outsider).count() == 1


def test_a_leader_refuses_a_request(client: Client, leader, outsider, initiative):
    join_request = JoinRequestFactory(initiative=initiative, user=outsider)
    client.force_login(leader)
    client.post(url("join_request_refuse", initiative, join_request.pk))
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.REFUSED
    assert role_of(initiative, outsider) is None


@pytest.mark.parametrize("persona", ["volunteer", "other_leader", "outsider"])
@pytest.mark.parametrize("action", ["join_request_accept", "join_request_refuse"])
def test_only_leaders_answer_requests(as_persona, initiative, other_initiative, persona, action):
    join_request = JoinRequestFactory(initiative=initiative)
    assert as_persona(persona).post(url(action, initiative, join_request.pk)).status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


def test_a_leader_cannot_answer_another_initiatives_request(
    client: Client, leader, initiative, other_initiative
):
    join_request = JoinRequestFactory(initiative=other_initiative)
    client.force_login(leader)
    assert client.post(url("join_request_accept", initiative, join_request.pk)).status_code == 404


# --- Roles and removal ------------------------------------------------------


def test_a_leader_makes_a_member_a_leader_and_back(client: Client, leader, volunteer, initiative):
    membership = Membership.objects.get(user=volunteer)
    client.force_login(leader)
    client.post(url("member_role", initiative, membership.pk), {"role": "leader"})
    assert role_of(initiative, volunteer) == Role.LEADER
    client.post(url("member_role", initiative, membership.pk), {"role": "member"})
    assert role_of(initiative, volunteer) == Role.MEMBER


def test_a_leader_removes_a_member(client: Client, leader, volunteer, initiative):
    membership = Membership.objects.get(user=volunteer)
    client.force_login(leader)
    response = client.post(url("member_remove", initiative, membership.pk))
    assert response.url == url("member_list", initiative)
    assert role_of(initiative, volunteer) is None


@pytest.mark.parametrize("persona", ["volunteer", "other_leader", "outsider", None])
def test_only_leaders_change_roles_or_remove(
    as_persona, leader, initiative, other_initiative, persona
):
    membership = Membership.objects.get(user=leader)
    client = as_persona(persona)
    expected = 302 if persona is None else 403
    assert (
        client.post(url("member_role", initiative, membership.pk), {"role": "member"}).status_code
        == expected
    )
    assert client.post(url("member_remove", initiative, membership.pk)).status_code == expected
    assert role_of(initiative, leader) == Role.LEADER


def test_a_leader_of_another_initiative_cannot_touch_these_members(
    client: Client, volunteer, initiative, other_leader, other_initiative
):
    membership = Membership.objects.get(user=volunteer)
    client.force_login(other_leader)
    # Through their own initiative's address: the membership is not found there.
    assert client.post(url("member_remove", other_initiative, membership.pk)).status_code == 404
    assert role_of(initiative, volunteer) == Role.MEMBER


def test_role_changes_are_post_only(client: Client, leader, initiative):
    client.force_login(leader)
    membership = Membership.objects.get(user=leader)
    assert client.get(url("member_role", initiative, membership.pk)).status_code == 405


# --- The last leader --------------------------------------------------------


def test_the_last_leader_cannot_be_demoted(client: Client, leader, initiative):
    membership = Membership.objects.get(user=leader)
    client.force_login(leader)
    response = client.post(
        url("member_role", initiative, membership.pk), {"role": "member"}, follow=True
    )
    assert role_of(initiative, leader) == Role.LEADER
    assert "last leader" in response.content.decode() or "dernier" in response.content.decode()


def test_the_last_leader_cannot_be_removed(client: Client, leader, initiative):
    membership = Membership.objects.get(user=leader)
    client.force_login(leader)
    response = client.post(
        url("member_remove", initiative, membership.pk), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert role_of(initiative, leader) == Role.LEADER
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_last_leader_cannot_leave(client: Client, leader, initiative):
    client.force_login(leader)
    page = client.get(url("initiative_leave", initiative))
    assert page.context["last_leader"] is True
    assert 'type="submit" class="button button--danger"' not in page.content.decode()
    client.post(url("initiative_leave", initiative))
    assert role_of(initiative, leader) == Role.LEADER


def test_with_two_leaders_one_may_step_down_or_leave(client: Client, leader, volunteer, initiative):
    Membership.objects.filter(user=volunteer).update(role=Role.LEADER)
    client.force_login(leader)
    own = Membership.objects.get(user=leader)
    client.post(url("member_role", initiative, own.pk), {"role": "member"})
    assert role_of(initiative, leader) == Role.MEMBER
    # Now Amina is the last leader: Sophie, a member again, cannot demote her anyway.
    client.force_login(volunteer)
    client.post(
        url("member_role", initiative, Membership.objects.get(user=volunteer).pk),
        {"role": "member"},
    )
    assert role_of(initiative, volunteer) == Role.LEADER


def test_a_member_leaves(volunteer_client, volunteer, initiative):
    assert volunteer_client.get(url("initiative_leave", initiative)).status_code == 200
    response = volunteer_client.post(url("initiative_leave", initiative))
    assert response.url == initiative.get_absolute_url()
    assert role_of(initiative, volunteer) is None


def test_someone_who_is_not_a_member_cannot_leave(client: Client, outsider, initiative):
    client.force_login(outsider)
    assert client.post(url("initiative_leave", initiative)).status_code == 403


def test_services_enforce_the_rules_too(leader, volunteer, outsider, initiative):
    leader_membership = Membership.objects.get(user=leader)
    with pytest.raises(ValidationError) as caught:
        membership_remove(membership=leader_membership, by=leader)
    assert caught.value.code == "last_leader"
    with pytest.raises(ValidationError):
        membership_leave(initiative=initiative, user=leader)
    with pytest.raises(PermissionDenied):
        membership_change_role(membership=leader_membership, by=volunteer, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        invitation_create(
            initiative=initiative, by=outsider, email="x@example.org", role=Role.MEMBER
        )
    with pytest.raises(ValidationError):
        membership_change_role(
            membership=Membership.objects.get(user=volunteer), by=leader, role="boss"
        )


def test_joining_closes_a_pending_request(leader, initiative):
    newcomer = UserFactory.create()
    join_request = JoinRequestFactory(initiative=initiative, user=newcomer)
    invitation = invitation_create(
        initiative=initiative, by=leader, email=newcomer.email, role=Role.MEMBER
    )
    invitation_accept(invitation=invitation, user=newcomer)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ACCEPTED
