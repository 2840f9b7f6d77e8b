"""The person's data rights over what #16 and #17 added: credentials from elsewhere and the
apps she connected (badges), attestations of volunteering and orientations (portfolios).

Each is on "Mes données" with how many, in her export (the credentials and attestations as
files, byte for byte as received or served; others by their public name only, never a token)
and goes, or is emptied, when she closes her account; the page keeps a constant cost.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from accounts.models import Notification
from accounts.services.users import user_delete
from badges.models import Attestation, CredentialFormat, ExternalCredential
from badges.services.attestations import attestation_issue, attestation_request
from badges.services.external_credentials import external_credential_upsert
from badges.services.wallets import wallet_disconnect
from portfolios.models import Orientation
from portfolios.services.orientations import (
    orientation_accept,
    orientation_end,
    orientation_propose,
)
from tests.accounts.factories.users import UserFactory
from tests.accounts.test_export import exported, indexed, my_data_parts
from tests.badges.factories.issuers import IssuerFactory
from tests.badges.factories.wallets import (
    ALL_SCOPES,
    Wallet,
    connected_wallet,
    other_issuer_credential,
)
from tests.community.factories.contributions import ContributionFactory
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:my_data")
FABLAB_ID = "urn:uuid:4f1c2b7e-8a55-4c61-9a0e-2f0b7c1d9e01"
JWT = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJBTUlOQS1KV1QifQ.c2lnbmF0dXJl"


def blob(files: dict[str, bytes]) -> bytes:
    return b"\n".join(files.values())


def notification_texts(user) -> str:
    return json.dumps([n.params for n in Notification.objects.filter(recipient=user)])


# --- Credentials from elsewhere and connected apps (badges) -------------------------------


SENT = json.dumps(other_issuer_credential(FABLAB_ID), ensure_ascii=False, indent=1)


@pytest.fixture
def amina_wallet(volunteer) -> Wallet:
    """Amina's wallet: registered, allowed, and it sent her a credential of a fablab."""
    wallet = connected_wallet(volunteer)
    assert wallet.call("post", "/credentials", SENT).status_code == 201
    return wallet


def test_her_credentials_from_elsewhere_and_apps_are_in_her_export(
    client, amina_wallet, volunteer, outsider, english
):
    jwt, _new = external_credential_upsert(
        owner=volunteer, original=JWT, format=CredentialFormat.JWT, credential_id="urn:jwt:1"
    )
    theirs = connected_wallet(outsider)
    external_credential_upsert(
        owner=outsider,
        original=json.dumps(other_issuer_credential("urn:uuid:OUTSIDERS-OWN")),
        format=CredentialFormat.JSON,
        credential_id="urn:uuid:OUTSIDERS-OWN",
    )

    data, files = exported(volunteer)

    held = {row["credential_id"]: row for row in data["credentials_from_elsewhere"]}
    assert set(held) == {FABLAB_ID, "urn:jwt:1"}  # not the outsider's
    fablab = held[FABLAB_ID]
    assert files[fablab["file"]] == SENT.encode()  # as received, byte for byte
    assert fablab["file"].endswith(".json")
    assert fablab["issuer"]["name"] == "Fablab de Chenôve"
    assert fablab["verification"]["status"] == "valid"
    assert fablab["verification"]["report"]["checks"]
    assert fablab["sent_by_app"] == "Portefeuille Test"
    assert files[held["urn:jwt:1"]["file"]] == JWT.encode()
    assert held["urn:jwt:1"]["file"] == f"elsewhere/{jwt.uuid}.jwt"
    assert indexed(files, fablab["file"]) and indexed(files, "credentials_from_elsewhere.json")

    [app] = data["connected_apps"]
    assert (app["name"], app["address"]) == ("Portefeuille Test", "https://wallet.example.org/")
    assert set(app["permissions"]) == set(ALL_SCOPES.split())
    assert app["connected_now"] is True
    assert app["first_connected_at"] <= app["last_connected_at"]
    assert indexed(files, "connected_apps.json")

    # Never a token, a code or a secret; nothing of the outsider's.
    secrets = [amina_wallet.access_token, amina_wallet.refresh_token, amina_wallet.client_secret]
    for secret in [*secrets, theirs.access_token, "OUTSIDERS-OWN", outsider.email]:
        assert secret.encode() not in blob(files), secret
    for grant in Grant.objects.filter(user=volunteer):
        assert grant.code.encode() not in blob(files)

    client.force_login(volunteer)
    parts = my_data_parts(client)
    assert parts["Badges from elsewhere"].count == 2
    assert parts["Connected apps"].count == 1
    assert parts["Connected apps"].url == reverse("badges:wallet_list")

    # Disconnected: still in her export (the platform keeps the revoked token), not live.
    wallet_disconnect(
        user=volunteer, application=Application.objects.get(client_id=amina_wallet.client_id)
    )
    [app] = exported(volunteer)[0]["connected_apps"]
    assert app["connected_now"] is False


