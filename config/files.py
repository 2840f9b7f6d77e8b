"""Stored files: deleted with the rows that hold them; handed out by signed addresses."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.http import content_disposition_header


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


def signed_url(
    file: FieldFile, *, filename: str, content_type: str, attachment: bool = True
) -> str | None:
    """A short-lived signed address of a stored file, for a view that checked who asks.

    Only an object storage gives one (S3: ``S3_URL_EXPIRY_SECONDS``, 5 minutes by default);
    the answer then carries the file's name, its type and ``private, no-store``, as the view's
    own answer would. None on the local folder: the view streams the file itself.
    """
    storage: Any = file.storage
    if not file.name or not getattr(storage, "querystring_auth", False):
        return None
    parameters = {
        "ResponseContentDisposition": content_disposition_header(attachment, filename),
        "ResponseContentType": content_type,
        "ResponseCacheControl": "private, no-store",
    }
    return str(storage.url(file.name, parameters=parameters))
