"""The page for developers (#13, words): the only page that links the API documentation; the
footer of every other page links it instead of the API docs. Public: the same page for
anonymous visitors, volunteers and staff."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.test_words import visible_text
from tests.words import forbidden_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", [None, "volunteer", "outsider", "staff"])
def test_everyone_reads_it_with_the_api_links(client: Client, request, persona):
    if persona:
        login(client, request.getfixturevalue(persona))
    response = client.get(reverse("developers"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("api-docs", "api-schema", "badges:trust_list", "badges:verify"):
        assert f'href="{reverse(name)}"' in html, name
    assert f'href="{reverse("case:documents")}"' in html
    # The footer marks the current page.
    assert f'href="{reverse("developers")}" aria-current="page"' in html


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("path", ["home", "badges:verify", "accounts:privacy"])
def test_other_pages_link_the_developer_page_not_the_api_docs(client: Client, path, language):
    response = client.get(reverse(path), HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert f'href="{reverse("developers")}"' in html
    assert f'href="{reverse("api-docs")}"' not in html
    assert not forbidden_in(visible_text(html), language)


def test_the_footer_link_is_in_plain_words(client: Client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="{reverse("developers")}">For developers</a>' in html


def test_the_page_costs_no_query_for_an_anonymous_visitor(client: Client, count_queries):
    assert count_queries(client, reverse("developers")) == 0
