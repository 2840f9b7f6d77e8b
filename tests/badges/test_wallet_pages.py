"""Connected apps (``/badges/mine/apps/``): the wallets a person allowed, and disconnecting
one. Owner / other person / anonymous, and a bounded number of queries."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.badges.factories.revocation import award_add, setting
from tests.badges.factories.wallets import SCOPE, connected_wallet

pytestmark = pytest.mark.django_db

LIST = "/badges/mine/apps/"


@pytest.fixture
def s():
    return setting()


def disconnect_path(wallet) -> str:
    return f"/badges/mine/apps/{wallet.client_id}/disconnect/"


def test_the_owner_sees_her_connected_app_and_what_it_may_do(s, client):
    award_add(s)
    connected_wallet(s.member, scope=SCOPE + "credential.readonly")
    s.member.preferred_language = "en"
    s.member.save(update_fields=["preferred_language"])
    client.force_login(s.member)
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Portefeuille Test" in text
    assert "See and copy the badges you hold on Jalons" in text
    assert "Change the name shown" not in text  # a scope it was not given


def test_another_person_sees_none_of_her_apps(s, client, outsider):
    connected_wallet(s.member)
    client.force_login(outsider)
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Portefeuille Test" not in page.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(s):
    wallet = connected_wallet(s.member)
    assert Client().get(LIST)["Location"].startswith("/accounts/login/")
    assert Client().post(disconnect_path(wallet))["Location"].startswith("/accounts/login/")


def test_disconnecting_revokes_the_apps_tokens(s, client):
    wallet = connected_wallet(s.member)
    assert wallet.call("get", "/credentials").status_code == 200
    client.force_login(s.member)
    answer = client.post(disconnect_path(wallet))
    assert answer.status_code == 302 and answer["Location"] == LIST
    assert wallet.call("get", "/credentials").status_code == 401
    assert wallet.refresh().status_code == 400
    assert f'id="app-{wallet.client_id}"' not in client.get(LIST).content.decode()


def test_another_person_cannot_disconnect_her_app(s, client, outsider):
    wallet = connected_wallet(s.member)
    client.force_login(outsider)
    assert client.post(disconnect_path(wallet)).status_code == 404
    assert client.get(disconnect_path(wallet)).status_code == 405
    assert wallet.call("get", "/credentials").status_code == 200


def test_the_list_costs_a_bounded_number_of_queries(s, client, count_queries):
    connected_wallet(s.member)
    client.force_login(s.member)
    few = count_queries(client, LIST)
    for _ in range(3):
        connected_wallet(s.member)
    assert count_queries(client, LIST) == few
