"""Generated initiatives, members, contributions, claims and endorsements
(``manage.py generate_scale_data``, config/scale.py).

The shape: three large initiatives (the first with ``big_size`` members: 5,000 at
regional scale), every other volunteer in one to three initiatives; contributions on a long
tail (most volunteers 1 to 5, a few hundreds); one to three claims each; a third of the
recorded contributions endorsed by their initiative's leader and some by a fellow member; and
the first leader's queue (``QUEUE_MAX`` requests waiting, from the largest initiative).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Initiative,
    InitiativeKind,
    InitiativeSphere,
    Membership,
    Role,
    Sphere,
)
from community.models import Endorsement as EndorsementModel
from competences.api import Competence, Status
from config.scale import ScalePlan, bulk_insert, long_tail_counts, uuid_from

QUEUE_MAX = 5000
BIG_MEMBERS = 5000
FLUSH_EVERY = 5000  # contributions per round of inserts
TOWNS = (
    ("Dijon", "21000"),
    ("Chenôve", "21300"),
    ("Quetigny", "21800"),
    ("Talant", "21240"),
    ("Longvic", "21600"),
    ("Fontaine-lès-Dijon", "21121"),
    ("Beaune", "21200"),
    ("Auxonne", "21130"),
    ("Montbard", "21500"),
    ("Is-sur-Tille", "21120"),
)
TITLES = (
    "Accueil des visiteurs",
    "Atelier réparation de vélos",
    "Préparation des repas du midi",
    "Tenue de la caisse",
    "Animation d'un atelier couture",
    "Distribution des paniers",
    "Réparation de petit électroménager",
    "Rédaction de la lettre d'information",
    "Organisation de la fête de quartier",
    "Formation des nouveaux bénévoles",
    "Inventaire de l'atelier",
    "Découpe laser pour un projet d'école",
)
RELATIONSHIP = "Je coordonne l'initiative où cette personne contribue."
PEER_RELATIONSHIP = "Nous contribuons ensemble à cette initiative."


@dataclass
class CommunityScale:
    initiative_ids: list[int]
    initiative_slugs: list[str]
    member_counts: list[int]
    big_slug: str
    queue_leader_email: str
    queue_size: int
    top_volunteer_email: str
    top_volunteer_contributions: int
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "counts": {"initiatives": len(self.initiative_ids), **self.counts},
            "personas": {
                "leader": {
                    "email": self.queue_leader_email,
                    "queue": self.queue_size,
                    "initiative": self.big_slug,
                    "members": self.member_counts[0] if self.member_counts else 0,
                },
                "volunteer": {
                    "email": self.top_volunteer_email,
                    "contributions": self.top_volunteer_contributions,
                },
            },
            "paths": {
                "members_page": f"/initiatives/{self.big_slug}/members/",
                "initiatives_page": "/initiatives/",
                "api_initiatives": "/api/v1/initiatives/",
                "endorsement_queue": "/endorsements/queue/",
                "api_contributions": "/api/v1/contributions/",
            },
        }


def big_size(volunteers: int) -> int:
    """Members of the largest initiative: 5,000 at regional scale, most of a small crowd."""
    return min(max(BIG_MEMBERS, volunteers // 20), volunteers * 4 // 5)


def _initiatives(plan: ScalePlan, rng: random.Random, accounts: Any) -> list[Initiative]:
    kinds = list(InitiativeKind.values)
    spheres = list(Sphere.values)
    rows = []
    for index in range(plan.initiatives):
        kind = kinds[index % len(kinds)]
        town, postcode = rng.choice(TOWNS)
        name = f"{InitiativeKind(kind).label} {town} {index + 1}"
        rows.append(
            Initiative(
                name=name,
                slug=f"{plan.prefix}{slugify(name)}"[:80],
                description="Initiative générée pour mesurer les pages à l'échelle d'une région.",
                kind=kind,
                commune=town,
                postcode=postcode,
                verified=True,
                verified_at=plan.now - timedelta(days=rng.randint(1, 900)),
                verified_by_id=accounts.steward_id,
                created_by_id=accounts.leader_ids[index],
                created_at=plan.now - timedelta(days=rng.randint(900, 1500)),
            )
        )
    initiatives = bulk_insert(Initiative, rows)
    bulk_insert(
        InitiativeSphere,
        (
            InitiativeSphere(initiative=initiative, sphere=sphere)
            for initiative in initiatives
            for sphere in rng.sample(spheres, rng.randint(1, 2))
        ),
    )
    return initiatives


def _memberships(
    plan: ScalePlan, rng: random.Random, accounts: Any, initiatives: list[Initiative]
) -> list[list[int]]:
    """Who is in which initiative: per volunteer, the indices of their initiatives."""
    volunteers = len(accounts.volunteer_ids)
    member_of: list[list[int]] = [[] for _ in range(volunteers)]
    if initiatives and volunteers:
        size = big_size(volunteers)
        for index, members in enumerate((size, size // 3, size // 9)[: len(initiatives)]):
            for volunteer in rng.sample(range(volunteers), members):
                member_of[volunteer].append(index)
        others = range(3, len(initiatives)) if len(initiatives) > 3 else range(len(initiatives))
        for volunteer in range(volunteers):
            wanted = 1 if rng.random() < 0.7 else rng.randint(2, 3)
            while len(member_of[volunteer]) < wanted:
                choice = rng.choice(others)
                if choice not in member_of[volunteer]:
                    member_of[volunteer].append(choice)
                elif len(others) <= len(member_of[volunteer]):
                    break

    def membership(user_id: int, initiative: Initiative, role: str, days: int) -> Membership:
        joined = plan.now - timedelta(days=days, seconds=rng.randint(0, 86399))
        return Membership(initiative=initiative, user_id=user_id, role=role, joined_at=joined)

    leaders = (
        membership(accounts.leader_ids[index], initiative, Role.LEADER, rng.randint(900, 1400))
        for index, initiative in enumerate(initiatives)
    )
    bulk_insert(Membership, leaders)
    bulk_insert(
        Membership,
        (
            membership(accounts.volunteer_ids[volunteer], initiatives[index], Role.MEMBER, days)
            for volunteer, indices in enumerate(member_of)
            for index in indices
            for days in (rng.randint(1, 900),)
        ),
    )
    return member_of


@dataclass
class _Pending:
    """Contributions waiting to be inserted, with what hangs on them."""

    contributions: list[Contribution] = field(default_factory=list)
    volunteers: list[int] = field(default_factory=list)  # index of each one's volunteer


class _Writer:
    """Inserts contributions by rounds, then their claims, requests and endorsements."""

    def __init__(
        self,
        plan: ScalePlan,
        accounts: Any,
        initiatives: list[Initiative],
        members: list[list[int]],
    ) -> None:
        self.plan = plan
        self.rng = plan.rng("community.contributions")
        self.accounts = accounts
        self.initiatives = initiatives
        self.members = members  # per initiative: volunteer indices
        self.competences = list(
            Competence.objects.filter(version__status=Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.queue_size = 0
        self.queue_target = 0
        self.counts = {"claims": 0, "endorsement_requests": 0, "endorsements": 0}
        self.today = plan.now.date()
        self.initiative_index = {initiative.pk: i for i, initiative in enumerate(initiatives)}

    def contribution(self, volunteer: int, initiative_index: int | None) -> Contribution:
        rng = self.rng
        started = self.today - timedelta(days=rng.randint(0, 900))
        ended = None if rng.random() < 0.2 else started + timedelta(days=rng.randint(0, 30))
        created = datetime.combine(ended or started, datetime.min.time(), self.plan.now.tzinfo)
        return Contribution(
            uuid=uuid_from(rng),
            owner_id=self.accounts.volunteer_ids[volunteer],
            initiative_id=(
                self.initiatives[initiative_index].pk if initiative_index is not None else None
            ),
            personal_project="" if initiative_index is not None else "Projet personnel",
            title=rng.choice(TITLES),
            narrative="J'ai préparé, fait et rangé avec les autres bénévoles.",
            role="bénévole",
            started_on=started,
            ended_on=ended,
            hours=Decimal(rng.randint(1, 80)) / 2,
            status=(
                ContributionStatus.DRAFT if rng.random() < 0.05 else ContributionStatus.RECORDED
            ),
            created_at=min(created + timedelta(hours=rng.randint(8, 20)), self.plan.now),
        )

    def flush(self, pending: _Pending) -> None:
        rng = self.rng
        contributions = bulk_insert(Contribution, pending.contributions)
        claims: list[CompetenceClaim] = []
        claims_of: list[list[CompetenceClaim]] = []
        for contribution in contributions:
            mine = [
                CompetenceClaim(
                    uuid=uuid_from(rng),
                    contribution=contribution,
                    competence_id=competence,
                    self_level=rng.choice((1, 2, 2, 3, 3, 4)),
                    created_at=contribution.created_at,
                )
                for competence in rng.sample(
                    self.competences, min(len(self.competences), rng.choice((1, 2, 2, 3)))
                )
            ]
            claims += mine
            claims_of.append(mine)
        bulk_insert(CompetenceClaim, claims)
        requests: list[EndorsementRequest] = []
        answers: list[tuple[EndorsementRequest, list[CompetenceClaim], int | None]] = []
        for contribution, volunteer, mine in zip(
            contributions, pending.volunteers, claims_of, strict=True
        ):
            if contribution.status != ContributionStatus.RECORDED or not mine:
                continue
            if contribution.initiative_id is None:
                continue
            index = self.initiative_index[contribution.initiative_id]
            if index == 0 and self.queue_size < self.queue_target and rng.random() < 0.6:
                requests.append(self.request(contribution, volunteer, index, waiting=True))
                self.queue_size += 1
                continue
            draw = rng.random()
            if draw < 0.33:
                request = self.request(contribution, volunteer, index, waiting=False)
                requests.append(request)
                answers.append((request, mine, None))
            elif draw < 0.36 and index != 0:  # the first leader's queue is counted
                requests.append(self.request(contribution, volunteer, index, waiting=True))
            if rng.random() < 0.12 and len(self.members[index]) > 1:
                peer = rng.choice(self.members[index])
                if peer != volunteer:
                    request = self.request(contribution, volunteer, index, waiting=False, peer=peer)
                    requests.append(request)
                    answers.append((request, mine, peer))
        bulk_insert(EndorsementRequest, requests)
        endorsements = [
            self.endorsement(request, claim, peer)
            for request, mine, peer in answers
            for claim in mine
        ]
        bulk_insert(EndorsementModel, endorsements)
        self.counts["claims"] += len(claims)
        self.counts["endorsement_requests"] += len(requests)
        self.counts["endorsements"] += len(endorsements)

    def request(
        self,
        contribution: Contribution,
        volunteer: int,
        index: int,
        *,
        waiting: bool,
        peer: int | None = None,
    ) -> EndorsementRequest:
        rng = self.rng
        if waiting:  # asked within the last three weeks: not expired
            asked = self.plan.now - timedelta(minutes=rng.randint(1, 21 * 24 * 60))
        else:
            asked = max(contribution.created_at, self.plan.now - timedelta(days=800))
        endorser = (
            self.accounts.leader_ids[index] if peer is None else self.accounts.volunteer_ids[peer]
        )
        return EndorsementRequest(
            uuid=uuid_from(rng),
            contribution=contribution,
            requested_by_id=self.accounts.volunteer_ids[volunteer],
            kind=EndorserKind.LEADER if peer is None else EndorserKind.PEER,
            endorser_id=endorser,
            status=(
                EndorsementRequestStatus.PENDING if waiting else EndorsementRequestStatus.ANSWERED
            ),
            created_at=asked,
            expires_at=asked + timedelta(days=30),
            answered_at=None if waiting else asked + timedelta(days=rng.randint(0, 10)),
        )

    def endorsement(
        self, request: EndorsementRequest, claim: CompetenceClaim, peer: int | None
    ) -> EndorsementModel:
        rng = self.rng
        if peer is None:
            index = self.initiative_index[request.contribution.initiative_id or 0]
            name = self.accounts.leader_names[index]
            email = self.accounts.leader_emails[index]
        else:
            name = self.accounts.volunteer_names[peer]
            email = self.accounts.volunteer_emails[peer]
        level = max(1, min(4, claim.self_level + rng.choice((-1, 0, 0, 0, 1))))
        return EndorsementModel(
            uuid=uuid_from(rng),
            claim=claim,
            request=request,
            endorser_id=request.endorser_id,
            endorser_name=name,
            endorser_email=email,
            kind=request.kind,
            initiative_id=request.contribution.initiative_id if peer is None else None,
            level=level,
            relationship=RELATIONSHIP if peer is None else PEER_RELATIONSHIP,
            created_at=request.answered_at or self.plan.now,
        )


def load(*, plan: ScalePlan, loaded: dict[str, Any]) -> CommunityScale:
    accounts = loaded["accounts"]
    rng = plan.rng("community")
    plan.progress(f"community: {plan.initiatives} initiatives and their members")
    initiatives = _initiatives(plan, rng, accounts)
    member_of = _memberships(plan, rng, accounts, initiatives)
    members: list[list[int]] = [[] for _ in initiatives]
    for volunteer, indices in enumerate(member_of):
        for index in indices:
            members[index].append(volunteer)
    counts = long_tail_counts(plan.contributions, len(accounts.volunteer_ids), plan.rng("tail"))
    writer = _Writer(plan, accounts, initiatives, members)
    in_big = sum(count for volunteer, count in enumerate(counts) if 0 in member_of[volunteer])
    writer.queue_target = min(QUEUE_MAX, in_big // 4)
    plan.progress(f"community: {plan.contributions} contributions, claims and endorsements")
    pending = _Pending()
    done = 0
    for volunteer, count in enumerate(counts):
        mine = member_of[volunteer]
        for _ in range(count):
            where = rng.choice(mine) if mine and rng.random() < 0.9 else None
            pending.contributions.append(writer.contribution(volunteer, where))
            pending.volunteers.append(volunteer)
        if len(pending.contributions) >= FLUSH_EVERY:
            writer.flush(pending)
            done += len(pending.contributions)
            pending = _Pending()
            plan.progress(f"community: {done}/{plan.contributions} contributions")
    if pending.contributions:
        writer.flush(pending)
    top = max(range(len(counts)), key=lambda volunteer: counts[volunteer], default=None)
    return CommunityScale(
        initiative_ids=[initiative.pk for initiative in initiatives],
        initiative_slugs=[initiative.slug for initiative in initiatives],
        member_counts=[len(people) + 1 for people in members],  # and their leader
        big_slug=initiatives[0].slug if initiatives else "",
        queue_leader_email=accounts.leader_emails[0] if initiatives else "",
        queue_size=writer.queue_size,
        top_volunteer_email=accounts.volunteer_emails[top] if top is not None else "",
        top_volunteer_contributions=counts[top] if top is not None else 0,
        counts={
            "contributions": sum(counts),
            "memberships": sum(map(len, member_of)) + len(initiatives),
            **writer.counts,
        },
    )
