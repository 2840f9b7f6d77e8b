"""Reads on award proposals, "my badges", and the rule checks shown next to proposals.

Issuer staff see the pending proposals of the issuers they manage, except their own
(nobody confirms a badge for themselves). Each proposal comes with the rule check that
explains it (``badges.rules.RuleCheck``), computed for all of them at once: the lists
cost a constant number of queries, however many proposals there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.api import User
from badges.models import Award, AwardProposal, BadgeClass, BadgeRule, Issuer, ProposalStatus
from badges.ob3 import badge_class_image_url
from badges.rules import RuleCheck, RuleResult, competence_lineages
from badges.selectors.issuers import issuer_list_managed_by
from community.api import (
    Endorsement,
    endorsement_list_for_owner,
    endorsements_that_count,
    initiative_leaders,
)
from competences.api import Competence

Viewer = User | AnonymousUser


# --- Rule checks, many at once ---------------------------------------------------------


def rule_checks(*, pairs: Iterable[tuple[BadgeClass, User]]) -> dict[tuple[int, int], RuleCheck]:
    """``rules_met`` for many (badge class, person) pairs, keyed by their ids.

    Three queries in all (the rules, the competences' lineages, the endorsements),
    with the same evidence ``rules_met`` gives for each pair.
    """
    pairs = list(pairs)
    if not pairs:
        return {}
    rules = list(
        BadgeRule.objects.filter(badge_class_id__in={badge.pk for badge, _user in pairs})
        .select_related("competence__version")
        .order_by("pk")
    )
    lineages = competence_lineages(rules)
    competence_ids = set().union(*lineages.values()) if lineages else set()
    by_owner: dict[int, list[Endorsement]] = defaultdict(list)
    for endorsement in endorsements_that_count(
        owner_ids={user.pk for _badge, user in pairs}, competence_ids=competence_ids
    ):
        by_owner[endorsement.claim.contribution.owner_id].append(endorsement)
    rules_of: dict[int, list[BadgeRule]] = defaultdict(list)
    for rule in rules:
        rules_of[rule.badge_class_id].append(rule)
    checks = {}
    for badge_class, user in pairs:
        results = []
        for rule in rules_of[badge_class.pk]:
            family = lineages[rule.competence_id]
            results.append(
                RuleResult(
                    rule=rule,
                    endorsements=[
                        endorsement
                        for endorsement in by_owner[user.pk]
                        if endorsement.claim.competence_id in family
                        and endorsement.level >= rule.min_level
                    ],
                )
            )
        checks[(badge_class.pk, user.pk)] = RuleCheck(
            badge_class=badge_class, user=user, results=results
        )
    return checks


@dataclass(frozen=True)
class Reason:
    """Why one rule is met, for people: the competence, the level the endorsers gave (the
    highest), how many endorsed it and how many of them lead an initiative."""

    result: RuleResult

    @property
    def rule(self) -> BadgeRule:
        return self.result.rule

    @property
    def competence(self) -> Competence:
        return self.result.rule.competence

    @property
    def level(self) -> int | None:
        return max((endorsement.level for endorsement in self.result.endorsements), default=None)

    @property
    def endorsers(self) -> int:
        return self.result.endorser_count

    @property
    def leaders(self) -> int:
        return self.result.leader_count

    @property
    def met(self) -> bool:
        return self.result.met


# --- Who decides -----------------------------------------------------------------------


def _managed_by(user: User) -> Q:
    """Proposals of the issuers ``user`` manages, except their own."""
    return Q(badge_class__issuer__in=issuer_list_managed_by(user=user)) & ~Q(user=user)


def issuer_staff_users(*, issuer: Issuer) -> QuerySet[User]:
    """The active people who decide on the issuer's proposals (as ``user_is_issuer_staff``)."""
    territory_staff = Q(is_steward=True) | Q(is_staff=True)
    if issuer.is_territory:
        return User.objects.filter(territory_staff, is_active=True).order_by("pk")
    if issuer.is_organisation:
        named = Issuer.staff.through.objects.filter(issuer=issuer, user=OuterRef("pk"))
        return User.objects.filter(territory_staff | Q(Exists(named)), is_active=True).order_by(
            "pk"
        )
    if issuer.initiative_id is None:
        return User.objects.none()
    return initiative_leaders(initiative_id=issuer.initiative_id)


def user_may_decide_proposals(*, user: Viewer) -> bool:
    """Does this person manage an issuer, so that proposals may wait for them? (One query.)

    Read at sign-in and on the proposals page, and kept in the session
    (``badges.context_processors``): the navigation spends no query on the others.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return issuer_list_managed_by(user=user).exists()


def proposal_to_decide_count(*, user: Viewer) -> int:
    """How many proposals wait for this person's decision (one query; none for anonymous)."""
    if not user.is_authenticated or not user.is_active:
        return 0
    return AwardProposal.objects.filter(_managed_by(user), status=ProposalStatus.PENDING).count()


@dataclass(frozen=True)
class ProposalView:
    """A pending proposal and the rule check that explains it."""

    proposal: AwardProposal
    check: RuleCheck

    @property
    def reasons(self) -> list[Reason]:
        return [Reason(result) for result in self.check.results]

    @property
    def image_url(self) -> str:
        return badge_class_image_url(self.proposal.badge_class)


def proposal_list_to_decide(*, user: Viewer) -> list[ProposalView]:
    """The pending proposals this person may decide, by issuer, badge and date.

    Four queries: the proposals (with their badge class, issuer and person), then the
    rule checks of all of them.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    proposals = list(
        AwardProposal.objects.filter(_managed_by(user), status=ProposalStatus.PENDING)
        .select_related("badge_class__issuer", "user")
        .order_by(
            "-badge_class__issuer__is_territory",
            "badge_class__issuer__name",
            "badge_class__name",
            "badge_class_id",
            "created_at",
            "pk",
        )
    )
    checks = rule_checks(pairs=[(proposal.badge_class, proposal.user) for proposal in proposals])
    return [
        ProposalView(proposal=proposal, check=checks[(proposal.badge_class_id, proposal.user_id)])
        for proposal in proposals
    ]


def proposal_get(*, pk: int) -> AwardProposal | None:
    return AwardProposal.objects.filter(pk=pk).select_related("badge_class__issuer", "user").first()


# --- My badges -------------------------------------------------------------------------


@dataclass(frozen=True)
class MyAward:
    """One of my awards and its state: ``valid``, ``expired`` or ``revoked``."""

    award: Award
    status: str

    @property
    def image_url(self) -> str:
        return badge_class_image_url(self.award.badge_class)


def my_awards(*, user: Viewer) -> list[MyAward]:
    """The awards made to this person's account, newest first (one query)."""
    if not user.is_authenticated:
        return []
    now = timezone.now()
    awards = (
        Award.objects.filter(recipient=user)
        .select_related("badge_class__issuer")
        .order_by("-issued_at", "-pk")
    )
    return [MyAward(award=award, status=award.status(at=now)) for award in awards]


def my_pending_proposals(*, user: Viewer) -> list[AwardProposal]:
    """This person's proposals waiting for a leader's confirmation (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        AwardProposal.objects.filter(user=user, status=ProposalStatus.PENDING)
        .select_related("badge_class__issuer")
        .order_by("-created_at", "-pk")
    )


# --- What is new for someone -----------------------------------------------------------


def valid_awards(*, badge_class: OuterRef | BadgeClass, user: User | OuterRef) -> QuerySet[Award]:
    """Awards of the badge class to this person (account or address), neither revoked nor
    expired."""
    now = timezone.now()
    if isinstance(user, OuterRef):
        to_person = Q(recipient=user) | Q(recipient_email=Lower(OuterRef("email")))
    else:
        to_person = Q(recipient=user) | Q(recipient_email=user.email.lower())
    return Award.objects.filter(
        to_person,
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        badge_class=badge_class,
        revoked_at__isnull=True,
    )


def awards_barring_proposal(
    *, badge_class: OuterRef | BadgeClass, user: User | OuterRef
) -> QuerySet[Award]:
    """Awards that make a new proposal pointless: a valid one, or a revoked one (the
    issuer took it back on purpose; its staff may still award it again by hand). An
    expired award does not bar a proposal: meeting the rules again renews it."""
    valid = valid_awards(badge_class=badge_class, user=user)
    if isinstance(user, OuterRef):
        to_person = Q(recipient=user) | Q(recipient_email=Lower(OuterRef("email")))
    else:
        to_person = Q(recipient=user) | Q(recipient_email=user.email.lower())
    revoked = Award.objects.filter(to_person, badge_class=badge_class, revoked_at__isnull=False)
    return valid | revoked


def badge_classes_to_check(*, user: User) -> QuerySet[BadgeClass]:
    """The badge classes worth checking for this person (one query).

    Those with rules, not yet proposed to them (whatever the decision), and that
    they do not already hold nor had revoked; none when nobody endorsed any of their competences.
    """
    endorsed = endorsement_list_for_owner(user=user)
    return (
        BadgeClass.objects.filter(
            Exists(BadgeRule.objects.filter(badge_class=OuterRef("pk"))),
            Exists(endorsed),
        )
        .exclude(Exists(AwardProposal.objects.filter(badge_class=OuterRef("pk"), user=user)))
        .exclude(Exists(awards_barring_proposal(badge_class=OuterRef("pk"), user=user)))
        .select_related("issuer")
        .order_by("pk")
    )


def users_to_check(*, badge_class: BadgeClass, user_ids: Iterable[int]) -> QuerySet[User]:
    """Among ``user_ids``: the active people not yet proposed this badge class, not
    already holding it and whose award of it was not revoked (one query)."""
    return (
        User.objects.filter(pk__in=list(user_ids), is_active=True)
        .exclude(Exists(AwardProposal.objects.filter(badge_class=badge_class, user=OuterRef("pk"))))
        .exclude(Exists(awards_barring_proposal(badge_class=badge_class, user=OuterRef("pk"))))
        .order_by("pk")
    )