def test_closing_her_account_deletes_her_credentials_from_elsewhere_and_tokens(
    amina_wallet, volunteer, outsider
):
    theirs = connected_wallet(outsider)
    external_credential_upsert(
        owner=outsider, original=JWT, format=CredentialFormat.JWT, credential_id="urn:jwt:2"
    )
    pk = volunteer.pk
    user_delete(user=volunteer, by=volunteer)
    assert not ExternalCredential.objects.filter(owner_id=pk).exists()
    for model in (AccessToken, RefreshToken, Grant):
        assert not model.objects.filter(user_id=pk).exists(), model
    # The wallets themselves are not hers; the outsider keeps his credential and access.
    assert Application.objects.filter(client_id=amina_wallet.client_id).exists()
    assert ExternalCredential.objects.filter(owner=outsider).count() == 1
    assert theirs.call("get", "/credentials").status_code == 200


# --- Attestations of volunteering ------------------------------------------------------------


@pytest.fixture
def attestation(volunteer, leader, initiative) -> Attestation:
    IssuerFactory(initiative=initiative)
    ContributionFactory(
        owner=volunteer, initiative=initiative, started_on=dt.date(2025, 3, 1), hours=Decimal(3)
    )
    return attestation_issue(
        initiative=initiative,
        person=volunteer,
        by=leader,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )


def test_her_attestations_are_in_her_export_as_served_and_the_leaders_hold_what_she_issued(
    client, attestation, volunteer, leader, outsider, english
):
    data, files = exported(volunteer)
    [row] = data["attestations"]
    assert row["uuid"] == str(attestation.uuid)
    assert row["initiative"] == "Repair Café de Chenôve"
    assert row["page"] == attestation.page_url
    served = client.get(attestation.json_path)
    assert served.status_code == 200
    assert files[row["file"]] == served.content  # byte for byte what the site serves
    assert indexed(files, row["file"]) and indexed(files, "attestations.json")
    assert data["attestations_issued"] == []

    sophie, sophie_files = exported(leader)
    assert sophie["attestations"] == []
    [issued] = sophie["attestations_issued"]
    assert (issued["uuid"], issued["for"]) == (str(attestation.uuid), "Amina")
    assert not any(path.startswith("attestations/") for path in sophie_files)
    assert volunteer.email.encode() not in blob(sophie_files)
    assert indexed(sophie_files, "attestations_issued.json")

    assert exported(outsider)[0]["attestations"] == []

    client.force_login(volunteer)
    mine = my_data_parts(client)
    assert mine["Attestations of volunteering"].count == 1
    assert mine["Attestations of volunteering"].url == reverse("portfolios:attestation_list")
    assert "Attestations you issued" not in mine
    client.force_login(leader)
    assert my_data_parts(client)["Attestations you issued"].count == 1


def test_closing_her_account_empties_her_attestations_and_the_requests_leaders_got(
    attestation, volunteer, leader, initiative
):
    attestation_request(initiative=initiative, person=volunteer, link="/attestations/")
    assert "Amina" in notification_texts(leader)
    user_delete(user=volunteer, by=volunteer)
    attestation.refresh_from_db()
    assert attestation.recipient is None and attestation.credential_text == ""
    assert "Amina" not in notification_texts(leader)
    assert exported(leader)[0]["attestations_issued"][0]["for"] == ""


# --- Orientations ------------------------------------------------------------------------------


@pytest.fixture
def nadia(db):
    return UserFactory(email="nadia@example.org", display_name="Nadia", preferred_language="en")


@pytest.fixture
def accepted(nadia, advisor, initiative) -> Orientation:
    """Karim proposed the Repair Café to Nadia from the portfolio she shared with him; she
    accepted, giving the leaders a message and a link to her portfolio."""
    share, _token = share_make(
        plain_portfolio(nadia, title="NADIA-PORTFOLIO"), recipient_email=advisor.email
    )
    proposed = orientation_propose(
        share=share, advisor=advisor, initiative=initiative, message="KARIM-MESSAGE"
    )
    return orientation_accept(
        orientation=proposed, user=nadia, share_portfolio=True, introduction_message="NADIA-WORDS"
    )


