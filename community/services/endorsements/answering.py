"""Answering endorsement requests: confirm or adjust each claim, decline with a reason,
edit an endorsement, confirm several at once (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import NotificationKind, User, notification_send
from community.models import (
    CompetenceClaim,
    ContributionStatus,
    Endorsement,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Initiative,
    Membership,
    Role,
)
from community.services.endorsements.common import (
    ClaimAnswer,
    person_name,
    request_lock,
    request_path,
    self_endorsement_error,
    user_leads,
)
from community.signals import endorsement_recorded_on_commit
from competences.api import ProficiencyLevel


def _check_asked(*, request: EndorsementRequest, by: User | None) -> None:
    """``by`` is the account asked; None stands for the holder of an emailed link.

    The volunteer can never answer on their own contribution.
    """
    owner = request.contribution.owner
    if request.is_by_link:
        if by is not None:
            raise PermissionDenied
        if request.email.lower() == owner.email.lower():
            raise self_endorsement_error()
        return
    if by is None or request.endorser_id != by.pk or not by.is_active:
        raise PermissionDenied
    if by.pk == owner.pk:
        raise self_endorsement_error()


def _require_answerable(request: EndorsementRequest) -> None:
    if request.contribution.status != ContributionStatus.RECORDED:
        raise ValidationError(
            _("This contribution is no longer open for endorsement."), code="not_recorded"
        )
    if request.status == EndorsementRequestStatus.ANSWERED and not request.is_by_link:
        return  # the endorser comes back to change their answer
    if not request.is_pending:
        raise ValidationError(
            _("This request can no longer be answered (%(status)s).")
            % {"status": request.state_label},
            code="not_pending",
        )


def _leader_initiative(*, request: EndorsementRequest, by: User | None) -> Initiative | None:
    """For a leader's request: the initiative, if ``by`` still leads it."""
    if request.kind != EndorserKind.LEADER:
        return None
    contribution = request.contribution
    if by is None or not user_leads(user=by, initiative_id=contribution.initiative_id):
        raise ValidationError(
            _("You no longer lead this initiative, so you cannot answer as its leader."),
            code="not_leader",
        )
    return contribution.initiative


def level_numbers(version_ids: Iterable[int]) -> dict[int, set[int]]:
    """The level numbers of each framework version's scale."""
    numbers: dict[int, set[int]] = {}
    for version_id, number in ProficiencyLevel.objects.filter(
        version_id__in=set(version_ids)
    ).values_list("version_id", "number"):
        numbers.setdefault(version_id, set()).add(number)
    return numbers


def _check_answers(
    *, request: EndorsementRequest, answers: Sequence[ClaimAnswer]
) -> list[ClaimAnswer]:
    claims = {
        claim.pk: claim
        for claim in CompetenceClaim.objects.filter(
            contribution_id=request.contribution_id
        ).select_related("competence")
    }
    if any(answer.claim.pk not in claims for answer in answers):
        raise ValidationError(
            _("Answer only the competences of this contribution."), code="wrong_claim"
        )
    scales = level_numbers(claim.competence.version_id for claim in claims.values())
    for answer in answers:
        version_id = claims[answer.claim.pk].competence.version_id
        if answer.level is not None and answer.level not in scales.get(version_id, set()):
            raise ValidationError(
                _("Choose one of the levels of the framework."), code="invalid_level"
            )
    if not any(answer.level is not None for answer in answers):
        raise ValidationError(
            _("Choose a level for at least one competence, or decline the request."),
            code="no_level",
        )
    return [
        ClaimAnswer(claim=claims[a.claim.pk], level=a.level, comment=a.comment) for a in answers
    ]


