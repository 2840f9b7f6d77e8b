"""Data of the evidence and endorsement tests: a volunteer whose badge rests on a recorded
contribution (public, endorsers-only and private evidence), a leader's and a peer's
endorsements, and partner organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from accounts.models import User
from badges.models import BadgeClass, Issuer
from community.models import (
    CompetenceClaim,
    Contribution,
    Endorsement,
    EndorserKind,
    Evidence,
    EvidenceKind,
    Initiative,
    Visibility,
)
from competences.models import Competence, FrameworkVersion
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import (
    IssuerFactory,
    TerritoryIssuerFactory,
    initiative_with_members,
)

# What must never leave the platform: the private and endorsers-only evidence.
PRIVATE_TEXT = "Texte privé: mon numéro de dossier 4242"
PRIVATE_FILE_NAME = "carte-identite-amina.pdf"
PRIVATE_FILE_TITLE = "Pièce d'identité"
PRIVATE_LINK = "https://prive.example.org/dossier-amina"
ENDORSERS_TEXT = "Réservé aux personnes sollicitées"
CONTRIBUTION_NARRATIVE = "Récit personnel de la contribution, non public"
# What may be public.
PUBLIC_LINK = "https://photos.example.org/atelier-du-samedi"
PUBLIC_TEXT = "Compte rendu public de l'atelier."
LEADER_WORDS = "Amina a animé trois ateliers avec assurance."
PEER_WORDS = "Elle explique très bien."

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\n0000000000 65535 f \nstartxref\n20\n%%EOF\n"


def organisation_add(*, name: str = "Mission locale de Dijon", staff: tuple[User, ...] = ()):
    """A partner organisation with one signing key and these staff."""
    organisation = IssuerFactory(
        initiative=None, is_organisation=True, name=name, url="https://ml.example.org"
    )
    organisation.staff.set(staff)
    return organisation


def _evidence(contribution: Contribution, **values: Any) -> Evidence:
    return Evidence.objects.create(contribution=contribution, **values)


@dataclass
class Story:
    """Amina's badge: its rule, her contribution, a leader's and a peer's endorsements."""

    initiative: Initiative
    initiative_issuer: Issuer | None
    territory: Issuer
    badge_class: BadgeClass
    competence: Competence
    contribution: Contribution
    claim: CompetenceClaim
    leader_endorsement: Endorsement
    peer_endorsement: Endorsement


def story(
    *,
    version: FrameworkVersion,
    volunteer: User,
    leader: User,
    peer: User,
    initiative_is_issuer: bool = True,
) -> Story:
    initiative = initiative_with_members(leader=leader, member=volunteer)
    initiative_issuer = IssuerFactory(initiative=initiative) if initiative_is_issuer else None
    territory = TerritoryIssuerFactory()
    competence = competences(version, 1)[0]
    badge_class = badge_class_add(
        territory,
        rules=({"competence": competence, "min_level": 2, "min_endorsers": 2, "min_leaders": 1},),
    )
    contribution = Contribution.objects.create(
        owner=volunteer,
        initiative=initiative,
        title="Atelier du samedi",
        narrative=CONTRIBUTION_NARRATIVE,
        role="animatrice",
        started_on=date(2026, 10, 3),
        ended_on=date(2026, 10, 31),
        hours=Decimal("12.0"),
    )
    _evidence(
        contribution,
        kind=EvidenceKind.LINK,
        title="Photos",
        url=PUBLIC_LINK,
        visibility=Visibility.PUBLIC,
    )
    _evidence(contribution, kind=EvidenceKind.TEXT, text=PUBLIC_TEXT, visibility=Visibility.PUBLIC)
    _evidence(
        contribution, kind=EvidenceKind.TEXT, text=PRIVATE_TEXT, visibility=Visibility.PRIVATE
    )
    _evidence(contribution, kind=EvidenceKind.LINK, url=PRIVATE_LINK, visibility=Visibility.PRIVATE)
    _evidence(
        contribution, kind=EvidenceKind.TEXT, text=ENDORSERS_TEXT, visibility=Visibility.ENDORSERS
    )
    _evidence(
        contribution,
        kind=EvidenceKind.FILE,
        title=PRIVATE_FILE_TITLE,
        file=ContentFile(PDF, name="0123abcd.pdf"),
        original_name=PRIVATE_FILE_NAME,
        content_type="application/pdf",
        visibility=Visibility.PRIVATE,
    )
    claim = CompetenceClaim.objects.create(
        contribution=contribution, competence=competence, self_level=2
    )
    leader_endorsement = Endorsement.objects.create(
        claim=claim,
        endorser=leader,
        endorser_name="Sophie",
        endorser_email=leader.email,
        kind=EndorserKind.LEADER,
        initiative=initiative,
        level=3,
        comment=LEADER_WORDS,
        relationship="Je coordonne le repair café.",
    )
    peer_endorsement = Endorsement.objects.create(
        claim=claim,
        endorser=peer,
        endorser_name="Paul",
        endorser_email=peer.email,
        kind=EndorserKind.PEER,
        level=2,
        comment=PEER_WORDS,
        relationship="Nous sommes bénévoles ensemble.",
    )
    return Story(
        initiative=initiative,
        initiative_issuer=initiative_issuer,
        territory=territory,
        badge_class=badge_class,
        competence=competence,
        contribution=contribution,
        claim=claim,
        leader_endorsement=leader_endorsement,
        peer_endorsement=peer_endorsement,
    )
