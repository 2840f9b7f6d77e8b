"""Credentials from elsewhere: a badge issued by another organisation that a person keeps here.

They arrive through the OB 3.0 API (``upsertCredential``: a wallet or another host sends one
on the person's behalf) or from "My badges", where she adds one herself (a baked PNG or SVG,
a JSON or JWT file, or an address: ``badges.received``). The original is stored exactly as
received (``original``: the JSON text or the compact JWS; for a baked image, the credential
it carries, and the image itself in ``image``, byte for byte), never re-serialised, so that
its proof keeps verifying wherever it goes next. What the
verifier said when it arrived is kept with it (``verification_status``, ``verification``,
``verified_at``), and what the summary of the report said about its issuer and
achievement, for the lists.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CredentialFormat(models.TextChoices):
    """What ``original`` holds. ``json`` and ``jwt`` are Verifiable Credentials (OB 3.0,
    CLR 2.0, endorsements: the OB 3.0 API serves them); ``ob2`` is an Open Badges 2.0
    hosted Assertion (JSON, checked against its copy on its issuer's site) and ``ob2_jws``
    a signed Open Badges 2.0 Assertion (a compact JWS)."""

    JSON = "json", _("document with its signature inside")
    JWT = "jwt", _("signed token")
    OB2 = "ob2", _("badge published on its issuer’s site (older standard)")
    OB2_SIGNED = "ob2_jws", _("signed badge (older standard)")


# The formats of Verifiable Credentials (what the OB 3.0 API and a CLR may carry).
VERIFIABLE_CREDENTIAL_FORMATS = (CredentialFormat.JSON, CredentialFormat.JWT)
# The formats held as a compact JWS (a token), the others as JSON text.
TOKEN_FORMATS = (CredentialFormat.JWT, CredentialFormat.OB2_SIGNED)


class ExternalVerification(models.TextChoices):
    VALID = "valid", _("checked: signed by its issuer and unchanged")
    INVALID = "invalid", _("checked: not valid")
    NOT_CHECKED = "not_checked", _("could not be checked")


class ExternalCredential(models.Model):
    """A credential issued by someone else and held by ``owner``, stored unchanged."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="external_credentials",
    )
    credential_id = models.CharField(_("credential identifier"), max_length=500)
    format = models.CharField(_("format"), max_length=8, choices=CredentialFormat.choices)
    original = models.TextField(_("original credential, unchanged"))
    issuer_name = models.CharField(_("issuer’s name"), max_length=300, blank=True)
    issuer_id = models.CharField(_("issuer’s identifier"), max_length=500, blank=True)
    achievement_name = models.CharField(_("achievement"), max_length=300, blank=True)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    verification_status = models.CharField(
        _("verification"), max_length=16, choices=ExternalVerification.choices
    )
    # The report's verdict and checks ({"verdict": …, "checks": [{"key", "status", "detail"}]}).
    verification = models.JSONField(_("verification report"), default=dict, blank=True)
    verified_at = models.DateTimeField(_("verified at"))
    # A baked image she gave (PNG or SVG), byte for byte; ``original`` is what it carries.
    image = models.FileField(
        _("badge image, as received"), upload_to="badges/elsewhere/", blank=True, max_length=300
    )
    # The address she gave, when she added it by its address.
    source_url = models.CharField(_("added from the address"), max_length=2000, blank=True)
    # The wallet (OAuth client) that sent it, if it came through the OB 3.0 API.
    source_application = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("credential from elsewhere")
        verbose_name_plural = _("credentials from elsewhere")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "credential_id"], name="badges_external_owner_id_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "-created_at", "-id"], name="badges_external_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} ← {self.credential_id}"

    @property
    def is_verifiable_credential(self) -> bool:
        """A Verifiable Credential (JSON or VC-JWT), not an Open Badges 2.0 Assertion."""
        return self.format in VERIFIABLE_CREDENTIAL_FORMATS

    @property
    def is_token(self) -> bool:
        return self.format in TOKEN_FORMATS

    @property
    def original_media_type(self) -> str:
        return "text/plain" if self.is_token else "application/json"

    @property
    def original_suffix(self) -> str:
        return "jwt" if self.is_token else "json"

    @property
    def image_suffix(self) -> str:
        """``png`` or ``svg`` (the stored image's), empty without one."""
        name = self.image.name or ""
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""

    @property
    def display_name(self) -> str:
        return self.achievement_name or self.credential_id
