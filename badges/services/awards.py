"""Writes on awards: a badge class awarded to one person, signed once.

Keyword-only, typed, atomic; permissions are checked here (``PermissionDenied``).

Every award (by hand, automatic, a proposal confirmed, bulk, the command) goes through
``awards_issue`` (``award_issue`` for one; a bulk award's batches directly, with the badge
class prepared once: ``badge_class_prepare``), which also: gives the award to the account
whose verified email it is, settles that person's pending proposal of the badge class, and
tells the recipient (an in-app notification for an account; an email sent by a task queued
on commit, in their language or in French, unless they turned badge emails off:
``badges.emails``). ``awards_attach`` gives an account the awards made to its address
before it was verified.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import NotificationKind, User, notification_send
from badges.crypto.data_integrity import Signer
from badges.documents import credential_store, issuer_profile_embedded
from badges.emails import award_emails_send_on_commit, award_emails_send_task
from badges.models import (
    Award,
    AwardProposal,
    BadgeClass,
    ProposalStatus,
    StatusListEntry,
    email_identity_hash,
)
from badges.selectors.badge_classes import badge_class_get
from badges.selectors.issuers import user_is_issuer_staff
from badges.services.award_documents import award_document, badge_class_achievement
from badges.services.issuers import issuer_signer
from badges.services.revocation import status_list_allocate_many
from badges.signing import SignMany, sign_here
from badges.status_lists import status_entry
from config import metrics

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


def _verified_accounts(addresses: Sequence[str]) -> dict[str, User]:
    """The accounts whose verified email is one of ``addresses`` (lowercase), by address
    (one query)."""
    if not addresses:
        return {}
    matches = Q()
    for address in set(addresses):
        matches |= Q(email__iexact=address)
    return {
        user.email.lower(): user
        for user in User.objects.filter(matches, email_verified_at__isnull=False).order_by("pk")
    }


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


def _email_queue(award_id: int, language: str) -> None:
    award_emails_send_task.enqueue(award_ids=[award_id], language=language)


def _recipients_notify(*, awards: Sequence[Award]) -> None:
    """The recipients learn of their awards: in the app if they have an account, and by
    email once the transaction commits (unless they turned badge emails off). The emails are
    rendered and sent by a task (``badges.emails``): one for the awards without an account."""
    without_account: list[Award] = []
    for award in awards:
        recipient = award.recipient
        if recipient is None:
            without_account.append(award)
            continue
        notification_send(
            recipient=recipient,
            kind=NotificationKind.BADGE_AWARDED,
            context={"issuer": award.badge_class.issuer.name, "badge": award.badge_class.name},
            link=reverse("badges:award_detail", kwargs={"uuid": award.uuid}),
            email=partial(_email_queue, award.pk, recipient.preferred_language),
        )
    award_emails_send_on_commit(awards=without_account, language=settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class PreparedBadge:
    """What every award of one badge class shares, read and built once
    (``badge_class_prepare``): the badge class with its issuer, its ``Achievement``, the
    issuer's embedded profile and its signing key, decrypted (kept out of ``repr``).

    Prepared for one run (a bulk award's) and dropped with it: a change of the badge class
    made meanwhile shows in the awards of the next run.
    """

    badge_class: BadgeClass
    achievement: dict[str, Any]
    issuer_profile: dict[str, Any]
    signer: Signer = field(repr=False)


@dataclass(frozen=True)
class AwardRequest:
    """One award to issue: to whom, with what narrative and evidence."""

    email: str
    narrative: str = ""
    evidence_url: str = ""
    recipient: User | None = None


def badge_class_prepare(*, badge_class: BadgeClass) -> PreparedBadge:
    """Read and build what the awards of ``badge_class`` share (a few queries, once)."""
    loaded = badge_class_get(uuid=badge_class.uuid) or badge_class
    return PreparedBadge(
        badge_class=loaded,
        achievement=badge_class_achievement(badge_class=loaded),
        issuer_profile=issuer_profile_embedded(loaded.issuer),
        signer=issuer_signer(issuer=loaded.issuer),
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
    prepared: PreparedBadge | None = None,
) -> Award:
    """Issue an award in the issuer's name: the signing path every kind of award shares.

    It checks no permission: callers do (``award_create`` for issuer staff; automatic
    awards and the ``award_badge`` command act for the issuer). Builds the OB 3.0
    credential (``award_document``), signs it with the issuer's active key and stores it
    as issued. The email is hashed with a fresh salt in the credential, which points to
    the award's position in the issuer's revocation list.

    Without ``recipient``, the award goes to the account whose verified email it is,
    if any. It settles the recipient's pending proposal of this badge class, and tells
    the recipient (in-app notification for an account; email on commit). ``awards_issue``
    issues many at once; ``prepared``: the badge class already prepared.
    """
    request = AwardRequest(
        email=email, narrative=narrative, evidence_url=evidence_url, recipient=recipient
    )
    (outcome,) = awards_issue(
        prepared=prepared or badge_class_prepare(badge_class=badge_class),
        requests=[request],
        awarded_by=awarded_by,
    )
    if isinstance(outcome, ValidationError):
        raise outcome
    return outcome


@transaction.atomic
def awards_issue(
    *,
    prepared: PreparedBadge,
    requests: Sequence[AwardRequest],
    awarded_by: User | None = None,
    sign_many: SignMany | None = None,
) -> list[Award | ValidationError]:
    """Issue awards of one prepared badge class, in one transaction: for each request, in
    order, its ``Award`` or the ``ValidationError`` that refused it (the others are issued).

    What ``award_issue`` does for one, with the work shared: the accounts of the addresses
    found in one query, the status list positions taken in one locked update, the awards
    and their positions inserted together. ``sign_many`` signs the documents (default: one
    after the other in this process; ``badges.signing`` offers a pool of processes).
    """
    badge_class = prepared.badge_class
    outcomes: list[Award | ValidationError] = []
    pending: list[tuple[Award, AwardRequest]] = []
    issued_at = timezone.now().replace(microsecond=0)
    for request in requests:
        try:
            award = _award_new(badge_class, request, awarded_by, issued_at)
        except ValidationError as error:
            outcomes.append(error)
            continue
        outcomes.append(award)
        pending.append((award, request))
    if not pending:
        return outcomes
    accounts = _verified_accounts(
        [award.recipient_email for award, request in pending if request.recipient is None]
    )
    for award, request in pending:
        award.recipient = request.recipient or accounts.get(award.recipient_email)
    try:
        status_list, indexes = status_list_allocate_many(
            issuer=badge_class.issuer, count=len(pending)
        )
    except ValidationError as error:
        return [error if isinstance(outcome, Award) else outcome for outcome in outcomes]
    documents = [
        award_document(
            award=award,
            credential_status=status_entry(status_list, index),
            evidence_url=request.evidence_url,
            achievement=prepared.achievement,
            issuer_profile=prepared.issuer_profile,
        )
        for (award, request), index in zip(pending, indexes, strict=True)
    ]
    signed = (sign_many or sign_here)(prepared.signer, documents, issued_at)
    awards = [award for award, _request in pending]
    for award, credential in zip(awards, signed, strict=True):
        award.credential = credential
        credential_store(award)
    Award.objects.bulk_create(awards)
    StatusListEntry.objects.bulk_create(
        StatusListEntry(status_list=status_list, award=award, index=index)
        for award, index in zip(awards, indexes, strict=True)
    )
    metrics.awards_issued_on_commit(issuer=badge_class.issuer, count=len(awards))
    _recipients_notify(awards=awards)
    for award in awards:
        _proposals_settle(award=award)
        logger.info(
            "Award %s of badge class %s issued (by user %s)",
            award.uuid,
            badge_class.uuid,
            awarded_by.pk if awarded_by else None,
        )
    return outcomes


def _award_new(
    badge_class: BadgeClass, request: AwardRequest, awarded_by: User | None, issued_at: datetime
) -> Award:
    """The award of a request, checked, not saved (its recipient account not looked up)."""
    address = _normalized_email(request.email)
    salt = secrets.token_hex(SALT_BYTES)
    award = Award(
        badge_class=badge_class,
        recipient=request.recipient,
        recipient_email=address,
        salt=salt,
        identity_hash=email_identity_hash(address, salt),
        narrative=request.narrative.strip(),
        awarded_by=awarded_by,
        issued_at=issued_at,
        expires_at=(
            issued_at + timedelta(days=badge_class.validity_days)
            if badge_class.validity_days
            else None
        ),
    )
    # No query here: the uuid is new (uuid4), the badge class and the people are objects just
    # read, and the database keeps both unique and consistent anyway.
    award.full_clean(
        exclude=["credential", "badge_class", "recipient", "awarded_by"],
        validate_unique=False,
        validate_constraints=False,
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
