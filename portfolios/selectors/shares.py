"""Reads on share links: the owner's links and access log, the link behind a token, and
the advisor workspace (the portfolios shared with an advisor's verified email address).

Each function answers in a constant number of queries, whatever the number of links,
accesses, portfolios or competences. The workspace shows who shared, what (title,
target), when, until when, and the competences with their endorsed levels (for the
filters) — nothing else about the volunteer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from community.api import best_endorsed_levels, endorsed_at_least
from competences.api import Competence, rome_crosswalk, rome_soft_skills
from config.tokens import token_hash
from portfolios.models import Portfolio, PortfolioItem
from portfolios.models.portfolios import AccessWhat, ItemKind, ShareAccess, ShareLink
from portfolios.selectors.portfolios import owner_name

STATE_LABELS = {
    "open": _("open"),
    "code": _("open, with an access code"),
    "expired": _("expired"),
    "revoked": _("withdrawn"),
}


def share_state(share: ShareLink, *, at: datetime | None = None) -> str:
    """``revoked``, ``expired``, ``code`` (open, code protected) or ``open``."""
    state = share.state(at=at)
    return "code" if state == "open" and share.has_access_code else state


@dataclass(frozen=True)
class ShareRow:
    """One of the owner's links, with its state."""

    share: ShareLink
    state: str
    access_count: int
    # The link's address, for its owner while it is open (set by the view; see sealing.py).
    url: str | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_open(self) -> bool:
        return self.state in ("open", "code")


def share_get_by_token(*, token: str) -> ShareLink | None:
    """The link behind a clear token (looked up by its SHA-256, a unique index)."""
    if not token or len(token) > 200:
        return None
    return (
        ShareLink.objects.select_related("portfolio__owner")
        .filter(token_hash=token_hash(token))
        .first()
    )


def share_get_for_owner(*, uuid: Any, user: User) -> ShareLink | None:
    return (
        ShareLink.objects.select_related("portfolio")
        .filter(uuid=uuid, portfolio__owner=user)
        .first()
    )


def share_rows(*, portfolio: Portfolio) -> list[ShareRow]:
    """The portfolio's links, newest first, with their state and number of openings."""
    now = timezone.now()
    shares = ShareLink.objects.filter(portfolio=portfolio).annotate(
        openings=Count(
            "accesses",
            filter=Q(accesses__what__in=[AccessWhat.PAGE, AccessWhat.PDF, AccessWhat.CLR]),
        )
    )
    return [
        ShareRow(share=share, state=share_state(share, at=now), access_count=share.openings)
        for share in shares.order_by("-created_at", "-pk")
    ]


def share_access_log(*, portfolio: Portfolio) -> QuerySet[ShareAccess]:
    """Every access through the portfolio's links, newest first."""
    return (
        ShareAccess.objects.filter(share__portfolio=portfolio)
        .select_related("share")
        .order_by("-at", "-pk")
    )


# --- The advisor workspace -----------------------------------------------------------


@dataclass(frozen=True)
class SharedCompetence:
    code: str
    title: str
    domain_code: str
    domain_title: str
    level: int | None  # the highest endorsed level, None when not endorsed yet
    uuid: str = ""  # the competence's identifier (the ROME crosswalk reads it)


@dataclass
class SharedEntry:
    """A portfolio shared with the advisor, as the workspace lists it."""

    share: ShareLink
    owner_name: str
    title: str
    target: str
    state: str
    competences: list[SharedCompetence] = field(default_factory=list)
    #: Official labels of the ROME 4.0 savoir-être its confirmed competences relate to.
    rome_skills: list[str] = field(default_factory=list)
    #: Badges issued by other organisations that the portfolio shows.
    external_badges: int = 0

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_open(self) -> bool:
        return self.state in ("open", "code")

    @property
    def domains(self) -> list[str]:
        seen: dict[str, str] = {}
        for competence in self.competences:
            seen.setdefault(competence.domain_code, competence.domain_title)
        return list(seen.values())

    def matches(self, *, competence: str = "", domain: str = "", min_level: int | None) -> bool:
        """Does the portfolio show that competence / a competence of that domain, endorsed at
        ``min_level`` or above (all three conditions on the same competence)?"""
        if not (competence or domain or min_level):
            return True
        return any(
            (not competence or line.code == competence)
            and (not domain or line.domain_code == domain)
            and (not min_level or (line.level or 0) >= min_level)
            for line in self.competences
        )


