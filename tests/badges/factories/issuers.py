"""Factories and helpers of the issuer tests.

Keys are made with the real ``badges.crypto.keys`` (encrypted with the test
settings' key), so that what the tests sign really verifies.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from badges.crypto.keys import encrypt_private_key, generate_key_pair
from badges.documents import issuer_profile_embedded
from badges.models import Issuer, RecognitionStatus, SigningKey
from badges.services.recognition import recognition_record
from community.models import Initiative, Membership, Role
from tests.accounts.factories.users import UserFactory
from tests.community.factories.initiatives import InitiativeFactory


def signing_key_add(issuer: Issuer, *, created_at: datetime.datetime | None = None) -> SigningKey:
    """Retire the issuer's active key (if any) and give it a new one."""
    now = created_at or timezone.now()
    SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).update(retired_at=now)
    private_key, public_key = generate_key_pair()
    return SigningKey.objects.create(
        issuer=issuer,
        public_key_multibase=public_key,
        encrypted_private_key=encrypt_private_key(private_key),
        created_at=now,
    )


class IssuerFactory(factory.django.DjangoModelFactory):
    """An initiative's issuer with one active key; ``IssuerFactory(keys=3)`` for more.

    Recognised by the territory, as the issuers of a running territory are;
    ``IssuerFactory(recognised=False)`` for one still waiting for the stewards.
    """

    class Meta:
        model = Issuer
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    is_territory = False
    name = factory.LazyAttribute(lambda o: o.initiative.name if o.initiative else "Territoire")
    email = factory.Sequence(lambda n: f"issuer{n}@example.org")
    url = "https://www.example.org"
    description = "Nous reconnaissons ce que les bénévoles apprennent."

    @factory.post_generation
    def keys(obj: Issuer, create: bool, extracted: int | None, **kwargs: Any) -> None:
        if create:
            for _ in range(1 if extracted is None else extracted):
                signing_key_add(obj)

    @factory.post_generation
    def recognised(obj: Issuer, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create:
            status = (
                RecognitionStatus.PENDING if extracted is False else RecognitionStatus.RECOGNISED
            )
            recognition_record(issuer=obj, status=status, by=None, note="Vérifié sur place.")


class TerritoryIssuerFactory(IssuerFactory):
    initiative = None
    is_territory = True
    name = "Territoire de Dijon"
    email = "territoire@example.org"


def initiative_with_members(*, leader: User, member: User, **kwargs: Any) -> Initiative:
    """Sophie's repair café, where Amina is a member."""
    initiative = InitiativeFactory(
        name="Repair Café de Chenôve",
        slug="repair-cafe-de-chenove",
        commune="Chenôve",
        postcode="21300",
        website="https://repair.example.org",
        description="On répare ensemble.",
        leader=leader,
        **kwargs,
    )
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    return initiative


def other_initiative_leader() -> User:
    """The leader of another initiative (Olivier, at the fablab)."""
    user = UserFactory(email="olivier@example.org", display_name="Olivier")
    if not Initiative.objects.filter(slug="fablab-de-quetigny").exists():
        InitiativeFactory(name="FabLab de Quetigny", slug="fablab-de-quetigny", leader=user)
    return user


def image_upload(
    name: str = "emblem.jpg", *, fmt: str = "JPEG", size: tuple[int, int] = (120, 120)
) -> SimpleUploadedFile:
    """A real image file, as a browser would upload it (JPEG by default: stored as PNG)."""
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, (30, 80, 150)).save(buffer, format=fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def svg_upload() -> SimpleUploadedFile:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return SimpleUploadedFile("emblem.png", svg, content_type="image/png")


@dataclass(frozen=True)
class Credential:
    """A minimal OpenBadgeCredential to sign in tests (the awards build the real ones)."""

    issuer: Issuer

    def document(self) -> dict[str, Any]:
        return {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": "urn:uuid:7d4b9a34-3a5f-4f0e-9d47-8c1f2b6e0a11",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": issuer_profile_embedded(self.issuer),
            "validFrom": "2026-11-27T09:00:00Z",
            "name": "Réparer avec d'autres",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "id": "did:example:amina",
                "achievement": {
                    "id": "https://jalons.example.org/badges/classes/reparer",
                    "type": ["Achievement"],
                    "name": "Réparer avec d'autres",
                    "description": "Répare des objets avec les visiteurs.",
                    "criteria": {"narrative": "Trois ateliers animés."},
                },
            },
        }
