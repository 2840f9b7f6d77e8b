"""Stored files deleted with the rows that hold them."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile


def files_delete_on_commit(files: Iterable[FieldFile | str]) -> int:
    """Delete these stored files once the current transaction commits (never before: a
    rollback must find them), from the storage that holds each. Returns how many."""
    count = 0
    for file in files:
        if isinstance(file, FieldFile):
            if not file.name:
                continue
            storage, name = file.storage, file.name
        else:
            storage, name = default_storage, file
        transaction.on_commit(partial(storage.delete, name))
        count += 1
    return count