@dataclass
class AdvisorWorkspace:
    """The workspace page: a page of open links (filtered) and the newest expired links."""

    page: Page[ShareLink]  # open links, filtered, newest first, one page of them
    entries: list[SharedEntry]  # the page's links, with their competences
    expired: list[SharedEntry]  # links past their date, newest first (EXPIRED_SHOWN at most)
    more_expired: bool  # more expired links than those shown
    total_open: int  # open links before filtering
    competence_choices: list[tuple[str, str]]  # (code, "code title") of the shared portfolios
    domain_choices: list[tuple[str, str]]


#: Expired links shown on the workspace (the newest ones; nothing to open, a reminder).
EXPIRED_SHOWN = 20


def advisor_shares(*, advisor: User) -> QuerySet[ShareLink]:
    """Links addressed to the advisor's verified address, not withdrawn (none otherwise)."""
    if not (advisor.is_active and advisor.is_advisor and advisor.email_verified):
        return ShareLink.objects.none()
    return (
        ShareLink.objects.filter(recipient_email__iexact=advisor.email, revoked_at__isnull=True)
        .select_related("portfolio__owner")
        .order_by("-created_at", "-pk")
    )


def advisor_share_get(*, uuid: Any, advisor: User) -> ShareLink | None:
    """A link of the workspace (withdrawn ones are gone from it)."""
    return advisor_shares(advisor=advisor).filter(uuid=uuid).first()


def advisor_share_list(
    *,
    advisor: User,
    competence: str = "",
    domain: str = "",
    min_level: int | None = None,
    open_only: bool = False,
) -> QuerySet[ShareLink]:
    """The workspace's links, newest first, filtered by the database: with a filter (or
    ``open_only``), only open links, whose portfolio shows one same competence of that code,
    of that domain and endorsed at ``min_level`` or above. Lazy: paginate it, then give the
    page's links :func:`advisor_entries`."""
    shares = advisor_shares(advisor=advisor)
    if not (competence or domain or min_level or open_only):
        return shares
    shares = shares.filter(expires_at__gt=timezone.now())
    if competence or domain or min_level:
        items = PortfolioItem.objects.filter(
            portfolio_id=OuterRef("portfolio_id"), kind=ItemKind.COMPETENCE
        )
        if competence:
            items = items.filter(competence__code=competence)
        if domain:
            items = items.filter(competence__domain__code=domain)
        if min_level:
            items = items.filter(
                endorsed_at_least(
                    owner_id=OuterRef(OuterRef("portfolio__owner_id")),
                    competence_id=OuterRef("competence_id"),
                    min_level=min_level,
                )
            )
        shares = shares.filter(Exists(items))
    return shares


def advisor_entries(shares: Sequence[ShareLink]) -> list[SharedEntry]:
    """Entries for a page of links: the competences and endorsed levels of these links'
    portfolios only, and how many badges of other organisations each shows (three queries,
    whatever the workspace's size)."""
    now = timezone.now()
    rows = list(shares)
    competences = _shared_competences([share for share in rows if share.is_open(at=now)])
    rome = _rome_skills(competences)
    external = _external_counts({share.portfolio_id for share in rows if share.is_open(at=now)})
    return [
        SharedEntry(
            share=share,
            owner_name=owner_name(share.portfolio.owner),
            title=share.portfolio.title,
            target=share.portfolio.target,
            state=share_state(share, at=now),
            competences=competences.get(share.portfolio_id, []) if share.is_open(at=now) else [],
            rome_skills=rome.get(share.portfolio_id, []) if share.is_open(at=now) else [],
            external_badges=external.get(share.portfolio_id, 0),
        )
        for share in rows
    ]


def _external_counts(portfolio_ids: set[int]) -> dict[int, int]:
    """Per portfolio: its badges of other organisations (their owner's), one query."""
    if not portfolio_ids:
        return {}
    rows = (
        PortfolioItem.objects.filter(
            portfolio_id__in=portfolio_ids,
            kind=ItemKind.EXTERNAL,
            external__owner_id=F("portfolio__owner_id"),
        )
        .order_by()
        .values("portfolio_id")
        .annotate(count=Count("pk"))
        .values_list("portfolio_id", "count")
    )
    return dict(rows)


