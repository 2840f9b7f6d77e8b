"""Writes on awards: a badge class awarded to one person, signed once.

Keyword-only, typed, atomic; permissions are checked here (``PermissionDenied``).
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from badges import selectors
from badges.models import Award, BadgeClass, StatusListEntry, email_identity_hash
from badges.ob3 import open_badge_credential
from badges.services.issuers import issuer_sign
from badges.services.revocation import status_list_allocate
from badges.status_lists import status_entry

logger = logging.getLogger(__name__)

SALT_BYTES = 16


def _normalized_email(email: str) -> str:
    email = email.strip().lower()
    if not email:
        raise ValidationError(
            {"email": _("Enter the email address of the recipient.")}, code="required"
        )
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}, code="invalid") from error
    return email


@transaction.atomic
def award_create(
    *,
    badge_class: BadgeClass,
    by: User,
    email: str,
    narrative: str = "",
    recipient: User | None = None,
) -> Award:
    """Issuer staff award a badge class to an email address (and, optionally, a member).

    Builds the OB 3.0 credential, signs it with the issuer's active key and stores it as
    issued. The email is hashed with a fresh salt in the credential, which points to the
    award's position in the issuer's revocation list.
    """
    issuer = badge_class.issuer
    if not selectors.user_is_issuer_staff(issuer=issuer, user=by):
        raise PermissionDenied
    address = _normalized_email(email)
    issued_at = timezone.now().replace(microsecond=0)
    salt = secrets.token_hex(SALT_BYTES)
    award = Award(
        badge_class=badge_class,
        recipient=recipient,
        recipient_email=address,
        salt=salt,
        identity_hash=email_identity_hash(address, salt),
        narrative=narrative.strip(),
        awarded_by=by,
        issued_at=issued_at,
        expires_at=(
            issued_at + timedelta(days=badge_class.validity_days)
            if badge_class.validity_days
            else None
        ),
    )
    award.full_clean(exclude=["credential"])
    status_list, index = status_list_allocate(issuer=issuer)
    document = open_badge_credential(award, credential_status=status_entry(status_list, index))
    award.credential = issuer_sign(issuer=issuer, document=document, created=issued_at)
    award.save()
    StatusListEntry.objects.create(status_list=status_list, award=award, index=index)
    logger.info(
        "Award %s of badge class %s created by user %s", award.uuid, badge_class.uuid, by.pk
    )
    return award
