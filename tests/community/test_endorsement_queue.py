"""The leaders' review queue: what it lists, bulk confirm, and a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, NotificationKind
from community.models import Endorsement, EndorsementRequestStatus, EndorserKind, Membership, Role
from community.services.endorsements import endorsement_bulk_confirm
from tests.accounts.factories.users import UserFactory
from tests.community.factories.endorsements import (
    EndorsementRequestFactory,
    bulk_contributions,
    contribution_with_claims,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

QUEUE = reverse("community:endorsement_queue")
CONFIRM = reverse("community:endorsement_queue_confirm")


@pytest.fixture
def two_more(default_framework, leader, initiative, fellow):
    """Bastien's two contributions, asked of Sophie; the newest is "Soudure"."""
    requests = []
    for title, age in (("Vélos", 3), ("Soudure", 1)):
        contribution = contribution_with_claims(
            owner=fellow,
            initiative=initiative,
            version=default_framework,
            title=title,
            levels=(1, 4, 2),
        )
        request = EndorsementRequestFactory(contribution=contribution, endorser=leader)
        request.created_at = timezone.now() - timedelta(hours=age)
        request.save()
        requests.append(request)
    return requests


@pytest.mark.parametrize("persona", ["volunteer", "fellow", "other_leader", "outsider"])
def test_the_queue_is_empty_for_anyone_but_the_leader_asked(
    as_persona, leader_request, fellow, persona
):
    response = as_persona(persona).get(QUEUE)
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_the_queue_needs_an_account(client):
    assert client.get(QUEUE).status_code == 302
    assert client.post(CONFIRM).status_code == 302


