"""Reading the audit log: for stewards and platform staff only, newest first.

``audit_rows`` resolves one page of entries into what the page shows: who (their name now, or
"deleted account #12"), what, on what, and the details in words, in two queries whatever the
page holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AuditAction, AuditEvent, User

# How the details of an entry are named, in the order they are shown.
DETAIL_LABELS = {
    "role": gettext_lazy("Role"),
    "initiative": gettext_lazy("Initiative"),
    "organisation": gettext_lazy("Organisation"),
    "note": gettext_lazy("Note"),
    "reason": gettext_lazy("Reason"),
    "rows": gettext_lazy("Rows in the file"),
    "refused": gettext_lazy("Rows refused"),
    "badge": gettext_lazy("Badge"),
    "key": gettext_lazy("New key"),
    "retired_key": gettext_lazy("Retired key"),
    "expires_at": gettext_lazy("Open until"),
    "with_code": gettext_lazy("With an access code"),
    "to_a_recipient": gettext_lazy("Sent to someone by email"),
    "by_themselves": gettext_lazy("By the person themselves"),
}
ROLE_LABELS = {
    "advisor": gettext_lazy("advisor"),
    "steward": gettext_lazy("steward of the territory"),
    "staff": gettext_lazy("platform staff"),
    "superuser": gettext_lazy("administrator with every permission"),
    "leader": gettext_lazy("initiative leader"),
    "member": gettext_lazy("member"),
    "organisation_staff": gettext_lazy("staff of a partner organisation"),
}
TARGET_LABELS = {
    "issuer": gettext_lazy("issuer"),
    "award": gettext_lazy("badge"),
    "badge_class": gettext_lazy("badge"),
    "user": gettext_lazy("account"),
    "membership": gettext_lazy("membership"),
    "share_link": gettext_lazy("share link of a portfolio"),
}


def user_can_read_audit(user: User | AnonymousUser | None) -> bool:
    """Stewards of the territory and platform staff read the audit log."""
    return isinstance(user, User) and user.is_active and (user.is_steward or user.is_staff)


def audit_events(*, action: str = "") -> QuerySet[AuditEvent]:
    """Every entry (of one ``action``, when given), newest first, with who did it."""
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-pk")
    if action:
        events = events.filter(action=action)
    return events


def audit_events_about(*, user: User) -> QuerySet[AuditEvent]:
    """The entries about a person: what they did, and what was done to their account,
    oldest first (their data export)."""
    return AuditEvent.objects.filter(
        Q(actor_id=user.pk) | Q(target_type="user", target_id=str(user.pk))
    ).order_by("at", "pk")


@dataclass(frozen=True)
class AuditRow:
    """One entry, as the page says it."""

    event: AuditEvent
    actor: str
    action: str
    target: str
    target_path: str
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def at(self) -> datetime:
        return self.event.at


def _person(user: User | None, number: int | None) -> str:
    if user is not None:
        return str(user)
    if number is None:
        return _("the platform")
    return _("deleted account #%(number)s") % {"number": number}


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _detail_value(key: str, value: object) -> str:
    if key == "role" and isinstance(value, str):
        return str(ROLE_LABELS.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        # Dates are stored the ISO way; people read them in words ("7 mars 2027").
        return date_format(dt.date.fromisoformat(value))
    if isinstance(value, str) and ISO_DATETIME.match(value):
        moment = dt.datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "DATETIME_FORMAT")
    return str(value)


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """The entries of one page in words (one query for the people they are about)."""
    people_ids = {
        int(event.target_id)
        for event in events
        if event.target_type == "user" and event.target_id.isdigit()
    }
    people = {user.pk: user for user in User.objects.filter(pk__in=people_ids)}
    rows = []
    for event in events:
        kind = str(TARGET_LABELS.get(event.target_type, event.target_type))
        if event.target_type == "user":
            number = int(event.target_id) if event.target_id.isdigit() else None
            target = f"{kind} — {_person(people.get(number or 0), number)}"
        elif event.target_label:
            target = f"{kind} — {event.target_label}"
        else:
            target = kind
        rows.append(
            AuditRow(
                event=event,
                actor=_person(event.actor, event.actor_id),
                action=str(AuditAction(event.action).label)
                if event.action in AuditAction.values
                else event.action,
                target=target,
                target_path=event.target_path,
                details=[
                    (str(label), _detail_value(key, event.details[key]))
                    for key, label in DETAIL_LABELS.items()
                    if key in event.details and event.details[key] not in ("", None)
                ],
            )
        )
    return rows
