"""Reads on orientations: the person's proposals, the introduction a leader receives, and
the pathway an advisor follows.

The pathway's steps (proposed, accepted, joined, first contribution, competences confirmed,
badge) are computed from the data each time (``community.api.pathway_facts``, the awards of
the initiative's issuer), for the advisor only while the share link they received is open
and the orientation not ended, and with only what that share shows: a step says whether and
when it was reached; the names of the competences confirmed and of the badge are given only
when the shared portfolio selects them. A whole list costs a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from badges.api import Award
from community.api import pathway_facts, user_leads_initiative
from config.http import absolute_url
from portfolios.models import Orientation, OrientationStatus, PortfolioItem, ShareLink
from portfolios.models.portfolios import ItemKind
from portfolios.sealing import share_token_unseal
from portfolios.selectors.portfolios import owner_name
from portfolios.selectors.shares import advisor_shares

STEP_LABELS: dict[str, Promise] = {
    "proposed": _("Proposed"),
    "accepted": _("Accepted"),
    "joined": _("Joined the initiative"),
    "first_contribution": _("First contribution"),
    "competences_confirmed": _("Competences confirmed"),
    "badge": _("Badge"),
}


@dataclass(frozen=True)
class PathwayStep:
    key: str
    reached: bool
    on: date | datetime | None = None
    details: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.key])


@dataclass
class Pathway:
    """An orientation as its advisor follows it."""

    orientation: Orientation
    steps: list[PathwayStep] = field(default_factory=list)

    @property
    def person_name(self) -> str:
        return owner_name(self.orientation.person)

    @property
    def reached(self) -> list[str]:
        return [step.key for step in self.steps if step.reached]


def _orientations() -> QuerySet[Orientation]:
    return Orientation.objects.select_related("initiative", "advisor", "person", "share")


def orientation_list_for_person(*, user: User) -> QuerySet[Orientation]:
    """The person's orientations, newest first (every state)."""
    return _orientations().filter(person=user).order_by("-created_at", "-pk")


def orientation_waiting_for_person(*, user: User, limit: int = 5) -> list[Orientation]:
    """The newest proposals waiting for the person's answer (the home page)."""
    waiting = orientation_list_for_person(user=user).filter(status=OrientationStatus.PROPOSED)
    return list(waiting[:limit])


def orientation_get_for_person(*, uuid: Any, user: User) -> Orientation | None:
    return orientation_list_for_person(user=user).filter(uuid=uuid).first()


def introduction_get_for_leader(*, uuid: Any, user: User) -> Orientation | None:
    """An accepted orientation, not ended, to an initiative ``user`` leads."""
    orientation = (
        _orientations()
        .select_related("introduction_share")
        .filter(uuid=uuid, status=OrientationStatus.ACCEPTED)
        .first()
    )
    if orientation is None or not user_leads_initiative(
        user=user, initiative_id=orientation.initiative_id
    ):
        return None
    return orientation


def introduction_share_url(*, orientation: Orientation) -> str | None:
    """The address of the link the person made for the initiative, while it is open."""
    share = orientation.introduction_share
    if share is None or not share.is_open() or not share.token_sealed:
        return None
    token = share_token_unseal(share.token_sealed, share_uuid=share.uuid)
    if not token:
        return None
    return absolute_url(reverse("portfolios:shared_view", kwargs={"token": token}))


def orientation_list_for_advisor_share(*, share: ShareLink, advisor: User) -> list[Orientation]:
    """The orientations the advisor made from this link, while it is open; ended ones are
    gone (the person ended them)."""
    if not share.is_open() or not advisor_shares(advisor=advisor).filter(pk=share.pk).exists():
        return []
    return list(
        _orientations()
        .filter(share=share, advisor=advisor)
        .exclude(status=OrientationStatus.ENDED)
        .order_by("-created_at", "-pk")
    )


def orientation_list_for_advisor(*, advisor: User) -> list[Orientation]:
    """Every orientation the advisor may still follow: made by them, not ended, from a
    link addressed to them that is open now."""
    open_shares = [share.pk for share in advisor_shares(advisor=advisor) if share.is_open()]
    return list(
        _orientations()
        .filter(advisor=advisor, share_id__in=open_shares)
        .exclude(status=OrientationStatus.ENDED)
        .order_by("-created_at", "-pk")
    )


def pathways(orientations: list[Orientation]) -> list[Pathway]:
    """The steps of each orientation (given by one of the selectors above, which already
    checked the share), with only what each share shows (four + three queries in all)."""
    accepted = [line for line in orientations if line.status == OrientationStatus.ACCEPTED]
    facts = pathway_facts(pairs={(line.person_id, line.initiative_id) for line in accepted})
    portfolio_ids = {line.share.portfolio_id for line in accepted}
    shown_competences: dict[int, dict[int, str]] = {}
    shown_awards: dict[int, set[int]] = {}
    for item in PortfolioItem.objects.filter(
        portfolio_id__in=portfolio_ids, kind__in=[ItemKind.COMPETENCE, ItemKind.BADGE]
    ).select_related("competence"):
        if item.competence is not None:
            shown_competences.setdefault(item.portfolio_id, {})[item.competence.pk] = (
                item.competence.title
            )
        elif item.award_id is not None:
            shown_awards.setdefault(item.portfolio_id, set()).add(item.award_id)
    awards: dict[tuple[int, int], list[Award]] = {}
    for award in (
        Award.objects.filter(
            recipient_id__in={line.person_id for line in accepted},
            badge_class__issuer__initiative_id__in={line.initiative_id for line in accepted},
            revoked_at__isnull=True,
        )
        .select_related("badge_class__issuer")
        .order_by("issued_at", "pk")
    ):
        key = (award.recipient_id or 0, award.badge_class.issuer.initiative_id or 0)
        awards.setdefault(key, []).append(award)
    result = []
    for line in orientations:
        steps = [PathwayStep("proposed", True, line.created_at)]
        if line.status == OrientationStatus.ACCEPTED:
            fact = facts[(line.person_id, line.initiative_id)]
            competences = shown_competences.get(line.share.portfolio_id, {})
            badges = awards.get((line.person_id, line.initiative_id), [])
            shown = shown_awards.get(line.share.portfolio_id, set())
            steps += [
                PathwayStep("accepted", True, line.answered_at),
                PathwayStep("joined", fact.joined_at is not None, fact.joined_at),
                PathwayStep(
                    "first_contribution",
                    fact.first_contribution_on is not None,
                    fact.first_contribution_on,
                ),
                PathwayStep(
                    "competences_confirmed",
                    bool(fact.confirmed),
                    fact.confirmed_at,
                    tuple(competences[pk] for pk in sorted(fact.confirmed) if pk in competences),
                ),
                PathwayStep(
                    "badge",
                    bool(badges),
                    badges[0].issued_at if badges else None,
                    tuple(award.badge_class.name for award in badges if award.pk in shown),
                ),
            ]
        result.append(Pathway(orientation=line, steps=steps))
    return result
