"""Narrow reads of the public documents: one query each, only the columns the answer needs
(no sort: one row by a unique key).

The texts come as stored (``Award.credential_text``, ``StatusList.document_text``) with the
digests and dates of their headers; a text is ``None`` when the request's validators already
match the row (``config.conditional.body_unless_fresh``: answered ``304`` without reading it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce

from badges.models import Award, BadgeClass, StatusList
from config.conditional import Validators, body_unless_fresh


@dataclass(frozen=True)
class StoredCredential:
    text: str | None  # "" when none is stored yet (the caller builds it)
    digest: str
    issued_at: datetime
    holder_left: bool


def award_credential_stored(*, uuid: UUID, validators: Validators) -> StoredCredential | None:
    """The stored text of an award's OB 3.0 credential (its bytes never change once issued:
    ``Last-Modified`` is the issue date)."""
    rows = (
        Award.objects.filter(uuid=uuid)
        .values_list(
            "credential_digest",
            "issued_at",
            "holder_erased_at",
            body_unless_fresh(
                validators, body="credential_text", digest="credential_digest", modified="issued_at"
            ),
        )
        .order_by()[:1]
    )
    row = next(iter(rows), None)
    if row is None:
        return None
    digest, issued_at, erased_at, text = row
    return StoredCredential(
        text=text, digest=digest, issued_at=issued_at, holder_left=erased_at is not None
    )


# What the hosted OB 2.0 Assertion is built from (``badges.ob2``), and nothing else.
_OB2_FIELDS = (
    "uuid",
    "salt",
    "identity_hash",
    "issued_at",
    "expires_at",
    "narrative",
    "revoked_at",
    "revocation_reason",
    "holder_erased_at",
    "documents_changed_at",
)


def award_for_ob2(*, uuid: UUID) -> Award | None:
    """An unsaved award holding only what its OB 2.0 Assertion shows (its badge class with
    only its ``uuid``, its credential with only its ``evidence``): one query, and the
    credential's JSON is never read whole."""
    rows = (
        Award.objects.filter(uuid=uuid)
        .values(*_OB2_FIELDS, "badge_class__uuid", evidence=KeyTransform("evidence", "credential"))
        .order_by()[:1]
    )
    row: dict[str, Any] | None = next(iter(rows), None)
    if row is None:
        return None
    evidence = row.pop("evidence")
    award = Award(**{field: row[field] for field in _OB2_FIELDS})
    award.badge_class = BadgeClass(uuid=row["badge_class__uuid"])
    award.credential = {} if evidence is None else {"evidence": evidence}
    return award


@dataclass(frozen=True)
class StoredStatusList:
    pk: int
    revision: int
    text: str | None  # "" when it must be signed again
    digest: str
    signed_at: datetime | None


def status_list_stored(
    *, issuer_uuid: UUID, purpose: str, validators: Validators
) -> StoredStatusList | None:
    """The stored signed text of an issuer's status list (empty after a revocation)."""
    rows = (
        StatusList.objects.filter(issuer__uuid=issuer_uuid, purpose=purpose)
        .values_list(
            "pk",
            "revision",
            "document_digest",
            "document_signed_at",
            body_unless_fresh(
                validators,
                body="document_text",
                digest="document_digest",
                modified=Coalesce("document_signed_at", "created_at"),
            ),
        )
        .order_by()[:1]
    )
    row = next(iter(rows), None)
    if row is None:
        return None
    pk, revision, digest, signed_at, text = row
    return StoredStatusList(pk=pk, revision=revision, text=text, digest=digest, signed_at=signed_at)
