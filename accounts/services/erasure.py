"""What accounts erases when someone closes their account (``accounts.data_rights``).

Run last (the other apps first), inside ``user_delete``'s transaction, just before the
account row itself is deleted:

- their notifications and email settings go with the account; in **other people's**
  notifications, their name or address becomes "a former member";
- their exports: files first (``data_exports_delete``);
- their sessions, wherever they are signed in;
- the admin's history keeps its entries about them without their words (labels, messages);
- finished background-task records whose arguments name them (emails sent to them or about
  them), when the database task backend keeps such records (the rule ``task_records`` purges
  the others after a few days).

The audit log keeps its entries: they name people by account number only, and the erasure
itself is recorded there ("account deleted on …").
"""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.data_rights import Erasure
from accounts.models import Notification, User
from accounts.selectors.tasks import finished_task_records
from accounts.services.exports import data_exports_delete
from config.text import json_text_variants, redact


def _sessions_delete(*, user: User) -> int:
    """Every session signed in as ``user`` (database sessions hold the account number in
    their encoded data: each live one is decoded once)."""
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def _notifications_scrub(*, user: User, names: frozenset[str]) -> int:
    """In others' notifications, ``user``'s names become "a former member" (in the
    recipient's language)."""
    query = Q()
    for name in names:
        for variant in json_text_variants(name):
            query |= Q(params_text__icontains=variant)
    if not query:
        return 0
    candidates = (
        Notification.objects.annotate(params_text=Cast("params", TextField()))
        .filter(query)
        .exclude(recipient=user)
        .select_related("recipient")
        .only("pk", "params", "recipient__preferred_language")
    )
    changed = 0
    for notification in candidates.iterator():
        with translation.override(notification.recipient.preferred_language):
            params = redact(notification.params or {}, names, str(_("a former member")))
        if params != notification.params:
            Notification.objects.filter(pk=notification.pk).update(params=params)
            changed += 1
    return changed


def _admin_log_scrub(*, user: User, names: frozenset[str]) -> int:
    """The admin's history: entries about their account, or whose label names them (an
    award's label holds its recipient's address), keep the action but not the words."""
    about = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    for name in names:
        about |= Q(object_repr__icontains=name) | Q(change_message__icontains=name)
    return LogEntry.objects.filter(about).update(object_repr="", change_message="")


def _task_records_delete(*, names: frozenset[str]) -> int:
    """Finished records of the database task backend whose arguments name them (emails
    sent to them or about them: their address, their name, links in clear)."""
    records = finished_task_records()
    if records is None or not names:
        return 0
    query = Q()
    for name in names:
        for variant in json_text_variants(name):
            query |= Q(arguments__icontains=variant)
    named = records.annotate(arguments=Cast("args_kwargs", TextField())).filter(query)
    deleted, _kinds = named.delete()
    return deleted


def personal_data_erase(*, user: User, erasure: Erasure) -> None:
    """Erase what accounts holds about ``user`` besides the account row itself."""
    _notifications_scrub(user=user, names=erasure.names)
    Notification.objects.filter(recipient=user).delete()
    data_exports_delete(user=user)
    _sessions_delete(user=user)
    _admin_log_scrub(user=user, names=erasure.names)
    _task_records_delete(names=erasure.names | {user.email})
