"""Writes on the territory's recognition of issuers (``badges.models.recognition``).

Only stewards and staff decide (``PermissionDenied`` otherwise). Every change adds a row to
the history and updates the issuer's standing in the same transaction. The territory's own
issuer is recognised from its creation and its standing does not change.

- ``recognition_grant``: a pending, suspended or withdrawn issuer becomes recognised, with a
  note saying why (public);
- ``recognition_suspend``: a recognised issuer is suspended, with a reason (public);
- ``recognition_withdraw``: a recognised or suspended issuer loses its recognition, with a
  reason (public);
- ``recognition_record``: for the issuer services, which make a new issuer pending (the
  territory's recognised) and put a recognised issuer back to pending when it is renamed.

The published trust list is signed by ``badges.services.trust_list``.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import AuditAction, User, audit_record
from badges.models import Issuer, IssuerRecognition, RecognitionStatus
from badges.selectors.recognition import user_can_manage_recognition

logger = logging.getLogger(__name__)


def recognition_record(
    *, issuer: Issuer, status: str, by: User | None, note: str = ""
) -> IssuerRecognition:
    """Set the issuer's standing and add it to the history (the caller holds a transaction
    and has checked who may do it)."""
    now = timezone.now()
    entry = IssuerRecognition(
        issuer=issuer, status=status, at=now, by=by, issuer_name=issuer.name, note=note.strip()
    )
    entry.full_clean()
    entry.save()
    Issuer.objects.filter(pk=issuer.pk).update(recognition=status, recognition_changed_at=now)
    issuer.recognition, issuer.recognition_changed_at = status, now
    return entry


AUDIT_ACTIONS: dict[str, AuditAction] = {
    RecognitionStatus.RECOGNISED: AuditAction.RECOGNITION_GRANT,
    RecognitionStatus.SUSPENDED: AuditAction.RECOGNITION_SUSPEND,
    RecognitionStatus.WITHDRAWN: AuditAction.RECOGNITION_WITHDRAW,
}


def _decide(
    *, issuer: Issuer, by: User, status: str, note: str, allowed_from: tuple[str, ...]
) -> Issuer:
    if not user_can_manage_recognition(by):
        raise PermissionDenied
    issuer = Issuer.objects.select_for_update().get(pk=issuer.pk)
    if issuer.is_territory:
        raise ValidationError(
            _("The territory's own issuer is recognised by definition."), code="territory"
        )
    if issuer.recognition not in allowed_from:
        raise ValidationError(
            _("This cannot be done now: the issuer's standing is “%(status)s”.")
            % {"status": RecognitionStatus(issuer.recognition).label},
            code="invalid_transition",
        )
    if not note.strip():
        field = "note" if status == RecognitionStatus.RECOGNISED else "reason"
        raise ValidationError(
            {field: _("Say why, in a sentence: it is shown with the issuer.")}, code="required"
        )
    recognition_record(issuer=issuer, status=status, by=by, note=note)
    audit_record(
        action=AUDIT_ACTIONS[status],
        actor=by,
        target_type="issuer",
        target_id=issuer.uuid,
        target_label=issuer.name,
        target_path=issuer.get_absolute_url(),
        details={"note" if status == RecognitionStatus.RECOGNISED else "reason": note.strip()},
    )
    logger.info("Issuer %s: recognition %s by user %s", issuer.uuid, status, by.pk)
    return issuer


@transaction.atomic
def recognition_grant(*, issuer: Issuer, by: User, note: str) -> Issuer:
    """A steward recognises the issuer in the territory's name."""
    return _decide(
        issuer=issuer,
        by=by,
        status=RecognitionStatus.RECOGNISED,
        note=note,
        allowed_from=(
            RecognitionStatus.PENDING,
            RecognitionStatus.SUSPENDED,
            RecognitionStatus.WITHDRAWN,
        ),
    )


@transaction.atomic
def recognition_suspend(*, issuer: Issuer, by: User, reason: str) -> Issuer:
    """A steward suspends a recognition, for a while, with a reason."""
    return _decide(
        issuer=issuer,
        by=by,
        status=RecognitionStatus.SUSPENDED,
        note=reason,
        allowed_from=(RecognitionStatus.RECOGNISED,),
    )


@transaction.atomic
def recognition_withdraw(*, issuer: Issuer, by: User, reason: str) -> Issuer:
    """A steward withdraws a recognition (recognised or suspended), with a reason."""
    return _decide(
        issuer=issuer,
        by=by,
        status=RecognitionStatus.WITHDRAWN,
        note=reason,
        allowed_from=(RecognitionStatus.RECOGNISED, RecognitionStatus.SUSPENDED),
    )
