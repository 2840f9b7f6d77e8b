"""Writes on awards: a badge class awarded to one person, signed once.

Keyword-only, typed, atomic; permissions are checked here (``PermissionDenied``).

Every award (by hand, automatic, a proposal confirmed, bulk, the command) goes through
``award_issue``, which also: gives the award to the account whose verified email it is,
settles that person's pending proposal of the badge class, and tells the recipient (an
in-app notification for an account; an email on commit, in their language or in French,
unless they turned badge emails off). ``awards_attach`` gives an account the awards made
to its address before it was verified.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import NotificationKind, User, notification_send, send_templated_email
from badges.models import (
    Award,
    AwardProposal,
    BadgeClass,
    ProposalStatus,
    StatusListEntry,
    email_identity_hash,
)
from badges.selectors.issuers import user_is_issuer_staff
from badges.services.award_documents import award_document
from badges.services.issuers import issuer_sign
from badges.services.revocation import status_list_allocate
from badges.status_lists import status_entry
from config.http import absolute_url

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


def _verified_account(address: str) -> User | None:
    """The account whose verified email is ``address``, if any."""
    return User.objects.filter(email__iexact=address, email_verified_at__isnull=False).first()


def _proposals_settle(*, award: Award) -> int:
    """A pending proposal of this badge class for the recipient is settled by the award."""
    if award.recipient_id is None:
        return 0
    return AwardProposal.objects.filter(
        badge_class_id=award.badge_class_id,
        user_id=award.recipient_id,
        status=ProposalStatus.PENDING,
    ).update(
        status=ProposalStatus.ACCEPTED,
        award=award,
        decided_at=timezone.now(),
        decided_by=award.awarded_by,
    )


def _recipient_notify(*, award: Award) -> None:
    """The recipient learns of the award: in the app if they have an account, and by email
    once the transaction commits (unless they turned badge emails off)."""
    recipient = award.recipient
    if recipient is None:
        transaction.on_commit(
            lambda: award_email_send(award=award, language=settings.LANGUAGE_CODE), robust=True
        )
        return
    language = recipient.preferred_language
    notification_send(
        recipient=recipient,
        kind=NotificationKind.BADGE_AWARDED,
        context={"issuer": award.badge_class.issuer.name, "badge": award.badge_class.name},
        link=reverse("badges:award_detail", kwargs={"uuid": award.uuid}),
        email=lambda: award_email_send(award=award, language=language),
    )


def award_email_send(*, award: Award, language: str) -> None:
    """The "you received a badge" email: which badge, from whom, its page and downloads."""
    badge_class = award.badge_class
    send_templated_email(
        template="badge-awarded",
        to=award.recipient_email,
        language=language,
        context={
            "award": award,
            "badge": badge_class.name,
            "issuer": badge_class.issuer.name,
            "narrative": award.narrative,
            "has_account": award.recipient_id is not None,
            "page_url": award.page_url,
            "png_url": award.png_url,
            "svg_url": award.svg_url,
            "ob3_url": award.ob3_url,
            "mine_url": absolute_url(reverse("badges:my_badges")),
            "signup_url": absolute_url(reverse("accounts:signup")),
            "settings_url": absolute_url(reverse("accounts:notification_settings")),
        },
    )


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

    Without ``recipient``, the award goes to the account whose verified email it is,
    if any. It settles the recipient's pending proposal of this badge class, and tells
    the recipient (in-app notification for an account; email on commit).
    """
    issuer = badge_class.issuer
    address = _normalized_email(email)
    if recipient is None:
        recipient = _verified_account(address)
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
    _proposals_settle(award=award)
    _recipient_notify(award=award)
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
    if not user_is_issuer_staff(issuer=badge_class.issuer, user=by):
        raise PermissionDenied
    return award_issue(
        badge_class=badge_class,
        email=email,
        narrative=narrative,
        recipient=recipient,
        awarded_by=by,
        evidence_url=evidence_url,
    )


@transaction.atomic
def awards_attach(*, user: User) -> int:
    """Attach to the account the awards made to its email before it was verified.

    Called when the address is verified (``accounts.signals.email_verified``). Each
    attached award settles the account's pending proposal of its badge class. Returns
    how many awards were attached.
    """
    if not user.email_verified:
        return 0
    awards = list(
        Award.objects.select_for_update().filter(
            recipient__isnull=True, recipient_email=user.email.lower()
        )
    )
    for award in awards:
        award.recipient = user
        award.save(update_fields=["recipient"])
        _proposals_settle(award=award)
    if awards:
        logger.info("%d award(s) attached to user %s", len(awards), user.pk)
    return len(awards)