@transaction.atomic
def endorsement_answer(
    *,
    request: EndorsementRequest,
    by: User | None,
    answers: Sequence[ClaimAnswer],
    relationship: str,
    name: str = "",
    organisation: str = "",
) -> list[Endorsement]:
    """Confirm or adjust the level of each claim; answering again edits the endorsements.

    ``by`` is the account asked, or None for an outside referent answering
    through their emailed link (then ``name`` is required, and the link is used
    up). A claim answered with no level has no endorsement from this person
    (an earlier one is withdrawn).
    """
    request = request_lock(request)
    _check_asked(request=request, by=by)
    _require_answerable(request)
    initiative = _leader_initiative(request=request, by=by)
    answers = _check_answers(request=request, answers=answers)
    relationship = relationship.strip()
    if not relationship:
        raise ValidationError(
            {"relationship": _("Say in a few words how you know this person.")},
            code="relationship_required",
        )
    if by is not None:
        email, name = by.email, person_name(by)
    else:
        email, name = request.email, name.strip()
        if not name:
            raise ValidationError({"name": _("Give your name.")}, code="name_required")
    first_answer = request.status != EndorsementRequestStatus.ANSWERED
    existing = {
        endorsement.claim_id: endorsement
        for endorsement in Endorsement.objects.filter(
            claim__contribution_id=request.contribution_id, endorser_email__iexact=email
        )
    }
    endorsements = []
    for answer in answers:
        endorsement = existing.get(answer.claim.pk)
        if answer.level is None:
            if endorsement is not None:
                endorsement.delete()
            continue
        if endorsement is None:
            endorsement = Endorsement(claim=answer.claim)
        endorsement.request = request
        endorsement.endorser = by
        endorsement.endorser_name = name
        endorsement.endorser_email = email
        endorsement.endorser_organisation = (
            organisation.strip() if request.kind == EndorserKind.OUTSIDE else ""
        )
        endorsement.kind = request.kind
        endorsement.initiative = initiative
        endorsement.level = answer.level
        endorsement.comment = answer.comment.strip()
        endorsement.relationship = relationship
        endorsement.full_clean()
        endorsement.save()
        endorsements.append(endorsement)
    request.status = EndorsementRequestStatus.ANSWERED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    endorsement_recorded_on_commit(user_id=request.contribution.owner_id)
    if first_answer:
        notification_send(
            recipient=request.contribution.owner,
            kind=NotificationKind.ENDORSEMENT_RECEIVED,
            context={"endorser": name, "contribution": request.contribution.title},
            link=request_path(request),
        )
    return endorsements


@transaction.atomic
def endorsement_request_decline(
    *, request: EndorsementRequest, by: User | None, reason: str
) -> EndorsementRequest:
    """The person asked says no, with a reason the volunteer reads."""
    request = request_lock(request)
    _check_asked(request=request, by=by)
    if not request.is_pending:
        raise ValidationError(
            _("This request can no longer be answered (%(status)s).")
            % {"status": request.state_label},
            code="not_pending",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say in a few words why you decline.")}, code="reason_required"
        )
    request.status = EndorsementRequestStatus.DECLINED
    request.decline_reason = reason
    request.answered_at = timezone.now()
    request.full_clean()
    request.save(update_fields=["status", "decline_reason", "answered_at"])
    notification_send(
        recipient=request.contribution.owner,
        kind=NotificationKind.ENDORSEMENT_DECLINED,
        context={
            "endorser": person_name(by) if by else request.name or request.email,
            "contribution": request.contribution.title,
        },
        link=request_path(request),
    )
    return request


@transaction.atomic
def endorsement_update(
    *,
    endorsement: Endorsement,
    by: User,
    level: int | None = None,
    comment: str | None = None,
    relationship: str | None = None,
) -> Endorsement:
    """The author of an endorsement changes its level, comment or relationship."""
    if endorsement.endorser_id is None or endorsement.endorser_id != by.pk or not by.is_active:
        raise PermissionDenied
    endorsement = (
        Endorsement.objects.select_for_update()
        .select_related("claim__competence", "claim__contribution")
        .get(pk=endorsement.pk)
    )
    if endorsement.claim.contribution.owner_id == by.pk:
        raise self_endorsement_error()
    if level is not None:
        scale = level_numbers([endorsement.claim.competence.version_id])
        if level not in scale.get(endorsement.claim.competence.version_id, set()):
            raise ValidationError(
                {"level": _("Choose one of the levels of the framework.")}, code="invalid_level"
            )
        endorsement.level = level
    if comment is not None:
        endorsement.comment = comment.strip()
    if relationship is not None:
        endorsement.relationship = relationship.strip()
    endorsement.full_clean()
    endorsement.save()
    endorsement_recorded_on_commit(user_id=endorsement.claim.contribution.owner_id)
    return endorsement


