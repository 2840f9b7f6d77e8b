"""Reads of portfolios: the owner's list, one portfolio, what it shows (what it may select:
``portfolios.selectors.choices``).

``portfolio_content`` resolves a portfolio's selection into ``portfolios.content``
dataclasses, in the portfolio's language, in a constant number of queries whatever its
size. It only keeps what belongs to the portfolio's owner (another person's object
never shows, even if an item points to it), leaves out draft contributions, evidence
that is not public, and every email address.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.api import User
from badges.api import (
    Award,
    ExternalCredential,
    ExternalVerification,
    issuer_standings,
)
from community.api import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorserKind,
    Evidence,
    EvidenceKind,
    Visibility,
)
from competences.api import Competence, levels_by_number
from config.http import absolute_url
from portfolios.content import (
    BadgeLine,
    CompetenceLine,
    ContributionLine,
    DomainBlock,
    EndorsementQuote,
    EvidenceLine,
    ExternalBadgeLine,
    PortfolioContent,
)
from portfolios.external import record_form
from portfolios.models import Portfolio, PortfolioItem
from portfolios.models.portfolios import ItemKind
from portfolios.selectors.rome import rome_page

# --- Lists and look-ups ------------------------------------------------------------------


def portfolio_list(*, owner: User) -> QuerySet[Portfolio]:
    """The owner's portfolios, last changed first (one query)."""
    return Portfolio.objects.filter(owner=owner).order_by("-updated_at", "-pk")


def portfolio_get_for_owner(*, uuid: UUID | str, user: Any) -> Portfolio | None:
    """The portfolio if ``user`` owns it; None otherwise (its existence is not revealed)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Portfolio.objects.filter(uuid=uuid, owner_id=user.pk).select_related("owner").first()


def owner_name(user: User) -> str:
    """How the owner is named in a portfolio: never their email address."""
    return user.display_name.strip() or str(_("Jalons volunteer"))


def external_status_label(status: str) -> str:
    labels: dict[str, str] = {
        ExternalVerification.VALID: _("Checked: valid"),
        ExternalVerification.NOT_CHECKED: _("Could not be checked"),
        ExternalVerification.INVALID: _("Checked: not valid"),
    }
    return str(labels.get(status, labels[ExternalVerification.NOT_CHECKED]))


def external_name(held: ExternalCredential) -> str:
    return held.achievement_name or str(_("Badge without a name"))


# --- The content -------------------------------------------------------------------------


def _competence_lines(
    *, owner: User, competences: list[Competence], names: dict[tuple[int, int], Any]
) -> list[DomainBlock]:
    """The selected competences grouped by domain (framework order), owner's order inside."""
    rows = Endorsement.objects.filter(
        claim__contribution__owner=owner,
        claim__contribution__status=ContributionStatus.RECORDED,
        claim__competence__in=[competence.pk for competence in competences],
    ).values_list("claim__competence_id", "level", "endorser_email", "kind")
    best: dict[int, int] = {}
    given: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for competence_id, given_level, email, kind in rows:
        given[competence_id].append((given_level, email.lower(), kind))
        best[competence_id] = max(best.get(competence_id, 0), given_level)
    max_levels: dict[int, int] = defaultdict(int)
    for version_id, number in names:
        max_levels[version_id] = max(max_levels[version_id], number)
    blocks: dict[int, DomainBlock] = {}
    domains = sorted(
        {competence.domain_id: competence.domain for competence in competences}.values(),
        key=lambda domain: (domain.order, domain.code, domain.pk),
    )
    for domain in domains:
        blocks[domain.pk] = DomainBlock(code=domain.code, title=domain.title, competences=[])
    for competence in competences:
        level = best.get(competence.pk)
        endorsers: set[str] = set()
        leaders: set[str] = set()
        for given_level, email, kind in given.get(competence.pk, []):
            if level is not None and given_level >= level:
                endorsers.add(email)
                if kind == EndorserKind.LEADER:
                    leaders.add(email)
        name = names.get((competence.version_id, level)) if level else None
        blocks[competence.domain_id].competences.append(
            CompetenceLine(
                uuid=str(competence.uuid),
                code=competence.code,
                title=competence.title,
                domain_code=competence.domain.code,
                domain_title=competence.domain.title,
                level=level,
                level_label=name.name if name is not None else "",
                max_level=max(max_levels.get(competence.version_id, 0), level or 0),
                endorsers=len(endorsers),
                leaders=len(leaders),
                url=absolute_url(competence.get_absolute_url()),
            )
        )
    return list(blocks.values())


