"""Evaluation of a badge class's rules against the endorsements people received.

A rule "competence X at level ≥ N, endorsed by ≥ K people, of whom ≥ L
initiative leaders" holds for a volunteer when, on their claims of X (or of
the competences that replace X in later versions of the framework), at least
K **distinct** endorsers (counted by email address, case-insensitively) gave a
level ≥ N, and at least L of those were leaders. Only the endorsements count:
the volunteer's own level (``self_level``) never does, nor an endorsement the
volunteer would have given themselves. Only recorded contributions count;
drafts stay out. Every rule must hold; a badge class without rules is never
met (it is awarded by hand).

``rules_met`` answers for one person in a constant number of queries (the
rules, the competences of their frameworks, the endorsements);
``users_meeting_rules`` answers for everyone with one more query per rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from accounts.api import User
from badges.models import BadgeClass, BadgeRule
from community.api import (
    CompetenceClaim,
    Endorsement,
    EndorserKind,
    endorsements_that_count,
    owners_endorsed,
)
from competences.api import Competence


@dataclass
class RuleResult:
    """One rule, checked for one person, with the evidence that satisfies it."""

    rule: BadgeRule
    endorsements: list[Endorsement] = field(default_factory=list)

    @property
    def endorser_emails(self) -> set[str]:
        return {endorsement.endorser_email.lower() for endorsement in self.endorsements}

    @property
    def endorser_count(self) -> int:
        return len(self.endorser_emails)

    @property
    def leader_count(self) -> int:
        return len(
            {
                endorsement.endorser_email.lower()
                for endorsement in self.endorsements
                if endorsement.kind == EndorserKind.LEADER
            }
        )

    @property
    def claims(self) -> list[CompetenceClaim]:
        """The claims these endorsements confirm, each once, oldest first."""
        claims = {endorsement.claim_id: endorsement.claim for endorsement in self.endorsements}
        return sorted(claims.values(), key=lambda claim: (claim.created_at, claim.pk))

    @property
    def met(self) -> bool:
        return (
            self.endorser_count >= self.rule.min_endorsers
            and self.leader_count >= self.rule.min_leaders
        )


@dataclass
class RuleCheck:
    """All the rules of a badge class, checked for one person."""

    badge_class: BadgeClass
    user: User
    results: list[RuleResult]

    @property
    def met(self) -> bool:
        """Every rule holds (and there is at least one)."""
        return bool(self.results) and all(result.met for result in self.results)

    def __bool__(self) -> bool:
        return self.met


def _rules(badge_class: BadgeClass) -> list[BadgeRule]:
    return list(
        BadgeRule.objects.filter(badge_class=badge_class)
        .select_related("competence__version")
        .order_by("pk")
    )


def competence_lineages(rules: Iterable[BadgeRule]) -> dict[int, set[int]]:
    """For each rule's competence: itself and the competences that replace it, directly or
    through later versions (one query: the competences of the frameworks concerned)."""
    rules = list(rules)
    framework_ids = {rule.competence.version.framework_id for rule in rules}
    successors: dict[int, list[int]] = {}
    if framework_ids:
        rows = Competence.objects.filter(
            version__framework_id__in=framework_ids, replaces__isnull=False
        ).values_list("pk", "replaces_id")
        for pk, replaces_id in rows:
            successors.setdefault(replaces_id, []).append(pk)
    lineages: dict[int, set[int]] = {}
    for rule in rules:
        family = {rule.competence_id}
        todo = [rule.competence_id]
        while todo:
            for successor in successors.get(todo.pop(), []):
                if successor not in family:
                    family.add(successor)
                    todo.append(successor)
        lineages[rule.competence_id] = family
    return lineages


def rules_met(*, badge_class: BadgeClass, user: User) -> RuleCheck:
    """Whether ``user`` meets every rule of the badge class, rule by rule, with the evidence."""
    rules = _rules(badge_class)
    lineages = competence_lineages(rules)
    competence_ids = set().union(*lineages.values()) if lineages else set()
    endorsements = endorsements_that_count(owner_ids=[user.pk], competence_ids=competence_ids)
    results = []
    for rule in rules:
        family = lineages[rule.competence_id]
        results.append(
            RuleResult(
                rule=rule,
                endorsements=[
                    endorsement
                    for endorsement in endorsements
                    if endorsement.claim.competence_id in family
                    and endorsement.level >= rule.min_level
                ],
            )
        )
    return RuleCheck(badge_class=badge_class, user=user, results=results)


def users_meeting_rules(*, badge_class: BadgeClass) -> list[int]:
    """The ids of the people who meet every rule of the badge class, in increasing order.

    For proposing awards: one query for the rules, one for the competences'
    lineages, then one aggregate query per rule.
    """
    rules = _rules(badge_class)
    if not rules:
        return []
    lineages = competence_lineages(rules)
    meeting: set[int] | None = None
    for rule in rules:
        owners = owners_endorsed(
            competence_ids=lineages[rule.competence_id],
            min_level=rule.min_level,
            min_endorsers=rule.min_endorsers,
            min_leaders=rule.min_leaders,
        )
        meeting = owners if meeting is None else meeting & owners
        if not meeting:
            return []
    return sorted(meeting or ())
