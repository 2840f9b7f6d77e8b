"""A wallet playing the OB 3.0 API against Jalons, with the Django test client: it
registers (RFC 7591), sends the person to the consent page with PKCE (S256), exchanges the
code, refreshes, and calls the API with its bearer token. Also a credential of another
issuer (a did:key of its own, signed here) to upsert, and the OpenAPI validator of the
tests (component schemas of 1EdTech's document, ``$ref``s resolved inside it)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.test import Client
from jsonschema import Draft7Validator

from badges.crypto.data_integrity import sign
from badges.crypto.keys import generate_key_pair
from badges.ob3_api.openapi import OPENAPI_PATH
from tests.badges.conftest import make_credential

API = "/ims/ob/v3p0"
SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
ALL_SCOPES = " ".join(
    SCOPE + name
    for name in ("credential.readonly", "credential.upsert", "profile.readonly", "profile.update")
)
REDIRECT_URI = "https://wallet.example.org/callback"
OPENAPI = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))


def schema_errors(component: str, value: Any) -> list[str]:
    """Errors of ``value`` against the OpenAPI component schema ``component``."""
    validator = Draft7Validator(
        {"$ref": f"#/components/schemas/{component}", "components": OPENAPI["components"]}
    )
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(value)]


def metadata(**changes: Any) -> dict[str, Any]:
    body = {
        "client_name": "Portefeuille Test",
        "client_uri": "https://wallet.example.org/",
        "logo_uri": "https://wallet.example.org/logo.png",
        "tos_uri": "https://wallet.example.org/terms",
        "policy_uri": "https://wallet.example.org/privacy",
        "software_id": "c3a7f5e0-5a1e-4c3e-9d1f-0d4c6a1b2e3f",
        "software_version": "1.0.0",
        "redirect_uris": [REDIRECT_URI],
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": ALL_SCOPES,
    }
    body.update(changes)
    return body


@dataclass
class Wallet:
    client: Client  # the wallet's own HTTP client (no cookies of the person)
    client_id: str = ""
    client_secret: str = ""
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    state: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    access_token: str = ""
    refresh_token: str = ""

    def register(self, **changes: Any) -> dict[str, Any]:
        response = self.client.post(
            f"{API}/oauth/register", metadata(**changes), content_type="application/json"
        )
        assert response.status_code == 201, response.content
        answer = response.json()
        self.client_id, self.client_secret = answer["client_id"], answer["client_secret"]
        return answer

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def authorize_path(self, scope: str = ALL_SCOPES, **changes: str) -> str:
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": scope,
            "state": self.state,
            "code_challenge": self.challenge,
            "code_challenge_method": "S256",
        }
        query.update(changes)
        return f"{API}/oauth/authorize?{urlencode(query)}"

    def code_from(self, location: str) -> str:
        """The code in the redirect back to the wallet (its state checked)."""
        assert location.startswith(REDIRECT_URI), location
        query = parse_qs(urlsplit(location).query)
        assert query["state"] == [self.state]
        return query["code"][0]

    def _basic(self) -> str:
        pair = f"{self.client_id}:{self.client_secret}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def token(self, data: dict[str, str]) -> Any:
        return self.client.post(f"{API}/oauth/token", data, HTTP_AUTHORIZATION=self._basic())

    def exchange(self, code: str, verifier: str | None = None) -> Any:
        response = self.token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT_URI,
                "code_verifier": verifier or self.verifier,
            }
        )
        if response.status_code == 200:
            tokens = response.json()
            self.access_token, self.refresh_token = tokens["access_token"], tokens["refresh_token"]
        return response

    def refresh(self) -> Any:
        response = self.token({"grant_type": "refresh_token", "refresh_token": self.refresh_token})
        if response.status_code == 200:
            tokens = response.json()
            self.access_token, self.refresh_token = tokens["access_token"], tokens["refresh_token"]
        return response

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.access_token}"} if self.access_token else {}
        headers.update(extra)
        if method == "get":
            return self.client.get(f"{API}{path}", body, **headers)
        content_type = headers.pop("content_type", "application/json")
        data = body if isinstance(body, str) else json.dumps(body)
        return getattr(self.client, method)(
            f"{API}{path}", data, content_type=content_type, **headers
        )


def consent(person_client: Client, wallet: Wallet, scope: str = ALL_SCOPES) -> str:
    """The person allows the wallet on the consent page; the code it gets back."""
    page = person_client.get(wallet.authorize_path(scope))
    assert page.status_code == 200, page.content
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["allow"] = "on"
    answer = person_client.post(f"{API}/oauth/authorize", data)
    assert answer.status_code == 302, answer.content
    return wallet.code_from(answer["Location"])


def connected_wallet(person: Any, scope: str = ALL_SCOPES) -> Wallet:
    """A wallet registered and allowed by ``person`` for ``scope``, holding its tokens."""
    wallet = Wallet(client=Client())
    wallet.register()
    browser = Client()
    browser.force_login(person)
    response = wallet.exchange(consent(browser, wallet, scope))
    assert response.status_code == 200, response.content
    return wallet


def other_issuer_credential(credential_id: str, *, name: str = "Souder à l’étain") -> dict:
    """A credential of another organisation: a did:key issuer with its own keys."""
    seed, public = generate_key_pair()
    issuer = f"did:key:{public}"
    credential = make_credential(issuer)
    credential["id"] = credential_id
    credential["issuer"]["name"] = "Fablab de Chenôve"
    credential["credentialSubject"]["achievement"]["name"] = name
    return sign(credential, private_key=seed, verification_method=f"{issuer}#{public}")
