"""Demo endorsements, for `manage.py demo_data` (after the demo contributions).

On the recorded demo contributions (whoever made them): Sophie, who leads the
demo initiatives, answered two requests out of three as leader, confirming the
levels (one claim in four one level higher) and leaves the third waiting in
her review queue; on every other contribution a fellow member of the same
initiative confirmed the levels too. Rows are written directly, without
notifications or emails; running it twice changes nothing more. Without demo
contributions, it does nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.api import User
from community.demo_activity import EMAIL_DOMAIN as ACTIVITY_EMAIL_DOMAIN
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Initiative,
    Membership,
    Role,
)
from competences.api import ProficiencyLevel

LEADER = "sophie@example.org"


def _request(
    *, contribution: Contribution, endorser: User, kind: str, answered: bool
) -> EndorsementRequest:
    request = EndorsementRequest.objects.filter(
        contribution=contribution, endorser=endorser
    ).first()
    if request is None:
        request = EndorsementRequest(
            contribution=contribution,
            requested_by=contribution.owner,
            kind=kind,
            endorser=endorser,
            status=EndorsementRequestStatus.ANSWERED
            if answered
            else EndorsementRequestStatus.PENDING,
            answered_at=timezone.now() if answered else None,
        )
        request.full_clean()
        request.save()
    return request


# What endorsers wrote, so that profiles and portfolios show real quotes (gender-neutral).
LEADER_COMMENTS = (
    "A pris l'atelier en main dès le deuxième samedi : accueil, répartition des réparations, "
    "et personne n'est reparti sans réponse.",
    "Explique calmement, même quand l'atelier déborde ; les nouveaux bénévoles se tournent "
    "naturellement vers cette personne.",
    "A préparé la collecte de printemps de bout en bout : planning, affiches, contacts avec la "
    "mairie. Tout était prêt à l'heure.",
    "Sait écouter avant de proposer, et a apaisé plus d'un désaccord entre bénévoles.",
)
PEER_COMMENTS = (
    "Nous avons tenu le stand ensemble plusieurs fois : fiable, organisé, et toujours de bonne "
    "humeur.",
    "M'a appris à diagnostiquer une panne avec patience, en me laissant faire.",
)


def _endorse(
    *,
    request: EndorsementRequest,
    claims: list[CompetenceClaim],
    endorser: User,
    initiative: Initiative | None,
    relationship: str,
    raise_every: int = 0,
) -> None:
    tops = dict(
        ProficiencyLevel.objects.filter(version__competences__claims__in=claims)
        .values_list("version_id")
        .annotate(top=Max("number"))
    )
    for index, claim in enumerate(claims):
        if Endorsement.objects.filter(claim=claim, endorser_email__iexact=endorser.email).exists():
            continue
        level = claim.self_level
        if raise_every and index % raise_every == raise_every - 1:
            level = min(level + 1, tops.get(claim.competence.version_id, level))
        endorsement = Endorsement(
            claim=claim,
            request=request,
            endorser=endorser,
            endorser_name=endorser.display_name or endorser.email,
            endorser_email=endorser.email,
            kind=request.kind,
            initiative=initiative,
            level=level,
            relationship=relationship,
            comment=_comment(request.kind, claim.pk),
        )
        endorsement.full_clean()
        endorsement.save()


def _comment(kind: str, number: int) -> str:
    comments = LEADER_COMMENTS if kind == EndorserKind.LEADER else PEER_COMMENTS
    return comments[number % len(comments)]


def _fellow(contribution: Contribution, initiative: Initiative, leader: User) -> User | None:
    """The first other member of the contribution's initiative, for a peer's endorsement."""
    membership = (
        Membership.objects.filter(initiative=initiative, role=Role.MEMBER)
        .exclude(user_id__in=[contribution.owner_id, leader.pk])
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def load() -> int:
    """Endorse the demo contributions; returns how many contributions were looked at."""
    leader = User.objects.filter(email=LEADER).first()
    if leader is None:
        return 0
    led = Membership.objects.filter(user=leader, role=Role.LEADER).values("initiative_id")
    contributions = list(
        Contribution.objects.filter(
            status=ContributionStatus.RECORDED, initiative_id__in=led, claims__isnull=False
        )
        .exclude(owner=leader)
        # The territory's history (demo_activity) has its own endorsements, made once.
        .exclude(owner__email__endswith=f"@{ACTIVITY_EMAIL_DOMAIN}")
        .select_related("initiative", "owner")
        .distinct()
        .order_by("pk")
    )
    for index, contribution in enumerate(contributions):
        claims = list(contribution.claims.select_related("competence").order_by("pk"))
        initiative = contribution.initiative
        assert initiative is not None
        answered = index % 3 != 2
        request = _request(
            contribution=contribution, endorser=leader, kind=EndorserKind.LEADER, answered=answered
        )
        if request.status == EndorsementRequestStatus.ANSWERED:
            _endorse(
                request=request,
                claims=claims,
                endorser=leader,
                initiative=initiative,
                relationship=f"Responsable de {initiative.name}",
                raise_every=4,
            )
        fellow = _fellow(contribution, initiative, leader) if index % 2 == 0 else None
        if fellow is not None:
            request = _request(
                contribution=contribution, endorser=fellow, kind=EndorserKind.PEER, answered=True
            )
            _endorse(
                request=request,
                claims=claims,
                endorser=fellow,
                initiative=None,
                relationship=f"Bénévole avec elle ou lui à {initiative.name}",
            )
    return len(contributions)
