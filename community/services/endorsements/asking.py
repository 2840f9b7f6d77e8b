"""Asking for endorsements: the volunteer asks on a recorded contribution; its initiative's
leaders are asked automatically, fellow members and outside referents on request (see the
package's docstring)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import NotificationKind, User, notification_send
from community import emails
from community.models import (
    Contribution,
    ContributionStatus,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Membership,
    Role,
)
from community.services.endorsements.common import (
    Referent,
    person_name,
    request_lock,
    request_path,
    self_endorsement_error,
)
from config.tokens import token_hash


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
        raise self_endorsement_error()
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
        raise self_endorsement_error()
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


@transaction.atomic
def endorsement_request_cancel(*, request: EndorsementRequest, by: User) -> EndorsementRequest:
    """The volunteer takes back a request that is still waiting."""
    if request.requested_by_id != by.pk:
        raise PermissionDenied
    request = request_lock(request)
    if request.status != EndorsementRequestStatus.PENDING:
        raise ValidationError(
            _("This request has already been answered or cancelled."), code="not_pending"
        )
    request.status = EndorsementRequestStatus.CANCELLED
    request.save(update_fields=["status"])
    return request
