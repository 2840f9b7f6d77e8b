"""Invitations by email: with or without an account, wrong account, expired, reused, cancelled."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Notification, NotificationPreference, User
from community.models import Invitation, Membership, Role
from community.services.joining import invitation_accept_with_sign_up
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.community.factories.initiatives import InvitationFactory

pytestmark = pytest.mark.django_db

NEW_EMAIL = "nora@example.org"


def invite_url(initiative) -> str:
    return reverse("community:invitation_create", args=[initiative.slug])


def link_in(message) -> str:
    match = re.search(r"http://testserver(/invitations/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invite(client: Client, leader, initiative, django_capture_on_commit_callbacks):
    """Sophie invites an address through the page; returns the response."""

    def post(email: str = NEW_EMAIL, role: str = "member"):
        client.force_login(leader)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(invite_url(initiative), {"email": email, "role": role})
        client.logout()
        return response

    return post


def signup_data(**overrides):
    return {
        "display_name": "Nora",
        "password": "un atelier de réparation",
        "preferred_language": "fr",
        **overrides,
    }


# --- Someone without an account ---------------------------------------------


def test_someone_without_an_account_signs_up_through_the_invitation(
    client: Client, invite, initiative, django_capture_on_commit_callbacks
):
    response = invite(email="Nora@Example.org")
    assert response.url == reverse("community:member_list", args=[initiative.slug])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEW_EMAIL]
    assert "Repair Café de Chenôve" in message.subject
    assert message.alternatives  # an HTML part too
    link = link_in(message)
    token = link.split("/")[2]
    assert len(token) >= 43  # 256 random bits, base64
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash  # only the hash is stored

    page = client.get(link)
    assert page.status_code == 200
    assert NEW_EMAIL in page.content.decode()
    assert "form" in page.context

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, signup_data())
    assert response.url == initiative.get_absolute_url()
    user = User.objects.get(email=NEW_EMAIL)
    assert user.email_verified and user.display_name == "Nora"
    assert user.check_password("un atelier de réparation")
    assert Membership.objects.get(user=user, initiative=initiative).role == Role.MEMBER
    assert int(client.session["_auth_user_id"]) == user.pk
    assert len(mail.outbox) == 1  # no "confirm your address" email
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at

    # The link works once.
    client.logout()
    gone = client.get(link)
    assert gone.status_code == 410
    assert gone.context["status"] == "accepted"


def test_the_invitation_email_is_in_the_inviters_language(invite, leader):
    leader.preferred_language = "en"
    leader.save()
    invite()
    assert mail.outbox[0].subject == "Invitation to join Repair Café de Chenôve on Jalons"
    assert "Sophie invites you to join Repair Café de Chenôve on Jalons, as a member." in (
        mail.outbox[0].body
    )


def test_sign_up_errors_keep_what_was_typed(client: Client, invite):
    invite()
    link = link_in(mail.outbox[0])
    response = client.post(link, signup_data(password="123"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Nora"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert Invitation.objects.get().is_pending


def test_invited_as_a_leader(client: Client, invite, initiative):
    invite(role="leader")
    client.post(link_in(mail.outbox[0]), signup_data())
    user = User.objects.get(email=NEW_EMAIL)
    assert Membership.objects.get(user=user, initiative=initiative).role == Role.LEADER


def test_an_account_created_meanwhile_logs_in_to_answer(client: Client, invite, initiative):
    invite()
    link = link_in(mail.outbox[0])
    nora = UserFactory.create(email=NEW_EMAIL)
    page = client.get(link)
    assert page.status_code == 200
    login_url = page.context["login_url"]
    assert login_url == f"{reverse('accounts:login')}?next={link}"
    response = client.post(login_url, {"username": NEW_EMAIL, "password": DEFAULT_PASSWORD})
    assert response.url == link
    # The sign-up form cannot be used for an existing address.
    assert client.get(link).context.get("form") is None
    client.post(link, {"answer": "accept"})
    assert Membership.objects.filter(user=nora, initiative=initiative).exists()


# --- Someone with an account ------------------------------------------------


def test_someone_with_an_account_is_notified_and_accepts_on_the_page(
    client: Client, invite, outsider, initiative
):
    invite(email=outsider.email.upper(), role="leader")
    notification = Notification.objects.get(recipient=outsider)
    assert notification.kind == "invitation"
    assert notification.link == initiative.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert "/invitations/" not in mail.outbox[0].body  # no token for accounts

    client.force_login(outsider)
    page = client.get(initiative.get_absolute_url())
    answer = reverse("community:invitation_answer", args=[initiative.slug])
    assert answer in page.content.decode()
    response = client.post(answer, {"answer": "accept"})
    assert response.url == initiative.get_absolute_url()
    assert Membership.objects.get(user=outsider, initiative=initiative).role == Role.LEADER
    assert client.post(answer, {"answer": "accept"}).status_code == 404


def test_an_invitation_notification_respects_the_email_setting(invite, outsider):
    NotificationPreference.objects.create(user=outsider, kind="invitation", email=False)
    invite(email=outsider.email)
    assert Notification.objects.filter(recipient=outsider).count() == 1
    assert mail.outbox == []


def test_declining_from_the_page(client: Client, invite, outsider, initiative):
    invite(email=outsider.email)
    client.force_login(outsider)
    client.post(
        reverse("community:invitation_answer", args=[initiative.slug]), {"answer": "decline"}
    )
    assert not Membership.objects.filter(user=outsider).exists()
    assert Invitation.objects.get().declined_at


def test_nobody_else_can_answer_from_the_page(
    client: Client, invite, volunteer, other_leader, initiative
):
    invite(email="someone@example.org")
    answer = reverse("community:invitation_answer", args=[initiative.slug])
    client.force_login(other_leader)
    assert client.post(answer, {"answer": "accept"}).status_code == 404
    assert not Membership.objects.filter(user=other_leader, initiative=initiative).exists()


# --- Wrong account, expired, cancelled, declined, unknown -------------------


def test_a_different_account_is_told_plainly_and_cannot_accept(
    client: Client, outsider, initiative
):
    invitation = InvitationFactory(initiative=initiative, email=NEW_EMAIL)
    link = reverse("community:invitation_open", args=[invitation.token])
    client.force_login(outsider)
    page = client.get(link)
    assert page.status_code == 403
    html = page.content.decode()
    assert NEW_EMAIL in html and outsider.email in html
    assert client.post(link, {"answer": "accept"}).status_code == 403
    assert not Membership.objects.filter(user=outsider, initiative=initiative).exists()
    assert Invitation.objects.get().is_pending


def test_an_expired_invitation_answers_410(client: Client, invite):
    with time_machine.travel("2026-03-01 10:00", tick=False):
        invite()
    link = link_in(mail.outbox[0])
    with time_machine.travel("2026-03-14 10:00", tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel("2026-03-15 10:01", tick=False):
        response = client.get(link)
        assert response.status_code == 410
        assert response.context["status"] == "expired"
        assert client.post(link, signup_data()).status_code == 410
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_a_cancelled_invitation_answers_410(client: Client, invite, leader, initiative):
    invite()
    link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    client.force_login(leader)
    revoke = reverse("community:invitation_revoke", args=[initiative.slug, invitation.pk])
    assert client.post(revoke).url == reverse("community:member_list", args=[initiative.slug])
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert response.context["status"] == "revoked"


def test_inviting_again_replaces_the_previous_link(client: Client, invite):
    invite()
    invite()
    first, second = link_in(mail.outbox[0]), link_in(mail.outbox[1])
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_a_declined_invitation_answers_410(client: Client, invite, outsider, initiative):
    invitation = InvitationFactory(initiative=initiative, email=outsider.email)
    link = reverse("community:invitation_open", args=[invitation.token])
    client.force_login(outsider)
    assert client.get(link).status_code == 200
    client.post(link, {"answer": "decline"})
    assert client.get(link).status_code == 410


def test_an_unknown_link_answers_404(client: Client):
    response = client.get(reverse("community:invitation_open", args=["x" * 43]))
    assert response.status_code == 404
    assert b"<h1" in response.content


# --- Who may invite ---------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), ("outsider", 403), (None, 302)],
)
def test_only_leaders_invite(as_persona, initiative, other_initiative, persona, status):
    client = as_persona(persona)
    assert client.get(invite_url(initiative)).status_code == status
    if persona != "leader":
        client.post(invite_url(initiative), {"email": NEW_EMAIL, "role": "member"})
        assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["volunteer", "other_leader", "outsider"])
def test_only_leaders_cancel_invitations(as_persona, initiative, other_initiative, persona):
    invitation = InvitationFactory(initiative=initiative)
    revoke = reverse("community:invitation_revoke", args=[initiative.slug, invitation.pk])
    assert as_persona(persona).post(revoke).status_code == 403
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_inviting_a_member_is_explained(client: Client, leader, volunteer, initiative):
    client.force_login(leader)
    response = client.post(invite_url(initiative), {"email": volunteer.email, "role": "member"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert f'value="{volunteer.email}"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_invitation_form_validates_the_address(client: Client, leader, initiative):
    client.force_login(leader)
    response = client.post(invite_url(initiative), {"email": "not-an-address", "role": "member"})
    assert response.status_code == 200
    assert 'value="not-an-address"' in response.content.decode()


def test_sign_up_service_refuses_an_existing_address(leader, volunteer, initiative):
    from django.core.exceptions import ValidationError

    invitation = InvitationFactory.create(
        initiative=initiative, email="late@example.org", invited_by=leader
    )
    UserFactory(email="late@example.org")
    with pytest.raises(ValidationError) as caught:
        invitation_accept_with_sign_up(
            invitation=invitation, password="x" * 12, display_name="", preferred_language="fr"
        )
    assert caught.value.code == "account_exists"
