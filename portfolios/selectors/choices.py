"""What a portfolio may select (the owner's recorded contributions, the endorsements of her
competences, her competences at their best confirmed level, her badges and her badges from
elsewhere that passed their check) and what it selects now, for the editor and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.api import User
from badges.api import (
    Award,
    ExternalCredential,
    ExternalVerification,
    award_list_for_recipient,
)
from community.api import (
    Contribution,
    ContributionStatus,
    Endorsement,
    best_endorsed_levels,
)
from competences.api import Competence
from config.text import shorten
from portfolios.models import Portfolio, PortfolioItem
from portfolios.models.portfolios import ItemKind
from portfolios.selectors.portfolios import external_name, external_status_label


@dataclass(frozen=True)
class Choice:
    """A selectable object of the owner's, for the edit form."""

    pk: int
    label: str
    detail: str = ""


@dataclass(frozen=True)
class PortfolioChoices:
    competences: list[Choice]
    contributions: list[Choice]
    endorsements: list[Choice]
    awards: list[Choice]
    external_badges: list[Choice] = field(default_factory=list)


def _best_levels(*, owner: User) -> dict[int, int]:
    """The highest endorsed level of each competence of the owner (one query)."""
    return {
        competence: level
        for (_owner, competence), level in best_endorsed_levels(owner_ids=[owner.pk]).items()
    }


def selectable_contributions(*, owner: User) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(owner=owner, status=ContributionStatus.RECORDED)
        .select_related("initiative")
        .order_by("-started_on", "-created_at")
    )


def selectable_endorsements(*, owner: User) -> QuerySet[Endorsement]:
    return (
        Endorsement.objects.filter(
            claim__contribution__owner=owner,
            claim__contribution__status=ContributionStatus.RECORDED,
        )
        .select_related("claim__competence", "claim__contribution")
        .order_by("-created_at", "-pk")
    )


def selectable_competences(*, owner: User) -> QuerySet[Competence]:
    return (
        Competence.objects.filter(
            claims__contribution__owner=owner,
            claims__contribution__status=ContributionStatus.RECORDED,
        )
        .distinct()
        .select_related("domain")
        .order_by("domain__order", "domain__code", "domain_id", "order", "code")
    )


def selectable_awards(*, owner: User) -> QuerySet[Award]:
    return award_list_for_recipient(user=owner)


def selectable_external_badges(*, owner: User) -> QuerySet[ExternalCredential]:
    """The owner's badges from other organisations that a portfolio may show: those whose
    check did not fail (valid, or that could not be checked, which the portfolio says)."""
    return (
        ExternalCredential.objects.filter(owner=owner)
        .exclude(verification_status=ExternalVerification.INVALID)
        .order_by("-created_at", "-pk")
    )


def portfolio_choices(*, owner: User) -> PortfolioChoices:
    """Everything of the owner's a portfolio may select, with short labels (6 queries)."""
    best = _best_levels(owner=owner)
    competences = [
        Choice(
            pk=competence.pk,
            label=competence.title,
            detail=(
                _("endorsed level %(level)s") % {"level": best[competence.pk]}
                if competence.pk in best
                else _("not endorsed yet")
            ),
        )
        for competence in selectable_competences(owner=owner)
    ]
    contributions = [
        Choice(
            pk=contribution.pk,
            label=contribution.title,
            detail=f"{contribution.context_name} – {date_format(contribution.started_on)}",
        )
        for contribution in selectable_contributions(owner=owner)
    ]
    endorsements = [
        Choice(
            pk=endorsement.pk,
            label=f"{endorsement.endorser_shown} — {endorsement.claim.competence.title}",
            detail=shorten(endorsement.comment, 120),
        )
        for endorsement in selectable_endorsements(owner=owner)
    ]
    awards = [
        Choice(
            pk=award.pk,
            label=award.badge_class.name,
            detail=(
                f"{award.badge_class.issuer.name} – "
                f"{date_format(timezone.localtime(award.issued_at))}"
            ),
        )
        for award in selectable_awards(owner=owner)
    ]
    external_badges = [
        Choice(
            pk=held.pk,
            label=external_name(held),
            detail=" – ".join(
                part
                for part in (
                    held.issuer_name or held.issuer_id,
                    external_status_label(held.verification_status),
                )
                if part
            ),
        )
        for held in selectable_external_badges(owner=owner)
    ]
    return PortfolioChoices(
        competences=competences,
        contributions=contributions,
        endorsements=endorsements,
        awards=awards,
        external_badges=external_badges,
    )


def portfolio_selection(*, portfolio: Portfolio) -> dict[str, list[int]]:
    """The selected primary keys by kind, in the portfolio's order (one query)."""
    selection: dict[str, list[int]] = {
        "competences": [],
        "contributions": [],
        "endorsements": [],
        "awards": [],
        "external_badges": [],
    }
    fields = {
        ItemKind.COMPETENCE: ("competences", "competence_id"),
        ItemKind.CONTRIBUTION: ("contributions", "contribution_id"),
        ItemKind.ENDORSEMENT: ("endorsements", "endorsement_id"),
        ItemKind.BADGE: ("awards", "award_id"),
        ItemKind.EXTERNAL: ("external_badges", "external_id"),
    }
    for item in PortfolioItem.objects.filter(portfolio=portfolio).order_by("position", "pk"):
        key, attribute = fields[ItemKind(item.kind)]
        selection[key].append(getattr(item, attribute))
    return selection
