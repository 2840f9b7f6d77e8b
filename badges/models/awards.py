"""Awards: a badge class given to one person, with the OB 3.0 credential signed for it.

An award is created only by ``badges.services.award_create``, which builds and signs the
``OpenBadgeCredential`` once and stores it as issued (``credential``): the public JSON is
that stored document (key order aside, which the proof does not depend on), so its proof
keeps verifying even if the badge class or the issuer profile change later.

The recipient is identified in the credential by a salted hash of the email
(``sha256$`` + hex of sha256(email + salt), as Open Badges 2.0 and 3.0 define it); the
email itself stays here. The same award is also published as a hosted Open Badges 2.0
Assertion and as baked PNG/SVG images (``badges.views.documents``).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models.badge_classes import BadgeClass
from config.http import absolute_url

HASH_PREFIX = "sha256$"


def email_identity_hash(email: str, salt: str) -> str:
    """``sha256$`` + the hex SHA-256 of the email followed by the salt (OB 2.0 and 3.0)."""
    digest = hashlib.sha256(f"{email}{salt}".encode()).hexdigest()
    return f"{HASH_PREFIX}{digest}"


class Award(models.Model):
    """A badge class awarded to one person (an OB 3.0 AchievementCredential)."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass,
        verbose_name=_("badge class"),
        # An issued credential is never deleted with its badge class.
        on_delete=models.PROTECT,
        related_name="awards",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="badge_awards",
    )
    recipient_email = models.EmailField(_("recipient's email address"), blank=True)
    salt = models.CharField(_("salt"), max_length=64, editable=False)
    identity_hash = models.CharField(_("hashed email address"), max_length=80, editable=False)
    narrative = models.TextField(_("narrative"), max_length=4000, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)
    credential = models.JSONField(
        _("signed credential"),
        default=dict,
        editable=False,
        help_text=_("The Open Badges 3.0 credential as it was signed and issued."),
    )
    # The holder closed their account (badges/services/erasure.py): their address, name,
    # narrative and the stored credential are gone; the salted hash stays. Their own copy
    # stays valid unless they chose to revoke it.
    holder_erased_at = models.DateTimeField(_("holder left on"), null=True, blank=True)
    # The credential as this platform's pages show it, when someone named in it (an endorser)
    # closed their account: their name replaced. ``credential`` stays as it was signed.
    shown_credential = models.JSONField(_("credential as shown"), null=True, blank=True)
    # The holder's choice: their display name on the award's public page (off until they
    # say so). Only the page changes; the signed credential names nobody either way.
    holder_name_public = models.BooleanField(
        _("holder's name shown on the public page"), default=False
    )
    # The credential's exact text as served at its ``id`` and baked into its images, written
    # once when it is signed (``badges.documents.credential_store``), with the SHA-256 of
    # that text (its ETag): the public JSON is read as stored, never decoded and re-encoded.
    credential_text = models.TextField(_("signed credential as served"), blank=True, editable=False)
    credential_digest = models.CharField(
        _("SHA-256 of the served credential"), max_length=64, blank=True, editable=False
    )
    # When a public document of the award last changed after it was issued (revoked, its
    # holder left, a name in its narrative replaced): their ``Last-Modified``.
    documents_changed_at = models.DateTimeField(
        _("public documents changed at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient_email"], name="badges_award_email_idx"),
            # The API's lists, newest first, page after page (cursor): a badge class's awards
            # read from the first index, an issuer's (every badge class) from the second.
            models.Index(
                fields=["badge_class", "-issued_at", "-id"], name="badges_award_class_issued_idx"
            ),
            models.Index(fields=["-issued_at", "-id"], name="badges_award_issued_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.badge_class_id} → {self.recipient_email}"

    def get_absolute_url(self) -> str:
        return self.ob3_path

    @property
    def ob3_path(self) -> str:
        return reverse("badges:award_ob3", kwargs={"uuid": self.uuid})

    @property
    def ob3_url(self) -> str:
        """The credential's ``id``: the address of its JSON."""
        return absolute_url(self.ob3_path)

    @property
    def page_url(self) -> str:
        """The public award page (for people)."""
        return absolute_url(reverse("badges:award_detail", kwargs={"uuid": self.uuid}))

    @property
    def ob2_url(self) -> str:
        """The hosted Open Badges 2.0 Assertion (its ``id``)."""
        return absolute_url(reverse("badges:ob2_assertion", kwargs={"uuid": self.uuid}))

    @property
    def png_url(self) -> str:
        """The badge image with the OB 3.0 credential baked in (PNG)."""
        return absolute_url(reverse("badges:award_png", kwargs={"uuid": self.uuid}))

    @property
    def svg_url(self) -> str:
        """The badge image with the OB 3.0 credential baked in (SVG)."""
        return absolute_url(reverse("badges:award_svg", kwargs={"uuid": self.uuid}))

    @property
    def ob2_png_url(self) -> str:
        """The badge image with the OB 2.0 Assertion baked in (PNG)."""
        return absolute_url(reverse("badges:ob2_assertion_png", kwargs={"uuid": self.uuid}))

    @property
    def ob2_svg_url(self) -> str:
        """The badge image with the OB 2.0 Assertion baked in (SVG)."""
        return absolute_url(reverse("badges:ob2_assertion_svg", kwargs={"uuid": self.uuid}))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def holder_left(self) -> bool:
        return self.holder_erased_at is not None

    @property
    def documents_last_modified(self) -> datetime:
        """When its public documents last changed (``Last-Modified``)."""
        return self.documents_changed_at or self.issued_at

    def is_expired(self, *, at: datetime | None = None) -> bool:
        now = timezone.now() if at is None else at
        return self.expires_at is not None and self.expires_at <= now

    def status(self, *, at: datetime | None = None) -> str:
        """``revoked``, ``expired`` or ``valid``: what every page, API and PDF shows."""
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired(at=at) else "valid"
