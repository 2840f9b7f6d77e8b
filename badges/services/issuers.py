"""Writes on issuers and their signing keys.

Keyword-only, typed, atomic; models are checked with ``full_clean()``.
Services check permissions themselves (``PermissionDenied``) so that pages and
the API cannot forget; broken rules raise ``ValidationError``.

Private keys: generated, encrypted and decrypted only through
``badges.crypto.keys``. They are held in local variables marked sensitive (so
that error reports hide them), never logged and never returned except by
``issuer_private_key``, which the signing code calls.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.api import AuditAction, User, audit_record
from badges.crypto.data_integrity import Signer, sign
from badges.crypto.keys import decrypt_private_key, encrypt_private_key, generate_key_pair
from badges.models import Issuer, RecognitionStatus, SigningKey, StatusList
from badges.selectors.issuers import (
    issuer_for_initiative,
    territory_issuer,
    user_can_create_initiative_issuer,
    user_can_create_territory_issuer,
    user_is_issuer_staff,
)
from badges.services.recognition import recognition_record
from community.api import Initiative
from config.images import CleanImage, file_replace

logger = logging.getLogger(__name__)


@sensitive_variables("private_key", "token")
def _signing_key_add(*, issuer: Issuer) -> SigningKey:
    """A new active key for the issuer; the private half is encrypted before it is stored."""
    private_key, public_key_multibase = generate_key_pair()
    token = encrypt_private_key(private_key)
    del private_key
    key = SigningKey(
        issuer=issuer, public_key_multibase=public_key_multibase, encrypted_private_key=token
    )
    key.full_clean(exclude=["encrypted_private_key"])
    key.save()
    return key


def _lock(issuer: Issuer) -> Issuer:
    """Lock the issuer's row: its key changes happen one at a time."""
    return Issuer.objects.select_for_update().get(pk=issuer.pk)


def _require_issuer_staff(*, issuer: Issuer, user: User) -> None:
    if not user_is_issuer_staff(issuer=issuer, user=user):
        raise PermissionDenied


@transaction.atomic
def issuer_create(
    *,
    by: User,
    initiative: Initiative | None,
    name: str,
    email: str,
    url: str = "",
    description: str = "",
    image: CleanImage | None = None,
) -> Issuer:
    """Make an initiative (its leaders) or, with ``initiative=None``, the territory (a steward
    or staff) an issuer, with its first signing key."""
    if initiative is None:
        if not user_can_create_territory_issuer(by):
            raise PermissionDenied
        if territory_issuer() is not None:
            raise ValidationError(_("The territory already has its issuer."), code="exists")
    else:
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if not user_can_create_initiative_issuer(initiative=initiative, user=by):
            raise PermissionDenied
        if issuer_for_initiative(initiative=initiative) is not None:
            raise ValidationError(
                _("This initiative is already an issuer of badges."), code="exists"
            )
    issuer = Issuer(
        initiative=initiative,
        is_territory=initiative is None,
        name=name.strip(),
        url=url.strip(),
        email=email.strip(),
        description=description.strip(),
        created_by=by,
    )
    issuer.full_clean(exclude=["image"])
    file_replace(issuer.image, image.as_file() if image else None, remove=False)
    issuer.save()
    # The territory's issuer is the territory: recognised from the start. Others wait.
    recognition_record(
        issuer=issuer,
        status=RecognitionStatus.RECOGNISED if issuer.is_territory else RecognitionStatus.PENDING,
        by=by,
    )
    key = _signing_key_add(issuer=issuer)
    logger.info(
        "Issuer %s created by user %s with the key %s", issuer.uuid, by.pk, key.public_key_multibase
    )
    return issuer


@transaction.atomic
def issuer_update(
    *,
    issuer: Issuer,
    by: User,
    name: str,
    email: str,
    url: str = "",
    description: str = "",
    image: CleanImage | None = None,
    remove_image: bool = False,
) -> Issuer:
    """Issuer staff change the public profile (badges already issued keep their copy).

    Renaming a recognised issuer puts it back in the stewards' queue: the territory vouched
    for a name."""
    issuer = _lock(issuer)
    _require_issuer_staff(issuer=issuer, user=by)
    renamed = name.strip() != issuer.name
    issuer.name = name.strip()
    issuer.url = url.strip()
    issuer.email = email.strip()
    issuer.description = description.strip()
    issuer.full_clean(exclude=["image"])
    file_replace(issuer.image, image.as_file() if image else None, remove=remove_image)
    issuer.save()
    if renamed and issuer.is_recognised and not issuer.is_territory:
        recognition_record(issuer=issuer, status=RecognitionStatus.PENDING, by=by)
    return issuer


@transaction.atomic
def issuer_key_rotate(*, issuer: Issuer, by: User) -> SigningKey:
    """Retire the active key and create a new one.

    The retired key stays published in the issuer's documents, so that the
    credentials it signed still verify; only new credentials use the new key.
    """
    issuer = _lock(issuer)
    _require_issuer_staff(issuer=issuer, user=by)
    retired = list(SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True))
    SigningKey.objects.filter(pk__in=[old.pk for old in retired]).update(retired_at=timezone.now())
    key = _signing_key_add(issuer=issuer)
    # Its status lists are signed again, with the new key, on their next request.
    StatusList.objects.filter(issuer=issuer).update(
        revision=F("revision") + 1, document_text="", document_digest="", document_signed_at=None
    )
    audit_record(
        action=AuditAction.KEY_ROTATE,
        actor=by,
        target_type="issuer",
        target_id=issuer.uuid,
        target_label=issuer.name,
        target_path=issuer.get_absolute_url(),
        details={
            "key": key.public_key_multibase,
            "retired_key": ", ".join(old.public_key_multibase for old in retired),
        },
    )
    logger.info(
        "Signing key of issuer %s rotated by user %s; new key %s",
        issuer.uuid,
        by.pk,
        key.public_key_multibase,
    )
    return key


