"""Badges earned elsewhere, for the tests of "My badges" (and of portfolios that show them).

- ``OtherInstance``: another Jalons instance, at ``OTHER_SITE``: an issuer there with its
  own keys awards a badge with this project's own issuing code (``award_create``) while the
  site's address is ``OTHER_SITE``; its baked PNG is what its holder downloaded there.
  ``serve`` plays that instance on the internet: the safe fetcher's transport answers its
  addresses with what its pages answer (the issuer's profile with its keys, the status
  list), every other address is unreachable.
- ``vc_jwt``: a VC-JWT (EdDSA) of a did:key issuer, verifiable offline.
- ``OB2_BAKED``: 1EdTech's OB 2.0 baked PNG (vectors/README.md), a hosted Assertion of
  example.org; ``OB2_SITE`` the documents its issuer's site would answer (made for the test:
  the Assertion as baked, a BadgeClass and an Issuer profile).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.test import Client, override_settings
from django.utils import translation

import badges.fetch
from badges.baking import unbake
from badges.crypto.multibase import ed25519_public_key_to_multikey
from badges.fetch import FetchError
from badges.services.awards import award_create
from tests.accounts.factories.users import UserFactory
from tests.badges.conftest import VECTORS, make_credential
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory, image_upload, initiative_with_members

OTHER_SITE = "https://jalons.autre-territoire.example"
OB2_BAKED = (VECTORS / "ob2-simple-badge.png").read_bytes()
OB2_ASSERTION = json.loads(unbake(OB2_BAKED).payload)
OB2_ISSUER = "https://example.org/issuer.json"
OB2_SITE: dict[str, dict[str, Any]] = {
    OB2_ASSERTION["id"]: OB2_ASSERTION,
    OB2_ASSERTION["badge"]: {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "BadgeClass",
        "id": OB2_ASSERTION["badge"],
        "name": "Robotics",
        "description": "Built a robot.",
        "image": "https://example.org/robotics-badge.png",
        "criteria": {"narrative": "Build a robot that walks."},
        "issuer": OB2_ISSUER,
    },
    OB2_ISSUER: {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": OB2_ISSUER,
        "name": "Example Robotics Club",
        "url": "https://example.org",
        "email": "club@example.org",
    },
}


@dataclass
class Internet:
    """What the safe fetcher's transport answers: JSON documents by address, other sites
    played by a function; anything else is unreachable. ``asked``: every address asked."""

    documents: dict[str, Any] = field(default_factory=dict)
    sites: dict[str, Callable[[str, str], tuple[int, str, bytes]]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def http_get(self, url: str, *, accept: str, max_bytes: int, deadline: float) -> Any:
        self.asked.append(url)
        if url in self.documents:
            document = self.documents[url]
            if isinstance(document, bytes):
                return 200, "image/png", document, None
            return 200, "application/json", json.dumps(document).encode(), None
        for prefix, answer in self.sites.items():
            if url.startswith(prefix):
                status, content_type, body = answer(url, accept)
                return status, content_type, body, None
        raise FetchError("unreachable in tests", code="dns")


def internet_install(monkeypatch: pytest.MonkeyPatch) -> Internet:
    """The safe fetcher's transport answers from a new ``Internet`` (for a fixture)."""
    web = Internet()
    monkeypatch.setattr(badges.fetch, "_http_get", web.http_get)
    return web


@dataclass
class OtherInstance:
    png: bytes
    credential: dict[str, Any]
    issuer_id: str

    def answer(self, url: str, accept: str) -> tuple[int, str, bytes]:
        """What the other instance answers at ``url``: its own pages, as they are. (Served
        in-process: its locale middleware activates its language in this thread, which must not
        leak into the request that fetches it, as it would not over a network.)"""
        with override_settings(SITE_URL=OTHER_SITE), translation.override(None):
            response = Client().get(url[len(OTHER_SITE) :], HTTP_ACCEPT=accept)
        content_type = response.get("Content-Type", "").split(";")[0]
        return response.status_code, content_type, b"".join(response)

    def serve(self, web: Internet) -> None:
        web.sites[OTHER_SITE] = self.answer


def other_instance_badge(*, name: str = "Réparer un vélo") -> OtherInstance:
    """A badge awarded on another Jalons instance (an address without an account here),
    as its holder downloaded it there: the PNG with its OB 3.0 credential baked in."""
    with override_settings(SITE_URL=OTHER_SITE):
        leader = UserFactory(email="leader@autre-territoire.example", display_name="Paul")
        member = UserFactory(email="membre@autre-territoire.example", display_name="Nour")
        issuer = IssuerFactory(
            name="Atelier vélo de Quetigny",
            initiative=initiative_with_members(leader=leader, member=member),
        )
        badge = badge_class_add(issuer, name=name, slug="reparer-un-velo", image=image_upload())
        award = award_create(badge_class=badge, by=leader, email="amina.b@autre-territoire.example")
        png = b"".join(Client().get(award.png_url[len(OTHER_SITE) :]))
        issuer_id = issuer.id_url
    credential = json.loads(unbake(png).payload)
    assert credential["issuer"]["id"].startswith(OTHER_SITE)
    return OtherInstance(png=png, credential=credential, issuer_id=issuer_id)


def vc_jwt(credential_id: str, *, name: str = "Tenir une caisse") -> str:
    """A VC-JWT (EdDSA) whose ``kid`` names its did:key issuer's key."""
    private = ed25519.Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = ed25519_public_key_to_multikey(raw)
    did = f"did:key:{key}"
    credential = make_credential(did)
    credential["id"] = credential_id
    credential["issuer"]["name"] = "Épicerie solidaire de Fontaine"
    credential["credentialSubject"]["achievement"]["name"] = name
    payload = {"vc": credential, "iss": did, "jti": credential_id}
    return jwt.encode(payload, private, algorithm="EdDSA", headers={"kid": f"{did}#{key}"})