@transaction.atomic
def endorsement_bulk_confirm(
    *, requests: Iterable[EndorsementRequest], by: User, relationship: str
) -> list[EndorsementRequest]:
    """A leader confirms every claim of several requests at the volunteer's own level.

    All or nothing: each request must be a leader's request addressed to
    ``by``, still waiting, on a contribution of an initiative ``by`` leads.
    """
    relationship = relationship.strip()
    if not relationship:
        raise ValidationError(
            {"relationship": _("Say in a few words how you know these people.")},
            code="relationship_required",
        )
    ids = [request.pk for request in requests]
    list(EndorsementRequest.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    locked = list(
        EndorsementRequest.objects.filter(pk__in=ids)
        .select_related("contribution__initiative", "contribution__owner")
        .order_by("pk")
    )
    led = set(
        Membership.objects.filter(user=by, role=Role.LEADER).values_list("initiative_id", flat=True)
    )
    for request in locked:
        contribution = request.contribution
        if (
            not by.is_active
            or request.endorser_id != by.pk
            or request.kind != EndorserKind.LEADER
            or contribution.initiative_id not in led
        ):
            raise PermissionDenied
        if contribution.owner_id == by.pk:
            raise self_endorsement_error()
        if not request.is_pending or contribution.status != ContributionStatus.RECORDED:
            raise ValidationError(
                _("A selected request has already been answered or cancelled. Reload the page."),
                code="not_pending",
            )
    claims = list(
        CompetenceClaim.objects.filter(contribution__in=[r.contribution_id for r in locked])
    )
    existing = {
        endorsement.claim_id: endorsement
        for endorsement in Endorsement.objects.filter(
            Q(claim__in=claims) & Q(endorser_email__iexact=by.email)
        )
    }
    request_of = {request.contribution_id: request for request in locked}
    now = timezone.now()
    created: list[Endorsement] = []
    updated: list[Endorsement] = []
    for claim in claims:
        request = request_of[claim.contribution_id]
        endorsement = existing.get(claim.pk) or Endorsement(claim=claim, created_at=now)
        endorsement.request = request
        endorsement.endorser = by
        endorsement.endorser_name = person_name(by)
        endorsement.endorser_email = by.email
        endorsement.endorser_organisation = ""
        endorsement.kind = EndorserKind.LEADER
        endorsement.initiative = request.contribution.initiative
        endorsement.level = claim.self_level
        endorsement.relationship = relationship
        endorsement.updated_at = now
        # Field values only: the rows above were just read, and the database keeps the rest.
        endorsement.full_clean(
            exclude=["claim", "request", "endorser", "initiative"],
            validate_unique=False,
            validate_constraints=False,
        )
        (updated if endorsement.pk else created).append(endorsement)
    Endorsement.objects.bulk_create(created)
    Endorsement.objects.bulk_update(
        updated,
        [
            "request",
            "endorser",
            "endorser_name",
            "endorser_email",
            "endorser_organisation",
            "kind",
            "initiative",
            "level",
            "relationship",
            "updated_at",
        ],
    )
    EndorsementRequest.objects.filter(pk__in=[r.pk for r in locked]).update(
        status=EndorsementRequestStatus.ANSWERED, answered_at=now
    )
    for owner_id in {request.contribution.owner_id for request in locked}:
        endorsement_recorded_on_commit(user_id=owner_id)
    for request in locked:
        request.status, request.answered_at = EndorsementRequestStatus.ANSWERED, now
        notification_send(
            recipient=request.contribution.owner,
            kind=NotificationKind.ENDORSEMENT_RECEIVED,
            context={"endorser": person_name(by), "contribution": request.contribution.title},
            link=request_path(request),
        )
    return locked