def _evidence_line(evidence: Evidence) -> EvidenceLine:
    if evidence.kind == EvidenceKind.LINK:
        return EvidenceLine(kind="link", title=evidence.title or evidence.url, url=evidence.url)
    if evidence.kind == EvidenceKind.FILE:
        # Stored files are served to signed-in people allowed to see them: no public address.
        return EvidenceLine(kind="file", title=evidence.title or evidence.original_name)
    return EvidenceLine(kind="text", title=evidence.title, text=evidence.text)


def _contribution_lines(contributions: list[Contribution]) -> list[ContributionLine]:
    ids = [contribution.pk for contribution in contributions]
    claimed: dict[int, list[str]] = defaultdict(list)
    for claim in (
        CompetenceClaim.objects.filter(contribution_id__in=ids)
        .select_related("competence")
        .order_by("competence__domain__order", "competence__order", "pk")
    ):
        claimed[claim.contribution_id].append(claim.competence.title)
    evidence: dict[int, list[EvidenceLine]] = defaultdict(list)
    for item in Evidence.objects.filter(
        contribution_id__in=ids, visibility=Visibility.PUBLIC
    ).order_by("created_at", "pk"):
        evidence[item.contribution_id].append(_evidence_line(item))
    return [
        ContributionLine(
            uuid=str(contribution.uuid),
            title=contribution.title,
            initiative=(
                contribution.initiative.name
                if contribution.initiative is not None
                else contribution.personal_project
            ),
            role=contribution.role,
            started_on=contribution.started_on,
            ended_on=contribution.ended_on,
            hours=float(contribution.hours) if contribution.hours is not None else None,
            summary=contribution.narrative,
            competences=claimed.get(contribution.pk, []),
            evidence=evidence.get(contribution.pk, []),
        )
        for contribution in contributions
    ]


def _endorser_initiative(endorsement: Endorsement) -> str:
    if endorsement.kind == EndorserKind.LEADER and endorsement.initiative is not None:
        return endorsement.initiative.name
    if endorsement.kind == EndorserKind.PEER:
        initiative = endorsement.claim.contribution.initiative
        return initiative.name if initiative is not None else ""
    return endorsement.endorser_organisation


def _endorsement_quotes(
    endorsements: list[Endorsement], names: dict[tuple[int, int], Any]
) -> list[EndorsementQuote]:
    quotes = []
    for endorsement in endorsements:
        competence = endorsement.claim.competence
        name = names.get((competence.version_id, endorsement.level))
        quotes.append(
            EndorsementQuote(
                uuid=str(endorsement.uuid),
                endorser_name=endorsement.endorser_shown,
                endorser_role=str(capfirst(EndorserKind(endorsement.kind).label)),
                initiative=_endorser_initiative(endorsement),
                competence_title=competence.title,
                level=endorsement.level,
                level_label=name.name if name is not None else "",
                quote=endorsement.comment,
                given_on=timezone.localdate(endorsement.created_at),
            )
        )
    return quotes


def award_status(award: Award) -> tuple[str, str]:
    """``(status, translated label)``: valid, expired or revoked."""
    status = award.status()
    labels = {"revoked": _("Revoked"), "expired": _("Expired"), "valid": _("Valid")}
    return status, str(labels[status])


def _badge_lines(awards: list[Award]) -> list[BadgeLine]:
    lines = []
    issuers = {award.badge_class.issuer.pk: award.badge_class.issuer for award in awards}
    standings = issuer_standings(issuers=list(issuers.values())) if awards else {}
    for award in awards:
        badge_class = award.badge_class
        standing = standings[badge_class.issuer.pk]
        subject = award.credential.get("credentialSubject", {})
        achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
        status, label = award_status(award)
        lines.append(
            BadgeLine(
                award_uuid=str(award.uuid),
                name=str(achievement.get("name") or badge_class.name),
                description=str(achievement.get("description") or badge_class.description),
                issuer_name=badge_class.issuer.name,
                image_url=award.png_url,
                verification_url=award.page_url,
                issued_on=timezone.localdate(award.issued_at),
                expires_on=timezone.localdate(award.expires_at) if award.expires_at else None,
                status=status,
                status_label=label,
                issuer_standing=standing.status,
                issuer_standing_text=standing.full_sentence,
                credential=award.credential,
            )
        )
    return lines


