"""Endorsement: people who saw the work confirm (or adjust) the competences claimed.

A volunteer sends an *endorsement request* for a recorded contribution to a
leader of its initiative, a fellow member (peer), or an outside referent by
email (who needs no account: the request carries a single-use link whose token
is stored hashed). The endorser answers each claim with an *endorsement*
(confirmed or adjusted level, comment, relationship), or declines the request
with a reason.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competences.models import MAX_LEVEL

ENDORSEMENT_REQUEST_VALID_DAYS = 30


class EndorserKind(models.TextChoices):
    """How the endorser relates to the initiative; leaders' word is marked as such."""

    LEADER = "leader", _("initiative leader")
    PEER = "peer", _("fellow member")
    OUTSIDE = "outside", _("outside referent")


class EndorsementRequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")


def default_request_expiry() -> datetime:
    return timezone.now() + timedelta(days=ENDORSEMENT_REQUEST_VALID_DAYS)


class EndorsementRequest(models.Model):
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    contribution = models.ForeignKey(
        "community.Contribution",
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="endorsement_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="endorsement_requests_sent",
    )
    kind = models.CharField(_("endorser"), max_length=16, choices=EndorserKind.choices)
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorser account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="endorsement_requests_received",
    )
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    token_hash = models.CharField(
        _("token hash"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EndorsementRequestStatus.choices,
        default=EndorsementRequestStatus.PENDING,
    )
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), default=default_request_expiry)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("endorsement request")
        verbose_name_plural = _("endorsement requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["endorser", "status"], name="endorsement_request_inbox"),
            # A leader's queue, newest first, read page by page (keyset on created_at, id).
            models.Index(
                fields=["endorser", "-created_at", "-id"],
                condition=Q(status="pending", kind="leader"),
                name="endorsement_request_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(endorser__isnull=False) | ~Q(email=""),
                name="endorsement_request_has_endorser",
                violation_error_message=_("Choose a person or give an email address."),
            ),
            models.UniqueConstraint(
                fields=["contribution", "endorser"],
                condition=Q(status="pending", endorser__isnull=False),
                name="endorsement_request_pending_once_per_endorser",
                violation_error_message=_("This person has already been asked."),
            ),
            models.UniqueConstraint(
                "contribution",
                Lower("email"),
                condition=Q(status="pending", endorser__isnull=True),
                name="endorsement_request_pending_once_per_email",
                violation_error_message=_("This person has already been asked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contribution} → {self.endorser_display}"

    @property
    def endorser_display(self) -> str:
        if self.endorser_id is not None and self.endorser is not None:
            return str(self.endorser)
        return self.name or self.email

    @property
    def is_pending(self) -> bool:
        return self.status == EndorsementRequestStatus.PENDING and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        """Still waiting in the database, but too old to be answered."""
        return self.status == EndorsementRequestStatus.PENDING and not self.is_pending

    @property
    def is_by_link(self) -> bool:
        """Sent to an outside referent without an account: answered through an emailed link."""
        return self.endorser_id is None

    @property
    def state_label(self) -> str:
        """The status as shown to people: a pending request past its date is "expired"."""
        if self.is_expired:
            return str(_("expired"))
        return str(self.get_status_display())


class Endorsement(models.Model):
    """One endorser's word on one claim. Editable by its author; one per endorser and claim."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(
        "community.CompetenceClaim",
        verbose_name=_("competence claim"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    request = models.ForeignKey(
        EndorsementRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="endorsements",
    )
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorser account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="endorsements_given",
    )
    endorser_name = models.CharField(_("endorser name"), max_length=150)
    endorser_email = models.EmailField(_("endorser email address"), max_length=254)
    endorser_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    kind = models.CharField(_("endorser"), max_length=16, choices=EndorserKind.choices)
    initiative = models.ForeignKey(
        "community.Initiative",
        verbose_name=_("as leader of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a leader's endorsement: the initiative they lead."),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    relationship = models.CharField(
        _("how I know this person"),
        max_length=200,
        help_text=_("For example: I coordinate the repair café where she volunteers."),
    )
    created_at = models.DateTimeField(_("given at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The endorser closed their account: their name, address and organisation were erased,
    # the endorsement stays (it belongs to the person endorsed); pages say "a former member".
    endorser_erased_at = models.DateTimeField(_("endorser left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "claim",
                Lower("endorser_email"),
                name="endorsement_once_per_endorser_and_claim",
                violation_error_message=_("This person has already endorsed this competence."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=MAX_LEVEL),
                name="endorsement_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser_name} → {self.claim} ({self.level})"

    @property
    def is_leader(self) -> bool:
        return self.kind == EndorserKind.LEADER

    @property
    def endorser_shown(self) -> str:
        """The endorser's name as pages show it: "a former member" once they left."""
        if self.endorser_erased_at is not None:
            return str(_("a former member"))
        return self.endorser_name
