"""Orientations: an advisor proposes an initiative to a person as a step of a pathway.

An ``Orientation`` is made from a portfolio that the person shared with the advisor
(``share``): the advisor proposes one initiative with a message; the person accepts or
declines it. On acceptance the initiative's leaders receive an introduction with only what
the person agreed to give: her name always, and, if she chose it, a link to her portfolio
made for them (``introduction_share``, a share link of her own that she can withdraw).

The advisor follows the pathway's steps (proposed, accepted, joined, first contribution,
competences confirmed, badge), computed from the data each time, and only while the share
is open and the orientation not ended; the person may end it at any time (``ended_at``),
then the advisor sees nothing more of it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolios.models.portfolios import ShareLink

ORIENTATION_MESSAGE_MAX_LENGTH = 1000


class OrientationStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed, waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    ENDED = "ended", _("ended")


class Orientation(models.Model):
    """An initiative proposed by an advisor to a person, from a portfolio shared with them."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    share = models.ForeignKey(
        ShareLink,
        verbose_name=_("share link"),
        on_delete=models.CASCADE,
        related_name="orientations",
    )
    # Null once the advisor closed their account: the person and the initiative's leaders
    # keep the orientation (it is part of her path), without the advisor.
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="orientations",
    )
    initiative = models.ForeignKey(
        "community.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.TextField(_("message"), max_length=ORIENTATION_MESSAGE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=OrientationStatus.choices,
        default=OrientationStatus.PROPOSED,
    )
    created_at = models.DateTimeField(_("proposed on"), default=timezone.now, editable=False)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    # What the person chose to give the initiative's leaders, besides her name.
    introduction_message = models.TextField(
        _("message to the initiative"), max_length=ORIENTATION_MESSAGE_MAX_LENGTH, blank=True
    )
    introduction_share = models.ForeignKey(
        ShareLink,
        verbose_name=_("link to the portfolio for the initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["share", "initiative"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="portfolios_orientation_once_per_share",
                violation_error_message=_(
                    "This initiative is already proposed to this person from this portfolio."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="portfolios_orient_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} → {self.person_id} ({self.status})"

    @property
    def advisor_name(self) -> str:
        """How the person and the leaders read the advisor: the name they chose (a
        professional without one: their address, to which the portfolio was shared)."""
        if self.advisor is None:
            return str(_("an advisor who has since closed their account"))
        return self.advisor.display_name.strip() or self.advisor.email

    @property
    def is_waiting(self) -> bool:
        return self.status == OrientationStatus.PROPOSED

    @property
    def is_accepted(self) -> bool:
        return self.status == OrientationStatus.ACCEPTED

    @property
    def is_active(self) -> bool:
        """Proposed or accepted: not declined nor ended."""
        return self.status in (OrientationStatus.PROPOSED, OrientationStatus.ACCEPTED)
