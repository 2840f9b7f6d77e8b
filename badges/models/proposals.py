"""Award proposals: the platform found that someone meets a badge class's rules.

A proposal waits for one of the issuer's staff, who confirms it (the badge is awarded,
``award`` is set) or declines it. There is one proposal per badge class and person:
a declined proposal is not made again, and an award made by hand settles it too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models.awards import Award
from badges.models.badge_classes import BadgeClass


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    ACCEPTED = "accepted", _("awarded")
    DECLINED = "declined", _("declined")


class AwardProposal(models.Model):
    """Someone meets the rules of a badge class: a leader confirms the award in one click."""

    badge_class = models.ForeignKey(
        BadgeClass,
        verbose_name=_("badge class"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="badge_proposals",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    award = models.OneToOneField(
        Award,
        verbose_name=_("award"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )

    class Meta:
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "user"],
                name="badges_proposal_one_per_person",
                violation_error_message=_("This badge was already proposed for this person."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.PENDING) | Q(decided_at__isnull=True),
                name="badges_proposal_pending_undecided",
            ),
        ]
        indexes = [models.Index(fields=["status", "badge_class"], name="badges_proposal_status")]

    def __str__(self) -> str:
        return f"{self.badge_class_id} → {self.user_id} ({self.status})"
