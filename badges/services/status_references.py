"""Writes on the positions that later apps reserve in an issuer's status list.

Badges cannot import the apps built on it, yet their credentials may need a status: a
portfolio release's CLR, signed with the territory issuer, must read as revoked wherever
it travelled once its owner withdraws it. Such a credential is named by a **reference**
(``clr:<release uuid>``), unique across the platform:

- ``status_reference_reserve(issuer=…, reference=…)`` takes a random free position in the
  issuer's revocation list (as an award does) and returns the ``credentialStatus`` to embed
  in the credential before it is signed;
- ``status_references_revoke(references=…)`` sets their bits: the entries' ``revoked_at``
  is filled and their lists are signed again on the next request (``status_lists_outdate``);
  revoking is final and idempotent.

Reads: ``badges.selectors.status.status_references_read``. Keyword-only, typed, atomic; the
calling app checks who may do it (these services know no owner).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models import REFERENCE_MAX_LENGTH, Issuer, StatusListEntry
from badges.services.revocation import status_list_allocate, status_lists_outdate
from badges.status_lists import status_entry

logger = logging.getLogger(__name__)

# ``<kind>:<identifier>``: a short lowercase kind, then letters, digits and ``-_.:``.
REFERENCE_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,19}:[A-Za-z0-9._:-]+")


def _checked(reference: str) -> str:
    if len(reference) > REFERENCE_MAX_LENGTH or not REFERENCE_PATTERN.fullmatch(reference):
        # A programming error of the calling app, never a person's input.
        raise ValueError(f"Not a status reference: {reference!r} (<kind>:<identifier>).")
    return reference


@transaction.atomic
def status_reference_reserve(*, issuer: Issuer, reference: str) -> dict[str, Any]:
    """A position in ``issuer``'s revocation list for the credential named ``reference``;
    returns its ``credentialStatus`` (a ``BitstringStatusListEntry``).

    Call it inside the transaction that stores the credential: the list's row stays locked
    until then. A reference already holding a position is refused (``ValidationError``,
    code ``reference_taken``): a signed credential keeps the position it was signed with.
    """
    _checked(reference)
    if StatusListEntry.objects.filter(reference=reference).exists():
        raise ValidationError(
            _("This document already has a place in its issuer’s list."), code="reference_taken"
        )
    status_list, index = status_list_allocate(issuer=issuer)
    try:
        with transaction.atomic():
            StatusListEntry.objects.create(
                status_list=status_list, reference=reference, index=index
            )
    except IntegrityError as error:  # reserved meanwhile by another transaction
        raise ValidationError(
            _("This document already has a place in its issuer’s list."), code="reference_taken"
        ) from error
    return status_entry(status_list, index)


@transaction.atomic
def status_references_revoke(*, references: Iterable[str], at: datetime | None = None) -> list[str]:
    """Set the bits of the credentials named ``references``; returns those revoked now
    (already revoked ones, and references without a position, are left as they are)."""
    wanted = sorted({_checked(reference) for reference in references})
    if not wanted:
        return []
    entries = StatusListEntry.objects.select_for_update().filter(
        reference__in=wanted, revoked_at__isnull=True
    )
    revoked = [reference for reference in entries.values_list("reference", flat=True) if reference]
    if not revoked:
        return []
    StatusListEntry.objects.filter(reference__in=revoked).update(
        revoked_at=at or timezone.now().replace(microsecond=0)
    )
    status_lists_outdate(references=revoked)
    logger.info("Status references revoked: %s", ", ".join(revoked))
    return revoked
