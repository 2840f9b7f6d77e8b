"""The portfolios API: list, create (empty or default), read, change, delete, choose the
items, generate and list releases. Owner only: 404 for other people signed in (the
portfolio's existence is not revealed), 401 for anonymous callers."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from portfolios.models import Portfolio, PortfolioItem, PortfolioRelease
from tests.accounts.factories.users import UserFactory
from tests.portfolios.factories.portfolios import PRIVATE_NOTE, build_portfolio_scene

pytestmark = pytest.mark.django_db

API = "portfolios_api"
STRANGERS = ["outsider", "advisor"]


@pytest.fixture
def scene(default_framework, volunteer):
    return build_portfolio_scene(default_framework, owner=volunteer)


@pytest.fixture
def portfolio(scene):
    return scene.portfolio


def _url(name: str, *args) -> str:
    return reverse(f"{API}:{name}", args=args)


def _no_secrets(text: str, scene) -> None:
    """No private evidence, and no email address of anyone."""
    assert PRIVATE_NOTE not in text
    for user in (scene.owner, scene.leader, scene.peer):
        assert user.email not in text
    assert "@example.org" not in text


# --- List and create ---------------------------------------------------------------------


def test_my_portfolios_newest_first_and_only_mine(as_persona, scene, outsider):
    older = scene.portfolio
    newer = Portfolio.objects.create(owner=scene.owner, title="Pour une formation")
    Portfolio.objects.create(owner=outsider, title="Someone else's")
    Portfolio.objects.filter(pk=older.pk).update(updated_at=newer.updated_at.replace(year=2025))

    body = as_persona("volunteer").get(_url("portfolio_list")).json()

    assert body["count"] == 2
    assert [row["uuid"] for row in body["results"]] == [str(newer.uuid), str(older.uuid)]
    first = body["results"][0]
    assert first["title"] == "Pour une formation"
    assert first["url"].endswith(_url("portfolio_detail", newer.uuid))


@pytest.mark.parametrize("persona", STRANGERS)
def test_other_people_list_only_their_own(as_persona, persona, portfolio):
    body = as_persona(persona).get(_url("portfolio_list")).json()
    assert body["count"] == 0


def test_anonymous_callers_are_refused_everywhere(client, portfolio):
    share_uuid = "6f1f0c51-4a47-4f55-9a39-b7c0ea1f7c7e"
    for method, url in (
        ("get", _url("portfolio_list")),
        ("post", _url("portfolio_list")),
        ("get", _url("portfolio_detail", portfolio.uuid)),
        ("patch", _url("portfolio_detail", portfolio.uuid)),
        ("delete", _url("portfolio_detail", portfolio.uuid)),
        ("put", _url("portfolio_items", portfolio.uuid)),
        ("get", _url("release_list", portfolio.uuid)),
        ("post", _url("release_list", portfolio.uuid)),
        ("get", _url("share_list", portfolio.uuid)),
        ("post", _url("share_list", portfolio.uuid)),
        ("get", _url("access_list", portfolio.uuid)),
        ("post", _url("share_revoke", share_uuid)),
        ("get", _url("advisor_shared_portfolios")),
    ):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"] == 'Session realm="Jalons"'
    assert Portfolio.objects.filter(pk=portfolio.pk).exists()


def test_the_list_costs_the_same_whatever_its_length(as_persona, volunteer, count_queries):
    client = as_persona("volunteer")
    Portfolio.objects.create(owner=volunteer, title="Un")
    one = count_queries(client, _url("portfolio_list"))
    for n in range(5):
        Portfolio.objects.create(owner=volunteer, title=f"Encore {n}")
    assert count_queries(client, _url("portfolio_list")) == one


def test_create_an_empty_portfolio(as_persona, volunteer):
    response = as_persona("volunteer").post(
        _url("portfolio_list"),
        {"title": "  Emploi   en logistique ", "target": "Cariste", "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 201
    created = response.json()
    portfolio = Portfolio.objects.get(uuid=created["uuid"])
    assert portfolio.owner == volunteer
    assert (portfolio.title, portfolio.target, portfolio.language) == (
        "Emploi en logistique",
        "Cariste",
        "en",
    )
    assert created["items"] == []
    assert created["content"]["counts"] == {
        "competences": 0,
        "contributions": 0,
        "endorsements": 0,
        "badges": 0,
        "external_badges": 0,
    }


def test_a_title_is_required_unless_default(as_persona):
    client = as_persona("volunteer")
    refused = client.post(_url("portfolio_list"), {"target": "x"}, content_type="application/json")
    assert refused.status_code == 400
    assert "title" in refused.json()
    wrong = client.post(
        _url("portfolio_list"), {"title": "x", "language": "de"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "language" in wrong.json()
    assert not Portfolio.objects.exists()


def test_create_the_default_portfolio_from_the_profile(as_persona, scene):
    response = as_persona("volunteer").post(
        _url("portfolio_list"), {"default": True}, content_type="application/json"
    )
    assert response.status_code == 201
    created = response.json()
    kinds = {item["kind"] for item in created["items"]}
    assert kinds == {"competence", "contribution", "endorsement", "badge"}
    counts = created["content"]["counts"]
    assert counts["competences"] == 3 and counts["badges"] == 2
    assert Portfolio.objects.filter(owner=scene.owner).count() == 2
    _no_secrets(response.content.decode(), scene)


# --- Read, change, delete ----------------------------------------------------------------


def test_the_owner_reads_items_and_content(as_persona, scene, portfolio):
    response = as_persona("volunteer").get(_url("portfolio_detail", portfolio.uuid))
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == portfolio.title and body["statement"] == portfolio.statement
    items = [(item["kind"], item["uuid"], item["position"]) for item in body["items"]]
    expected = [("badge", str(a.uuid), i) for i, a in enumerate(scene.awards)]
    expected += [("competence", str(c.uuid), i) for i, c in enumerate(scene.competences)]
    expected += [("contribution", str(c.uuid), i) for i, c in enumerate(scene.contributions)]
    quoted = [e for e in scene.endorsements if e.comment]
    expected += [("endorsement", str(e.uuid), i) for i, e in enumerate(quoted)]
    assert items == expected
    content = body["content"]
    assert content["counts"] == {
        "competences": 3,
        "contributions": 2,
        "endorsements": len(quoted),
        "badges": 2,
        "external_badges": 0,
    }
    lines = [line for domain in content["domains"] for line in domain["competences"]]
    assert {line["uuid"] for line in lines} == {str(c.uuid) for c in scene.competences}
    assert {line["level"] for line in lines} == {2, 3}
    assert [badge["name"] for badge in content["badges"]] == [b.name for b in scene.badges]
    assert {badge["status"] for badge in content["badges"]} == {"valid"}
    assert body["links"]["shares"].endswith(_url("share_list", portfolio.uuid))
    _no_secrets(response.content.decode(), scene)


@pytest.mark.parametrize("persona", STRANGERS)
def test_other_people_get_404_and_change_nothing(as_persona, persona, portfolio):
    client = as_persona(persona)
    url = _url("portfolio_detail", portfolio.uuid)
    assert client.get(url).status_code == 404
    patched = client.patch(url, {"title": "Piraté"}, content_type="application/json")
    assert patched.status_code == 404
    assert client.delete(url).status_code == 404
    items = client.put(_url("portfolio_items", portfolio.uuid), {}, content_type="application/json")
    assert items.status_code == 404
    assert client.get(_url("release_list", portfolio.uuid)).status_code == 404
    assert client.post(_url("release_list", portfolio.uuid)).status_code == 404
    portfolio.refresh_from_db()
    assert portfolio.title == "Mon portfolio"
    assert PortfolioItem.objects.filter(portfolio=portfolio).count() > 0
    assert not PortfolioRelease.objects.exists()


def test_an_unknown_portfolio_is_404(as_persona):
    client = as_persona("volunteer")
    url = _url("portfolio_detail", "6f1f0c51-4a47-4f55-9a39-b7c0ea1f7c7e")
    assert client.get(url).status_code == 404


def test_the_owner_changes_a_portfolio_partially(as_persona, portfolio):
    before = portfolio.updated_at
    response = as_persona("volunteer").patch(
        _url("portfolio_detail", portfolio.uuid),
        {"target": "Entrer en formation", "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 200
    portfolio.refresh_from_db()
    assert portfolio.target == "Entrer en formation" and portfolio.language == "en"
    assert portfolio.title == "Mon portfolio"
    assert portfolio.updated_at > before
    refused = as_persona("volunteer").patch(
        _url("portfolio_detail", portfolio.uuid), {"title": " "}, content_type="application/json"
    )
    assert refused.status_code == 400 and "title" in refused.json()


def test_the_owner_deletes_a_portfolio(as_persona, portfolio):
    response = as_persona("volunteer").delete(_url("portfolio_detail", portfolio.uuid))
    assert response.status_code == 204
    assert not Portfolio.objects.filter(pk=portfolio.pk).exists()


# --- Items -------------------------------------------------------------------------------


def test_the_owner_sets_the_ordered_selection(as_persona, scene, portfolio):
    body = {
        "competences": [str(scene.competences[2].uuid), str(scene.competences[0].uuid)],
        "contributions": [str(scene.contributions[1].uuid)],
        "endorsements": [str(scene.endorsements[0].uuid)],
        "awards": [str(scene.awards[1].uuid)],
    }
    response = as_persona("volunteer").put(
        _url("portfolio_items", portfolio.uuid), body, content_type="application/json"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["kind"], i["uuid"]) for i in items] == [
        ("badge", body["awards"][0]),
        ("competence", body["competences"][0]),
        ("competence", body["competences"][1]),
        ("contribution", body["contributions"][0]),
        ("endorsement", body["endorsements"][0]),
    ]
    assert response.json()["content"]["counts"]["competences"] == 2
    emptied = as_persona("volunteer").put(
        _url("portfolio_items", portfolio.uuid),
        {"competences": body["competences"]},
        content_type="application/json",
    )
    assert [i["kind"] for i in emptied.json()["items"]] == ["competence", "competence"]


def test_other_peoples_objects_are_refused_by_name(as_persona, default_framework, scene, portfolio):
    other = build_portfolio_scene(
        default_framework,
        owner=UserFactory(email="marc@example.org", display_name="Marc"),
        leader=UserFactory(email="lea@example.org", display_name="Léa"),
        peer=UserFactory(email="paul@example.org", display_name="Paul"),
    )
    before = list(PortfolioItem.objects.filter(portfolio=portfolio).values_list("pk", flat=True))
    client = as_persona("volunteer")
    for field, foreign in (
        ("contributions", other.contributions[0].uuid),
        ("endorsements", other.endorsements[0].uuid),
        ("awards", other.awards[0].uuid),
    ):
        response = client.put(
            _url("portfolio_items", portfolio.uuid),
            {field: [str(foreign)]},
            content_type="application/json",
        )
        assert response.status_code == 400, field
        assert str(foreign) in response.json()[field][0]
    unclaimed = (
        default_framework.competences.exclude(pk__in=[c.pk for c in other.competences])
        .exclude(claims__contribution__owner=portfolio.owner)
        .first()
    )
    response = client.put(
        _url("portfolio_items", portfolio.uuid),
        {"competences": [str(unclaimed.uuid)]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "competences" in response.json()
    duplicated = client.put(
        _url("portfolio_items", portfolio.uuid),
        {"awards": [str(scene.awards[0].uuid)] * 2},
        content_type="application/json",
    )
    assert duplicated.status_code == 400 and "awards" in duplicated.json()
    after = list(PortfolioItem.objects.filter(portfolio=portfolio).values_list("pk", flat=True))
    assert after == before


# --- Releases ----------------------------------------------------------------------------


def test_the_owner_generates_and_lists_releases(as_persona, scene, portfolio):
    client = as_persona("volunteer")
    response = client.post(_url("release_list", portfolio.uuid))
    assert response.status_code == 201
    created = response.json()
    release = PortfolioRelease.objects.get(uuid=created["uuid"])
    assert created["content_sha256"] == release.content_sha256
    assert created["clr_sha256"] == release.clr_sha256
    assert created["pdf_sha256"] == release.pdf_sha256 and len(release.pdf_sha256) == 64
    assert created["current"] is True
    verify = reverse("portfolios:release_verify", kwargs={"uuid": release.uuid})
    assert created["links"]["verify"] == f"http://testserver{verify}"
    assert created["links"]["clr"].endswith(f"/portfolios/releases/{release.uuid}/clr.json")
    assert created["links"]["pdf"].endswith(f"/portfolios/{portfolio.uuid}/portfolio.pdf")

    listed = client.get(_url("release_list", portfolio.uuid)).json()
    assert [row["uuid"] for row in listed["results"]] == [str(release.uuid)]
    assert listed["results"][0]["current"] is True

    client.patch(
        _url("portfolio_detail", portfolio.uuid),
        {"statement": "Autre chose."},
        content_type="application/json",
    )
    listed = client.get(_url("release_list", portfolio.uuid)).json()
    assert listed["results"][0]["current"] is False
    assert listed["results"][0]["links"]["pdf"] is None
    _no_secrets(json.dumps(listed), scene)


def test_the_release_list_costs_the_same_whatever_its_length(as_persona, portfolio, count_queries):
    def add() -> None:
        PortfolioRelease.objects.create(
            portfolio=portfolio, language="fr", content_sha256="0" * 64, clr_sha256="1" * 64
        )

    client = as_persona("volunteer")
    add()
    one = count_queries(client, _url("release_list", portfolio.uuid))
    for _ in range(4):
        add()
    assert count_queries(client, _url("release_list", portfolio.uuid)) == one


# --- OpenAPI -----------------------------------------------------------------------------


def test_the_schema_documents_the_portfolios_api_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stderr=io.StringIO())
    schema = target.read_text()
    for path in (
        "/api/v1/portfolios/",
        "/api/v1/portfolios/{uuid}/",
        "/api/v1/portfolios/{uuid}/items/",
        "/api/v1/portfolios/{uuid}/releases/",
        "/api/v1/portfolios/{uuid}/shares/",
        "/api/v1/portfolios/{uuid}/accesses/",
        "/api/v1/shares/{uuid}/revoke/",
        "/api/v1/advisor/shared-portfolios/",
    ):
        assert f"  {path}:" in schema, path
    for name in (
        "PortfolioLanguageEnum",
        "PortfolioItemKindEnum",
        "ShareStateEnum",
        "ShareAccessWhatEnum",
    ):
        assert f"    {name}:" in schema, name
    assert "token_hash" not in schema and "access_code_hash" not in schema
