"""Issuers of Open Badges and their signing keys.

An issuer is an initiative (one issuer per initiative), the territory (one
territorial issuer, managed by its stewards) or a partner organisation (an
employment or training actor that endorses badge classes; its staff are named by
the stewards). Its public identifier is a URL
built from a UUID that never changes: ``SITE_URL/issuers/<uuid>``.

Each issuer has Ed25519 signing keys. Exactly one is active (it signs new
credentials); retired keys stay published so that what they signed still
verifies. The private key is stored encrypted with a key from the environment
(``badges.crypto.keys``) and is never shown: it is not editable, not part of
``str()`` or ``repr()``, and no page, API answer or admin screen reads it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models.recognition import RecognitionStatus
from config.http import absolute_url

IMAGE_MAX_BYTES = 2 * 1024 * 1024


class Issuer(models.Model):
    """Who awards badges: an initiative or the territory."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    initiative = models.OneToOneField(
        "community.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        # Badges already awarded name the issuer: an issuer outlives nothing silently.
        on_delete=models.PROTECT,
        related_name="issuer",
    )
    is_territory = models.BooleanField(
        _("territorial issuer"),
        default=False,
        help_text=_("The territory's own issuer, managed by its stewards."),
    )
    is_organisation = models.BooleanField(
        _("partner organisation"),
        default=False,
        help_text=_(
            "An organisation outside the initiatives (an employment or training actor, say) "
            "that endorses badge classes. Its staff are named by the stewards."
        ),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="organisation_issuers",
        help_text=_("For a partner organisation: the people who act in its name."),
    )
    name = models.CharField(_("name"), max_length=150)
    url = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(
        _("public email address"),
        max_length=254,
        help_text=_("Shown in every badge: use a contact address, not a personal one."),
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    image = models.ImageField(_("image"), upload_to="badges/issuers/", blank=True)
    recognition = models.CharField(
        _("recognition by the territory"),
        max_length=16,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.PENDING,
        editable=False,
        help_text=_("Changed by the stewards only (badges.models.recognition)."),
    )
    recognition_changed_at = models.DateTimeField(
        _("recognition changed at"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")
        ordering = ["-is_territory", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(is_territory=True, is_organisation=False, initiative__isnull=True)
                    | Q(is_territory=False, is_organisation=True, initiative__isnull=True)
                    | Q(is_territory=False, is_organisation=False, initiative__isnull=False)
                ),
                name="badges_issuer_one_kind",
                violation_error_message=_(
                    "An issuer is an initiative, the territory or an organisation: one of them."
                ),
            ),
            models.UniqueConstraint(
                fields=["is_territory"],
                condition=Q(is_territory=True),
                name="badges_issuer_one_territory",
                violation_error_message=_("The territory already has its issuer."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("badges:issuer_detail", kwargs={"uuid": self.uuid})

    @property
    def is_recognised(self) -> bool:
        """Does the territory vouch for this issuer now?"""
        return self.recognition == RecognitionStatus.RECOGNISED

    @property
    def id_url(self) -> str:
        """The issuer's ``id`` in OB 3.0 credentials and the address of its public document."""
        return absolute_url(self.get_absolute_url())

    @property
    def ob2_url(self) -> str:
        """The ``id`` of the OB 2.0 Issuer profile (JSON)."""
        return absolute_url(reverse("badges:ob2_issuer", kwargs={"uuid": self.uuid}))

    @property
    def ob2_revocation_list_url(self) -> str:
        return absolute_url(reverse("badges:ob2_revocation_list", kwargs={"uuid": self.uuid}))

    @property
    def public_url(self) -> str:
        """The website, or the issuer's page here when it has none (OB 2.0 requires a URL)."""
        return self.url or self.id_url


class SigningKey(models.Model):
    """An Ed25519 key of an issuer. Its private half is stored encrypted and never shown."""

    issuer = models.ForeignKey(
        Issuer,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    public_key_multibase = models.CharField(
        _("public key (multibase)"), max_length=128, unique=True, editable=False
    )
    # Encrypted with SIGNING_KEY_ENCRYPTION_KEY (badges.crypto.keys). Not editable, so no
    # form, admin screen or serializer built from the model ever includes it.
    encrypted_private_key = models.TextField(_("encrypted private key"), editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    retired_at = models.DateTimeField(
        _("retired at"),
        null=True,
        blank=True,
        help_text=_("A retired key signs nothing new; what it signed still verifies."),
    )

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer"],
                condition=Q(retired_at__isnull=True),
                name="badges_signingkey_one_active_per_issuer",
                violation_error_message=_("An issuer has only one active signing key."),
            ),
        ]

    def __str__(self) -> str:
        return self.public_key_multibase

    def __repr__(self) -> str:
        state = "active" if self.is_active else "retired"
        return f"<SigningKey {self.public_key_multibase} ({state})>"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    @property
    def verification_method_id(self) -> str:
        """``<issuer id>#<publicKeyMultibase>``: the key's id in proofs and documents."""
        return f"{self.issuer.id_url}#{self.public_key_multibase}"