def _active_key(issuer: Issuer) -> SigningKey:
    key = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if key is None:
        raise ValidationError(_("This issuer has no active signing key."), code="no_key")
    key.issuer = issuer
    return key


@sensitive_variables("private_key")
def issuer_private_key(issuer: Issuer) -> bytes:
    """The decrypted private key of the issuer's active key (32-byte Ed25519 seed).

    For the signing code only: never log it, store it or put it in a message.
    Prefer ``issuer_sign``, which keeps it inside this module.
    """
    private_key = decrypt_private_key(_active_key(issuer).encrypted_private_key)
    return private_key


@sensitive_variables("private_key")
def issuer_sign(
    *, issuer: Issuer, document: dict[str, Any], created: datetime | None = None
) -> dict[str, Any]:
    """Sign a credential with the issuer's active key (Data Integrity ``eddsa-rdfc-2022``).

    Returns a signed copy of ``document`` whose ``proof`` names the key as
    ``<issuer id>#<publicKeyMultibase>``.
    """
    key = _active_key(issuer)
    private_key = decrypt_private_key(key.encrypted_private_key)
    return sign(
        document,
        private_key=private_key,
        verification_method=key.verification_method_id,
        created=created,
    )


@sensitive_variables("private_key")
def issuer_signer(*, issuer: Issuer) -> Signer:
    """The issuer's active key, decrypted once, to sign many documents (a bulk award's).

    ``issuer_sign`` reads and decrypts the key for each document; a run that signs many
    keeps this ``Signer`` for the run only (its ``repr`` hides the key).
    """
    key = _active_key(issuer)
    private_key = decrypt_private_key(key.encrypted_private_key)
    return Signer(private_key=private_key, verification_method=key.verification_method_id)


# --- Partner organisations ------------------------------------------------------------


def _staff_accounts(staff_emails: Iterable[str]) -> list[User]:
    """The active accounts of these addresses; a clear error names each unknown one."""
    wanted: dict[str, str] = {}
    for email in staff_emails:
        address = email.strip()
        if address:
            wanted.setdefault(address.lower(), address)
    if not wanted:
        return []
    matches = Q()
    for address in wanted:
        matches |= Q(email__iexact=address)
    found = {user.email.lower(): user for user in User.objects.filter(matches, is_active=True)}
    unknown = [address for key, address in wanted.items() if key not in found]
    if unknown:
        raise ValidationError(
            {
                "staff_emails": [
                    ValidationError(
                        _("No active account uses the address %(email)s."),
                        code="unknown_account",
                        params={"email": address},
                    )
                    for address in unknown
                ]
            }
        )
    return sorted(found.values(), key=lambda user: user.pk)


def _audit_staff(*, issuer: Issuer, by: User, before: set[int], after: list[User]) -> None:
    """One entry per person who gains or loses the right to act in the issuer's name."""
    after_ids = {user.pk for user in after}
    changes = [(AuditAction.ROLE_GRANT, pk) for pk in sorted(after_ids - before)]
    changes += [(AuditAction.ROLE_REVOKE, pk) for pk in sorted(before - after_ids)]
    for action, pk in changes:
        audit_record(
            action=action,
            actor=by,
            target_type="user",
            target_id=pk,
            target_path=issuer.get_absolute_url(),
            details={"role": "organisation_staff", "organisation": issuer.name},
        )


def _require_organisation_manager(by: User) -> None:
    if not user_can_create_territory_issuer(by):
        raise PermissionDenied


@transaction.atomic
def organisation_issuer_create(
    *,
    by: User,
    name: str,
    url: str,
    email: str,
    description: str,
    staff_emails: Iterable[str],
) -> Issuer:
    """A steward makes a partner organisation an issuer (it endorses badge classes), names
    its staff (existing accounts, by email) and gives it its first signing key."""
    _require_organisation_manager(by)
    staff = _staff_accounts(staff_emails)
    issuer = Issuer(
        is_organisation=True,
        name=name.strip(),
        url=url.strip(),
        email=email.strip(),
        description=description.strip(),
        created_by=by,
    )
    issuer.full_clean(exclude=["image"])
    issuer.save()
    recognition_record(issuer=issuer, status=RecognitionStatus.PENDING, by=by)
    issuer.staff.set(staff)
    _audit_staff(issuer=issuer, by=by, before=set(), after=staff)
    key = _signing_key_add(issuer=issuer)
    logger.info(
        "Partner organisation %s created by user %s with %s staff and the key %s",
        issuer.uuid,
        by.pk,
        len(staff),
        key.public_key_multibase,
    )
    return issuer


@transaction.atomic
def organisation_staff_update(
    *, issuer: Issuer, by: User, staff_emails: Iterable[str]
) -> list[User]:
    """A steward changes who acts in a partner organisation's name."""
    issuer = _lock(issuer)
    _require_organisation_manager(by)
    if not issuer.is_organisation:
        raise ValidationError(_("This issuer is not a partner organisation."), code="kind")
    staff = _staff_accounts(staff_emails)
    before = set(issuer.staff.values_list("pk", flat=True))
    issuer.staff.set(staff)
    _audit_staff(issuer=issuer, by=by, before=before, after=staff)
    logger.info("Staff of organisation %s changed by user %s", issuer.uuid, by.pk)
    return staff
