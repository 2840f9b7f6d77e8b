"""In-app notifications and each person's email preferences per kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about. Each kind can be emailed or not, per person.

    Adding a kind: add it here, add its texts to ``NOTIFICATION_TEXTS`` and make
    a migration (the choices change).
    """

    INVITATION = "invitation", _("Invitations to join an initiative")
    JOIN_REQUEST = "join_request", _("Requests to join an initiative I lead")
    JOIN_ACCEPTED = "join_accepted", _("Answers to my requests to join")
    ENDORSEMENT_REQUESTED = "endorsement_requested", _("Requests to endorse someone's competences")
    ENDORSEMENT_RECEIVED = "endorsement_received", _("Endorsements of my competences")
    ENDORSEMENT_DECLINED = "endorsement_declined", _("Declined endorsement requests")
    BADGE_PROPOSED = "badge_proposed", _("Badges to confirm, for the issuers I manage")
    BADGE_AWARDED = "badge_awarded", _("Badges awarded to me")
    ORIENTATION_PROPOSED = "orientation_proposed", _("Initiatives an advisor proposes to me")
    ORIENTATION_ANSWERED = "orientation_answered", _("Answers to the initiatives I proposed")
    ORIENTATION_INTRODUCTION = (
        "orientation_introduction",
        _("People an advisor sends to an initiative I lead"),
    )
    ATTESTATION_REQUESTED = (
        "attestation_requested",
        _("Requests for an attestation of volunteering"),
    )
    ATTESTATION_ISSUED = "attestation_issued", _("Attestations of volunteering issued to me")


@dataclass(frozen=True)
class NotificationText:
    """The sentence of a notification (with ``%(name)s`` parameters) and its link label."""

    message: Promise
    action: Promise


NOTIFICATION_TEXTS: dict[str, NotificationText] = {
    NotificationKind.INVITATION: NotificationText(
        message=_("%(inviter)s invited you to join %(initiative)s."),
        action=_("Answer the invitation"),
    ),
    NotificationKind.JOIN_REQUEST: NotificationText(
        message=_("%(person)s asks to join %(initiative)s."),
        action=_("Answer the request"),
    ),
    NotificationKind.JOIN_ACCEPTED: NotificationText(
        message=_("You are now a member of %(initiative)s."),
        action=_("See the initiative"),
    ),
    NotificationKind.ENDORSEMENT_REQUESTED: NotificationText(
        message=_("%(person)s asks you to confirm the competences of “%(contribution)s”."),
        action=_("Answer the request"),
    ),
    NotificationKind.ENDORSEMENT_RECEIVED: NotificationText(
        message=_("%(endorser)s endorsed your competences on “%(contribution)s”."),
        action=_("See the endorsement"),
    ),
    NotificationKind.ENDORSEMENT_DECLINED: NotificationText(
        message=_("%(endorser)s declined to endorse “%(contribution)s”."),
        action=_("See the contribution"),
    ),
    NotificationKind.BADGE_PROPOSED: NotificationText(
        message=_("Badge to confirm: “%(badge)s”, proposed for %(people)s."),
        action=_("See the badges to confirm"),
    ),
    NotificationKind.BADGE_AWARDED: NotificationText(
        message=_("%(issuer)s awarded you the badge “%(badge)s”."),
        action=_("See the badge"),
    ),
    NotificationKind.ORIENTATION_PROPOSED: NotificationText(
        message=_("%(advisor)s proposes that you take part in %(initiative)s."),
        action=_("See the proposal"),
    ),
    NotificationKind.ORIENTATION_ANSWERED: NotificationText(
        message=_("%(person)s answered your proposal to join %(initiative)s."),
        action=_("See the pathway"),
    ),
    NotificationKind.ORIENTATION_INTRODUCTION: NotificationText(
        message=_("%(advisor)s introduces %(person)s, who would like to join %(initiative)s."),
        action=_("See the introduction"),
    ),
    NotificationKind.ATTESTATION_REQUESTED: NotificationText(
        message=_("%(person)s asks for an attestation of volunteering at %(initiative)s."),
        action=_("Issue the attestation"),
    ),
    NotificationKind.ATTESTATION_ISSUED: NotificationText(
        message=_("%(initiative)s issued your attestation of volunteering."),
        action=_("See the attestation"),
    ),
}


class Notification(models.Model):
    """Something that happened for someone: listed in the app, and emailed unless turned off.

    ``params`` holds the names shown in the sentence, as they were when it was
    sent; the sentence itself is translated when it is shown, in the reader's
    language.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    params = models.JSONField(_("parameters of the message"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="accounts_notif_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="accounts_notif_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        text = NOTIFICATION_TEXTS.get(self.kind)
        if text is None:
            return str(self.get_kind_display())
        # A parameter missing from old notifications shows as empty, never as an error.
        params: defaultdict[str, Any] = defaultdict(str, self.params or {})
        return str(text.message) % params

    @property
    def action_label(self) -> str:
        text = NOTIFICATION_TEXTS.get(self.kind)
        return str(text.action) if text else str(_("Open"))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether someone wants an email for one kind of notification (yes when no row)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    email = models.BooleanField(_("send an email"), default=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="accounts_notification_preference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {'email' if self.email else 'no email'}"
