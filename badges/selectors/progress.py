"""What a person is close to: the badges whose rules they partly meet, and what is missing.

The rules are those the platform evaluates to propose awards (``badges.rules``): for each
rule, the distinct endorsers who gave the competence at the rule's level or above, and how
many of them lead an initiative. A badge is *within reach* when at least one endorsement
already counts towards one of its rules but the rules are not all met yet; the closest
come first (fewest endorsements missing). Badges the person holds, had revoked, or was
already proposed are left out (``badge_classes_to_check``): proposals are shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from accounts.api import User
from badges.models import BadgeClass
from badges.rules import RuleCheck, RuleResult
from badges.selectors.proposals import badge_classes_to_check, rule_checks
from competences.api import Competence

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class Missing:
    """What one rule still needs: ``endorsements`` more endorsements of the competence at
    ``min_level`` or above, ``leaders`` of them from initiative leaders."""

    competence: Competence
    min_level: int
    endorsements: int
    leaders: int


def _missing(result: RuleResult) -> Missing:
    rule = result.rule
    leaders = max(0, rule.min_leaders - result.leader_count)
    endorsers = max(0, rule.min_endorsers - result.endorser_count)
    # A leader's endorsement counts as an endorser too: the larger gap is what is missing.
    return Missing(
        competence=rule.competence,
        min_level=rule.min_level,
        endorsements=max(endorsers, leaders),
        leaders=leaders,
    )


@dataclass(frozen=True)
class BadgeProgress:
    """A badge within reach and, rule by rule, what it still needs."""

    badge_class: BadgeClass
    check: RuleCheck

    @property
    def missing(self) -> list[Missing]:
        return [_missing(result) for result in self.check.results if not result.met]

    @property
    def endorsements_missing(self) -> int:
        return sum(missing.endorsements for missing in self.missing)


def badges_within_reach(*, user: Viewer, limit: int = 3) -> list[BadgeProgress]:
    """The ``limit`` badges this person is closest to, fewest endorsements missing first
    (four queries: the candidate badges, then their rule checks)."""
    if not user.is_authenticated or not user.is_active:
        return []
    candidates = list(badge_classes_to_check(user=user))
    checks = rule_checks(pairs=[(badge_class, user) for badge_class in candidates])
    within_reach = []
    for badge_class in candidates:
        check = checks[(badge_class.pk, user.pk)]
        if check.met or not any(result.endorsements for result in check.results):
            continue
        within_reach.append(BadgeProgress(badge_class=badge_class, check=check))
    within_reach.sort(
        key=lambda item: (item.endorsements_missing, item.badge_class.name, item.badge_class.pk)
    )
    return within_reach[:limit]
