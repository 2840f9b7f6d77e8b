"""What the other apps may use of accounts: people, their inbox of notifications, emails.

Other apps import this module and the models it names, nothing else of accounts (checked by
import-linter in ``make lint``; docs/development.md#architecture).

- ``User``: a person (``AUTH_USER_MODEL``); ``Notification`` and ``NotificationKind``: what a
  person is told, each kind emailed unless they turned it off.
- ``notification_send``: tell someone (stored, and emailed after commit per their settings).
- ``send_templated_email``: an email of ``templates/emails/``, in the recipient's language.
- ``user_sign_up``: create an account (an invitation accepted with a new account);
  ``user_update_profile``: change a person's display name and language (badges' OB 3.0
  API ``putProfile``).
- ``email_verified``: the signal sent when someone proves their address.
- ``demo_user``: a demo account for the other apps' demo data.
- ``audit_record`` and ``AuditAction``: add a sensitive action to the audit log (inside the
  transaction that does it); ``AuditEvent`` is the entry.
- ``register_section`` (with ``PersonalDataSection``, ``DataPart``, ``ExportWriter``,
  ``IndexLink``, ``Erasure``) and ``register_retention_rule`` (with ``RetentionRule``): what
  an app holds about a person, how it exports and erases it, and what it purges after a
  period (``accounts/data_rights.py``); ``by_proved_address``: the rows that name a person's
  address, theirs once they proved it.
- ``register_privacy_figure``: a period of the app's code that the privacy notice states
  (``accounts/privacy.py``).
"""

from __future__ import annotations

from accounts.data_rights import (
    DataPart,
    Erasure,
    ExportWriter,
    IndexLink,
    PersonalDataSection,
    RetentionRule,
    by_proved_address,
    register_retention_rule,
    register_section,
)
from accounts.demo import demo_user
from accounts.emails import send_templated_email
from accounts.models import AuditAction, AuditEvent, Notification, NotificationKind, User
from accounts.privacy import register_privacy_figure
from accounts.services.audit import audit_record
from accounts.services.notifications import notification_send
from accounts.services.users import user_sign_up, user_update_profile
from accounts.signals import email_verified

__all__ = [
    "AuditAction",
    "AuditEvent",
    "DataPart",
    "Erasure",
    "ExportWriter",
    "IndexLink",
    "Notification",
    "NotificationKind",
    "PersonalDataSection",
    "RetentionRule",
    "User",
    "audit_record",
    "by_proved_address",
    "demo_user",
    "email_verified",
    "notification_send",
    "register_privacy_figure",
    "register_retention_rule",
    "register_section",
    "send_templated_email",
    "user_sign_up",
    "user_update_profile",
]
