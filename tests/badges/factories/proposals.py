"""Data of the proposal tests: Sophie's repair café and its issuer, a badge class with one
rule, and Amina's contribution that Sophie endorses through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from accounts.models import User
from badges.models import Award, AwardProposal, BadgeClass, Issuer, SigningKey
from community.models import CompetenceClaim, Contribution, ContributionStatus, Endorsement
from community.services.endorsements import (
    ClaimAnswer,
    endorsement_answer,
    endorsement_request_create,
)
from competences.models import Competence, FrameworkVersion
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import IssuerFactory, image_upload, initiative_with_members


@dataclass
class Scene:
    leader: User
    member: User
    issuer: Issuer
    badge: BadgeClass
    competence: Competence
    claim: CompetenceClaim


def scene(
    version: FrameworkVersion,
    *,
    auto_award: bool = False,
    min_endorsers: int = 1,
    min_leaders: int = 1,
    leader: User | None = None,
    member: User | None = None,
) -> Scene:
    """Sophie leads the repair café (an issuer); Amina, a member, claims its first
    competence; the badge asks for level 2, ``min_endorsers`` endorsers (``min_leaders``
    of them leaders)."""
    leader = leader or UserFactory(
        email="sophie@example.org", display_name="Sophie", preferred_language="en"
    )
    member = member or UserFactory(
        email="amina@example.org", display_name="Amina", preferred_language="en"
    )
    initiative = initiative_with_members(leader=leader, member=member)
    issuer = IssuerFactory(initiative=initiative)
    competence = competences(version, 1)[0]
    badge = badge_class_add(
        issuer,
        name="Réparer avec d'autres",
        slug="reparer",
        image=image_upload(),
        auto_award=auto_award,
        rules=(
            {
                "competence": competence,
                "min_level": 2,
                "min_endorsers": min_endorsers,
                "min_leaders": min_leaders,
            },
        ),
    )
    contribution = Contribution.objects.create(
        owner=member,
        initiative=initiative,
        title="Atelier du samedi",
        narrative="J'ai animé l'atelier.",
        started_on=date(2026, 10, 3),
        status=ContributionStatus.RECORDED,
    )
    claim = CompetenceClaim.objects.create(
        contribution=contribution, competence=competence, self_level=2
    )
    return Scene(
        leader=leader,
        member=member,
        issuer=issuer,
        badge=badge,
        competence=competence,
        claim=claim,
    )


def leader_endorses(s: Scene, *, level: int = 2) -> list[Endorsement]:
    """Amina asks; Sophie answers through the portfolios services (as the pages do)."""
    [request] = endorsement_request_create(contribution=s.claim.contribution, by=s.member)
    return endorsement_answer(
        request=request,
        by=s.leader,
        answers=[ClaimAnswer(claim=s.claim, level=level)],
        relationship="Je l'ai vue animer l'atelier.",
    )


def key_resolver(issuer: Issuer):
    keys = {
        key.verification_method_id: key.public_key_multibase
        for key in SigningKey.objects.filter(issuer=issuer).select_related("issuer")
    }
    return keys.get


def proposal_add(badge: BadgeClass, user: User) -> AwardProposal:
    return AwardProposal.objects.create(badge_class=badge, user=user)


def bare_awards(badge: BadgeClass, user: User, count: int) -> list[Award]:
    """Awards stored without signing (for list pages, which never read the credential)."""
    now = timezone.now()
    return Award.objects.bulk_create(
        [
            Award(
                badge_class=badge,
                recipient=user,
                recipient_email=user.email,
                salt=f"salt{index}",
                identity_hash=f"sha256${index:064x}",
                issued_at=now,
            )
            for index in range(count)
        ]
    )
