"""Writes on endorsement requests and endorsements.

Asking (``endorsement_request_create``): the volunteer asks on a recorded
contribution that claims at least one competence. The leaders of its
initiative are asked automatically; the volunteer may also ask fellow members
(peers) and outside referents by email. A referent whose address has an
account gets a normal request (notification); anyone else gets a single-use
link by email, in the volunteer's language: 256 random bits of which only the
SHA-256 is stored, valid for ``ENDORSEMENT_REQUEST_VALID_DAYS`` days.

Answering: only the person asked answers (the leader, the peer or the
referent). ``endorsement_answer`` confirms or adjusts the level of each claim,
one endorsement per endorser and claim: answering again edits it. Leaders'
endorsements carry the kind "leader" and the initiative. A link sent to a
referent without an account works once: after the answer it is used up.
``endorsement_bulk_confirm`` lets a leader confirm several requests at the
self-assessed levels in one go. ``endorsement_request_decline`` declines with a
reason. The volunteer is notified of answers and refusals.

Nobody endorses their own competences: asking yourself is refused, and so is
answering a request on your own contribution.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import NotificationKind, User, notification_send
from community import emails
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Initiative,
    Membership,
    Role,
)
from community.signals import endorsement_recorded_on_commit
from competences.api import ProficiencyLevel
from config.tokens import token_hash


@dataclass(frozen=True)
class Referent:
    """Someone outside the initiative, asked by email."""

    email: str
    name: str


@dataclass(frozen=True)
class ClaimAnswer:
    """The endorser's word on one claim; ``level`` None means "I cannot say"."""

    claim: CompetenceClaim
    level: int | None
    comment: str = ""


def person_name(user: User) -> str:
    return user.display_name or user.email


def request_path(request: EndorsementRequest) -> str:
    """The page of a request: the answer form for the person asked, the status for the volunteer."""
    return reverse("community:endorsement_request_detail", kwargs={"uuid": request.uuid})


def _self_endorsement_error() -> ValidationError:
    return ValidationError(
        _("You cannot endorse your own competences: ask someone who saw your work."),
        code="self_endorsement",
    )


# --- Asking --------------------------------------------------------------------------


def _require_askable(*, contribution: Contribution, by: User) -> None:
    if contribution.owner_id != by.pk or not by.is_active:
        raise PermissionDenied
    if contribution.status != ContributionStatus.RECORDED:
        raise ValidationError(
            _("Record this contribution first: a draft is seen by you only."), code="draft"
        )
    if not contribution.claims.exists():
        raise ValidationError(
            _("Add at least one competence to this contribution before asking for endorsement."),
            code="no_claim",
        )


def _leads(*, user: User, initiative_id: int | None) -> bool:
    return initiative_id is not None and (
        Membership.objects.filter(initiative_id=initiative_id, user=user, role=Role.LEADER).exists()
    )


def _kind_for_account(*, contribution: Contribution, user: User) -> str:
    """Leader or fellow member of the contribution's initiative, or outside referent."""
    if contribution.initiative_id is None:
        return EndorserKind.OUTSIDE
    role = (
        Membership.objects.filter(initiative_id=contribution.initiative_id, user=user)
        .values_list("role", flat=True)
        .first()
    )
    if role == Role.LEADER:
        return EndorserKind.LEADER
    if role == Role.MEMBER:
        return EndorserKind.PEER
    return EndorserKind.OUTSIDE


def _already_asked(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s has already been asked and has not answered yet.") % {"name": name},
        code="already_asked",
    )


def _replace_if_expired(pending: EndorsementRequest | None, name: str) -> None:
    """A request still waiting blocks a new one; one past its date is replaced by the new one."""
    if pending is None:
        return
    if pending.is_pending:
        raise _already_asked(name)
    pending.status = EndorsementRequestStatus.CANCELLED
    pending.save(update_fields=["status"])


def _ask_account(
    *, contribution: Contribution, by: User, endorser: User, kind: str, message: str
) -> EndorsementRequest:
    pending = EndorsementRequest.objects.filter(
        contribution=contribution, endorser=endorser, status=EndorsementRequestStatus.PENDING
    ).first()
    _replace_if_expired(pending, person_name(endorser))
    request = EndorsementRequest(
        contribution=contribution, requested_by=by, kind=kind, endorser=endorser, message=message
    )
    request.full_clean()
    request.save()
    notification_send(
        recipient=endorser,
        kind=NotificationKind.ENDORSEMENT_REQUESTED,
        context={"person": person_name(by), "contribution": contribution.title},
        link=request_path(request),
    )
    return request


def _ask_leaders(*, contribution: Contribution, by: User, message: str) -> list[EndorsementRequest]:
    """One request per leader of the initiative, except the volunteer and those already asked."""
    if contribution.initiative_id is None:
        return []
    leaders = (
        User.objects.filter(
            memberships__initiative_id=contribution.initiative_id,
            memberships__role=Role.LEADER,
            is_active=True,
        )
        .exclude(pk=by.pk)
        .order_by("pk")
    )
    waiting = set(
        EndorsementRequest.objects.filter(
            contribution=contribution,
            status=EndorsementRequestStatus.PENDING,
            expires_at__gt=timezone.now(),
            endorser__isnull=False,
        ).values_list("endorser_id", flat=True)
    )
    return [
        _ask_account(
            contribution=contribution,
            by=by,
            endorser=leader,
            kind=EndorserKind.LEADER,
            message=message,
        )
        for leader in leaders
        if leader.pk not in waiting
    ]


