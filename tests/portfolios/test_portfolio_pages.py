"""The owner's portfolio pages: list, create, one click, web view, edit, delete.

Each page: the owner; another volunteer and a leader who endorsed the owner get 404 (the
portfolio's existence is not revealed); anonymous people are sent to log in.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from portfolios.models import Portfolio
from portfolios.selectors.choices import portfolio_selection
from tests.conftest import login
from tests.portfolios.factories.portfolios import (
    ENDORSERS_NOTE,
    LEADER_WORDS,
    PRIVATE_NOTE,
    PUBLIC_NOTE,
    build_portfolio_scene,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(default_framework, volunteer, leader):
    return build_portfolio_scene(default_framework, owner=volunteer, leader=leader)


def _pages(portfolio: Portfolio) -> list[str]:
    return [
        reverse("portfolios:portfolio_detail", kwargs={"uuid": portfolio.uuid}),
        reverse("portfolios:portfolio_edit", kwargs={"uuid": portfolio.uuid}),
        reverse("portfolios:portfolio_delete", kwargs={"uuid": portfolio.uuid}),
    ]


def test_owner_sees_each_page(client, scene):
    login(client, scene.owner)
    for path in [reverse("portfolios:portfolio_list"), *_pages(scene.portfolio)]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("persona", ["outsider", "leader", "advisor"])
def test_others_get_404(client, scene, request, persona):
    login(client, request.getfixturevalue(persona))
    for path in _pages(scene.portfolio):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"title": "Volé"}).status_code == 404, path
    assert Portfolio.objects.filter(pk=scene.portfolio.pk, title="Mon portfolio").exists()


def test_others_see_only_their_own_list(client, scene, outsider):
    login(client, outsider)
    response = client.get(reverse("portfolios:portfolio_list"))
    assert scene.portfolio.title not in response.content.decode()
    assert reverse("portfolios:portfolio_create_default") in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, scene):
    paths = [
        reverse("portfolios:portfolio_list"),
        reverse("portfolios:portfolio_create"),
        *_pages(scene.portfolio),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    response = client.post(reverse("portfolios:portfolio_create_default"))
    assert (
        response.status_code == 302
        and not Portfolio.objects.exclude(pk=scene.portfolio.pk).exists()
    )


def test_web_view_shows_the_content_and_never_private_evidence(client, scene, english):
    login(client, scene.owner)
    html = client.get(scene.portfolio.get_absolute_url()).content.decode()
    assert "Accueil du samedi" in html
    assert scene.competences[0].title_fr in html  # the portfolio is in French
    assert LEADER_WORDS.replace("'", "&#x27;") in html
    assert "Accueillir au repair café" in html
    assert scene.awards[0].page_url in html
    assert PUBLIC_NOTE in html
    assert PRIVATE_NOTE not in html
    assert ENDORSERS_NOTE not in html
    assert scene.leader.email not in html
    assert 'lang="fr"' in html
    for name in ("portfolio_pdf", "portfolio_clr", "share_list", "portfolio_edit"):
        assert reverse(f"portfolios:{name}", kwargs={"uuid": scene.portfolio.uuid}) in html


def test_web_view_in_english(client, scene):
    scene.portfolio.language = "en"
    scene.portfolio.save()
    login(client, scene.owner)
    html = client.get(scene.portfolio.get_absolute_url()).content.decode()
    assert scene.competences[0].title_en in html
    assert "What I can do" in html
    assert "Initiative leader" in html


def test_list_offers_one_click_when_empty_then_lists(client, volunteer, default_framework):
    login(client, volunteer)
    html = client.get(reverse("portfolios:portfolio_list")).content.decode()
    assert reverse("portfolios:portfolio_create_default") in html
    response = client.post(reverse("portfolios:portfolio_create_default"))
    portfolio = Portfolio.objects.get(owner=volunteer)
    assert response.status_code == 302
    assert response["Location"] == portfolio.get_absolute_url()
    html = client.get(reverse("portfolios:portfolio_list")).content.decode()
    assert portfolio.title in html


def test_one_click_answers_post_only(client, volunteer):
    login(client, volunteer)
    assert client.get(reverse("portfolios:portfolio_create_default")).status_code == 405


def test_create_then_edit(client, volunteer):
    login(client, volunteer)
    response = client.post(
        reverse("portfolios:portfolio_create"),
        {"title": "Logistique", "target": "Un emploi", "statement": "", "language": "en"},
    )
    portfolio = Portfolio.objects.get(owner=volunteer)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portfolios:portfolio_edit", kwargs={"uuid": portfolio.uuid}
    )
    assert (portfolio.title, portfolio.target, portfolio.language) == (
        "Logistique",
        "Un emploi",
        "en",
    )


def test_create_keeps_what_was_typed(client, volunteer):
    login(client, volunteer)
    response = client.post(
        reverse("portfolios:portfolio_create"),
        {"title": "", "target": "Cariste à Chenôve", "statement": "Mes mots", "language": "en"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "Cariste à Chenôve" in html and "Mes mots" in html
    assert not Portfolio.objects.exists()


def _edit_data(scene, **overrides):
    data = {
        "title": "Mon portfolio",
        "target": "Accueil",
        "statement": "",
        "language": "fr",
    }
    data.update(overrides)
    return data


def test_edit_selects_and_orders(client, scene):
    login(client, scene.owner)
    first, second = scene.contributions
    url = reverse("portfolios:portfolio_edit", kwargs={"uuid": scene.portfolio.uuid})
    data = _edit_data(scene, title="Nouveau titre")
    data.update(
        {
            f"contribution_{first.pk}": "on",
            f"contribution_{first.pk}_position": "2",
            f"contribution_{second.pk}": "on",
            f"contribution_{second.pk}_position": "1",
            f"competence_{scene.competences[1].pk}": "on",
            f"award_{scene.awards[1].pk}": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    scene.portfolio.refresh_from_db()
    assert scene.portfolio.title == "Nouveau titre"
    assert portfolio_selection(portfolio=scene.portfolio) == {
        "competences": [scene.competences[1].pk],
        "contributions": [second.pk, first.pk],
        "endorsements": [],
        "awards": [scene.awards[1].pk],
        "external_badges": [],
    }


def test_edit_form_shows_the_current_selection(client, scene):
    login(client, scene.owner)
    html = client.get(
        reverse("portfolios:portfolio_edit", kwargs={"uuid": scene.portfolio.uuid})
    ).content.decode()
    first = scene.contributions[0]
    assert f'name="contribution_{first.pk}" id="id_contribution_{first.pk}" checked' in html
    assert f'name="contribution_{first.pk}_position" value="1"' in html


def test_edit_keeps_what_was_typed_on_error(client, scene):
    login(client, scene.owner)
    first = scene.contributions[0]
    url = reverse("portfolios:portfolio_edit", kwargs={"uuid": scene.portfolio.uuid})
    data = _edit_data(scene, title="", target="Cariste")
    data.update({f"contribution_{first.pk}": "on", f"contribution_{first.pk}_position": "7"})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'value="Cariste"' in html
    assert f'name="contribution_{first.pk}_position" value="7"' in html
    scene.portfolio.refresh_from_db()
    assert scene.portfolio.title == "Mon portfolio"
    assert scene.portfolio.items.count() == 10


def test_edit_ignores_objects_that_are_not_the_owners(client, scene, default_framework, outsider):
    other = build_portfolio_scene(
        default_framework, owner=outsider, leader=scene.leader, peer=scene.peer
    )
    login(client, scene.owner)
    url = reverse("portfolios:portfolio_edit", kwargs={"uuid": scene.portfolio.uuid})
    data = _edit_data(scene)
    data[f"contribution_{other.contributions[0].pk}"] = "on"
    data[f"award_{other.awards[0].pk}"] = "on"
    assert client.post(url, data).status_code == 302
    assert portfolio_selection(portfolio=scene.portfolio)["contributions"] == []
    assert portfolio_selection(portfolio=scene.portfolio)["awards"] == []


def test_delete_asks_then_deletes(client, scene):
    login(client, scene.owner)
    url = reverse("portfolios:portfolio_delete", kwargs={"uuid": scene.portfolio.uuid})
    assert client.get(url).status_code == 200
    assert Portfolio.objects.filter(pk=scene.portfolio.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:portfolio_list")
    assert not Portfolio.objects.filter(pk=scene.portfolio.pk).exists()


def test_nav_links_to_my_portfolios(client, volunteer):
    login(client, volunteer)
    html = client.get(reverse("community:contribution_list")).content.decode()
    assert f'href="{reverse("portfolios:portfolio_list")}"' in html


def test_list_queries_do_not_grow(client, volunteer, count_queries):
    from portfolios.services.portfolios import portfolio_create

    login(client, volunteer)
    portfolio_create(owner=volunteer, title="Un")
    few = count_queries(client, reverse("portfolios:portfolio_list"))
    for index in range(15):
        portfolio_create(owner=volunteer, title=f"Portfolio {index}")
    assert count_queries(client, reverse("portfolios:portfolio_list")) == few


def test_web_view_queries_do_not_grow(client, scene, count_queries):
    login(client, scene.owner)
    url = scene.portfolio.get_absolute_url()
    few = count_queries(client, url)
    from tests.community.factories.endorsements import bulk_contributions

    bulk_contributions(
        owner=scene.owner,
        version=scene.competences[0].version,
        initiative=scene.initiative,
        leader=scene.leader,
        peer=scene.peer,
        count=30,
        pending_for_leader=False,
    )
    from portfolios.selectors.choices import selectable_contributions
    from portfolios.services.portfolios import portfolio_items_set

    portfolio_items_set(
        portfolio=scene.portfolio,
        by=scene.owner,
        competences=scene.competences,
        contributions=list(selectable_contributions(owner=scene.owner)),
        awards=scene.awards,
    )
    assert count_queries(client, url) == few
