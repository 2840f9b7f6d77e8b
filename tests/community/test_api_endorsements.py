"""The endorsement API: the same rules as the pages, for every endpoint and persona."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Notification
from community.models import Endorsement, EndorsementRequest, EndorsementRequestStatus, EndorserKind
from community.services.endorsements import ClaimAnswer, endorsement_answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def api(name, *args) -> str:
    return reverse(f"community_api:{name}", args=args)


def answer_body(contribution, levels, relationship="Leader of the café"):
    claims = contribution.claims.order_by("pk")
    return {
        "relationship": relationship,
        "answers": [
            {"claim": str(claim.uuid), "level": level, "comment": "Vu"}
            for claim, level in zip(claims, levels, strict=True)
        ],
    }


@pytest.fixture
def answered(leader_request, leader, claimed_contribution):
    answers = [ClaimAnswer(claim=c, level=2) for c in claimed_contribution.claims.order_by("pk")]
    return endorsement_answer(
        request=leader_request, by=leader, answers=answers, relationship="Leader"
    )


# --- Requests: list, create, candidates -------------------------------------------------


def test_anonymous_callers_are_refused(client, leader_request):
    for url in (
        api("endorsement_request_list"),
        api("endorsement_request_detail", leader_request.uuid),
        api("endorsement_list"),
        api("competence_profile"),
    ):
        assert client.get(url).status_code == 401
    assert client.post(api("endorsement_request_cancel", leader_request.uuid)).status_code == 401


def test_lists_of_sent_and_received_requests(client, volunteer, leader, fellow, leader_request):
    client.force_login(volunteer)
    sent = client.get(api("endorsement_request_list")).json()["results"]
    assert [r["uuid"] for r in sent] == [str(leader_request.uuid)]
    assert sent[0]["state"] == "pending" and sent[0]["kind"] == "leader"
    assert (
        sent[0]["endorser"] == "Sophie" and sent[0]["contribution"]["title"] == "Accueil du samedi"
    )
    assert client.get(api("endorsement_request_list"), {"box": "received"}).json()["results"] == []
    assert client.get(api("endorsement_request_list"), {"box": "x"}).status_code == 400
    client.force_login(leader)
    received = client.get(api("endorsement_request_list"), {"box": "received"}).json()["results"]
    assert [r["uuid"] for r in received] == [str(leader_request.uuid)]
    client.force_login(fellow)
    assert client.get(api("endorsement_request_list"), {"box": "received"}).json()["results"] == []


def test_asking_for_endorsement(
    client, volunteer, leader, fellow, claimed_contribution, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    candidates = client.get(
        api("endorsement_candidates"), {"contribution": str(claimed_contribution.uuid)}
    ).json()
    assert candidates == {
        "leaders": [{"id": leader.pk, "name": "Sophie"}],
        "peers": [{"id": fellow.pk, "name": "Bastien"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            api("endorsement_request_list"),
            {
                "contribution": str(claimed_contribution.uuid),
                "peers": [fellow.pk],
                "referents": [{"email": "nora@example.org", "name": "Nora"}],
                "message": "Merci",
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.json()
    assert sorted(r["kind"] for r in response.json()) == ["leader", "outside", "peer"]
    assert [m.to for m in mail.outbox if "/endorsements/link/" in m.body] == [["nora@example.org"]]


def test_asking_is_refused_with_reasons(client, volunteer, fellow, claimed_contribution, leader):
    client.force_login(volunteer)
    url = api("endorsement_request_list")
    body = {"contribution": str(claimed_contribution.uuid)}
    response = client.post(
        url,
        {**body, "referents": [{"email": "amina@example.org", "name": "Moi"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "You cannot endorse your own competences" in str(response.json())
    response = client.post(url, {**body, "peers": [leader.pk]}, content_type="application/json")
    assert response.json() == {"peers": ["Choose fellow members of the initiative."]}
    assert not EndorsementRequest.objects.exists()
    client.force_login(fellow)  # not their contribution
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400 and "contribution" in response.json()
    candidates = api("endorsement_candidates")
    assert client.get(candidates, body).status_code == 404


# --- One request: read, cancel, decline, answer ------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("volunteer", 200), ("leader", 200), ("fellow", 404), ("other_leader", 404)],
)
def test_who_reads_a_request(as_persona, leader_request, fellow, persona, expected):
    url = api("endorsement_request_detail", leader_request.uuid)
    assert as_persona(persona).get(url).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("volunteer", 200), ("leader", 403), ("fellow", 404), ("other_leader", 404)],
)
def test_only_the_volunteer_cancels(as_persona, leader_request, fellow, persona, expected):
    response = as_persona(persona).post(api("endorsement_request_cancel", leader_request.uuid))
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["state"] == "cancelled"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("leader", 200), ("volunteer", 403), ("fellow", 404), ("other_leader", 404)],
)
def test_only_the_person_asked_declines(as_persona, leader_request, fellow, persona, expected):
    response = as_persona(persona).post(
        api("endorsement_request_decline", leader_request.uuid),
        {"reason": "Pas vu"},
        content_type="application/json",
    )
    assert response.status_code == expected
    leader_request.refresh_from_db()
    declined = leader_request.status == EndorsementRequestStatus.DECLINED
    assert declined == (expected == 200)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("leader", 200), ("volunteer", 403), ("fellow", 404), ("other_leader", 404)],
)
def test_only_the_person_asked_answers(
    as_persona, leader_request, claimed_contribution, fellow, persona, expected
):
    response = as_persona(persona).post(
        api("endorsement_request_answer", leader_request.uuid),
        answer_body(claimed_contribution, [2, 4]),
        content_type="application/json",
    )
    assert response.status_code == expected
    assert Endorsement.objects.count() == (2 if expected == 200 else 0)


def test_answering_twice_updates_and_marks_leaders(
    client, leader, volunteer, leader_request, claimed_contribution, initiative
):
    client.force_login(leader)
    url = api("endorsement_request_answer", leader_request.uuid)
    first = client.post(
        url, answer_body(claimed_contribution, [2, 4]), content_type="application/json"
    )
    assert sorted(e["level"] for e in first.json()) == [2, 4]
    assert {(e["kind"], e["initiative"]) for e in first.json()} == {("leader", initiative.slug)}
    again = client.post(
        url, answer_body(claimed_contribution, [3, None]), content_type="application/json"
    )
    assert [e["level"] for e in again.json()] == [3]
    assert list(Endorsement.objects.values_list("level", flat=True)) == [3]
    assert Notification.objects.filter(recipient=volunteer).count() == 1


def test_answers_name_the_request_claims_only(
    client, leader, leader_request, claimed_contribution, default_framework
):
    client.force_login(leader)
    body = answer_body(claimed_contribution, [2, 2])
    body["answers"][0]["claim"] = "00000000-0000-0000-0000-000000000000"
    response = client.post(
        api("endorsement_request_answer", leader_request.uuid),
        body,
        content_type="application/json",
    )
    assert response.status_code == 400
    body = answer_body(claimed_contribution, [9, 2])
    response = client.post(
        api("endorsement_request_answer", leader_request.uuid),
        body,
        content_type="application/json",
    )
    assert response.status_code == 400


def test_bulk_confirm(client, leader, other_leader, leader_request, claimed_contribution):
    client.force_login(other_leader)
    url = api("endorsement_request_bulk_confirm")
    body = {"requests": [str(leader_request.uuid)], "relationship": "Leader"}
    assert client.post(url, body, content_type="application/json").status_code == 400
    client.force_login(leader)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()[0]["state"] == "answered"
    levels = Endorsement.objects.values_list("level", "claim__self_level")
    assert all(level == own for level, own in levels) and len(levels) == 2


# --- Endorsements and the profile ------------------------------------------------------


def test_endorsements_of_my_claims_and_those_i_gave(client, volunteer, leader, fellow, answered):
    client.force_login(volunteer)
    mine = client.get(api("endorsement_list")).json()["results"]
    assert len(mine) == 2 and {e["kind"] for e in mine} == {EndorserKind.LEADER}
    assert client.get(api("endorsement_list"), {"role": "author"}).json()["results"] == []
    client.force_login(leader)
    assert client.get(api("endorsement_list")).json()["results"] == []
    given = client.get(api("endorsement_list"), {"role": "author"}).json()["results"]
    assert len(given) == 2
    client.force_login(fellow)
    assert client.get(api("endorsement_list")).json()["results"] == []


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("leader", 200, 200),  # the author
        ("volunteer", 200, 403),  # the volunteer whose claim it is
        ("fellow", 404, 404),
        ("other_leader", 404, 404),
    ],
)
def test_who_reads_and_changes_an_endorsement(as_persona, answered, fellow, persona, read, write):
    url = api("endorsement_detail", answered[0].uuid)
    client = as_persona(persona)
    assert client.get(url).status_code == read
    response = client.patch(url, {"level": 3, "comment": "Mieux"}, content_type="application/json")
    assert response.status_code == write
    answered[0].refresh_from_db()
    assert answered[0].level == (3 if write == 200 else 2)


def test_an_endorsement_level_stays_on_the_scale(client, leader, answered):
    client.force_login(leader)
    url = api("endorsement_detail", answered[0].uuid)
    response = client.patch(url, {"level": 9}, content_type="application/json")
    assert response.status_code == 400


def test_the_profile(client, volunteer, fellow, answered):
    client.force_login(volunteer)
    data = client.get(api("competence_profile")).json()
    assert [level["number"] for level in data["scale"]] == [1, 2, 3, 4]
    [domain] = data["domains"]
    assert domain["code"] == "ORG"
    first = domain["competences"][0]
    assert first["code"] == "ORG.1" and first["endorsed_level"] == 2
    assert first["leader_endorsements"] == 1 and first["self_level"] == 2
    assert first["hours"] == "6.0" and first["contributions"] == 1
    client.force_login(fellow)
    assert client.get(api("competence_profile")).json()["domains"] == []


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for path in (
        "/api/v1/endorsement-requests/",
        "/api/v1/endorsement-requests/{uuid}/answer/",
        "/api/v1/endorsement-requests/bulk-confirm/",
        "/api/v1/endorsements/{uuid}/",
        "/api/v1/profile/competences/",
    ):
        assert path in schema["paths"], path
