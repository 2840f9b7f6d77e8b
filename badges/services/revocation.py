"""Writes on revocation: status list positions, revoking an award, the signed status list.

Keyword-only, typed, atomic; permissions are checked here (``PermissionDenied``).
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import AuditAction, User, audit_record
from badges.models import Award, Issuer, StatusList, StatusPurpose
from badges.selectors.issuers import user_is_issuer_staff
from badges.selectors.status import status_list_revoked_indices
from badges.services.issuers import issuer_sign
from badges.status_lists import status_list_credential

logger = logging.getLogger(__name__)

REASON_MAX_LENGTH = 500
# Random positions: up to RANDOM_DRAWS queries of DRAWS_PER_QUERY candidates each.
RANDOM_DRAWS = 4
DRAWS_PER_QUERY = 8


@transaction.atomic
def status_list_allocate(
    *, issuer: Issuer, purpose: str = StatusPurpose.REVOCATION
) -> tuple[StatusList, int]:
    """Take a free position, drawn at random, in the issuer's list (created on first use).

    The W3C Bitstring Status List recommends random positions: handed out in order,
    they would tell how many badges an issuer gave and link badges given together. The
    list's row is locked until the end of the caller's transaction, so two awards never
    share a position; ``next_index`` counts the positions taken (for the "list full"
    check). A drawn position already taken is drawn again; on a nearly full list, the
    position is chosen among the free ones.
    """
    StatusList.objects.get_or_create(issuer=issuer, purpose=purpose)
    status_list = StatusList.objects.select_for_update().get(issuer=issuer, purpose=purpose)
    if status_list.next_index >= status_list.size:
        raise ValidationError(
            _("This issuer's status list is full; contact the platform's administrators."),
            code="status_list_full",
        )
    index = _free_index(status_list)
    status_list.next_index += 1
    status_list.save(update_fields=["next_index"])
    status_list.issuer = issuer
    return status_list, index


def _free_index(status_list: StatusList) -> int:
    """A random position of ``status_list`` that no award holds yet (the list is locked)."""
    taken = status_list.entries
    for _attempt in range(RANDOM_DRAWS):
        candidates = {secrets.randbelow(status_list.size) for _ in range(DRAWS_PER_QUERY)}
        used = set(taken.filter(index__in=candidates).values_list("index", flat=True))
        free = sorted(candidates - used)
        if free:
            return free[secrets.randbelow(len(free))]
    # Nearly full: draw among the free positions themselves.
    used = set(taken.values_list("index", flat=True))
    free_count = status_list.size - len(used)
    if free_count <= 0:
        raise ValidationError(
            _("This issuer's status list is full; contact the platform's administrators."),
            code="status_list_full",
        )
    rank = secrets.randbelow(free_count)
    for index in range(status_list.size):
        if index not in used:
            if rank == 0:
                return index
            rank -= 1
    raise AssertionError("unreachable: a free position was counted")  # pragma: no cover


@transaction.atomic
def award_revoke(*, award: Award, by: User, reason: str) -> Award:
    """Issuer staff revoke an award, with a reason the public award page shows.

    Its bit in the issuer's revocation list is 1 from then on (the list is derived from
    ``revoked_at``). Revoking an award twice is refused.
    """
    if not user_is_issuer_staff(issuer=award.badge_class.issuer, user=by):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the badge is revoked: the reason is public.")},
            code="required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("The reason is too long (500 characters at most).")}, code="max_length"
        )
    locked = Award.objects.select_for_update().get(pk=award.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This badge was already revoked."), code="already_revoked")
    award.revoked_at = timezone.now().replace(microsecond=0)
    award.revocation_reason = reason
    award.save(update_fields=["revoked_at", "revocation_reason"])
    audit_record(
        action=AuditAction.AWARD_REVOKE,
        actor=by,
        target_type="award",
        target_id=award.uuid,
        target_label=award.badge_class.name,
        target_path=award.page_url,
        details={"reason": reason},
    )
    logger.info("Award %s revoked by user %s", award.uuid, by.pk)
    return award


def status_list_credential_signed(*, status_list: StatusList) -> dict[str, Any]:
    """The list's ``BitstringStatusListCredential``, as of now, signed by its issuer."""
    now = timezone.now().replace(microsecond=0)
    document = status_list_credential(
        status_list,
        revoked=status_list_revoked_indices(status_list=status_list),
        valid_from=now,
    )
    return issuer_sign(issuer=status_list.issuer, document=document, created=now)
