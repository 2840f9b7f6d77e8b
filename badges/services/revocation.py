"""Writes on revocation: status list positions, revoking an award, the signed status list
(kept as served until one of its bits changes: ``status_lists_outdate``,
``status_list_document``).

Keyword-only, typed, atomic; permissions are checked here (``PermissionDenied``).
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import AuditAction, User, audit_record
from badges.models import (
    Attestation,
    Award,
    BadgeClassEndorsement,
    Issuer,
    StatusList,
    StatusPurpose,
)
from badges.selectors.issuers import user_is_issuer_staff
from badges.selectors.status import status_list_revoked_indices
from badges.services.issuers import issuer_sign
from badges.status_lists import status_list_credential
from config.conditional import text_digest

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

    ``status_list_allocate_many`` for one position.
    """
    status_list, indexes = status_list_allocate_many(issuer=issuer, count=1, purpose=purpose)
    return status_list, indexes[0]


@transaction.atomic
def status_list_allocate_many(
    *, issuer: Issuer, count: int, purpose: str = StatusPurpose.REVOCATION
) -> tuple[StatusList, list[int]]:
    """Take ``count`` distinct free positions, drawn at random, in the issuer's list (created
    on first use), in one locked update: a batch of awards takes the lock once.

    The W3C Bitstring Status List recommends random positions: handed out in order,
    they would tell how many badges an issuer gave and link badges given together. The
    list's row is locked until the end of the caller's transaction, so two awards never
    share a position; ``next_index`` counts the positions taken (for the "list full"
    check). A drawn position already taken is drawn again; on a nearly full list, the
    positions are chosen among the free ones.
    """
    if count < 1:
        raise ValueError("Allocate at least one position.")
    locked = StatusList.objects.select_for_update().filter(issuer=issuer, purpose=purpose)
    status_list = locked.first()
    if status_list is None:  # the issuer's first award
        StatusList.objects.get_or_create(issuer=issuer, purpose=purpose)
        status_list = locked.get()
    if status_list.next_index + count > status_list.size:
        raise ValidationError(
            _("This issuer's status list is full; contact the platform's administrators."),
            code="status_list_full",
        )
    indexes = _free_indexes(status_list, count)
    status_list.next_index += count
    status_list.save(update_fields=["next_index"])
    status_list.issuer = issuer
    return status_list, indexes


def _free_indexes(status_list: StatusList, count: int) -> list[int]:
    """``count`` random positions of ``status_list`` that no award holds yet (it is locked),
    in random order."""
    taken = status_list.entries
    chosen: list[int] = []
    for _attempt in range(RANDOM_DRAWS):
        wanted = count - len(chosen)
        candidates = {
            secrets.randbelow(status_list.size) for _ in range(DRAWS_PER_QUERY * wanted)
        } - set(chosen)
        used = set(taken.filter(index__in=candidates).values_list("index", flat=True))
        free = sorted(candidates - used)
        while free and len(chosen) < count:
            chosen.append(free.pop(secrets.randbelow(len(free))))
        if len(chosen) == count:
            return chosen
    # Nearly full: draw among the free positions themselves.
    used = set(taken.values_list("index", flat=True)) | set(chosen)
    free_count = status_list.size - len(used)
    if free_count < count - len(chosen):
        raise ValidationError(
            _("This issuer's status list is full; contact the platform's administrators."),
            code="status_list_full",
        )
    while len(chosen) < count:
        rank = secrets.randbelow(status_list.size - len(used))
        index = _nth_free(status_list.size, used, rank)
        chosen.append(index)
        used.add(index)
    return chosen


def _nth_free(size: int, used: set[int], rank: int) -> int:
    """The ``rank``-th position (from 0) of ``range(size)`` not in ``used``."""
    for index in range(size):
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
    award.documents_changed_at = award.revoked_at
    award.save(update_fields=["revoked_at", "revocation_reason", "documents_changed_at"])
    status_lists_outdate(awards=[award])
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


def status_lists_outdate(
    *,
    awards: Iterable[Award | int] = (),
    attestations: Iterable[Attestation] = (),
    endorsements: Iterable[BadgeClassEndorsement] = (),
    references: Iterable[str] = (),
) -> None:
    """The lists holding ``awards`` (or ``attestations``, ``endorsements``, the credentials
    of later apps named by ``references``) changed (a bit set): their stored signed text is
    dropped and their ``revision`` moves on, in the caller's transaction."""
    ids = [award if isinstance(award, int) else award.pk for award in awards]
    attestation_ids = [attestation.pk for attestation in attestations]
    endorsement_ids = [endorsement.pk for endorsement in endorsements]
    StatusList.objects.filter(
        Q(entries__award__in=ids)
        | Q(entries__attestation__in=attestation_ids)
        | Q(entries__endorsement__in=endorsement_ids)
        | Q(entries__reference__in=list(references))
    ).update(
        revision=F("revision") + 1, document_text="", document_digest="", document_signed_at=None
    )


def status_list_document(*, status_list_id: int, revision: int) -> tuple[str, str, datetime]:
    """Sign the list as of now and keep its text (with its digest and date), unless its
    ``revision`` moved on meanwhile (a revocation came in: the next request signs again).
    Returns the text, its digest and when it was signed."""
    status_list = StatusList.objects.select_related("issuer").get(pk=status_list_id)
    document = status_list_credential_signed(status_list=status_list)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    digest = text_digest(text)
    signed_at = timezone.now()
    StatusList.objects.filter(pk=status_list_id, revision=revision).update(
        document_text=text, document_digest=digest, document_signed_at=signed_at
    )
    return text, digest, signed_at


def status_list_credential_signed(*, status_list: StatusList) -> dict[str, Any]:
    """The list's ``BitstringStatusListCredential``, as of now, signed by its issuer."""
    now = timezone.now().replace(microsecond=0)
    document = status_list_credential(
        status_list,
        revoked=status_list_revoked_indices(status_list=status_list),
        valid_from=now,
    )
    return issuer_sign(issuer=status_list.issuer, document=document, created=now)