def _rome_skills(competences: dict[int, list[SharedCompetence]]) -> dict[int, list[str]]:
    """Per portfolio: the ROME savoir-être its confirmed competences relate to, in the ROME's
    order (two queries for all portfolios, none when nothing is confirmed)."""
    confirmed = {line.uuid for lines in competences.values() for line in lines if line.level}
    if not confirmed:
        return {}
    crosswalk = rome_crosswalk(competence_uuids=confirmed)
    skills = rome_soft_skills()
    result: dict[int, list[str]] = {}
    for portfolio_id, lines in competences.items():
        codes = {
            link.soft_skill_code
            for line in lines
            if line.level
            for link in crosswalk.get(line.uuid, [])
        }
        result[portfolio_id] = [skill.label for code, skill in skills.items() if code in codes]
    return result


def advisor_filter_choices(*, advisor: User) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The competences and domains that the open shared portfolios show, for the filters
    (two queries)."""
    open_shares = advisor_share_list(advisor=advisor, open_only=True)
    competence_ids = (
        PortfolioItem.objects.filter(
            kind=ItemKind.COMPETENCE,
            portfolio_id__in=open_shares.order_by().values("portfolio_id"),
        )
        .order_by()
        .values("competence_id")
        .distinct()
    )
    competences = Competence.objects.filter(pk__in=competence_ids).select_related("domain")
    competence_choices: dict[str, str] = {}
    domain_choices: dict[str, str] = {}
    for line in competences:
        competence_choices.setdefault(line.code, f"{line.code} {line.title}")
        domain_choices.setdefault(line.domain.code, line.domain.title)
    return sorted(competence_choices.items()), sorted(domain_choices.items())


def _shared_competences(shares: list[ShareLink]) -> dict[int, list[SharedCompetence]]:
    """Per portfolio: its selected competences with their highest endorsed level, like the
    portfolio's content shows them (two queries for all portfolios)."""
    items = list(
        PortfolioItem.objects.filter(
            portfolio_id__in={share.portfolio_id for share in shares}, kind=ItemKind.COMPETENCE
        )
        .select_related("competence__domain", "portfolio")
        .order_by("portfolio_id", "position", "pk")
    )
    pairs = {(item.portfolio.owner_id, item.competence_id) for item in items}
    levels: dict[tuple[int, int], int] = {}
    if pairs:
        levels = best_endorsed_levels(
            owner_ids={owner for owner, _ in pairs},
            competence_ids={competence for _, competence in pairs if competence is not None},
        )
    by_portfolio: dict[int, list[SharedCompetence]] = {}
    for item in items:
        competence = item.competence
        assert competence is not None
        by_portfolio.setdefault(item.portfolio_id, []).append(
            SharedCompetence(
                code=competence.code,
                title=competence.title,
                domain_code=competence.domain.code,
                domain_title=competence.domain.title,
                level=levels.get((item.portfolio.owner_id, competence.pk)),
                uuid=str(competence.uuid),
            )
        )
    return by_portfolio


def advisor_workspace(
    *,
    advisor: User,
    page_number: str | None = None,
    per_page: int = 20,
    competence: str = "",
    domain: str = "",
    min_level: int | None = None,
) -> AdvisorWorkspace:
    """The workspace page: one page of the open links (filtered by competence code, domain
    code and minimum endorsed level), newest first, and the newest expired links. Reads only
    what the page shows: a constant number of queries, whatever the number of links."""
    now = timezone.now()
    matching = advisor_share_list(
        advisor=advisor, competence=competence, domain=domain, min_level=min_level, open_only=True
    )
    page = Paginator(matching, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    expired = list(advisor_shares(advisor=advisor).filter(expires_at__lte=now)[: EXPIRED_SHOWN + 1])
    competence_choices, domain_choices = advisor_filter_choices(advisor=advisor)
    filtered = bool(competence or domain or min_level)
    return AdvisorWorkspace(
        page=page,
        entries=advisor_entries(page.object_list),
        expired=advisor_entries(expired[:EXPIRED_SHOWN]),
        more_expired=len(expired) > EXPIRED_SHOWN,
        total_open=(
            advisor_share_list(advisor=advisor, open_only=True).count()
            if filtered
            else page.paginator.count
        ),
        competence_choices=competence_choices,
        domain_choices=domain_choices,
    )