def _external_lines(held: list[ExternalCredential]) -> list[ExternalBadgeLine]:
    return [
        ExternalBadgeLine(
            uuid=str(credential.uuid),
            name=external_name(credential),
            issuer_name=credential.issuer_name,
            issuer_id=credential.issuer_id,
            format=credential.format,
            issued_on=timezone.localdate(credential.valid_from) if credential.valid_from else None,
            status=credential.verification_status,
            status_label=external_status_label(credential.verification_status),
            checked_on=timezone.localdate(credential.verified_at),
            record=record_form(
                original=credential.original,
                format=credential.format,
                status=credential.verification_status,
            ),
            original=credential.original,
        )
        for credential in held
    ]


def _items(portfolio: Portfolio) -> list[PortfolioItem]:
    owner_id = portfolio.owner_id
    return list(
        PortfolioItem.objects.filter(portfolio=portfolio)
        .filter(
            Q(kind=ItemKind.COMPETENCE)
            | Q(
                kind=ItemKind.CONTRIBUTION,
                contribution__owner_id=owner_id,
                contribution__status=ContributionStatus.RECORDED,
            )
            | Q(
                kind=ItemKind.ENDORSEMENT,
                endorsement__claim__contribution__owner_id=owner_id,
                endorsement__claim__contribution__status=ContributionStatus.RECORDED,
            )
            | Q(kind=ItemKind.BADGE, award__recipient_id=owner_id)
            | Q(kind=ItemKind.EXTERNAL, external__owner_id=owner_id)
        )
        .select_related(
            "competence__domain",
            "contribution__initiative",
            "endorsement__initiative",
            "endorsement__claim__competence",
            "endorsement__claim__contribution__initiative",
            "award__badge_class__issuer",
            "external",
        )
        .order_by("position", "pk")
    )


def content_competences(*, content: PortfolioContent) -> dict[str, Competence]:
    """The framework rows of a content's competences, by UUID, with their domain, version,
    framework and external alignments: what its CLR says of them (two queries)."""
    uuids = [line.uuid for block in content.domains for line in block.competences]
    rows = (
        Competence.objects.filter(uuid__in=uuids)
        .select_related("domain", "version__framework")
        .prefetch_related("alignments")
    )
    return {str(row.uuid): row for row in rows}


def portfolio_content(*, portfolio: Portfolio) -> PortfolioContent:
    """What the portfolio shows, in its language and its owner's order (7 queries, two more
    when it holds badges: the territory's word on their issuers, up to five more with the
    page "Lecture ROME 4.0": ``portfolios.selectors.rome.rome_page``)."""
    owner = portfolio.owner
    items = _items(portfolio)
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        target = {
            ItemKind.COMPETENCE: item.competence,
            ItemKind.CONTRIBUTION: item.contribution,
            ItemKind.ENDORSEMENT: item.endorsement,
            ItemKind.BADGE: item.award,
            ItemKind.EXTERNAL: item.external,
        }[ItemKind(item.kind)]
        by_kind[item.kind].append(target)
    competences: list[Competence] = by_kind[ItemKind.COMPETENCE]
    endorsements: list[Endorsement] = by_kind[ItemKind.ENDORSEMENT]
    version_ids = {competence.version_id for competence in competences}
    version_ids |= {endorsement.claim.competence.version_id for endorsement in endorsements}
    with translation.override(portfolio.language):
        names = levels_by_number(version_ids=version_ids) if version_ids else {}
        content = PortfolioContent(
            portfolio_uuid=str(portfolio.uuid),
            owner_name=owner_name(owner),
            title=portfolio.title,
            target=portfolio.target,
            statement=portfolio.statement,
            language=portfolio.language,
            domains=_competence_lines(owner=owner, competences=competences, names=names)
            if competences
            else [],
            contributions=_contribution_lines(by_kind[ItemKind.CONTRIBUTION]),
            endorsements=_endorsement_quotes(endorsements, names),
            badges=_badge_lines(by_kind[ItemKind.BADGE]),
            generated_at=timezone.now(),
            external_badges=_external_lines(by_kind[ItemKind.EXTERNAL]),
        )
        if not portfolio.rome_page:
            return content
        return replace(content, rome=rome_page(portfolio=portfolio, content=content))
