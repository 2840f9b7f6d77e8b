"""Credentials from elsewhere: a badge issued by another organisation that a person keeps here.

Today they arrive through the OB 3.0 API (``upsertCredential``: a wallet or another host
sends one on the person's behalf); the "badges from elsewhere" upload will add them too.
The original is stored exactly as received (``original``: the JSON text or the compact JWS),
never re-serialised, so that its proof keeps verifying wherever it goes next. What the
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
    JSON = "json", _("document with its signature inside")
    JWT = "jwt", _("signed token")


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