def test_the_queue_lists_the_leaders_requests_newest_first(
    client,
    leader,
    leader_request,
    two_more,
    fellow_request,
    default_framework,
    other_initiative,
    volunteer,
):
    # A request in another initiative Sophie leads is listed too.
    Membership.objects.create(initiative=other_initiative, user=leader, role=Role.LEADER)
    elsewhere = contribution_with_claims(
        owner=volunteer, initiative=other_initiative, version=default_framework, title="Laser"
    )
    far = EndorsementRequestFactory(contribution=elsewhere, endorser=leader)
    # Not listed: answered, expired, addressed to her as a peer, or on an initiative she left.
    answered = EndorsementRequestFactory(
        contribution=two_more[0].contribution,
        endorser=UserFactory(),
        status=EndorsementRequestStatus.ANSWERED,
    )
    expired = EndorsementRequestFactory(
        contribution=contribution_with_claims(
            owner=volunteer, initiative=other_initiative, version=default_framework, title="Vieux"
        ),
        endorser=leader,
        expires_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(leader)
    response = client.get(QUEUE)
    requests = [row[0] for row in response.context["rows"]]
    assert requests == [far, leader_request, two_more[1], two_more[0]]
    assert answered not in requests and expired not in requests
    html = response.content.decode()
    assert "Bastien: “Soudure”" in html
    assert "their level: 4, " in html
    # Several initiatives: a relationship that names none of them.
    assert response.context["form"]["relationship"].initial == (
        "I lead the initiative where this contribution took place."
    )


def test_the_default_relationship_names_the_only_initiative(client, leader, leader_request):
    client.force_login(leader)
    form = client.get(QUEUE).context["form"]
    assert form["relationship"].initial == "Leader of Repair Café de Chenôve"


def test_bulk_confirm_endorses_every_claim_at_the_self_level(
    client,
    leader,
    leader_request,
    two_more,
    fellow,
    volunteer,
    initiative,
    django_capture_on_commit_callbacks,
):
    client.force_login(leader)
    chosen = [leader_request, two_more[1]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CONFIRM,
            {"requests": [str(r.uuid) for r in chosen], "relationship": "Leader of the café"},
        )
    assert response.url == QUEUE
    endorsements = Endorsement.objects.select_related("claim")
    assert endorsements.count() == 2 + 3
    for endorsement in endorsements:
        assert endorsement.level == endorsement.claim.self_level
        assert endorsement.kind == EndorserKind.LEADER and endorsement.initiative == initiative
        assert endorsement.endorser == leader and endorsement.relationship == "Leader of the café"
    for request in chosen:
        request.refresh_from_db()
        assert request.status == EndorsementRequestStatus.ANSWERED and request.answered_at
    two_more[0].refresh_from_db()
    assert two_more[0].status == EndorsementRequestStatus.PENDING
    kinds = Notification.objects.values_list("recipient__email", "kind")
    assert sorted(kinds) == [
        ("amina@example.org", NotificationKind.ENDORSEMENT_RECEIVED),
        ("bastien@example.org", NotificationKind.ENDORSEMENT_RECEIVED),
    ]
    page = client.get(QUEUE)
    assert [row[0] for row in page.context["rows"]] == [two_more[0]]


def test_bulk_confirm_updates_an_earlier_endorsement(client, leader, leader_request):
    claim = leader_request.contribution.claims.order_by("pk").first()
    Endorsement.objects.create(
        claim=claim,
        endorser=leader,
        endorser_name="Sophie",
        endorser_email="SOPHIE@example.org",
        kind=EndorserKind.LEADER,
        level=1,
        comment="Gardé",
        relationship="Avant",
    )
    client.force_login(leader)
    client.post(CONFIRM, {"requests": [str(leader_request.uuid)], "relationship": "Après"})
    assert Endorsement.objects.filter(claim=claim).count() == 1
    endorsement = Endorsement.objects.get(claim=claim)
    assert (endorsement.level, endorsement.comment, endorsement.relationship) == (
        claim.self_level,
        "Gardé",
        "Après",
    )


def test_bulk_confirm_refuses_what_is_not_in_ones_queue(
    client, leader, other_leader, leader_request, default_framework, other_initiative, volunteer
):
    theirs = EndorsementRequestFactory(
        contribution=contribution_with_claims(
            owner=volunteer, initiative=other_initiative, version=default_framework
        ),
        endorser=other_leader,
    )
    client.force_login(leader)
    response = client.post(
        CONFIRM, {"requests": [str(leader_request.uuid), str(theirs.uuid)], "relationship": "x"}
    )
    assert response.status_code == 200
    assert "requests" in response.context["form"].errors
    assert not Endorsement.objects.exists()
    # What was selected stays selected.
    assert str(leader_request.uuid) in response.context["selected"]


def test_bulk_confirm_needs_a_selection_and_a_relationship(client, leader, leader_request):
    client.force_login(leader)
    response = client.post(CONFIRM, {"requests": [], "relationship": ""})
    errors = response.context["form"].errors
    assert errors["requests"] == ["Select at least one request."]
    assert "relationship" in errors


def test_the_service_checks_each_request(leader, fellow, leader_request, fellow_request):
    with pytest.raises(PermissionDenied):
        endorsement_bulk_confirm(requests=[leader_request], by=fellow, relationship="x")
    with pytest.raises(PermissionDenied):  # a peer's request is not for the queue
        endorsement_bulk_confirm(requests=[fellow_request], by=fellow, relationship="x")
    assert not Endorsement.objects.exists()


def test_the_queue_uses_a_constant_number_of_queries(
    client, leader, volunteer, initiative, fellow, default_framework, count_queries
):
    client.force_login(leader)
    bulk_contributions(
        owner=volunteer,
        version=default_framework,
        initiative=initiative,
        leader=leader,
        peer=fellow,
        count=1,
    )
    few = count_queries(client, QUEUE)
    bulk_contributions(
        owner=volunteer,
        version=default_framework,
        initiative=initiative,
        leader=leader,
        peer=fellow,
        count=200,
    )
    many = count_queries(client, QUEUE)
    assert many == few
    page = client.get(QUEUE)
    assert len(page.context["rows"]) == 50  # one page
    assert all(len(claims) == 3 for _request, claims in page.context["rows"])
