"""The share-link API: create (token returned once), list, revoke (409 twice), the access
log, and the advisor's list of shared portfolios. Owner only (404 for other people, 403
for anonymous callers); advisors only for the advisor list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolios.models import AccessWhat, ShareLink
from portfolios.selectors.shares import share_get_by_token
from portfolios.services.shares import share_access_record, share_link_create
from tests.accounts.factories.users import UserFactory
from tests.portfolios.factories.portfolios import PRIVATE_NOTE, build_portfolio_scene

pytestmark = pytest.mark.django_db

API = "portfolios_api"
CODE = "tournesol-42"


@pytest.fixture
def scene(default_framework, volunteer):
    return build_portfolio_scene(default_framework, owner=volunteer)


@pytest.fixture
def portfolio(scene):
    return scene.portfolio


@pytest.fixture
def share(portfolio, volunteer, advisor):
    link, _token = share_link_create(
        portfolio=portfolio,
        by=volunteer,
        recipient_name="Karim",
        recipient_organisation="Mission locale",
        recipient_email=advisor.email,
        access_code=CODE,
    )
    return link


def _url(name: str, *args) -> str:
    return reverse(f"{API}:{name}", args=args)


def _never_secret(text: str, *shares: ShareLink) -> None:
    assert PRIVATE_NOTE not in text
    assert "@example.org" not in text
    assert CODE not in text and "token_hash" not in text and '"access_code' not in text
    for share in shares:
        assert share.token_hash not in text
        assert not share.access_code_hash or share.access_code_hash not in text
        # The encrypted token, kept for the owner's web page only (portfolios/sealing.py).
        assert "token_sealed" not in text
        assert not share.token_sealed or share.token_sealed.split(".", 1)[1] not in text


# --- Create and list ---------------------------------------------------------------------


def test_create_returns_the_token_once(as_persona, portfolio, advisor):
    client = as_persona("volunteer")
    response = client.post(
        _url("share_list", portfolio.uuid),
        {
            "recipient_name": "Karim",
            "recipient_organisation": "Mission locale",
            "recipient_email": advisor.email,
            "expires_in_days": 10,
            "access_code": CODE,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    created = response.json()
    token = created["token"]
    share = ShareLink.objects.get(uuid=created["uuid"])
    assert share_get_by_token(token=token) == share
    assert created["link"] == f"http://testserver/s/{token}/"
    assert created["has_access_code"] is True and created["has_recipient_email"] is True
    assert created["state"] == "open"
    assert timedelta(days=9) < share.expires_at - timezone.now() <= timedelta(days=10)
    assert share.recipient_email == advisor.email
    text = response.content.decode().replace(token, "")
    _never_secret(text, share)

    listed = client.get(_url("share_list", portfolio.uuid))
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert [row["uuid"] for row in rows] == [str(share.uuid)]
    assert "token" not in rows[0] and "link" not in rows[0]
    assert rows[0]["recipient_name"] == "Karim" and rows[0]["openings"] == 0
    assert token not in listed.content.decode()
    _never_secret(listed.content.decode(), share)


def test_create_validates_the_body(as_persona, portfolio):
    client = as_persona("volunteer")
    for body, field in (
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": 366}, "expires_in_days"),
        ({"access_code": "abc"}, "access_code"),
        ({"recipient_email": "not an address"}, "recipient_email"),
    ):
        response = client.post(
            _url("share_list", portfolio.uuid), body, content_type="application/json"
        )
        assert response.status_code == 400, body
        assert field in response.json(), body
    assert not ShareLink.objects.exists()


def test_the_default_expiry_is_thirty_days(as_persona, portfolio):
    response = as_persona("volunteer").post(
        _url("share_list", portfolio.uuid), {}, content_type="application/json"
    )
    share = ShareLink.objects.get(uuid=response.json()["uuid"])
    assert timedelta(days=29) < share.expires_at - timezone.now() <= timedelta(days=30)
    assert response.json()["has_access_code"] is False


@pytest.mark.parametrize("persona", ["outsider", "advisor"])
def test_other_people_get_404_on_links_and_log(as_persona, persona, portfolio, share):
    client = as_persona(persona)
    assert client.get(_url("share_list", portfolio.uuid)).status_code == 404
    created = client.post(_url("share_list", portfolio.uuid), {}, content_type="application/json")
    assert created.status_code == 404
    assert client.get(_url("access_list", portfolio.uuid)).status_code == 404
    assert client.post(_url("share_revoke", share.uuid)).status_code == 404
    assert ShareLink.objects.get().revoked_at is None
    assert ShareLink.objects.count() == 1


def test_the_link_list_costs_the_same_whatever_its_length(
    as_persona, portfolio, volunteer, count_queries
):
    client = as_persona("volunteer")
    first, _ = share_link_create(portfolio=portfolio, by=volunteer)
    share_access_record(share=first, what=AccessWhat.PAGE)
    one = count_queries(client, _url("share_list", portfolio.uuid))
    for n in range(4):
        link, _ = share_link_create(portfolio=portfolio, by=volunteer, recipient_name=f"R{n}")
        share_access_record(share=link, what=AccessWhat.PDF)
    assert count_queries(client, _url("share_list", portfolio.uuid)) == one


# --- Revoke ------------------------------------------------------------------------------


def test_the_owner_revokes_once_then_409(as_persona, share):
    client = as_persona("volunteer")
    response = client.post(_url("share_revoke", share.uuid))
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    share.refresh_from_db()
    revoked_at = share.revoked_at
    assert revoked_at is not None
    again = client.post(_url("share_revoke", share.uuid))
    assert again.status_code == 409
    assert again.json()["code"] == "already_revoked"
    share.refresh_from_db()
    assert share.revoked_at == revoked_at


def test_an_expired_link_shows_as_expired(as_persona, portfolio, share):
    ShareLink.objects.filter(pk=share.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    rows = as_persona("volunteer").get(_url("share_list", portfolio.uuid)).json()["results"]
    assert rows[0]["state"] == "expired"
    client = as_persona("advisor")
    [row] = client.get(_url("advisor_shared_portfolios")).json()["results"]
    assert row["state"] == "expired" and row["competences"] == []
    assert row["links"] == {"page": None, "pdf": None, "clr": None}
    filtered = client.get(_url("advisor_shared_portfolios"), {"domain": "ORG"}).json()
    assert filtered["count"] == 0


# --- Access log --------------------------------------------------------------------------


def test_the_owner_reads_the_access_log(as_persona, portfolio, volunteer, share, advisor):
    other, _ = share_link_create(portfolio=portfolio, by=volunteer, recipient_name="Agence")
    share_access_record(share=share, what=AccessWhat.CODE_REFUSED)
    share_access_record(share=share, what=AccessWhat.PAGE, viewer=advisor)
    share_access_record(share=other, what=AccessWhat.PDF)
    client = as_persona("volunteer")

    response = client.get(_url("access_list", portfolio.uuid))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["share"]["uuid"], row["what"]) for row in rows] == [
        (str(other.uuid), "pdf"),
        (str(share.uuid), "page"),
        (str(share.uuid), "code_refused"),
    ]
    assert rows[1]["share"]["recipient_name"] == "Karim"
    assert rows[1]["what_label"]
    _never_secret(response.content.decode(), share, other)

    only = client.get(_url("access_list", portfolio.uuid), {"share": str(other.uuid)}).json()
    assert [row["what"] for row in only["results"]] == ["pdf"]
    wrong = client.get(_url("access_list", portfolio.uuid), {"share": "nope"})
    assert wrong.status_code == 400 and "share" in wrong.json()


def test_the_access_log_costs_the_same_whatever_its_length(
    as_persona, portfolio, share, count_queries
):
    client = as_persona("volunteer")
    share_access_record(share=share, what=AccessWhat.PAGE)
    one = count_queries(client, _url("access_list", portfolio.uuid))
    for what in (AccessWhat.PDF, AccessWhat.CLR, AccessWhat.PAGE, AccessWhat.CLOSED):
        share_access_record(share=share, what=what)
    assert count_queries(client, _url("access_list", portfolio.uuid)) == one


# --- The advisor's list ------------------------------------------------------------------


def test_the_advisor_sees_what_was_shared_with_them(as_persona, scene, share):
    response = as_persona("advisor").get(_url("advisor_shared_portfolios"))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["share"] == str(share.uuid)
    assert row["owner_name"] == "Amina"
    assert row["title"] == scene.portfolio.title and row["target"] == scene.portfolio.target
    assert row["state"] == "open" and row["has_access_code"] is True
    assert {line["code"] for line in row["competences"]} == {c.code for c in scene.competences}
    page = reverse("portfolios:advisor_portfolio", kwargs={"uuid": share.uuid})
    assert row["links"]["page"] == f"http://testserver{page}"
    assert row["links"]["pdf"] == f"http://testserver{page}portfolio.pdf"
    _never_secret(response.content.decode(), share)


def test_the_advisor_filters(as_persona, scene, share):
    client = as_persona("advisor")
    first = scene.competences[0]

    def shared(**filters) -> list[str]:
        response = client.get(_url("advisor_shared_portfolios"), filters)
        assert response.status_code == 200, response.content
        return [row["share"] for row in response.json()["results"]]

    assert shared(competence=first.code, min_level=3) == [str(share.uuid)]
    assert shared(competence=first.code, min_level=4) == []
    assert shared(domain=scene.competences[2].domain.code) == [str(share.uuid)]
    assert shared(competence="NOPE.1") == []
    bad = client.get(_url("advisor_shared_portfolios"), {"min_level": "zero"})
    assert bad.status_code == 400 and "min_level" in bad.json()


def test_revoked_links_leave_the_advisor_list(as_persona, volunteer, share):
    as_persona("volunteer").post(_url("share_revoke", share.uuid))
    response = as_persona("advisor").get(_url("advisor_shared_portfolios"))
    assert response.json()["count"] == 0


@pytest.mark.parametrize("persona", ["volunteer", "outsider"])
def test_only_advisors_have_the_list(as_persona, persona, share):
    assert as_persona(persona).get(_url("advisor_shared_portfolios")).status_code == 403


def test_another_advisor_sees_nothing(client, share):
    other = UserFactory(email="nadia@example.org", display_name="Nadia", is_advisor=True)
    client.force_login(other)
    assert client.get(_url("advisor_shared_portfolios")).json()["count"] == 0


def test_the_advisor_list_costs_the_same_whatever_its_length(
    as_persona, default_framework, advisor, share, count_queries
):
    client = as_persona("advisor")
    one = count_queries(client, _url("advisor_shared_portfolios"))
    for n in range(2):
        other = build_portfolio_scene(
            default_framework,
            owner=UserFactory(email=f"owner{n}@example.org", display_name=f"Owner {n}"),
            leader=UserFactory(email=f"leader{n}@example.org"),
            peer=UserFactory(email=f"peer{n}@example.org"),
        )
        share_link_create(portfolio=other.portfolio, by=other.owner, recipient_email=advisor.email)
    assert count_queries(client, _url("advisor_shared_portfolios")) == one
