"""Adding to the audit log (``accounts.models.audit``): the only write it allows.

The services that do a sensitive action call ``audit_record`` inside their own transaction,
so that the entry exists exactly when the action does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.models import AuditAction, AuditEvent, User


def _plain(value: Any) -> Any:
    """A JSON value: text, numbers, booleans and None as they are, anything else as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(
    *,
    action: AuditAction,
    actor: User | None,
    target_type: str,
    target_id: str | int | UUID = "",
    target_label: str = "",
    target_path: str = "",
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add an entry: ``actor`` did ``action`` on the target (``actor`` None: the platform).

    ``target_label`` names a thing (an issuer, a badge), never a person: people are kept by
    their account number (``target_type="user"``) and named when the log is read.
    """
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        target_type=target_type,
        target_id=str(target_id),
        target_label=target_label[:200],
        target_path=target_path[:300],
        details={key: _plain(value) for key, value in (details or {}).items()},
    )
