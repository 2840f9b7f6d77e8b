"""Asking for endorsement: leaders asked automatically, peers and referents on demand,
no self-endorsement, cancelling; the ask page and the list of requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, NotificationKind
from community.models import (
    ContributionStatus,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Membership,
    Role,
)
from community.services.endorsements import (
    Referent,
    endorsement_request_cancel,
    endorsement_request_create,
)
from tests.accounts.factories.users import UserFactory
from tests.community.factories.endorsements import contribution_with_claims

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def ask_url(contribution) -> str:
    return reverse("community:endorsement_ask", args=[contribution.uuid])


# --- The service ---------------------------------------------------------------------


def test_the_leaders_are_asked_and_notified(
    claimed_contribution, volunteer, leader, initiative, django_capture_on_commit_callbacks
):
    co_leader = UserFactory(email="yann@example.org", display_name="Yann")
    Membership.objects.create(initiative=initiative, user=co_leader, role=Role.LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        created = endorsement_request_create(contribution=claimed_contribution, by=volunteer)
    assert {(r.endorser, r.kind) for r in created} == {
        (leader, EndorserKind.LEADER),
        (co_leader, EndorserKind.LEADER),
    }
    assert all(
        r.token_hash is None and r.status == EndorsementRequestStatus.PENDING for r in created
    )
    notification = Notification.objects.get(recipient=leader)
    assert notification.kind == NotificationKind.ENDORSEMENT_REQUESTED
    assert notification.params == {"person": "Amina", "contribution": "Accueil du samedi"}
    request = next(r for r in created if r.endorser == leader)
    assert notification.link == f"/endorsements/requests/{request.uuid}/"
    assert sorted(m.to[0] for m in mail.outbox) == ["sophie@example.org", "yann@example.org"]


def test_asking_again_does_not_ask_the_leaders_twice(
    claimed_contribution, volunteer, leader, fellow
):
    endorsement_request_create(contribution=claimed_contribution, by=volunteer)
    created = endorsement_request_create(
        contribution=claimed_contribution, by=volunteer, peers=[fellow]
    )
    assert [(r.endorser, r.kind) for r in created] == [(fellow, EndorserKind.PEER)]
    assert EndorsementRequest.objects.filter(endorser=leader).count() == 1
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(contribution=claimed_contribution, by=volunteer)
    assert error.value.code == "nobody_new"


def test_a_leader_whose_request_expired_is_asked_again(
    claimed_contribution, volunteer, leader, time_machine
):
    [old] = endorsement_request_create(contribution=claimed_contribution, by=volunteer)
    time_machine.move_to(timezone.now() + timedelta(days=31))
    [new] = endorsement_request_create(contribution=claimed_contribution, by=volunteer)
    old.refresh_from_db()
    assert old.status == EndorsementRequestStatus.CANCELLED  # replaced by the new one
    assert new.endorser == leader and new.is_pending


def test_asking_a_peer_twice_is_refused_with_their_name(claimed_contribution, volunteer, fellow):
    endorsement_request_create(contribution=claimed_contribution, by=volunteer, peers=[fellow])
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(contribution=claimed_contribution, by=volunteer, peers=[fellow])
    assert error.value.messages == ["Bastien has already been asked and has not answered yet."]


def test_an_expired_peer_request_is_replaced(claimed_contribution, volunteer, fellow, time_machine):
    created = endorsement_request_create(
        contribution=claimed_contribution, by=volunteer, peers=[fellow]
    )
    [old] = [r for r in created if r.endorser == fellow]
    time_machine.move_to(timezone.now() + timedelta(days=31))
    created = endorsement_request_create(
        contribution=claimed_contribution, by=volunteer, peers=[fellow]
    )
    old.refresh_from_db()
    assert old.status == EndorsementRequestStatus.CANCELLED
    assert [r.endorser for r in created if r.kind == EndorserKind.PEER] == [fellow]


def test_nobody_asks_themselves(claimed_contribution, volunteer):
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(
            contribution=claimed_contribution, by=volunteer, peers=[volunteer]
        )
    assert error.value.code == "self_endorsement"
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(
            contribution=claimed_contribution,
            by=volunteer,
            referents=[Referent(email="AMINA@example.org", name="Moi")],
        )
    assert error.value.code == "self_endorsement"
    assert not EndorsementRequest.objects.exists()  # all or nothing


def test_a_leader_volunteering_in_their_own_initiative_is_not_asked(
    default_framework, leader, initiative
):
    own = contribution_with_claims(owner=leader, initiative=initiative, version=default_framework)
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(contribution=own, by=leader)
    assert error.value.code == "nobody"


def test_only_members_can_be_asked_as_peers(
    claimed_contribution, volunteer, outsider, other_leader
):
    for person in (outsider, other_leader):
        with pytest.raises(ValidationError) as error:
            endorsement_request_create(
                contribution=claimed_contribution, by=volunteer, peers=[person]
            )
        assert error.value.code == "not_member"


def test_only_the_owner_asks_and_only_on_a_recorded_contribution_with_claims(
    claimed_contribution, volunteer, leader, fellow, default_framework, initiative
):
    with pytest.raises(PermissionDenied):
        endorsement_request_create(contribution=claimed_contribution, by=fellow)
    claimed_contribution.status = ContributionStatus.DRAFT
    claimed_contribution.save()
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(contribution=claimed_contribution, by=volunteer)
    assert error.value.code == "draft"
    empty = contribution_with_claims(
        owner=volunteer, initiative=initiative, version=default_framework, levels=()
    )
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(contribution=empty, by=volunteer)
    assert error.value.code == "no_claim"


def test_a_referent_with_an_account_gets_a_normal_request(
    claimed_contribution, volunteer, outsider, fellow, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = endorsement_request_create(
            contribution=claimed_contribution,
            by=volunteer,
            referents=[
                Referent(email="Outsider@Example.org", name="Quelqu'un"),
                Referent(email="bastien@example.org", name="Bastien"),
            ],
        )
    by_endorser = {r.endorser: r for r in created}
    assert by_endorser[outsider].kind == EndorserKind.OUTSIDE
    assert by_endorser[fellow].kind == EndorserKind.PEER  # a member is a fellow, however asked
    assert all(r.token_hash is None for r in created)
    assert Notification.objects.filter(recipient=outsider).count() == 1
    assert not any("/endorsements/link/" in m.body for m in mail.outbox)


def test_a_referent_needs_a_name(claimed_contribution, volunteer):
    with pytest.raises(ValidationError) as error:
        endorsement_request_create(
            contribution=claimed_contribution,
            by=volunteer,
            referents=[Referent(email="nora@example.org", name=" ")],
        )
    assert error.value.message_dict == {"name": ["Give the name of the person you ask."]}


def test_cancelling(leader_request, volunteer, leader):
    with pytest.raises(PermissionDenied):
        endorsement_request_cancel(request=leader_request, by=leader)
    endorsement_request_cancel(request=leader_request, by=volunteer)
    leader_request.refresh_from_db()
    assert leader_request.status == EndorsementRequestStatus.CANCELLED
    with pytest.raises(ValidationError):
        endorsement_request_cancel(request=leader_request, by=volunteer)


# --- The ask page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("volunteer", 200),
        ("fellow", 404),
        ("leader", 404),
        ("other_leader", 404),
        (None, 302),
    ],
)
def test_only_the_owner_opens_the_ask_page(
    as_persona, claimed_contribution, fellow, persona, expected
):
    response = as_persona(persona).get(ask_url(claimed_contribution))
    assert response.status_code == expected
    if persona is None:
        assert response.url.startswith(reverse("accounts:login"))


def test_the_ask_page_names_the_leaders_and_offers_the_members(
    volunteer_client, claimed_contribution, fellow
):
    response = volunteer_client.get(ask_url(claimed_contribution))
    html = response.content.decode()
    assert "Sophie" in html
    assert list(response.context["form"].fields["peers"].queryset) == [fellow]


def test_asking_from_the_page(
    volunteer_client, claimed_contribution, fellow, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = volunteer_client.post(
            ask_url(claimed_contribution),
            {
                "peers": [fellow.pk],
                "referent_name": "Nora Petit",
                "referent_email": "nora@example.org",
                "message": "Merci !",
            },
        )
    assert response.url.startswith(reverse("community:endorsement_list") + "?sent=")
    kinds = sorted(EndorsementRequest.objects.values_list("kind", flat=True))
    assert kinds == ["leader", "outside", "peer"]
    assert EndorsementRequest.objects.filter(message="Merci !").count() == 3
    assert [m.to for m in mail.outbox if "/endorsements/link/" in m.body] == [["nora@example.org"]]


def test_the_ask_page_keeps_what_was_typed_when_refused(volunteer_client, claimed_contribution):
    response = volunteer_client.post(
        ask_url(claimed_contribution),
        {"referent_name": "Moi", "referent_email": "amina@example.org", "message": "Bonjour"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "You cannot endorse your own competences" in html
    assert 'value="amina@example.org"' in html and "Bonjour" in html
    assert not EndorsementRequest.objects.exists()


def test_a_referent_name_needs_an_address(volunteer_client, claimed_contribution):
    response = volunteer_client.post(ask_url(claimed_contribution), {"referent_name": "Nora"})
    assert response.context["form"].errors == {
        "referent_email": ["Give the email address of this person."]
    }


# --- The list of requests and cancelling from the page -------------------------------------


def test_the_list_shows_sent_and_received_requests(client, leader_request, volunteer, leader):
    client.force_login(volunteer)
    page = client.get(reverse("community:endorsement_list"))
    assert list(page.context["page"]) == [leader_request]
    assert list(page.context["to_answer"]) == []
    client.force_login(leader)
    page = client.get(reverse("community:endorsement_list"))
    assert list(page.context["to_answer"]) == [leader_request]
    assert list(page.context["page"]) == []


def test_the_list_needs_an_account(client):
    response = client.get(reverse("community:endorsement_list"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("volunteer", 302), ("leader", 403), ("fellow", 404), ("other_leader", 404), (None, 302)],
)
def test_only_the_volunteer_cancels(as_persona, leader_request, fellow, persona, expected):
    url = reverse("community:endorsement_request_cancel", args=[leader_request.uuid])
    response = as_persona(persona).post(url)
    assert response.status_code == expected
    leader_request.refresh_from_db()
    cancelled = leader_request.status == EndorsementRequestStatus.CANCELLED
    assert cancelled == (persona == "volunteer")
