"""Endorsements of badge classes by partner organisations (OB 3.0 ``EndorsementCredential``).

A partner organisation is an issuer (``Issuer.is_organisation``) with its own keys. Its
staff endorse a badge class with a comment; the endorsement is signed once with the
organisation's key and stored as issued (``credential``). The badge class's Achievement
embeds the endorsements in force when a badge is awarded; a withdrawn endorsement is
no longer embedded in new awards. Each endorsement has a position in its organisation's
revocation status list (``StatusListEntry.endorsement``, its ``credentialStatus``): when its
author withdraws it (``revoked_at``), its bit is set, so that the copies already embedded
in badges read as withdrawn wherever they travelled. An endorsement replaced by a new one
is withdrawn from new awards but not revoked: what it said stays true.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models.badge_classes import BadgeClass
from badges.models.issuers import Issuer


class BadgeClassEndorsement(models.Model):
    """An organisation vouches for a badge class."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass,
        verbose_name=_("badge class"),
        on_delete=models.CASCADE,
        related_name="organisation_endorsements",
    )
    endorser = models.ForeignKey(
        Issuer,
        verbose_name=_("endorsing organisation"),
        on_delete=models.PROTECT,
        related_name="badge_class_endorsements",
    )
    comment = models.TextField(_("comment"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorsed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("endorsed at"), default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Withdrawn by its author (not replaced): its status bit is set (revoked).
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    credential = models.JSONField(
        _("signed credential"),
        default=dict,
        editable=False,
        help_text=_("The Open Badges 3.0 EndorsementCredential as it was signed."),
    )

    class Meta:
        verbose_name = _("badge class endorsement")
        verbose_name_plural = _("badge class endorsements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "endorser"],
                condition=Q(withdrawn_at__isnull=True),
                name="badges_bc_endorsement_one_in_force",
                violation_error_message=_("This organisation already endorses this badge."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.badge_class_id}"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_at is None
