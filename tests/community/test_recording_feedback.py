"""After asking for endorsement, the page shows what was just sent first: each request just
created, whom it went to and its state, above the older requests. Only the volunteer who
sent them sees them there; a fellow member or an outsider given the same address sees
nothing of them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from community.models import EndorsementRequest
from tests.community.factories.endorsements import (
    EndorsementRequestFactory,
    contribution_with_claims,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def ask(client, contribution, **data):
    return client.post(reverse("community:endorsement_ask", args=[contribution.uuid]), data)


def just_sent_block(page: str) -> str:
    match = re.search(r'<section aria-labelledby="just-sent-title".*?</section>', page, re.S)
    assert match, "the page has a 'just sent' block"
    return match.group(0)


@pytest.fixture
def older_request(volunteer, initiative, default_framework, other_leader):
    """A request Amina sent earlier, on another contribution: it must not come first."""
    contribution = contribution_with_claims(
        owner=volunteer, initiative=initiative, version=default_framework, title="Older work"
    )
    return EndorsementRequestFactory(
        contribution=contribution,
        kind="outside",
        endorser=None,
        email="zoe@example.org",
        name="Zoé Ancienne",
    )


def test_the_volunteer_lands_on_what_she_just_sent(
    client, volunteer, claimed_contribution, fellow, older_request
):
    client.force_login(volunteer)
    response = ask(
        client,
        claimed_contribution,
        peers=[fellow.pk],
        referent_name="Nora Petit",
        referent_email="nora@example.org",
    )
    assert response.status_code == 302
    created = set(
        EndorsementRequest.objects.filter(contribution=claimed_contribution).values_list(
            "uuid", flat=True
        )
    )
    assert len(created) == 3  # the leader, the fellow member, the referent
    sent = parse_qs(urlsplit(response.url).query)["sent"]
    assert {str(uuid) for uuid in created} == set(sent)

    page = client.get(response.url).content.decode()
    block = just_sent_block(page)
    # First: before the requests waiting for her answer and the table of sent requests.
    assert page.index(block) < page.index('id="to-answer-title"') < page.index('id="sent-title"')
    assert "3 requests just sent" in block
    for name in ("Sophie", "Bastien", "Nora Petit"):
        assert name in block
    assert "Zoé Ancienne" not in block and "Zoé Ancienne" in page
    assert block.count("just-sent__state") == 3 and block.count(">Waiting for an answer<") == 3
    assert "Accueil du samedi" in block
    for uuid in created:
        assert reverse("community:endorsement_request_detail", args=[uuid]) in block


def test_one_request_just_sent_is_shown_with_its_state(
    client, volunteer, leader_request, older_request
):
    client.force_login(volunteer)
    url = reverse("community:endorsement_list")
    leader_request.status = "declined"
    leader_request.save(update_fields=["status"])
    page = client.get(url, {"sent": str(leader_request.uuid)}).content.decode()
    block = just_sent_block(page)
    assert "Request just sent" in block and "Sophie" in block
    assert ">Declined<" in block and "Zoé Ancienne" not in block


def test_without_anything_just_sent_the_list_is_as_before(client, volunteer, leader_request):
    client.force_login(volunteer)
    page = client.get(reverse("community:endorsement_list")).content.decode()
    assert "just-sent-title" not in page


@pytest.mark.parametrize("persona", ["fellow", "leader", "outsider"])
def test_others_given_the_address_see_nothing_just_sent(
    as_persona, leader_request, fellow_request, persona
):
    """A fellow member, the leader asked, an outsider: none of them sent these requests."""
    client = as_persona(persona)
    url = reverse("community:endorsement_list")
    sent = [str(leader_request.uuid), str(fellow_request.uuid)]
    response = client.get(url, {"sent": sent})
    assert response.status_code == 200
    assert response.context["just_sent"] == []
    assert "just-sent-title" not in response.content.decode()


def test_anonymous_people_are_sent_to_sign_in(client, leader_request):
    response = client.get(reverse("community:endorsement_list"), {"sent": str(leader_request.uuid)})
    assert response.status_code == 302


def test_wrong_identifiers_are_ignored(client, volunteer, leader_request):
    client.force_login(volunteer)
    url = reverse("community:endorsement_list")
    response = client.get(url, {"sent": ["not-a-uuid", str(leader_request.uuid), ""]})
    assert response.context["just_sent"] == [leader_request]


def test_the_queries_do_not_grow_with_the_requests_just_sent(
    client, volunteer, claimed_contribution, count_queries
):
    client.force_login(volunteer)
    url = reverse("community:endorsement_list")

    def referent(number: int) -> EndorsementRequest:
        return EndorsementRequestFactory(
            contribution=claimed_contribution,
            kind="outside",
            endorser=None,
            email=f"referent{number}@example.org",
            name=f"Referent {number}",
        )

    first = count_queries(client, f"{url}?sent={referent(0).uuid}")
    many = [referent(number) for number in range(1, 7)]
    query = "&".join(f"sent={r.uuid}" for r in many)
    assert count_queries(client, f"{url}?{query}") == first
