"""The territory's recognition of issuers: the trust registry.

A signature proves that a badge was not changed; it does not say whether its issuer is who
it claims to be. Anyone may create an initiative named like a public employment office and
make it an issuer. So the territory says, issuer by issuer, whom it vouches for
(préconisation 5.3): an issuer is **recognised** only once a steward approved it, with a note;
a steward may **suspend** or **withdraw** that recognition, with a reason. Creating an issuer,
or renaming a recognised one, leaves it **pending** until a steward decides. The territory's
own issuer is recognised from its creation: it is the territory.

``Issuer.recognition`` holds the current standing, ``Issuer.recognition_changed_at`` since
when; ``IssuerRecognition`` rows are the history (the application only ever adds to it): who
decided what, when, about which name, and why. The published trust list is built from it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecognitionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the territory's decision")
    RECOGNISED = "recognised", _("recognised by the territory")
    SUSPENDED = "suspended", _("recognition suspended")
    WITHDRAWN = "withdrawn", _("recognition withdrawn")


class IssuerRecognition(models.Model):
    """One decision about an issuer's recognition (or one automatic change), kept for ever."""

    issuer = models.ForeignKey(
        "badges.Issuer",
        verbose_name=_("issuer"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    status = models.CharField(_("status"), max_length=16, choices=RecognitionStatus.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issuer_name = models.CharField(_("name of the issuer then"), max_length=150)
    note = models.TextField(
        _("note or reason"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Why the territory recognises this issuer, or why it suspends or withdraws its "
            "recognition (public)."
        ),
    )

    class Meta:
        verbose_name = _("issuer recognition")
        verbose_name_plural = _("issuer recognitions")
        ordering = ["issuer", "at", "pk"]
        indexes = [models.Index(fields=["issuer", "at"], name="badges_recognition_history")]

    def __str__(self) -> str:
        return f"{self.issuer_name}: {self.status} ({self.at:%Y-%m-%d})"
