"""Fixtures of the Open Badges crypto tests: vectors, a hand-made credential, a network guard."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.badges.factories.issuers import other_initiative_leader

VECTORS = Path(__file__).resolve().parent / "vectors"

# 1EdTech's OB 3.0 test vector (see vectors/README.md).
VECTOR_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
VECTOR_ISSUER = "https://example.edu/issuers/565049"
VECTOR_METHOD = f"{VECTOR_ISSUER}#{VECTOR_KEY}"
# The public test seed published with that vector: not a key of this platform.
VECTOR_SEED_HEX = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"

ISSUER = "https://jalons.example.org/badges/issuers/9f1c2d3e"
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
# Defines 1EdTechJsonSchemaValidator2019, 1EdTechRevocationList, 1EdTechCredentialRefresh,
# which neither context above defines (1EdTech's own examples add it for credentialSchema).
OB3_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}


def load_vector(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


@pytest.fixture
def signed_vector() -> dict[str, Any]:
    return load_vector("ob3-signed-credential.json")


def make_credential(issuer: str = ISSUER, *, schema: bool = False) -> dict[str, Any]:
    """A hand-made OpenBadgeCredential with the exact context the OB 3.0 spec requires.

    With ``schema``, it also has a ``credentialSchema`` and the extensions context that
    defines its type.
    """
    credential: dict[str, Any] = {
        "@context": list(OB3_CONTEXT),
        "id": "urn:uuid:2c9e4f1a-6a47-4c1e-9a53-0e7c4b1d8f20",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": "Repair café des Grésilles",
            "url": "https://jalons.example.org/initiatives/repair-cafe",
            "email": "contact@repair-cafe.example.org",
        },
        "validFrom": "2026-11-27T09:00:00Z",
        "name": "Animer un collectif",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "hashed": True,
                    # sha256("a@example.com" + salt), the OB 3.0 spec's example
                    "identityHash": "sha256$"
                    "b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
                    "identityType": "emailAddress",
                    "salt": "Kosher",
                }
            ],
            "achievement": {
                "id": "https://jalons.example.org/badges/classes/animer-un-collectif",
                "type": ["Achievement"],
                "name": "Animer un collectif",
                "description": "Anime une équipe de bénévoles et facilite ses décisions.",
                "criteria": {"narrative": "Compétence « animation » au niveau 2, confirmée."},
                "achievementType": "Competency",
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "diriger d'autres personnes",
                        "targetUrl": "http://data.europa.eu/esco/skill/1605025e-a179-421f-8f35-5b07d182a6b2",
                        "targetFramework": "ESCO",
                    }
                ],
            },
        },
    }
    if schema:
        credential["@context"].append(OB3_EXTENSIONS)
        credential["credentialSchema"] = [dict(SCHEMA)]
    return credential


@pytest.fixture
def credential() -> dict[str, Any]:
    return make_credential()


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fail any attempt to resolve a host name or open a connection; returns the attempts."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture
def other_leader(db):
    """Olivier, who leads another initiative (the fablab): for the badges, a leader who is
    not the issuer's staff."""
    return other_initiative_leader()
