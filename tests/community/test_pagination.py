"""Every community list is paginated (#14): the same number of queries with ten times the data,
pages of a bounded size, accessible controls in French and English, the cursor API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from community.models import Contribution, EndorsementRequest, EndorserKind, Membership, Role
from community.views import endorsements as endorsement_views
from community.views.initiatives import INITIATIVES_PER_PAGE, MEMBERS_PER_PAGE
from config.keyset import capped_count, keyset_page
from tests.community.factories.endorsements import bulk_contributions
from tests.community.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db


def members_url(initiative, page: int | None = None) -> str:
    url = reverse("community:member_list", args=[initiative.slug])
    return f"{url}?page={page}" if page else url


def add_members(initiative, count: int, *, start: int = 0) -> None:
    users = User.objects.bulk_create(
        [
            User(email=f"member{index}@example.org", display_name=f"Membre {index:05}")
            for index in range(start, start + count)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(initiative=initiative, user=user, role=Role.MEMBER) for user in users]
    )


# --- An initiative's members ------------------------------------------------------------


def test_the_members_page_is_paginated_with_constant_queries_and_size(
    client, leader, initiative, count_queries
):
    client.force_login(leader)
    add_members(initiative, MEMBERS_PER_PAGE + 5)
    few = count_queries(client, members_url(initiative))
    small = len(client.get(members_url(initiative)).content)
    add_members(initiative, 10 * (MEMBERS_PER_PAGE + 5), start=1000)
    assert count_queries(client, members_url(initiative)) == few
    response = client.get(members_url(initiative))
    assert len(response.context["page"].object_list) == MEMBERS_PER_PAGE
    assert response.context["page"].paginator.count == 11 * (MEMBERS_PER_PAGE + 5) + 2
    assert len(response.content) < small * 1.1  # the page does not grow with the list
    # Light rows: one link per member to their page, no form per row.
    html = response.content.decode()
    assert html.count("<form") < 5
    assert html.count("/members/") >= MEMBERS_PER_PAGE


@pytest.mark.parametrize(
    ("language", "label", "of"),
    [("fr", "Page suivante", "Page 1 sur"), ("en", "Next page", "Page 1 of")],
)
def test_the_pagination_controls_speak_the_reader_language(
    client, leader, initiative, language, label, of
):
    leader.preferred_language = language
    leader.save(update_fields=["preferred_language"])
    client.force_login(leader)
    add_members(initiative, MEMBERS_PER_PAGE)
    html = client.get(members_url(initiative), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert '<nav class="pagination" aria-label="Pages">' in html
    assert 'rel="next"' in html and label in html and of in html
    second = client.get(members_url(initiative, 2), HTTP_ACCEPT_LANGUAGE=language)
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), ("outsider", 403), (None, 302)],
)
def test_a_member_page_is_for_leaders(
    as_persona, initiative, volunteer, other_initiative, persona, status
):
    membership = Membership.objects.get(initiative=initiative, user=volunteer)
    url = reverse("community:member_manage", args=[initiative.slug, membership.pk])
    response = as_persona(persona).get(url)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert f"/members/{membership.pk}/remove/" in html
        assert f"/members/{membership.pk}/role/" in html


def test_a_member_of_another_initiative_is_not_found(client, leader, initiative, other_initiative):
    client.force_login(leader)
    stranger = Membership.objects.filter(initiative=other_initiative).first()
    assert stranger is not None
    url = reverse("community:member_manage", args=[initiative.slug, stranger.pk])
    assert client.get(url).status_code == 404


# --- The initiatives list (page and API) -----------------------------------------------


def test_the_initiatives_list_counts_only_its_page(client, leader, count_queries):
    for index in range(INITIATIVES_PER_PAGE + 1):
        InitiativeFactory(name=f"Initiative {index:03}", leader=leader)
    few = count_queries(client, reverse("community:initiative_list"))
    for index in range(10 * INITIATIVES_PER_PAGE):
        InitiativeFactory(name=f"Z initiative {index:03}", leader=leader)
    assert count_queries(client, reverse("community:initiative_list")) == few
    response = client.get(reverse("community:initiative_list"))
    page = response.context["page"]
    assert len(page.object_list) == INITIATIVES_PER_PAGE
    assert all(initiative.member_count == 1 for initiative in page.object_list)
    assert 'rel="next"' in response.content.decode()
    api = client.get("/api/v1/initiatives/", {"page_size": 5}).json()
    assert len(api["results"]) == 5 and api["count"] == 11 * INITIATIVES_PER_PAGE + 1
    assert all(row["member_count"] == 1 for row in api["results"])


# --- A leader's queue: keyset pages, a capped count ------------------------------------


QUEUE = reverse("community:endorsement_queue")


@pytest.fixture
def queue_of(default_framework, leader, initiative, fellow, volunteer):
    def make(count: int) -> None:
        bulk_contributions(
            owner=fellow,
            version=default_framework,
            initiative=initiative,
            leader=leader,
            peer=volunteer,
            count=count,
        )

    return make


def test_the_queue_reads_one_page_with_constant_queries(client, leader, queue_of, count_queries):
    per_page = endorsement_views.QUEUE_PER_PAGE
    client.force_login(leader)
    queue_of(per_page + 2)
    few = count_queries(client, QUEUE)
    queue_of(10 * per_page)
    assert count_queries(client, QUEUE) == few
    response = client.get(QUEUE)
    assert len(response.context["rows"]) == per_page
    assert response.context["total"] == 11 * per_page + 2
    html = response.content.decode()
    assert 'rel="next"' in html and "?after=" in html and 'rel="prev"' not in html


def test_the_queue_pages_are_stable_when_requests_arrive(client, leader, queue_of):
    per_page = endorsement_views.QUEUE_PER_PAGE
    client.force_login(leader)
    queue_of(per_page + 3)
    first = client.get(QUEUE).context["page"]
    second = client.get(QUEUE, {"after": first.next_cursor}).context["page"]
    assert len(second.object_list) == 3 and second.has_previous and not second.has_next
    seen = {r.pk for r in first.object_list} | {r.pk for r in second.object_list}
    assert len(seen) == per_page + 3  # no duplicates, nothing left out
    queue_of(5)  # newer requests arrive: they go on the first page, the second stays
    again = client.get(QUEUE, {"after": first.next_cursor}).context["page"]
    assert [r.pk for r in again.object_list] == [r.pk for r in second.object_list]
    back = client.get(QUEUE, {"before": second.previous_cursor}).context["page"]
    assert len(back.object_list) == per_page and back.has_next
    assert back.object_list[-1].pk == first.object_list[-1].pk  # just before the second page
    assert client.get(QUEUE, {"after": "not-a-cursor"}).status_code == 200


def test_the_queue_count_stops_at_its_cap(client, leader, queue_of, monkeypatch, in_english):
    monkeypatch.setattr(endorsement_views, "QUEUE_COUNT_CAP", 5)
    client.force_login(leader)
    queue_of(8)
    html = client.get(QUEUE).content.decode()
    assert "More than 5 requests are waiting." in html
    assert capped_count(EndorsementRequest.objects.all(), cap=5) == 6


@pytest.mark.parametrize("persona", ["volunteer", "fellow", "other_leader", "outsider"])
def test_the_queue_shows_others_nothing(as_persona, queue_of, persona):
    queue_of(3)
    response = as_persona(persona).get(QUEUE)
    assert response.context["rows"] == [] and response.context["total"] == 0


@pytest.mark.parametrize("keys_first", [False, True])
def test_keyset_pages_walk_every_row_once(leader, queue_of, keys_first):
    queue_of(23)
    queryset = EndorsementRequest.objects.filter(kind=EndorserKind.LEADER).select_related(
        "contribution__owner"
    )
    seen, cursor, pages = [], None, []
    while True:
        page = keyset_page(
            queryset, fields=("created_at", "id"), size=5, after=cursor, keys_first=keys_first
        )
        pages.append(page)
        seen += [row.pk for row in page]
        if not page.has_next:
            break
        cursor = page.next_cursor
    expected = list(queryset.order_by("-created_at", "-id").values_list("pk", flat=True))
    assert seen == expected
    # and back again, from the last page to the first
    back = keyset_page(
        queryset,
        fields=("created_at", "id"),
        size=5,
        before=pages[-1].previous_cursor,
        keys_first=keys_first,
    )
    assert [row.pk for row in back] == [row.pk for row in pages[-2]]


def test_keys_first_reads_the_page_rows_with_their_joins(
    leader, queue_of, django_assert_num_queries
):
    """Keys first, then the rows by key, with select_related: two queries, none per row."""
    queue_of(7)
    queryset = EndorsementRequest.objects.filter(kind=EndorserKind.LEADER).select_related(
        "contribution__owner"
    )
    with django_assert_num_queries(2):
        page = keyset_page(queryset, fields=("created_at", "id"), size=5, keys_first=True)
        names = [row.contribution.owner.display_name for row in page]
    assert len(names) == 5 and page.has_next


# --- The API's contributions: cursor pagination -----------------------------------------


CONTRIBUTIONS = "/api/v1/contributions/"


def add_contributions(owner, initiative, count: int, *, offset: int = 0) -> None:
    now = timezone.now()
    Contribution.objects.bulk_create(
        [
            Contribution(
                owner=owner,
                initiative=initiative,
                title=f"Atelier {index}",
                started_on=date(2026, 1, 1) + timedelta(days=index // 3),
                created_at=now - timedelta(minutes=index),
            )
            for index in range(offset, offset + count)
        ]
    )


def test_the_contributions_api_is_paginated_by_cursor(client, volunteer, initiative, count_queries):
    client.force_login(volunteer)
    add_contributions(volunteer, initiative, 12)
    few = count_queries(client, CONTRIBUTIONS, {"page_size": 5})
    add_contributions(volunteer, initiative, 120, offset=12)
    assert count_queries(client, CONTRIBUTIONS, {"page_size": 5}) == few
    first = client.get(CONTRIBUTIONS, {"page_size": 5}).json()
    assert set(first) == {"next", "previous", "results"}
    assert len(first["results"]) == 5 and first["previous"] is None and first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"]
    add_contributions(volunteer, initiative, 4, offset=500)  # later ones: first page only
    assert client.get(first["next"]).json()["results"] == second["results"]
    walked, url = [], CONTRIBUTIONS + "?page_size=50"
    while url:
        body = client.get(url).json()
        walked += [row["uuid"] for row in body["results"]]
        url = body["next"]
    assert len(walked) == len(set(walked)) == 136
    assert client.get(CONTRIBUTIONS, {"page_size": 500}).status_code == 400


@pytest.mark.parametrize("persona", ["leader", "outsider"])
def test_the_contributions_api_lists_only_mine(as_persona, volunteer, initiative, persona):
    add_contributions(volunteer, initiative, 3)
    assert as_persona(persona).get(CONTRIBUTIONS).json()["results"] == []


def test_the_contributions_api_needs_an_account(client):
    assert client.get(CONTRIBUTIONS).status_code == 401
