"""The audit log: who did which sensitive action, when, on what.

Stewards and platform staff read it (``/audit/``); nobody, not even them, can change or
remove an entry through the application: an entry is only ever added
(``accounts.services.audit.audit_record``). ``AuditEvent.save`` refuses to update a stored
entry, ``delete`` refuses, and the query set refuses ``update`` and ``delete`` too; the admin
shows entries read-only.

Personal data stays minimal, so that an account can later be erased without rewriting the
log: people are kept by their account number (``actor_id``, ``target_id``), their names are
looked up when the log is read (a deleted account shows as "deleted account #12"). The
``actor`` column is not a database constraint, so deleting an account leaves its entries
untouched.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    RECOGNITION_GRANT = "recognition.grant", _("Issuer recognised")
    RECOGNITION_SUSPEND = "recognition.suspend", _("Issuer's recognition suspended")
    RECOGNITION_WITHDRAW = "recognition.withdraw", _("Issuer's recognition withdrawn")
    KEY_ROTATE = "issuer.key_rotate", _("Signing key rotated")
    AWARD_REVOKE = "award.revoke", _("Badge revoked")
    AWARD_BULK = "award.bulk", _("Badges awarded from a file")
    ROLE_GRANT = "role.grant", _("Role granted")
    ROLE_REVOKE = "role.revoke", _("Role taken back")
    SHARE_CREATE = "share.create", _("Share link created")
    SHARE_REVOKE = "share.revoke", _("Share link revoked")
    ACCOUNT_DELETION_REQUEST = "account.deletion_request", _("Account closing asked for")
    ACCOUNT_DELETION_CANCEL = "account.deletion_cancel", _("Account closing cancelled")
    ACCOUNT_DELETE = "account.delete", _("Account deleted")


class AppendOnlyError(Exception):
    """An audit entry may be added, never changed or removed."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be removed.")


class AuditEvent(models.Model):
    """One sensitive action, as it happened."""

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the entry outlives the account
        related_name="+",
    )
    target_type = models.CharField(_("on what"), max_length=32)
    target_id = models.CharField(_("identifier"), max_length=64, blank=True)
    # What the target was called then (an issuer, a badge): never a person's name.
    target_label = models.CharField(_("name then"), max_length=200, blank=True)
    # The public page of the target, if it has one (an issuer, an award).
    target_path = models.CharField(_("page"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "-at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be removed.")
