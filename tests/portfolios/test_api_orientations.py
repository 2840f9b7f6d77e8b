"""The orientation API, by persona: the advisor proposes from a share addressed to them and
follows the steps; the person answers and ends it; nobody else reads or answers anything;
once the share is withdrawn or the orientation ended, the advisor gets nothing more."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from community.models import Role
from portfolios.models import Orientation, OrientationStatus
from portfolios.services.shares import share_link_revoke
from tests.accounts.factories.users import UserFactory
from tests.community.factories.contributions import ContributionFactory
from tests.community.factories.initiatives import MembershipFactory
from tests.conftest import login, refused
from tests.portfolios.factories.shares import portfolio_with_competences, share_make

pytestmark = pytest.mark.django_db

API = "portfolios_api"


def _url(name: str, *args) -> str:
    return reverse(f"{API}:{name}", args=args)


@pytest.fixture
def nadia(db):
    return UserFactory(email="nadia@example.org", display_name="Nadia")


@pytest.fixture
def shared(nadia, advisor, default_framework):
    portfolio = portfolio_with_competences(nadia, default_framework, {"COOP.1": 2})
    share, _ = share_make(portfolio, recipient_email="karim@example.org")
    return share


@pytest.fixture
def other_advisor(db):
    return UserFactory(email="lea@example.org", display_name="Léa", is_advisor=True)


def _propose(client, advisor, shared, initiative) -> dict:
    login(client, advisor)
    response = client.post(
        _url("advisor_orientations"),
        {"share": str(shared.uuid), "initiative": initiative.slug, "message": "À essayer."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_whole_pathway_through_the_api(client, advisor, shared, initiative, nadia):
    created = _propose(client, advisor, shared, initiative)
    assert created["person_name"] == "Nadia" and created["status"] == "proposed"
    assert [step["key"] for step in created["steps"]] == ["proposed"]
    login(client, nadia)
    (mine,) = client.get(_url("orientation_list")).json()["results"]
    assert mine["uuid"] == created["uuid"] and mine["advisor_name"] == "Karim"
    answer = client.post(
        _url("orientation_accept", created["uuid"]),
        {"share_portfolio": True, "introduction_message": "Le samedi."},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["portfolio_given"] is True
    MembershipFactory(initiative=initiative, user=nadia, role=Role.MEMBER)
    login(client, advisor)
    (pathway,) = client.get(_url("advisor_orientations")).json()["results"]
    reached = {step["key"]: step["reached"] for step in pathway["steps"]}
    assert reached["joined"] and not reached["first_contribution"]
    ContributionFactory(owner=nadia, initiative=initiative)
    (pathway,) = client.get(_url("advisor_orientations")).json()["results"]
    reached = {step["key"]: step["reached"] for step in pathway["steps"]}
    assert reached["first_contribution"]
    assert "nadia@example.org" not in str(pathway)


@pytest.mark.parametrize("persona", [None, "volunteer", "leader", "outsider"])
def test_only_advisors_have_pathways(client, as_persona, persona):
    as_persona(persona)
    assert client.get(_url("advisor_orientations")).status_code == refused(persona)
    posted = client.post(_url("advisor_orientations"), {}, content_type="application/json")
    assert posted.status_code == refused(persona)


def test_another_advisor_can_neither_propose_nor_follow(
    client, advisor, other_advisor, shared, initiative
):
    created = _propose(client, advisor, shared, initiative)
    login(client, other_advisor)
    refused_post = client.post(
        _url("advisor_orientations"),
        {"share": str(shared.uuid), "initiative": initiative.slug},
        content_type="application/json",
    )
    assert refused_post.status_code == 400 and "share" in refused_post.json()
    assert client.get(_url("advisor_orientations")).json()["results"] == []
    for action in ("orientation_accept", "orientation_decline", "orientation_end"):
        response = client.post(_url(action, created["uuid"]), {}, content_type="application/json")
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ["advisor", "leader", "outsider"])
def test_only_the_person_answers(client, as_persona, advisor, shared, initiative, persona):
    created = _propose(client, advisor, shared, initiative)
    as_persona(persona)
    assert client.get(_url("orientation_list")).json()["results"] == []
    for action in ("orientation_accept", "orientation_decline", "orientation_end"):
        response = client.post(_url(action, created["uuid"]), {}, content_type="application/json")
        assert response.status_code == 404
    assert Orientation.objects.get().status == OrientationStatus.PROPOSED


def test_after_the_share_is_withdrawn_or_the_orientation_ended_the_advisor_gets_nothing(
    client, advisor, shared, initiative, nadia, other_initiative
):
    first = _propose(client, advisor, shared, initiative)
    _propose(client, advisor, shared, other_initiative)
    login(client, nadia)
    client.post(_url("orientation_accept", first["uuid"]), {}, content_type="application/json")
    ended = client.post(_url("orientation_end", first["uuid"]))
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    login(client, advisor)
    (left,) = client.get(_url("advisor_orientations")).json()["results"]
    assert left["initiative"] == other_initiative.slug
    share_link_revoke(share=shared, by=nadia)
    assert client.get(_url("advisor_orientations")).json()["results"] == []
    again = client.post(
        _url("advisor_orientations"),
        {"share": str(shared.uuid), "initiative": initiative.slug},
        content_type="application/json",
    )
    assert again.status_code == 400


def test_answering_twice_is_refused(client, advisor, shared, initiative, nadia):
    created = _propose(client, advisor, shared, initiative)
    login(client, nadia)
    assert client.post(_url("orientation_decline", created["uuid"])).status_code == 200
    again = client.post(
        _url("orientation_accept", created["uuid"]), {}, content_type="application/json"
    )
    assert again.status_code == 400


def test_the_schema_documents_the_endpoints(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stderr=io.StringIO())
    schema = target.read_text()
    for path in (
        "/api/v1/orientations/",
        "/api/v1/orientations/{uuid}/accept/",
        "/api/v1/orientations/{uuid}/end/",
        "/api/v1/advisor/orientations/",
        "/api/v1/attestations/",
        "/api/v1/attestations/initiatives/{slug}/",
        "/api/v1/attestations/{uuid}/revoke/",
    ):
        assert f"  {path}:" in schema, path
