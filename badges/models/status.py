"""Status lists: each issuer publishes which of its credentials are revoked.

W3C Bitstring Status List v1.0: every award (and every attestation of volunteering) gets a
position (``index``) in its issuer's ``revocation`` list when it is created; its credential
carries a ``BitstringStatusListEntry`` pointing to that position, and the list is served as a signed
``BitstringStatusListCredential`` whose bit at that position is 1 once the award is revoked.

A credential that a later app signs (a portfolio release's CLR) takes a position too: badges
cannot name that app's models, so its entry holds a ``reference`` (``clr:<release uuid>``)
and its own ``revoked_at`` (``badges.services.status_references``).

The bitstring is not stored: it is derived from the awards (``Award.revoked_at``), the
attestations (``Attestation.revoked_at``), the endorsements and the referenced entries
(their ``revoked_at``), so the list can never disagree with them. ``size`` is at least
131,072 bits (16 KiB), the minimum the specification asks for, so that a list reveals little
about any one credential.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from badges.models.attestations import Attestation
from badges.models.awards import Award
from badges.models.endorsements import BadgeClassEndorsement
from badges.models.issuers import Issuer
from config.http import absolute_url

MIN_STATUS_LIST_SIZE = 131_072
REFERENCE_MAX_LENGTH = 100


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("revocation")


class StatusList(models.Model):
    """One issuer's bitstring status list for one purpose."""

    issuer = models.ForeignKey(
        Issuer, verbose_name=_("issuer"), on_delete=models.CASCADE, related_name="status_lists"
    )
    purpose = models.CharField(
        _("status purpose"),
        max_length=20,
        choices=StatusPurpose.choices,
        default=StatusPurpose.REVOCATION,
    )
    size = models.PositiveIntegerField(_("size in bits"), default=MIN_STATUS_LIST_SIZE)
    next_index = models.PositiveIntegerField(_("next free index"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The signed list as served, kept until a bit changes: every revocation in the list (and
    # a key rotation) adds 1 to ``revision`` and empties ``document_text``; the next request
    # signs the list again and keeps it if no revocation came in between
    # (``badges.services.revocation.status_list_document``).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    document_text = models.TextField(_("signed list as served"), blank=True, editable=False)
    document_digest = models.CharField(
        _("SHA-256 of the served list"), max_length=64, blank=True, editable=False
    )
    document_signed_at = models.DateTimeField(_("signed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "purpose"], name="badges_status_list_unique"),
            models.CheckConstraint(
                condition=models.Q(size__gte=MIN_STATUS_LIST_SIZE),
                name="badges_status_list_min_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id} {self.purpose}"

    @property
    def path(self) -> str:
        return reverse(
            "badges:status_list", kwargs={"uuid": self.issuer.uuid, "purpose": self.purpose}
        )

    @property
    def url(self) -> str:
        """The ``id`` of the status list credential (and its address)."""
        return absolute_url(self.path)


class StatusListEntry(models.Model):
    """The position of one award, one attestation of volunteering, one organisation's
    endorsement of a badge class or one credential of a later app (``reference``), in a
    status list."""

    status_list = models.ForeignKey(
        StatusList, verbose_name=_("status list"), on_delete=models.PROTECT, related_name="entries"
    )
    award = models.OneToOneField(
        Award,
        verbose_name=_("award"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_entry",
    )
    attestation = models.OneToOneField(
        Attestation,
        verbose_name=_("attestation of volunteering"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_entry",
    )
    endorsement = models.OneToOneField(
        BadgeClassEndorsement,
        verbose_name=_("endorsement of a badge class"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_entry",
    )
    # A credential signed by a later app (``clr:<release uuid>``: a portfolio release's
    # CLR), which badges cannot name; its bit is ``revoked_at`` here.
    reference = models.CharField(
        _("reference of a credential of another app"),
        max_length=REFERENCE_MAX_LENGTH,
        null=True,
        blank=True,
        unique=True,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    index = models.PositiveIntegerField(_("index"))

    class Meta:
        verbose_name = _("status list entry")
        verbose_name_plural = _("status list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "index"], name="badges_status_entry_unique_index"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        award__isnull=False,
                        attestation__isnull=True,
                        endorsement__isnull=True,
                        reference__isnull=True,
                    )
                    | Q(
                        award__isnull=True,
                        attestation__isnull=False,
                        endorsement__isnull=True,
                        reference__isnull=True,
                    )
                    | Q(
                        award__isnull=True,
                        attestation__isnull=True,
                        endorsement__isnull=False,
                        reference__isnull=True,
                    )
                    | Q(
                        award__isnull=True,
                        attestation__isnull=True,
                        endorsement__isnull=True,
                        reference__isnull=False,
                    )
                ),
                name="badges_status_entry_one_credential",
            ),
            # Awards, attestations and endorsements keep their own ``revoked_at``.
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(reference__isnull=False),
                name="badges_status_entry_revoked_only_referenced",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""), name="badges_status_entry_reference_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status_list_id}#{self.index}"
