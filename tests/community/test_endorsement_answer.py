"""Answering a request with an account: who may, what they see, confirming or adjusting each
level, editing (never duplicating), declining, and the volunteer's notifications."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Notification, NotificationKind
from community.models import Endorsement, EndorsementRequestStatus, EndorserKind, Membership, Role
from community.services.endorsements import ClaimAnswer, endorsement_answer
from tests.community.factories.endorsements import EndorsementRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def detail_url(request) -> str:
    return reverse("community:endorsement_request_detail", args=[request.uuid])


def answer_data(contribution, levels, relationship="Leader of Repair Café de Chenôve", **extra):
    data = {"relationship": relationship, **extra}
    for claim, level in zip(contribution.claims.order_by("pk"), levels, strict=True):
        data[f"claim-{claim.uuid}-level"] = "" if level is None else str(level)
        data[f"claim-{claim.uuid}-comment"] = ""
    return data


def claims_of(contribution):
    return list(contribution.claims.order_by("pk"))


# --- Who opens a request -------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("leader", 200),  # asked: the answer form
        ("volunteer", 200),  # sent it: the status page
        ("fellow", 404),  # a fellow member who was not asked
        ("other_leader", 404),  # a leader of another initiative
        ("outsider", 404),
        (None, 302),
    ],
)
def test_who_opens_a_leaders_request(as_persona, leader_request, fellow, persona, expected):
    response = as_persona(persona).get(detail_url(leader_request))
    assert response.status_code == expected
    if persona == "leader":
        assert response.templates[0].name == "community/endorsements/answer.html"
    if persona == "volunteer":
        assert response.templates[0].name == "community/endorsements/request_detail.html"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("volunteer", 403), ("fellow", 404), ("other_leader", 404), (None, 302)],
)
def test_only_the_person_asked_can_endorse(
    as_persona, leader_request, claimed_contribution, fellow, persona, expected
):
    response = as_persona(persona).post(
        detail_url(leader_request), answer_data(claimed_contribution, [2, 3])
    )
    assert response.status_code == expected
    assert not Endorsement.objects.exists()


def test_the_service_refuses_anyone_but_the_person_asked(
    leader_request, claimed_contribution, fellow
):
    answers = [ClaimAnswer(claim=claim, level=2) for claim in claims_of(claimed_contribution)]
    for someone in (fellow, None):
        with pytest.raises(PermissionDenied):
            endorsement_answer(
                request=leader_request, by=someone, answers=answers, relationship="x"
            )


def test_nobody_endorses_their_own_claims(claimed_contribution, volunteer):
    """Even with a request addressed to themselves (which asking refuses)."""
    request = EndorsementRequestFactory(
        contribution=claimed_contribution, endorser=volunteer, kind=EndorserKind.PEER
    )
    answers = [ClaimAnswer(claim=claim, level=4) for claim in claims_of(claimed_contribution)]
    with pytest.raises(ValidationError) as error:
        endorsement_answer(request=request, by=volunteer, answers=answers, relationship="Moi")
    assert error.value.code == "self_endorsement"
    assert not Endorsement.objects.exists()


# --- What the person asked sees ------------------------------------------------------


def test_the_answer_page_shows_the_contribution_and_only_shared_evidence(
    client, leader, leader_request, claimed_contribution
):
    client.force_login(leader)
    response = client.get(detail_url(leader_request))
    html = response.content.decode()
    for text in (
        "Accueil du samedi",
        "Repair Café de Chenôve",
        "J&#x27;ai accueilli les visiteurs",
    ):
        assert text in html
    assert "Le planning des bénévoles" in html and "L&#x27;article du journal" in html
    assert "Mon carnet personnel" not in html
    form = response.context["form"]
    first, second = claims_of(claimed_contribution)
    assert form[f"claim-{first.uuid}-level"].initial == "2"  # the self level is preselected
    assert form[f"claim-{second.uuid}-level"].initial == "3"
    assert form["relationship"].initial == "Leader of Repair Café de Chenôve"
    assert "organisation" not in form.fields and "name" not in form.fields
    assert re.search(rf'name="claim-{first.uuid}-level" value="2"[^>]* checked>', html)


def test_a_claims_statement_is_escaped_in_the_help_text(
    client, leader, leader_request, claimed_contribution
):
    claim = claims_of(claimed_contribution)[0]
    claim.statement = "<script>alert(1)</script>"
    claim.save()
    client.force_login(leader)
    html = client.get(detail_url(leader_request)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Confirming, adjusting, editing -------------------------------------------------------


def test_a_leader_confirms_one_level_and_adjusts_the_other(
    client,
    leader,
    volunteer,
    leader_request,
    claimed_contribution,
    initiative,
    django_capture_on_commit_callbacks,
):
    client.force_login(leader)
    data = answer_data(claimed_contribution, [2, 4])
    first, second = claims_of(claimed_contribution)
    data[f"claim-{second.uuid}-comment"] = "Elle forme les nouveaux."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(leader_request), data)
    assert response.url == reverse("community:endorsement_queue")
    endorsements = {e.claim_id: e for e in Endorsement.objects.all()}
    assert endorsements[first.pk].level == 2 and endorsements[second.pk].level == 4
    assert endorsements[second.pk].comment == "Elle forme les nouveaux."
    for endorsement in endorsements.values():
        assert endorsement.kind == EndorserKind.LEADER and endorsement.is_leader
        assert endorsement.initiative == initiative
        assert endorsement.endorser == leader and endorsement.endorser_name == "Sophie"
        assert endorsement.request == leader_request
        assert endorsement.relationship == "Leader of Repair Café de Chenôve"
    leader_request.refresh_from_db()
    assert leader_request.status == EndorsementRequestStatus.ANSWERED
    notification = Notification.objects.get(recipient=volunteer)
    assert notification.kind == NotificationKind.ENDORSEMENT_RECEIVED
    assert notification.message == "Sophie endorsed your competences on “Accueil du samedi”."
    assert notification.link == detail_url(leader_request)


def test_coming_back_edits_the_endorsements_without_duplicating_them(
    client, leader, volunteer, leader_request, claimed_contribution
):
    client.force_login(leader)
    client.post(detail_url(leader_request), answer_data(claimed_contribution, [2, 3]))
    page = client.get(detail_url(leader_request))
    assert page.status_code == 200 and page.context["editing"]
    second = claims_of(claimed_contribution)[1]
    assert page.context["form"][f"claim-{second.uuid}-level"].initial == "3"
    client.post(
        detail_url(leader_request), answer_data(claimed_contribution, [1, 4], relationship="Ami")
    )
    assert Endorsement.objects.count() == 2
    assert sorted(Endorsement.objects.values_list("level", "relationship")) == [
        (1, "Ami"),
        (4, "Ami"),
    ]
    # The volunteer heard about the endorsement once.
    assert Notification.objects.filter(recipient=volunteer).count() == 1


def test_a_new_request_to_the_same_person_updates_the_same_endorsements(
    leader, leader_request, claimed_contribution
):
    answers = [ClaimAnswer(claim=claim, level=2) for claim in claims_of(claimed_contribution)]
    endorsement_answer(request=leader_request, by=leader, answers=answers, relationship="x")
    again = EndorsementRequestFactory(contribution=claimed_contribution, endorser=leader)
    answers = [ClaimAnswer(claim=claim, level=3) for claim in claims_of(claimed_contribution)]
    endorsement_answer(request=again, by=leader, answers=answers, relationship="y")
    assert list(Endorsement.objects.values_list("level", "request")) == [
        (3, again.pk),
        (3, again.pk),
    ]


def test_i_cannot_say_leaves_a_claim_without_endorsement(
    client, fellow, fellow_request, claimed_contribution
):
    client.force_login(fellow)
    response = client.post(
        detail_url(fellow_request),
        answer_data(claimed_contribution, [None, 3], relationship="Voisine"),
    )
    assert response.status_code == 302
    [endorsement] = Endorsement.objects.all()
    assert endorsement.kind == EndorserKind.PEER and endorsement.initiative is None
    assert endorsement.level == 3
    # Saying nothing about a claim later withdraws the earlier endorsement.
    client.post(
        detail_url(fellow_request), answer_data(claimed_contribution, [2, None], relationship="V")
    )
    assert list(Endorsement.objects.values_list("claim__self_level", "level")) == [(2, 2)]


def test_at_least_one_level_or_decline(client, fellow, fellow_request, claimed_contribution):
    client.force_login(fellow)
    response = client.post(
        detail_url(fellow_request), answer_data(claimed_contribution, [None, None])
    )
    assert response.status_code == 200
    assert "Choose a level for at least one competence, or decline the request." in (
        response.content.decode()
    )


def test_a_level_outside_the_scale_and_a_missing_relationship_are_refused(
    client, fellow, fellow_request, claimed_contribution
):
    client.force_login(fellow)
    response = client.post(
        detail_url(fellow_request), answer_data(claimed_contribution, [7, 2], relationship="")
    )
    errors = response.context["form"].errors
    assert "relationship" in errors
    assert any(name.endswith("-level") for name in errors)
    assert not Endorsement.objects.exists()


def test_someone_who_no_longer_leads_cannot_answer_as_leader(
    leader, leader_request, claimed_contribution, initiative, other_leader
):
    Membership.objects.create(initiative=initiative, user=other_leader, role=Role.LEADER)
    Membership.objects.filter(initiative=initiative, user=leader).update(role=Role.MEMBER)
    answers = [ClaimAnswer(claim=claim, level=2) for claim in claims_of(claimed_contribution)]
    with pytest.raises(ValidationError) as error:
        endorsement_answer(request=leader_request, by=leader, answers=answers, relationship="x")
    assert error.value.code == "not_leader"


def test_cancelled_and_expired_requests_answer_410(client, leader, leader_request, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    time_machine.move_to(timezone.now() + timedelta(days=31))
    client.force_login(leader)
    assert client.get(detail_url(leader_request)).status_code == 410
    leader_request.status = EndorsementRequestStatus.CANCELLED
    leader_request.save()
    response = client.get(detail_url(leader_request))
    assert response.status_code == 410
    assert "This request was cancelled" in response.content.decode()


# --- Declining -------------------------------------------------------------------------


def test_declining_with_a_reason(
    client, fellow, volunteer, fellow_request, django_capture_on_commit_callbacks
):
    client.force_login(fellow)
    url = reverse("community:endorsement_request_decline", args=[fellow_request.uuid])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert response.context["decline_form"].errors == {"reason": ["This field is required."]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Je n'étais pas là ce jour-là."})
    assert response.url == reverse("community:endorsement_list")
    fellow_request.refresh_from_db()
    assert fellow_request.status == EndorsementRequestStatus.DECLINED
    assert fellow_request.decline_reason == "Je n'étais pas là ce jour-là."
    notification = Notification.objects.get(recipient=volunteer)
    assert notification.kind == NotificationKind.ENDORSEMENT_DECLINED
    assert notification.message == "Bastien declined to endorse “Accueil du samedi”."
    # The volunteer reads the reason on the request's page.
    client.force_login(volunteer)
    assert (
        "Je n&#x27;étais pas là ce jour-là."
        in client.get(detail_url(fellow_request)).content.decode()
    )
    # Declined once: it cannot be answered any more.
    client.force_login(fellow)
    assert client.get(detail_url(fellow_request)).status_code == 410


@pytest.mark.parametrize(
    ("persona", "expected"), [("volunteer", 403), ("leader", 404), ("other_leader", 404)]
)
def test_only_the_person_asked_declines(as_persona, fellow_request, persona, expected):
    url = reverse("community:endorsement_request_decline", args=[fellow_request.uuid])
    assert as_persona(persona).post(url, {"reason": "Non"}).status_code == expected
    fellow_request.refresh_from_db()
    assert fellow_request.status == EndorsementRequestStatus.PENDING


def test_the_volunteer_sees_the_answer_on_the_request_page(
    client, leader, volunteer, leader_request, claimed_contribution
):
    answers = [
        ClaimAnswer(claim=claim, level=level, comment="Bravo")
        for claim, level in zip(claims_of(claimed_contribution), [2, 4], strict=True)
    ]
    endorsement_answer(request=leader_request, by=leader, answers=answers, relationship="Leader")
    client.force_login(volunteer)
    html = client.get(detail_url(leader_request)).content.decode()
    assert "Level 2: confirmed" in html
    assert "Level 4 (you had said 3)" in html
    assert "Bravo" in html
