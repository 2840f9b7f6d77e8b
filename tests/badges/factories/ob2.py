"""Data of the OB 2.0 documents and baked images tests: an issuer, a badge class, awards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from accounts.models import User
from badges.models import Award, BadgeClass, Issuer
from badges.selectors.badge_classes import badge_class_get
from badges.services.awards import award_create
from badges.services.revocation import award_revoke
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import IssuerFactory, image_upload, initiative_with_members

SVG_IMAGE = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    b'<title>Atelier</title><circle id="medal" cx="50" cy="50" r="45" fill="#1d4f91"/></svg>'
)


@dataclass
class Setting:
    leader: User
    member: User
    issuer: Issuer
    badge: BadgeClass


def setting(
    *,
    framework: Any = None,
    image: bool = True,
    svg: bool = False,
    validity_days: int | None = 365,
    name: str = "Animer un atelier",
) -> Setting:
    """Sophie's issuer and a badge class (a PNG image, rules and tags when asked)."""
    leader = UserFactory(email="sophie@example.org", display_name="Sophie")
    member = UserFactory(email="amina@example.org", display_name="Amina")
    issuer = IssuerFactory(initiative=initiative_with_members(leader=leader, member=member))
    rules: tuple[dict[str, Any], ...] = ()
    if framework is not None:
        rules = ({"competence": competences(framework, 1)[0], "min_level": 2},)
    extra: dict[str, Any] = {}
    if image:
        extra["image"] = image_upload("emblem.png", fmt="PNG", size=(64, 48))
    badge = badge_class_add(issuer, rules=rules, validity_days=validity_days, name=name, **extra)
    if svg:
        badge.image_svg.save("emblem.svg", ContentFile(SVG_IMAGE))
    if framework is not None:
        badge.tags.add("réparation", "accueil")
    found = badge_class_get(uuid=badge.uuid)
    assert found is not None
    return Setting(leader=leader, member=member, issuer=issuer, badge=found)


def award_add(s: Setting, email: str = "amina@example.org") -> Award:
    return award_create(badge_class=s.badge, by=s.leader, email=email, narrative="Trois ateliers.")


def revoke(s: Setting, award: Award, reason: str = "Attribué par erreur.") -> Award:
    return award_revoke(award=award, by=s.leader, reason=reason)
