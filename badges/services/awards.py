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
from badges.services.award_documents import award_document
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
def award_issue(
    *,
    badge_class: BadgeClass,
    email: str,
    narrative: str = "",
    recipient: User | None = None,
    awarded_by: User | None = None,
    evidence_url: str = "",
) -> Award:
    """Issue an award in the issuer's name: the signing path every kind of award shares.

    It checks no permission: callers do (``award_create`` for issuer staff; automatic
    awards and the ``award_badge`` command act for the issuer). Builds the OB 3.0
    credential (``award_document``), signs it with the issuer's active key and stores it
    as issued. The email is hashed with a fresh salt in the credential, which points to
    the award's position in the issuer's revocation list.
    """
    issuer = badge_class.issuer
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
        awarded_by=awarded_by,
        issued_at=issued_at,
        expires_at=(
            issued_at + timedelta(days=badge_class.validity_days)
            if badge_class.validity_days
            else None
        ),
    )
    award.full_clean(exclude=["credential"])
    status_list, index = status_list_allocate(issuer=issuer)
    document = award_document(
        award=award,
        credential_status=status_entry(status_list, index),
        evidence_url=evidence_url,
    )
    award.credential = issuer_sign(issuer=issuer, document=document, created=issued_at)
    award.save()
    StatusListEntry.objects.create(status_list=status_list, award=award, index=index)
    logger.info(
        "Award %s of badge class %s issued (by user %s)",
        award.uuid,
        badge_class.uuid,
        awarded_by.pk if awarded_by else None,
    )
    return award


@transaction.atomic
def award_create(
    *,
    badge_class: BadgeClass,
    by: User,
    email: str,
    narrative: str = "",
    recipient: User | None = None,
    evidence_url: str = "",
) -> Award:
    """Issuer staff award a badge class to an email address (and, optionally, a member)."""
    if not selectors.user_is_issuer_staff(issuer=badge_class.issuer, user=by):
        raise PermissionDenied
    return award_issue(
        badge_class=badge_class,
        email=email,
        narrative=narrative,
        recipient=recipient,
        awarded_by=by,
        evidence_url=evidence_url,
    )
