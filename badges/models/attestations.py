"""Attestations of volunteering: what an initiative states about a person's volunteering
over a period, signed by the initiative's issuer.

An ``Attestation`` is created only by ``badges.services.attestations.attestation_issue``,
which builds the OB 3.0 ``AchievementCredential`` (``badges.attestations``: achievement
type ``CommunityService``, the hours per calendar year as results, the activities as
evidence, the competences confirmed as alignments) and signs it once; the public JSON is
that stored text. Its address (``/attestations/<uuid>/credential.json``) and its public
page (``/attestations/<uuid>/``, printed on the PDF) never change. Revocable like awards:
the credential carries a ``BitstringStatusListEntry`` in the issuer's revocation list.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models.issuers import Issuer
from config.http import absolute_url


class Attestation(models.Model):
    """An initiative's signed statement of a person's volunteering over a period."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(
        Issuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="attestations"
    )
    initiative = models.ForeignKey(
        "community.Initiative",
        verbose_name=_("initiative"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="attestations",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credential = models.JSONField(_("signed credential"), default=dict, editable=False)
    credential_text = models.TextField(_("signed credential as served"), editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attestation of volunteering")
        verbose_name_plural = _("attestations of volunteering")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="badges_attestation_period_order",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "-issued_at"], name="badges_attest_initiative_idx")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} → {self.recipient_id} ({self.period_start}–{self.period_end})"

    def get_absolute_url(self) -> str:
        return reverse("badges:attestation_detail", kwargs={"uuid": self.uuid})

    @property
    def page_url(self) -> str:
        """The public page, printed on the PDF: it never changes."""
        return absolute_url(self.get_absolute_url())

    @property
    def json_path(self) -> str:
        return reverse("badges:attestation_json", kwargs={"uuid": self.uuid})

    @property
    def json_url(self) -> str:
        """The credential's ``id``: the address of its JSON."""
        return absolute_url(self.json_path)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def holder_left(self) -> bool:
        """Its person closed her account: the stored credential is erased (her own copy,
        the PDF she downloaded, keeps verifying unless she chose to revoke it)."""
        return not self.credential_text
