"""The advisor workspace (page and API) reads one page of links (#14): the same number of
queries with ten times the links, a bounded page, filters applied by the database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portfolios.views import shares as share_views
from tests.accounts.factories.users import UserFactory
from tests.conftest import login
from tests.portfolios.factories.shares import portfolio_with_competences, share_make

pytestmark = pytest.mark.django_db

WORKSPACE = "/advisor/portfolios/"
API = reverse("portfolios_api:advisor_shared_portfolios")
PER_PAGE = 2


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(share_views, "WORKSPACE_PER_PAGE", PER_PAGE)


@pytest.fixture
def share_some(advisor, default_framework):
    made: list[object] = []

    def share(count: int) -> None:
        for _ in range(count):
            number = len(made)
            owner = UserFactory(email=f"volunteer{number}@example.org")
            levels = {"ORG.1": 3, "COM.2": 1} if number % 2 else {"COOP.1": 2}
            portfolio = portfolio_with_competences(
                owner, default_framework, levels, title=f"Portfolio {number}"
            )
            made.append(share_make(portfolio, recipient_email=advisor.email)[0])

    return share


def test_the_workspace_reads_one_page(client, advisor, share_some, small_pages, count_queries):
    login(client, advisor)
    share_some(3)
    few = count_queries(client, WORKSPACE)
    filtered = count_queries(client, WORKSPACE, {"min_level": "3"})
    small = len(client.get(WORKSPACE).content)
    share_some(27)
    assert count_queries(client, WORKSPACE) == few
    assert count_queries(client, WORKSPACE, {"min_level": "3"}) == filtered
    response = client.get(WORKSPACE)
    assert len(response.context["workspace"].entries) == PER_PAGE
    assert response.context["workspace"].total_open == 30
    assert len(response.content) < small * 1.2
    html = response.content.decode()
    assert 'rel="next"' in html and "Portfolio 29" in html and "Portfolio 27" not in html
    last = client.get(WORKSPACE, {"page": 15}).content.decode()
    assert 'rel="prev"' in last and "Portfolio 0" in last


def test_filters_are_applied_before_the_page(client, advisor, share_some, small_pages):
    login(client, advisor)
    share_some(10)
    response = client.get(WORKSPACE, {"competence": "ORG.1", "min_level": "3"})
    page = response.context["page"]
    assert page.paginator.count == 5  # the odd ones, ORG.1 endorsed at level 3
    assert [entry.title for entry in response.context["workspace"].entries] == [
        "Portfolio 9",
        "Portfolio 7",
    ]
    nothing = client.get(WORKSPACE, {"competence": "COM.2", "min_level": "2"})
    assert nothing.context["page"].paginator.count == 0
    domain = client.get(WORKSPACE, {"domain": "COOP"})
    assert domain.context["page"].paginator.count == 5


@pytest.mark.parametrize(("persona", "status"), [("volunteer", 403), ("outsider", 403)])
def test_others_have_no_workspace(as_persona, share_some, persona, status):
    share_some(3)
    assert as_persona(persona).get(WORKSPACE).status_code == status
    assert as_persona(persona).get(API).status_code == 403


def test_the_api_paginates_in_the_query(client, advisor, share_some, count_queries):
    login(client, advisor)
    share_some(3)
    few = count_queries(client, API, {"page_size": 2})
    share_some(27)
    assert count_queries(client, API, {"page_size": 2}) == few
    body = client.get(API, {"page_size": 2}).json()
    assert body["count"] == 30 and len(body["results"]) == 2 and body["next"]
    assert [row["title"] for row in body["results"]] == ["Portfolio 29", "Portfolio 28"]
    second = client.get(body["next"]).json()
    assert [row["title"] for row in second["results"]] == ["Portfolio 27", "Portfolio 26"]
    filtered = client.get(API, {"competence": "ORG.1", "min_level": 3, "page_size": 50}).json()
    assert filtered["count"] == 15
    assert all(row["title"].endswith(("1", "3", "5", "7", "9")) for row in filtered["results"])
