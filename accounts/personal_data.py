"""What accounts holds about a person: their account, notifications, email settings, the
audit entries about them and their exports (the ``accounts`` section of
``accounts.data_rights``, registered in ``AccountsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.data_rights import DataPart, ExportWriter, IndexLink
from accounts.models import AuditAction, AuditEvent, DataExport, Notification, User
from accounts.selectors.audit import audit_events_about
from accounts.selectors.exports import data_export_list
from accounts.selectors.notifications import notification_email_settings, notification_list
from config.http import absolute_url

TITLE = gettext_lazy("Your account")


def summary(user: User) -> list[DataPart]:
    return [
        DataPart(
            title=_("Your profile"),
            count=1,
            description=_("Your email address, the name others see, your language and your roles."),
            url=reverse("accounts:profile"),
            action=_("See or change it"),
        ),
        DataPart(
            title=_("Notifications"),
            count=notification_list(recipient=user).count(),
            description=_(
                "What Jalons told you (an endorsement, a badge…), and which ones you get by email."
            ),
            url=reverse("accounts:notification_list"),
            action=_("See them"),
        ),
        DataPart(
            title=_("Entries of the audit log about you"),
            count=audit_events_about(user=user).count(),
            description=_(
                "Sensitive actions you did or that concern your account (a role given, a "
                "share link created…). Nobody can change them; they are in your export."
            ),
        ),
        DataPart(
            title=_("Exports of your data"),
            count=data_export_list(user=user).count(),
            description=_(
                "The files you asked for on this page. Each one is deleted %(days)s days "
                "after it is ready."
            )
            % {"days": settings.RETENTION_DAYS["exports"]},
            url=f"{reverse('accounts:my_data')}#export",
            action=_("See them"),
        ),
    ]


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "email_verified_at": user.email_verified_at,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "roles": {
            "staff": user.is_staff,
            "steward": user.is_steward,
            "advisor": user.is_advisor,
            "advisor_organisation": user.advisor_organisation,
            "advisor_granted_at": user.advisor_granted_at,
        },
    }


def _notification(notification: Notification) -> dict[str, Any]:
    return {
        "kind": notification.kind,
        "message": notification.message,
        "link": absolute_url(notification.link) if notification.link else "",
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


def _who(event: AuditEvent, user: User) -> str:
    """Who did it, without naming anyone else: ``you``, ``someone else`` or ``the platform``."""
    if event.actor_id == user.pk:
        return "you"
    return "platform" if event.actor_id is None else "someone_else"


def _audit_entry(event: AuditEvent, user: User) -> dict[str, Any]:
    return {
        "at": event.at,
        "action": event.action,
        "action_label": str(AuditAction(event.action).label)
        if event.action in AuditAction.values
        else event.action,
        "by": _who(event, user),
        "on": event.target_type,
        "about_you": event.target_type == "user" and event.target_id == str(user.pk),
        "target_label": event.target_label,
        "target_page": absolute_url(event.target_path) if event.target_path else "",
        "details": event.details,
    }


def _data_export(export: DataExport) -> dict[str, Any]:
    # The one being prepared is there too, still running.
    return {
        "uuid": str(export.uuid),
        "created_at": export.created_at,
        "state": export.state(),
        "finished_at": export.finished_at,
        "expires_at": export.expires_at,
    }


def export(user: User, writer: ExportWriter) -> None:
    notifications = list(notification_list(recipient=user).order_by("created_at", "pk"))
    audit = [_audit_entry(event, user) for event in audit_events_about(user=user)]
    exports = [
        _data_export(item) for item in data_export_list(user=user).order_by("created_at", "pk")
    ]
    writer.add_data("account", _account(user))
    writer.add_data("notifications", [_notification(item) for item in notifications])
    writer.add_data("notification_settings", notification_email_settings(user=user))
    writer.add_data("audit_entries", audit)
    writer.add_data("data_exports", exports)
    writer.add_index(
        TITLE,
        [
            IndexLink(_("Your account: email address, name, language, roles"), "account.json"),
            IndexLink(
                _("Notifications: %(count)s") % {"count": len(notifications)}, "notifications.json"
            ),
            IndexLink(_("Which notifications you get by email"), "notification_settings.json"),
            IndexLink(
                _("Entries of the audit log about you: %(count)s") % {"count": len(audit)},
                "audit_entries.json",
            ),
            IndexLink(
                _("Exports of your data you asked for: %(count)s") % {"count": len(exports)},
                "data_exports.json",
            ),
            _("Your password is not in the export: Jalons only keeps a fingerprint of it."),
        ],
    )