def _ask_peer(
    *, contribution: Contribution, by: User, peer: User, message: str
) -> EndorsementRequest:
    if peer.pk == by.pk:
        raise _self_endorsement_error()
    kind = _kind_for_account(contribution=contribution, user=peer)
    if kind == EndorserKind.OUTSIDE or not peer.is_active:
        raise ValidationError(
            _("%(name)s is not a member of this initiative.") % {"name": person_name(peer)},
            code="not_member",
        )
    return _ask_account(contribution=contribution, by=by, endorser=peer, kind=kind, message=message)


def _ask_referent(
    *, contribution: Contribution, by: User, referent: Referent, message: str
) -> EndorsementRequest:
    email = User.objects.normalize_email(referent.email.strip()).lower()
    name = referent.name.strip()
    if email == by.email.lower():
        raise _self_endorsement_error()
    account = User.objects.filter(email__iexact=email, is_active=True).first()
    if account is not None:
        kind = _kind_for_account(contribution=contribution, user=account)
        return _ask_account(
            contribution=contribution, by=by, endorser=account, kind=kind, message=message
        )
    if not name:
        raise ValidationError(
            {"name": _("Give the name of the person you ask.")}, code="name_required"
        )
    pending = EndorsementRequest.objects.filter(
        contribution=contribution,
        endorser__isnull=True,
        email__iexact=email,
        status=EndorsementRequestStatus.PENDING,
    ).first()
    _replace_if_expired(pending, name)
    token = secrets.token_urlsafe(32)
    request = EndorsementRequest(
        contribution=contribution,
        requested_by=by,
        kind=EndorserKind.OUTSIDE,
        email=email,
        name=name,
        token_hash=token_hash(token),
        message=message,
    )
    request.full_clean()
    request.save()
    transaction.on_commit(lambda: emails.endorsement_request(request=request, token=token))
    return request


@transaction.atomic
def endorsement_request_create(
    *,
    contribution: Contribution,
    by: User,
    peers: Iterable[User] = (),
    referents: Iterable[Referent] = (),
    message: str = "",
) -> list[EndorsementRequest]:
    """Ask for endorsement: the initiative's leaders, plus the chosen peers and referents.

    Leaders who already have a request waiting are not asked twice; a peer or a
    referent who has one is refused with a message. Returns the new requests.
    """
    _require_askable(contribution=contribution, by=by)
    message = message.strip()
    created = _ask_leaders(contribution=contribution, by=by, message=message)
    had_leaders = bool(created) or (
        contribution.initiative_id is not None
        and Membership.objects.filter(initiative_id=contribution.initiative_id, role=Role.LEADER)
        .exclude(user=by)
        .exists()
    )
    for peer in peers:
        created.append(_ask_peer(contribution=contribution, by=by, peer=peer, message=message))
    for referent in referents:
        created.append(
            _ask_referent(contribution=contribution, by=by, referent=referent, message=message)
        )
    if not created:
        if had_leaders:
            raise ValidationError(
                _(
                    "The leaders of the initiative have already been asked. To ask someone "
                    "else, choose a fellow member or give the email address of a referent."
                ),
                code="nobody_new",
            )
        raise ValidationError(
            _("Choose someone to ask: a fellow member, or a referent by email."),
            code="nobody",
        )
    return created


def _lock(request: EndorsementRequest) -> EndorsementRequest:
    """Lock the request's row: it is answered, declined or cancelled once."""
    return (
        EndorsementRequest.objects.select_for_update()
        .select_related("contribution", "requested_by")
        .get(pk=request.pk)
    )


@transaction.atomic
def endorsement_request_cancel(*, request: EndorsementRequest, by: User) -> EndorsementRequest:
    """The volunteer takes back a request that is still waiting."""
    if request.requested_by_id != by.pk:
        raise PermissionDenied
    request = _lock(request)
    if request.status != EndorsementRequestStatus.PENDING:
        raise ValidationError(
            _("This request has already been answered or cancelled."), code="not_pending"
        )
    request.status = EndorsementRequestStatus.CANCELLED
    request.save(update_fields=["status"])
    return request


# --- Answering -----------------------------------------------------------------------


def _check_asked(*, request: EndorsementRequest, by: User | None) -> None:
    """``by`` is the account asked; None stands for the holder of an emailed link.

    The volunteer can never answer on their own contribution.
    """
    owner = request.contribution.owner
    if request.is_by_link:
        if by is not None:
            raise PermissionDenied
        if request.email.lower() == owner.email.lower():
            raise _self_endorsement_error()
        return
    if by is None or request.endorser_id != by.pk or not by.is_active:
        raise PermissionDenied
    if by.pk == owner.pk:
        raise _self_endorsement_error()


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
    if by is None or not _leads(user=by, initiative_id=contribution.initiative_id):
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
    request = _lock(request)
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
    request = _lock(request)
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
        raise _self_endorsement_error()
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
            raise _self_endorsement_error()
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
