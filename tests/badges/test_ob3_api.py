"""The OB 3.0 API for wallets, played by a wallet end to end (acceptance 2 of #17).

The wallet registers dynamically, Amina consents on the consent page (the protocol with the
Django test client here; the page itself in a browser in tests/browser/test_wallet_consent.py),
it exchanges the code with PKCE, lists her credentials page by page, upserts a credential of
another issuer (a did:key of its own), reads and updates her profile and refreshes its
token. Every response body is validated against 1EdTech's OpenAPI component schemas.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from badges.models import ExternalCredential, ExternalVerification
from tests.badges.factories.revocation import award_add, setting
from tests.badges.factories.wallets import (
    ALL_SCOPES,
    SCOPE,
    Wallet,
    connected_wallet,
    consent,
    metadata,
    other_issuer_credential,
    schema_errors,
)

pytestmark = pytest.mark.django_db

OTHER_ID = "urn:uuid:5b0f8c1e-2d3a-4f5b-8c6d-7e8f9a0b1c2d"


def assert_valid(component: str, value: object) -> None:
    assert schema_errors(component, value) == [], component


def assert_status_info(response, status: int, minor: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert_valid("Imsx_StatusInfo", body)
    assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == minor


@pytest.fixture
def s():
    return setting()


@pytest.fixture
def amina_awards(s):
    return [award_add(s) for _ in range(3)]


@pytest.fixture
def wallet() -> Wallet:
    return Wallet(client=Client())


def test_a_wallet_plays_the_whole_api(s, amina_awards, wallet):
    amina = s.member
    # Discovery: the profiled OpenAPI document, with the OAuth addresses to use.
    discovery = wallet.client.get("/ims/ob/v3p0/discovery")
    assert discovery.status_code == 200
    document = discovery.json()
    assert_valid("ServiceDescriptionDocument", document)
    oauth = document["components"]["securitySchemes"]["OAuth2ACG"]
    assert oauth["x-imssf-registrationUrl"] == "http://testserver/ims/ob/v3p0/oauth/register"
    flow = oauth["flows"]["authorizationCode"]
    assert flow["tokenUrl"] == "http://testserver/ims/ob/v3p0/oauth/token"
    assert set(flow["scopes"]) == set(ALL_SCOPES.split())
    assert document["servers"] == [{"url": "http://testserver/ims/ob/v3p0"}]

    # Dynamic registration (RFC 7591), then Amina's consent and the code exchanged with PKCE.
    registered = wallet.register()
    assert registered["scope"] == ALL_SCOPES
    assert registered["client_secret_expires_at"] == 0
    browser = Client()
    browser.force_login(amina)
    code = consent(browser, wallet)
    tokens = wallet.exchange(code)
    assert tokens.status_code == 200, tokens.content
    assert tokens.json()["token_type"] == "Bearer"
    assert set(tokens.json()["scope"].split()) == set(ALL_SCOPES.split())
    assert wallet.exchange(code).status_code == 400  # a code is used once

    # getCredentials, two at a time: her three awards, newest first, as served.
    first = wallet.call("get", "/credentials", {"limit": 2})
    assert first.status_code == 200
    assert_valid("GetOpenBadgeCredentialsResponse", first.json())
    assert first["X-Total-Count"] == "3"
    newest = sorted(amina_awards, key=lambda a: (a.issued_at, a.pk), reverse=True)
    assert [c["id"] for c in first.json()["credential"]] == [a.ob3_url for a in newest[:2]]
    assert first.json()["credential"][0] == json.loads(newest[0].credential_text)
    assert 'offset=2>; rel="next"' in first["Link"]
    assert 'offset=2>; rel="last"' in first["Link"]
    assert 'offset=0>; rel="first"' in first["Link"]
    assert 'rel="prev"' not in first["Link"]
    second = wallet.call("get", "/credentials", {"limit": 2, "offset": 2})
    assert_valid("GetOpenBadgeCredentialsResponse", second.json())
    assert [c["id"] for c in second.json()["credential"]] == [newest[2].ob3_url]
    assert 'offset=0>; rel="prev"' in second["Link"] and 'rel="next"' not in second["Link"]

    # upsertCredential: a credential of another issuer, stored unchanged and verified.
    other = other_issuer_credential(OTHER_ID)
    sent = json.dumps(other, ensure_ascii=False, indent=1)
    created = wallet.call("post", "/credentials", sent)
    assert created.status_code == 201, created.content
    assert created.content.decode() == sent
    assert_valid("AchievementCredential", created.json())
    held = ExternalCredential.objects.get(owner=amina)
    assert held.original == sent
    assert held.verification_status == ExternalVerification.VALID
    assert held.issuer_name == "Fablab de Chenôve"
    assert held.source_application.client_id == wallet.client_id
    again = wallet.call("post", "/credentials", sent)
    assert again.status_code == 200
    assert ExternalCredential.objects.filter(owner=amina).count() == 1
    listed = wallet.call("get", "/credentials", {"limit": 10})
    assert listed["X-Total-Count"] == "4"
    assert listed.json()["credential"][-1] == other
    assert_valid("GetOpenBadgeCredentialsResponse", listed.json())

    # getProfile / putProfile: only her name changes.
    profile = wallet.call("get", "/profile")
    assert profile.status_code == 200
    assert_valid("Profile", profile.json())
    assert profile.json()["email"] == "amina@example.org"
    assert profile.json()["name"] == "Amina"
    changed = wallet.call("put", "/profile", {**profile.json(), "name": "Amina Benali"})
    assert changed.status_code == 200, changed.content
    assert_valid("Profile", changed.json())
    assert changed.json()["name"] == "Amina Benali"
    amina.refresh_from_db()
    assert amina.display_name == "Amina Benali"

    # Refresh: a new pair, the old refresh token is spent (rotation) and the new one works.
    old_access, old_refresh = wallet.access_token, wallet.refresh_token
    assert wallet.refresh().status_code == 200
    assert wallet.access_token != old_access and wallet.refresh_token != old_refresh
    assert wallet.call("get", "/profile").status_code == 200
    spent = Wallet(
        client=wallet.client, client_id=wallet.client_id, client_secret=wallet.client_secret
    )
    spent.refresh_token = old_refresh
    assert spent.refresh().status_code == 400
    stale = Wallet(client=wallet.client, access_token=old_access)
    assert_status_info(stale.call("get", "/profile"), 401, "unauthorizedrequest")


def test_a_token_sees_only_its_persons_credentials(s, amina_awards, outsider):
    sophie_award = award_add(s, email="sophie@example.org")
    amina_wallet = connected_wallet(s.member)
    listed = amina_wallet.call("get", "/credentials").json()["credential"]
    assert sophie_award.ob3_url not in [c["id"] for c in listed]
    assert len(listed) == 3
    amina_wallet.call("post", "/credentials", json.dumps(other_issuer_credential(OTHER_ID)))

    outsider_wallet = connected_wallet(outsider)
    answer = outsider_wallet.call("get", "/credentials")
    assert answer.status_code == 200
    assert answer["X-Total-Count"] == "0"
    assert answer.json() == {}
    assert_valid("GetOpenBadgeCredentialsResponse", answer.json())
    assert outsider_wallet.call("get", "/profile").json()["email"] == "outsider@example.org"
    # The same credential id upserted for the outsider is his own copy, not Amina's.
    assert (
        outsider_wallet.call(
            "post", "/credentials", json.dumps(other_issuer_credential(OTHER_ID))
        ).status_code
        == 201
    )
    assert ExternalCredential.objects.filter(credential_id=OTHER_ID).count() == 2


def test_missing_or_wrong_token_is_401_and_missing_scope_403(s, amina_awards):
    anonymous = Wallet(client=Client())
    for method, path in (("get", "/credentials"), ("get", "/profile"), ("put", "/profile")):
        response = anonymous.call(method, path, {})
        assert_status_info(response, 401, "unauthorizedrequest")
        assert response["WWW-Authenticate"].startswith("Bearer")
    forged = Wallet(client=Client(), access_token="not-a-token")
    assert_status_info(forged.call("get", "/credentials"), 401, "unauthorizedrequest")
    # A token in the query string is not accepted (RFC 9700).
    wallet = connected_wallet(s.member, scope=SCOPE + "credential.readonly")
    token = wallet.access_token
    assert_status_info(
        Client().get("/ims/ob/v3p0/credentials", {"access_token": token}),
        401,
        "unauthorizedrequest",
    )
    assert wallet.call("get", "/credentials").status_code == 200
    refused = wallet.call("post", "/credentials", json.dumps(other_issuer_credential(OTHER_ID)))
    assert_status_info(refused, 403, "forbidden")
    assert 'error="insufficient_scope"' in refused["WWW-Authenticate"]
    assert_status_info(wallet.call("get", "/profile"), 403, "forbidden")
    assert_status_info(wallet.call("put", "/profile", {}), 403, "forbidden")
    assert_status_info(wallet.call("delete", "/credentials", ""), 405, "not_allowed")
    assert not ExternalCredential.objects.exists()


def test_bad_input_gets_the_specs_error_body_and_loses_nothing(s, amina_awards):
    wallet = connected_wallet(s.member)
    for query in ({"limit": 0}, {"limit": "x"}, {"offset": -1}, {"since": "yesterday"}):
        assert_status_info(
            wallet.call("get", "/credentials", query), 400, "invalid_query_parameter"
        )
    for body in ("{not json", json.dumps({"id": "urn:x", "type": ["Thing"]}), json.dumps([1])):
        assert_status_info(wallet.call("post", "/credentials", body), 400, "invalid_data")
    assert_status_info(
        wallet.call("post", "/credentials", "not a jws", content_type="text/plain"),
        400,
        "invalid_data",
    )
    assert not ExternalCredential.objects.exists()
    profile = wallet.call("get", "/profile").json()
    assert_status_info(
        wallet.call("put", "/profile", {**profile, "email": "x@example.org"}), 400, "invalid_data"
    )
    assert_status_info(
        wallet.call("put", "/profile", {**profile, "id": "urn:uuid:other"}), 400, "invalid_data"
    )
    assert_status_info(wallet.call("put", "/profile", {"name": "No id"}), 400, "invalid_data")
    s.member.refresh_from_db()
    assert s.member.display_name == "Amina"


def test_since_keeps_only_newer_credentials(s, amina_awards):
    wallet = connected_wallet(s.member)
    newest = max(amina_awards, key=lambda a: (a.issued_at, a.pk))
    older = [a for a in amina_awards if a.pk != newest.pk]
    for award in older:
        type(award).objects.filter(pk=award.pk).update(
            issued_at=newest.issued_at.replace(year=2025)
        )
    answer = wallet.call("get", "/credentials", {"since": "2026-01-01T00:00:00Z"})
    assert answer["X-Total-Count"] == "1"
    assert [c["id"] for c in answer.json()["credential"]] == [newest.ob3_url]


def test_a_jws_credential_is_kept_and_listed_as_compact_jws(s):
    wallet = connected_wallet(s.member)
    header = "eyJhbGciOiJFZERTQSJ9"
    payload = json.dumps(
        {"id": OTHER_ID, "type": ["VerifiableCredential", "OpenBadgeCredential"]}
    ).encode()
    jws = f"{header}.{base64.urlsafe_b64encode(payload).rstrip(b'=').decode()}.c2lnbmF0dXJl"
    created = wallet.call("post", "/credentials", jws, content_type="text/plain")
    assert created.status_code == 201, created.content
    assert created.content.decode() == jws
    held = ExternalCredential.objects.get(owner=s.member)
    assert held.format == "jwt" and held.original == jws
    assert held.verification_status != ExternalVerification.VALID  # a made-up signature
    listed = wallet.call("get", "/credentials").json()
    assert listed["compactJwsString"] == [jws]
    assert_valid("GetOpenBadgeCredentialsResponse", listed)


def test_get_credentials_costs_a_bounded_number_of_queries(s):
    award_add(s)
    wallet = connected_wallet(s.member)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert wallet.call("get", "/credentials").status_code == 200
        return len(queries)

    few = cost()
    for _ in range(3):
        award_add(s)
    assert cost() == few <= 8


# --- OAuth: registration, PKCE, scopes -----------------------------------------------------


def test_registration_refuses_incomplete_or_unsafe_metadata(wallet):
    cases = [
        ({"client_uri": None}, "invalid_client_metadata"),
        ({"software_id": ""}, "invalid_client_metadata"),
        ({"scope": "read write"}, "invalid_client_metadata"),
        ({"grant_types": ["client_credentials"]}, "invalid_client_metadata"),
        ({"token_endpoint_auth_method": "none"}, "invalid_client_metadata"),
        ({"redirect_uris": ["http://wallet.example.org/callback"]}, "invalid_redirect_uri"),
        ({"redirect_uris": ["https://wallet.example.org/cb#x"]}, "invalid_redirect_uri"),
        ({"redirect_uris": []}, "invalid_redirect_uri"),
    ]
    for changes, error in cases:
        body = {k: v for k, v in metadata(**changes).items() if v is not None}
        answer = wallet.client.post(
            "/ims/ob/v3p0/oauth/register", body, content_type="application/json"
        )
        assert answer.status_code == 400, changes
        assert answer.json()["error"] == error, changes
        assert answer.json()["error_description"]
    assert (
        wallet.client.post(
            "/ims/ob/v3p0/oauth/register", "[]", content_type="application/json"
        ).status_code
        == 400
    )


def test_registration_is_rate_limited_per_address(settings, wallet):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "wallet_register_address": "2/h"}
    wallet.register()
    wallet.register()
    answer = wallet.client.post("/ims/ob/v3p0/oauth/register", {}, content_type="application/json")
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0


def test_pkce_is_required_with_s256(s, wallet):
    wallet.register()
    browser = Client()
    browser.force_login(s.member)
    for changes in ({"code_challenge": ""}, {"code_challenge_method": "plain"}):
        page = browser.get(wallet.authorize_path(**changes))
        assert page.status_code == 400
        assert "PKCE" in page.content.decode()
    code = consent(browser, wallet)
    assert wallet.exchange(code, verifier="a" * 50).status_code == 400
    assert not wallet.access_token


def test_a_wallet_gets_only_the_scopes_it_registered(s, wallet):
    wallet.register(scope=SCOPE + "credential.readonly")
    browser = Client()
    browser.force_login(s.member)
    answer = browser.get(wallet.authorize_path(ALL_SCOPES))
    assert answer.status_code == 302
    assert "error=invalid_scope" in answer["Location"]
    code = consent(browser, wallet, SCOPE + "credential.readonly")
    assert wallet.exchange(code).json()["scope"] == SCOPE + "credential.readonly"


def test_refusing_sends_the_wallet_away_without_a_code(s, wallet):
    wallet.register()
    browser = Client()
    browser.force_login(s.member)
    form = browser.get(wallet.authorize_path()).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    answer = browser.post("/ims/ob/v3p0/oauth/authorize", data)
    assert answer.status_code == 302
    assert "error=access_denied" in answer["Location"] and "code=" not in answer["Location"]


def test_the_consent_page_needs_a_signed_in_person(s, wallet):
    wallet.register()
    answer = Client().get(wallet.authorize_path())
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_the_consent_page_says_who_asks_what_for_whom(s, wallet):
    wallet.register(scope=SCOPE + "credential.readonly " + SCOPE + "profile.readonly")
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    s.member.preferred_language = "en"
    s.member.save()
    browser.force_login(s.member)
    page = browser.get(
        wallet.authorize_path(SCOPE + "credential.readonly " + SCOPE + "profile.readonly")
    )
    text = page.content.decode()
    assert "Connect Portefeuille Test to your badges?" in text
    assert "asks to act for you, Amina" in text
    assert "https://wallet.example.org/terms" in text
    assert "See and copy the badges you hold on Jalons" in text
    assert "See your name and your email address" in text
    assert "Add badges from other organisations" not in text  # not asked
    # Its form may lead back to the wallet, and nowhere else.
    policy = page["Content-Security-Policy"]
    assert "form-action 'self' https://wallet.example.org;" in policy
