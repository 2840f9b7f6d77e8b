"""Writes on contributions, their evidence and competence claims.

Only the owner of a contribution changes it, its evidence and its claims:
every service checks it (``PermissionDenied``). Broken rules raise
``ValidationError`` with a message for the person concerned, by field when
there is one. Stored files are deleted once the transaction commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from community.evidence import CleanFile
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Evidence,
    EvidenceKind,
    Initiative,
    Membership,
    Visibility,
)
from competences.api import Competence, ProficiencyLevel, Status

MAX_TAGS = 10


def _require_owner(*, contribution: Contribution, by: User) -> None:
    if not by.is_active or contribution.owner_id != by.pk:
        raise PermissionDenied


def _check_initiative(
    *, owner: User, initiative: Initiative | None, current: Initiative | None = None
) -> None:
    """A contribution is recorded in an initiative its owner is a member of.

    The current initiative of a contribution stays allowed after its owner left it.
    """
    if initiative is None or (current is not None and initiative.pk == current.pk):
        return
    if not Membership.objects.filter(initiative=initiative, user=owner).exists():
        raise ValidationError(
            {
                "initiative": _(
                    "You can only record a contribution in an initiative you are a member of."
                )
            },
            code="not_member",
        )


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        name = " ".join(str(tag).split())[:100]
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    if len(seen) > MAX_TAGS:
        raise ValidationError(
            {"tags": _("Give %(max)s tags at most.") % {"max": MAX_TAGS}}, code="too_many_tags"
        )
    return list(seen.values())


def _delete_file_on_commit(file: FieldFile) -> None:
    if file and file.name:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


# --- Contributions ----------------------------------------------------------------


@transaction.atomic
def contribution_create(
    *,
    owner: User,
    title: str,
    initiative: Initiative | None = None,
    personal_project: str = "",
    narrative: str = "",
    role: str = "",
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    hours: Decimal | None = None,
    tags: Iterable[str] = (),
    status: str = ContributionStatus.RECORDED,
    file: CleanFile | None = None,
    file_visibility: str = Visibility.ENDORSERS,
) -> Contribution:
    """Record what someone did (or keep it as a draft), with an optional first file."""
    if not owner.is_active:
        raise PermissionDenied
    _check_initiative(owner=owner, initiative=initiative)
    contribution = Contribution(
        owner=owner,
        initiative=initiative,
        personal_project="" if initiative else personal_project.strip(),
        title=title.strip(),
        narrative=narrative.strip(),
        role=role.strip(),
        started_on=started_on or timezone.localdate(),
        ended_on=ended_on,
        hours=hours,
        status=status,
    )
    tag_names = _clean_tags(tags)
    contribution.full_clean()
    contribution.save()
    contribution.tags.set(tag_names)
    if file is not None:
        evidence_add(
            contribution=contribution,
            by=owner,
            kind=EvidenceKind.FILE,
            file=file,
            visibility=file_visibility,
        )
    return contribution


@transaction.atomic
def contribution_update(
    *,
    contribution: Contribution,
    by: User,
    title: str,
    initiative: Initiative | None = None,
    personal_project: str = "",
    narrative: str = "",
    role: str = "",
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    hours: Decimal | None = None,
    tags: Iterable[str] = (),
    status: str | None = None,
) -> Contribution:
    """The owner changes a contribution. A draft can be recorded; never the other way:
    people may have been asked to endorse a recorded contribution."""
    _require_owner(contribution=contribution, by=by)
    _check_initiative(owner=by, initiative=initiative, current=contribution.initiative)
    if status is not None and status != contribution.status:
        if status == ContributionStatus.DRAFT:
            raise ValidationError(
                _("A recorded contribution cannot go back to being a draft."),
                code="recorded",
            )
        contribution.status = status
    contribution.initiative = initiative
    contribution.personal_project = "" if initiative else personal_project.strip()
    contribution.title = title.strip()
    contribution.narrative = narrative.strip()
    contribution.role = role.strip()
    contribution.started_on = started_on or contribution.started_on
    contribution.ended_on = ended_on
    contribution.hours = hours
    tag_names = _clean_tags(tags)
    contribution.full_clean()
    contribution.save()
    contribution.tags.set(tag_names)
    return contribution


@transaction.atomic
def contribution_record(*, contribution: Contribution, by: User) -> Contribution:
    """A draft becomes a recorded contribution: leaders and endorsers may now see it."""
    _require_owner(contribution=contribution, by=by)
    if contribution.status != ContributionStatus.RECORDED:
        contribution.status = ContributionStatus.RECORDED
        contribution.full_clean()
        contribution.save(update_fields=["status", "updated_at"])
    return contribution


@transaction.atomic
def contribution_delete(*, contribution: Contribution, by: User) -> None:
    """Delete a contribution with its evidence (files too), claims and endorsements."""
    _require_owner(contribution=contribution, by=by)
    for evidence in Evidence.objects.filter(contribution=contribution).exclude(file=""):
        _delete_file_on_commit(evidence.file)
    contribution.delete()


# --- Evidence -----------------------------------------------------------------------


@transaction.atomic
def evidence_add(
    *,
    contribution: Contribution,
    by: User,
    kind: str,
    title: str = "",
    visibility: str = Visibility.ENDORSERS,
    file: CleanFile | None = None,
    url: str = "",
    text: str = "",
) -> Evidence:
    """Add a checked file, a link or a text to a contribution (its owner only)."""
    _require_owner(contribution=contribution, by=by)
    evidence = Evidence(
        contribution=contribution,
        kind=kind,
        title=title.strip(),
        visibility=visibility,
    )
    if kind == EvidenceKind.FILE:
        if file is None:
            raise ValidationError({"file": _("Choose a file.")}, code="required")
        evidence.original_name = file.original_name
        evidence.content_type = file.content_type
        evidence.size = file.size
        evidence.full_clean(exclude=["file"])
        stored = file.as_file()
        evidence.file.save(stored.name or "evidence", stored, save=False)
    elif kind == EvidenceKind.LINK:
        evidence.url = url.strip()
        evidence.full_clean()
    elif kind == EvidenceKind.TEXT:
        evidence.text = text.strip()
        evidence.full_clean()
    else:
        raise ValidationError({"kind": _("Choose a file, a link or a text.")}, code="kind")
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    _require_owner(contribution=evidence.contribution, by=by)
    _delete_file_on_commit(evidence.file)
    evidence.delete()


# --- Competence claims ----------------------------------------------------------------


def _check_claimable(competence: Competence, self_level: int) -> None:
    if competence.version.status != Status.PUBLISHED:
        raise ValidationError(
            {
                "competence": _(
                    "This competence is not in a published framework. "
                    "Choose a competence of the current framework."
                )
            },
            code="not_published",
        )
    if not ProficiencyLevel.objects.filter(
        version_id=competence.version_id, number=self_level
    ).exists():
        raise ValidationError({"self_level": _("Choose one of the levels.")}, code="level")


@transaction.atomic
def claim_create(
    *,
    contribution: Contribution,
    by: User,
    competence: Competence,
    self_level: int,
    statement: str = "",
) -> CompetenceClaim:
    """Claim a competence of a published framework on a contribution, with one's own level."""
    _require_owner(contribution=contribution, by=by)
    _check_claimable(competence, self_level)
    claim = CompetenceClaim(
        contribution=contribution,
        competence=competence,
        self_level=self_level,
        statement=statement.strip(),
    )
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def claim_update(
    *, claim: CompetenceClaim, by: User, self_level: int, statement: str = ""
) -> CompetenceClaim:
    """Change one's own level or sentence. The competence stays: delete and claim another.

    A claim on a competence whose version has been retired since keeps working:
    only its level must still be a level of that version.
    """
    _require_owner(contribution=claim.contribution, by=by)
    if not ProficiencyLevel.objects.filter(
        version_id=claim.competence.version_id, number=self_level
    ).exists():
        raise ValidationError({"self_level": _("Choose one of the levels.")}, code="level")
    claim.self_level = self_level
    claim.statement = statement.strip()
    claim.full_clean()
    claim.save(update_fields=["self_level", "statement", "updated_at"])
    return claim


@transaction.atomic
def claim_delete(*, claim: CompetenceClaim, by: User) -> None:
    """Delete a claim, with the endorsements it received."""
    _require_owner(contribution=claim.contribution, by=by)
    claim.delete()
