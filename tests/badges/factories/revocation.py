"""Data of the revocation tests: an issuer with its leader and a member, and an award."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from badges.models import Award, BadgeClass, Issuer, SigningKey
from badges.services.awards import award_create
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory, image_upload, initiative_with_members


@dataclass
class Setting:
    leader: User
    member: User
    issuer: Issuer
    badge: BadgeClass


def setting(*, validity_days: int | None = 365) -> Setting:
    leader = UserFactory(email="sophie@example.org", display_name="Sophie")
    member = UserFactory(email="amina@example.org", display_name="Amina")
    issuer = IssuerFactory(initiative=initiative_with_members(leader=leader, member=member))
    badge = badge_class_add(
        issuer, slug="accueil", validity_days=validity_days, image=image_upload()
    )
    return Setting(leader=leader, member=member, issuer=issuer, badge=badge)


def award_add(s: Setting, email: str = "amina@example.org") -> Award:
    return award_create(badge_class=s.badge, by=s.leader, email=email, narrative="Trois ateliers.")


def key_resolver(issuer: Issuer):
    keys = {
        key.verification_method_id: key.public_key_multibase
        for key in SigningKey.objects.filter(issuer=issuer).select_related("issuer")
    }
    return keys.get