def test_her_orientations_and_the_advisors_proposals_are_in_their_exports(
    client, accepted, nadia, advisor, leader, volunteer, english
):
    data, files = exported(nadia)
    [row] = data["orientations"]
    assert (row["uuid"], row["advisor"], row["initiative"]) == (
        str(accepted.uuid),
        "Karim",
        "Repair Café de Chenôve",
    )
    assert (row["message"], row["status"], row["from_portfolio"]) == (
        "KARIM-MESSAGE",
        "accepted",
        "NADIA-PORTFOLIO",
    )
    assert row["your_message_to_the_initiative"] == "NADIA-WORDS"
    assert row["link_given_to_the_initiative"] == str(accepted.introduction_share.uuid)
    assert row["answered_at"] is not None and row["ended_at"] is None
    assert advisor.email not in files["orientations.json"].decode()
    assert leader.email.encode() not in blob(files)
    assert data["orientations_proposed"] == []
    assert indexed(files, "orientations.json")

    karim, karim_files = exported(advisor)
    assert karim["orientations"] == []
    [proposal] = karim["orientations_proposed"]
    assert (proposal["person"], proposal["message"], proposal["status"]) == (
        "Nadia",
        "KARIM-MESSAGE",
        "accepted",
    )
    for secret in (nadia.email, "NADIA-WORDS", leader.email):
        assert secret.encode() not in blob(karim_files), secret
    assert indexed(karim_files, "orientations_proposed.json")

    # Once she ends it, the advisor's export no longer follows it either.
    orientation_end(orientation=accepted, user=nadia)
    [proposal] = exported(advisor)[0]["orientations_proposed"]
    assert (proposal["status"], proposal["answered_at"]) == ("no_longer_followed", None)
    assert exported(volunteer)[0]["orientations"] == []

    client.force_login(nadia)
    assert my_data_parts(client)["Initiatives proposed to you"].count == 1
    client.force_login(advisor)
    parts = my_data_parts(client)
    assert parts["Initiatives you proposed"].count == 1
    assert parts["Initiatives you proposed"].url == reverse("portfolios:advisor_pathways")
    client.force_login(volunteer)
    assert "Initiatives you proposed" not in my_data_parts(client)


def test_when_she_closes_her_account_the_advisor_keeps_nothing_of_her(
    accepted, nadia, advisor, leader
):
    assert "Nadia" in notification_texts(advisor) and "Nadia" in notification_texts(leader)
    user_delete(user=nadia, by=nadia)
    assert not Orientation.objects.exists()
    assert exported(advisor)[0]["orientations_proposed"] == []
    for person in (advisor, leader):
        assert "Nadia" not in notification_texts(person)


def test_when_the_advisor_closes_his_account_her_records_keep_nothing_of_him(
    accepted, nadia, advisor
):
    assert "Karim" in notification_texts(nadia)
    user_delete(user=advisor, by=advisor)
    data, files = exported(nadia)
    # Her orientation stays (part of her path), with nothing of him.
    [orientation] = data["orientations"]
    assert orientation["advisor"] == ""
    assert b"Karim" not in blob(files) and advisor.email.encode() not in blob(files)


# --- The page's cost -----------------------------------------------------------------------


def test_the_page_costs_the_same_whatever_the_number_of_these_parts(
    client, volunteer, leader, advisor, initiative, count_queries, english
):
    client.force_login(advisor)
    few = count_queries(client, PAGE)
    IssuerFactory(initiative=initiative)
    for index in range(3):
        external_credential_upsert(
            owner=advisor, original=JWT, format=CredentialFormat.JWT, credential_id=f"urn:{index}"
        )
        connected_wallet(advisor)
        person = UserFactory(display_name=f"P{index}")
        share, _token = share_make(plain_portfolio(person), recipient_email=advisor.email)
        orientation_propose(share=share, advisor=advisor, initiative=initiative)
        ContributionFactory(
            owner=advisor, initiative=initiative, started_on=dt.date(2025, 3, index + 1)
        )
        day = dt.date(2025, 3, index + 1)
        attestation_issue(
            initiative=initiative, person=advisor, by=leader, period_start=day, period_end=day
        )
    many = count_queries(client, PAGE)
    assert many == few
    parts = my_data_parts(client)
    assert parts["Badges from elsewhere"].count == 3
    assert parts["Connected apps"].count == 3
    assert parts["Initiatives you proposed"].count == 3
    assert parts["Attestations of volunteering"].count == 3
