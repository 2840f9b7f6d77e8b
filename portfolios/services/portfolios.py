"""Writes on portfolios: create (or propose a default one), edit, choose what they show, delete.

Only the owner changes a portfolio (``PermissionDenied`` otherwise). A portfolio only
selects its owner's things: another person's contribution, endorsement or badge is
refused with ``PermissionDenied``, a competence the owner never claimed or a draft
contribution with a ``ValidationError``. Private things may be selected, but their
private evidence never shows (``portfolios.selectors.portfolios.portfolio_content``).
Each write bumps ``updated_at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from badges.api import (
    ExternalCredential,
    ExternalVerification,
    award_list_for_recipient,
    award_list_valid_for_recipient,
)
from community.api import (
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorserKind,
    best_endorsed_levels,
)
from competences.api import Competence
from portfolios.models import Portfolio, PortfolioItem, PortfolioLanguage
from portfolios.models.portfolios import ItemKind
from portfolios.services.releases import portfolio_releases_withdraw

MAX_ITEMS_PER_KIND = 200
DEFAULT_QUOTES_PER_COMPETENCE = 2

Selected = Sequence[models.Model | int]


def _require_owner(*, portfolio: Portfolio, by: User) -> None:
    if not by.is_active or portfolio.owner_id != by.pk:
        raise PermissionDenied


def _language(language: str) -> str:
    return language if language in PortfolioLanguage.values else PortfolioLanguage.FRENCH


def _clean_fields(*, title: str, target: str, statement: str, language: str) -> dict[str, str]:
    values = {
        "title": " ".join(title.split()),
        "target": " ".join(target.split()),
        "statement": statement.strip(),
        "language": language,
    }
    if not values["title"]:
        raise ValidationError({"title": _("Give your portfolio a title.")}, code="title_required")
    if language not in PortfolioLanguage.values:
        raise ValidationError({"language": _("Choose French or English.")}, code="language")
    return values


def _save(portfolio: Portfolio) -> Portfolio:
    portfolio.updated_at = timezone.now()
    portfolio.full_clean(exclude=["owner"])
    portfolio.save()
    return portfolio


@transaction.atomic
def portfolio_create(
    *,
    owner: User,
    title: str,
    target: str = "",
    statement: str = "",
    language: str = "fr",
    rome_page: bool = False,
) -> Portfolio:
    """A new, empty portfolio of ``owner``."""
    if not owner.is_active:
        raise PermissionDenied
    values = _clean_fields(title=title, target=target, statement=statement, language=language)
    return _save(Portfolio(owner=owner, rome_page=rome_page, **values))


@transaction.atomic
def portfolio_update(
    *,
    portfolio: Portfolio,
    by: User,
    title: str,
    target: str,
    statement: str,
    language: str,
    rome_page: bool | None = None,
) -> Portfolio:
    """Change the portfolio's fields; ``rome_page`` (None: unchanged) adds the PDF's page
    "Lecture ROME 4.0"."""
    _require_owner(portfolio=portfolio, by=by)
    values = _clean_fields(title=title, target=target, statement=statement, language=language)
    for field, value in values.items():
        setattr(portfolio, field, value)
    if rome_page is not None:
        portfolio.rome_page = rome_page
    return _save(portfolio)


@transaction.atomic
def portfolio_delete(*, portfolio: Portfolio, by: User) -> None:
    """Delete the portfolio with its share links and its releases, whose CLRs are withdrawn
    first: the platform no longer vouches for copies of them (their bits are set)."""
    _require_owner(portfolio=portfolio, by=by)
    portfolio_releases_withdraw(releases=portfolio.releases.all())
    portfolio.delete()


# --- The selection -------------------------------------------------------------------------


def _pks(objects: Selected) -> list[int]:
    """Primary keys in their order, each once (the first place wins)."""
    seen: dict[int, None] = {}
    for obj in objects:
        pk = obj if isinstance(obj, int) else obj.pk
        if isinstance(pk, int):
            seen.setdefault(pk, None)
    if len(seen) > MAX_ITEMS_PER_KIND:
        raise ValidationError(
            _("Select %(max)s items of each kind at most.") % {"max": MAX_ITEMS_PER_KIND},
            code="too_many",
        )
    return list(seen)


def _check_owned(*, pks: list[int], owned: set[int]) -> None:
    if set(pks) - owned:
        raise PermissionDenied


def _check_selection(
    *,
    owner: User,
    competences: list[int],
    contributions: list[int],
    endorsements: list[int],
    awards: list[int],
    external_badges: list[int],
) -> None:
    statuses = dict(
        Contribution.objects.filter(pk__in=contributions, owner=owner).values_list("pk", "status")
    )
    _check_owned(pks=contributions, owned=set(statuses))
    if any(status != ContributionStatus.RECORDED for status in statuses.values()):
        raise ValidationError(
            {"contributions": _("Record a contribution before putting it in a portfolio.")},
            code="draft",
        )
    owned_endorsements = set(
        Endorsement.objects.filter(
            pk__in=endorsements,
            claim__contribution__owner=owner,
            claim__contribution__status=ContributionStatus.RECORDED,
        ).values_list("pk", flat=True)
    )
    _check_owned(pks=endorsements, owned=owned_endorsements)
    owned_awards = set(
        award_list_for_recipient(user=owner).filter(pk__in=awards).values_list("pk", flat=True)
    )
    _check_owned(pks=awards, owned=owned_awards)
    external = dict(
        ExternalCredential.objects.filter(pk__in=external_badges, owner=owner).values_list(
            "pk", "verification_status"
        )
    )
    _check_owned(pks=external_badges, owned=set(external))
    if ExternalVerification.INVALID in external.values():
        # Shown honestly if a later check finds it so, but never chosen as such.
        raise ValidationError(
            _(
                "A badge from another organisation that did not pass its check cannot be put "
                "in a portfolio."
            ),
            code="external_invalid",
        )
    claimed = set(
        Competence.objects.filter(
            pk__in=competences,
            claims__contribution__owner=owner,
            claims__contribution__status=ContributionStatus.RECORDED,
        ).values_list("pk", flat=True)
    )
    if set(competences) - claimed:
        raise ValidationError(
            {"competences": _("Choose competences you claimed on a recorded contribution.")},
            code="not_claimed",
        )


@transaction.atomic
def portfolio_items_set(
    *,
    portfolio: Portfolio,
    by: User,
    competences: Selected = (),
    contributions: Selected = (),
    endorsements: Selected = (),
    awards: Selected = (),
    external_badges: Selected | None = None,
) -> Portfolio:
    """Replace the portfolio's selection; each list is in the order it will show.

    ``external_badges`` (badges from other organisations): None keeps those chosen before
    (callers that do not offer them, such as the REST API, leave them as they are)."""
    _require_owner(portfolio=portfolio, by=by)
    portfolio = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
    if external_badges is None:
        external_badges = list(
            PortfolioItem.objects.filter(portfolio=portfolio, kind=ItemKind.EXTERNAL)
            .exclude(external__verification_status=ExternalVerification.INVALID)
            .order_by("position", "pk")
            .values_list("external_id", flat=True)
        )
    selection = {
        ItemKind.COMPETENCE: _pks(competences),
        ItemKind.CONTRIBUTION: _pks(contributions),
        ItemKind.ENDORSEMENT: _pks(endorsements),
        ItemKind.BADGE: _pks(awards),
        ItemKind.EXTERNAL: _pks(external_badges),
    }
    _check_selection(
        owner=by,
        competences=selection[ItemKind.COMPETENCE],
        contributions=selection[ItemKind.CONTRIBUTION],
        endorsements=selection[ItemKind.ENDORSEMENT],
        awards=selection[ItemKind.BADGE],
        external_badges=selection[ItemKind.EXTERNAL],
    )
    field = {
        ItemKind.COMPETENCE: "competence_id",
        ItemKind.CONTRIBUTION: "contribution_id",
        ItemKind.ENDORSEMENT: "endorsement_id",
        ItemKind.BADGE: "award_id",
        ItemKind.EXTERNAL: "external_id",
    }
    PortfolioItem.objects.filter(portfolio=portfolio).delete()
    items: list[PortfolioItem] = []
    for kind, pks in selection.items():
        for position, pk in enumerate(pks):
            values: dict[str, Any] = {field[kind]: pk}
            items.append(PortfolioItem(portfolio=portfolio, kind=kind, position=position, **values))
    PortfolioItem.objects.bulk_create(items)
    return _save(portfolio)


# --- The default portfolio -------------------------------------------------------------------


def _default_selection(owner: User) -> dict[str, list[int]]:
    """Endorsed competences (best level first, then framework order), the contributions
    behind them, up to two quotes per competence (leaders first), valid badges, badges from
    other organisations that passed their check."""
    recorded = {
        "claim__contribution__owner": owner,
        "claim__contribution__status": ContributionStatus.RECORDED,
    }
    best = {
        competence: level
        for (_owner, competence), level in best_endorsed_levels(owner_ids=[owner.pk]).items()
    }
    competences = sorted(
        Competence.objects.filter(pk__in=best).select_related("domain"),
        key=lambda c: (-best[c.pk], c.domain.order, c.domain.code, c.order, c.code),
    )
    rank = {competence.pk: index for index, competence in enumerate(competences)}
    contributions = list(
        Contribution.objects.filter(
            owner=owner,
            status=ContributionStatus.RECORDED,
            claims__competence__in=best,
            claims__endorsements__isnull=False,
        )
        .distinct()
        .order_by("-started_on", "-created_at")
        .values_list("pk", flat=True)
    )
    quotes: dict[int, list[int]] = {}
    candidates = (
        Endorsement.objects.filter(**recorded)
        .exclude(comment="")
        .order_by("-level", "-created_at", "-pk")
        .values_list("pk", "claim__competence_id", "kind")
    )
    ordered = sorted(candidates, key=lambda row: row[2] != EndorserKind.LEADER)  # stable
    for pk, competence_id, _kind in ordered:
        chosen = quotes.setdefault(competence_id, [])
        if len(chosen) < DEFAULT_QUOTES_PER_COMPETENCE:
            chosen.append(pk)
    endorsements = [
        pk
        for competence_id in sorted(quotes, key=lambda c: rank.get(c, len(rank)))
        for pk in quotes[competence_id]
    ]
    awards = list(award_list_valid_for_recipient(user=owner).values_list("pk", flat=True))
    # Badges from other organisations whose check passed (not those that could not be
    # checked: the person chooses those herself, knowing the page will say so).
    external_badges = list(
        ExternalCredential.objects.filter(
            owner=owner, verification_status=ExternalVerification.VALID
        )
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    return {
        "competences": [competence.pk for competence in competences],
        "contributions": contributions,
        "endorsements": endorsements,
        "awards": awards,
        "external_badges": external_badges,
    }


@transaction.atomic
def portfolio_create_default(*, owner: User) -> Portfolio:
    """A portfolio proposed from the competence profile, in one click."""
    language = _language(owner.preferred_language)
    with translation.override(language):
        title = gettext("My portfolio")
    portfolio = portfolio_create(owner=owner, title=title, language=language)
    return portfolio_items_set(portfolio=portfolio, by=owner, **_default_selection(owner))
