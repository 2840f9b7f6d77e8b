"""Writes on partner organisations' endorsements of badge classes.

An organisation's staff endorse a badge class with a comment: the organisation signs an
OB 3.0 ``EndorsementCredential`` about the Achievement (``credentialSubject.id`` =
``badge_class.id_url``) with its own key, stored as signed. One endorsement is in force per
organisation and badge class: endorsing again replaces it (the old one is withdrawn, the
new one signed). New awards embed the endorsements in force (``badges.ob3.achievement``);
awards already issued keep what they embedded.

Each endorsement takes a position in the organisation's revocation status list (its
``credentialStatus``, like an award's). Withdrawing it (``badge_class_endorsement_withdraw``,
by the organisation's staff) sets its bit: every copy embedded in badges already issued
then reads as withdrawn, while those badges stay valid. A replaced endorsement is only
taken out of new awards: its bit stays 0.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import User
from badges.endorsements import endorsement_credential
from badges.models import BadgeClass, BadgeClassEndorsement, Issuer, StatusListEntry
from badges.selectors.endorsements import user_is_organisation_staff
from badges.services.issuers import issuer_sign
from badges.services.revocation import status_list_allocate, status_lists_outdate
from badges.status_lists import status_entry
from config.http import absolute_url

logger = logging.getLogger(__name__)

COMMENT_MAX_LENGTH = 2000


def badge_class_endorsement_url(endorsement: BadgeClassEndorsement) -> str:
    """The public address of the endorsement's JSON: the ``id`` of its credential."""
    return absolute_url(
        reverse("badges:badge_class_endorsement_json", kwargs={"uuid": endorsement.uuid})
    )


@transaction.atomic
def badge_class_endorse(
    *, badge_class: BadgeClass, organisation: Issuer, by: User, comment: str
) -> BadgeClassEndorsement:
    """The organisation (``by`` is one of its staff) endorses the badge class, signed with
    its key; an endorsement already in force by this organisation is replaced."""
    organisation = Issuer.objects.select_for_update().get(pk=organisation.pk)
    if not user_is_organisation_staff(organisation=organisation, user=by):
        raise PermissionDenied
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": gettext_lazy("Say in a few words why your organisation endorses it.")},
            code="required",
        )
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"comment": gettext_lazy("The comment is too long (2,000 characters at most).")},
            code="max_length",
        )
    now = timezone.now().replace(microsecond=0)
    BadgeClassEndorsement.objects.filter(
        badge_class=badge_class, endorser=organisation, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    endorsement = BadgeClassEndorsement(
        badge_class=badge_class,
        endorser=organisation,
        comment=comment,
        created_by=by,
        created_at=now,
    )
    endorsement.full_clean(exclude=["credential"])
    with translation.override(by.preferred_language or None):
        name = _("Endorsement of the badge %(badge)s by %(organisation)s") % {
            "badge": badge_class.name,
            "organisation": organisation.name,
        }
    document = endorsement_credential(
        issuer=organisation,
        subject_id=badge_class.id_url,
        name=name,
        comment=comment,
        valid_from=now,
        credential_id=badge_class_endorsement_url(endorsement),
    )
    status_list, index = status_list_allocate(issuer=organisation)
    document["credentialStatus"] = status_entry(status_list, index)
    endorsement.credential = issuer_sign(issuer=organisation, document=document, created=now)
    endorsement.save()
    StatusListEntry.objects.create(status_list=status_list, endorsement=endorsement, index=index)
    logger.info(
        "Badge class %s endorsed by organisation %s (user %s)",
        badge_class.uuid,
        organisation.uuid,
        by.pk,
    )
    return endorsement


@transaction.atomic
def badge_class_endorsement_withdraw(
    *, endorsement: BadgeClassEndorsement, by: User
) -> BadgeClassEndorsement:
    """The organisation's staff withdraw its endorsement: new awards no longer embed it, and
    its bit in the organisation's status list is set (the copies already embedded read as
    withdrawn)."""
    endorsement = (
        BadgeClassEndorsement.objects.select_for_update()
        .select_related("endorser", "badge_class")
        .get(pk=endorsement.pk)
    )
    if not user_is_organisation_staff(organisation=endorsement.endorser, user=by):
        raise PermissionDenied
    if endorsement.revoked_at is None:
        now = timezone.now()
        endorsement.withdrawn_at = endorsement.withdrawn_at or now
        endorsement.revoked_at = now
        endorsement.save(update_fields=["withdrawn_at", "revoked_at"])
        status_lists_outdate(endorsements=[endorsement])
        logger.info(
            "Endorsement %s of badge class %s withdrawn (user %s)",
            endorsement.uuid,
            endorsement.badge_class.uuid,
            by.pk,
        )
    return endorsement
