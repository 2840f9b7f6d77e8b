"""Reads on a person's data exports: each is its owner's only (``None`` for anyone else)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import EXPORT_PENDING, DataExport, User

Viewer = User | AnonymousUser


def data_export_list(*, user: Viewer) -> QuerySet[DataExport]:
    """The person's exports, newest first."""
    if not user.is_authenticated:
        return DataExport.objects.none()
    return DataExport.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def data_export_get_for_owner(*, uuid: UUID | str, user: Viewer) -> DataExport | None:
    """One of the person's exports; ``None`` for anyone else's (its existence stays hidden)."""
    return data_export_list(user=user).filter(uuid=uuid).first()


def data_export_in_progress(*, user: Viewer) -> DataExport | None:
    """The person's export being prepared, if any (one at a time).

    An export whose worker died stays here: it is resumed (its progress page, ``manage.py
    db_worker``), or marked failed once its worker died ``MAX_STARTS`` times
    (``accounts.services.export_run``)."""
    return data_export_list(user=user).filter(EXPORT_PENDING).first()
