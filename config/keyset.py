"""Keyset pagination for long pages ordered by time, and counts that stop early.

A page number makes the database sort and skip every row before the page; a *keyset* page
starts after the last row shown (``WHERE (created_at, id) < (…, …) ORDER BY created_at DESC,
id DESC LIMIT n``), which an index on the same columns answers by reading ``n`` rows,
whatever the page. The cursor (``?after=`` / ``?before=``) is the sort values of the row to
start from, in URL-safe base64: opaque to people, stable when rows are added.

``capped_count`` counts at most ``cap + 1`` rows: "more than 1,000" costs as much as 1,001.

The API uses DRF's ``CursorPagination`` (``config.rest.TimeCursorPagination``); this module
serves the server-rendered pages. It uses no app.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

_T = TypeVar("_T", bound=Model)

#: Query-string parameters of the cursors.
AFTER = "after"
BEFORE = "before"


@dataclass(frozen=True)
class KeysetPage(Generic[_T]):
    """One page of rows, newest first, and the cursors of the pages around it (or None)."""

    object_list: list[_T]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self) -> Any:
        return iter(self.object_list)


def _attribute(name: str) -> str:
    return "pk" if name == "id" else name


def _encode(values: Sequence[Any]) -> str:
    text = json.dumps([str(value) for value in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(model: type[Model], fields: Sequence[str], cursor: str) -> list[Any] | None:
    """The sort values of a cursor, typed by the model's fields; None when it is not one."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(raw, list) or len(raw) != len(fields):
        return None
    values = []
    for name, value in zip(fields, raw, strict=True):
        field = model._meta.pk if name in ("pk", "id") else model._meta.get_field(name)
        try:
            typed = field.to_python(value)  # type: ignore[union-attr]
        except (ValidationError, TypeError, ValueError):
            return None
        if typed is None:
            return None
        values.append(typed)
    return values


def _beyond(fields: Sequence[str], values: Sequence[Any], *, older: bool) -> Q:
    """Rows after ``values`` in ``ORDER BY fields DESC`` (``older``), or before them.

    ``(a, b) < (x, y)`` spelled ``a <= x AND (a < x OR (a = x AND b < y))``: the first
    condition gives the index a range to scan.
    """
    strict, loose = ("lt", "lte") if older else ("gt", "gte")
    either = Q()
    for index, name in enumerate(fields):
        same = {field: value for field, value in zip(fields[:index], values[:index], strict=True)}
        either |= Q(**same, **{f"{name}__{strict}": values[index]})
    return Q(**{f"{fields[0]}__{loose}": values[0]}) & either


def _read_keys_first(queryset: QuerySet[_T]) -> Any:
    """Read a sliced, ordered queryset as its primary keys, then the rows of those keys."""

    def read(sliced: QuerySet[_T]) -> list[_T]:
        keys = list(sliced.select_related(None).prefetch_related(None).values_list("pk", flat=True))
        rows = queryset.order_by().in_bulk(keys)
        return [rows[key] for key in keys if key in rows]

    return read


def keyset_page(
    queryset: QuerySet[_T],
    *,
    fields: Sequence[str],
    size: int,
    after: str | None = None,
    before: str | None = None,
    keys_first: bool = False,
) -> KeysetPage[_T]:
    """The page of ``queryset``, newest first by ``fields`` (``("created_at", "id")``: the
    last one unique), after the ``after`` cursor or before the ``before`` one (neither, or a
    cursor that is not one: the first page). Two rows more than a page are never read.

    ``keys_first``: find the page's primary keys with the filters alone, then read those rows
    with the queryset's joins (one query more). For a queryset whose filter joins a table
    that the planner cannot order by, so that it would otherwise join every matching row's
    related rows (``select_related``) before sorting and keeping a page of them."""
    model = queryset.model
    descending = [f"-{name}" for name in fields]
    ascending = list(fields)
    after_values = _decode(model, fields, after) if after else None
    before_values = None if after_values else (_decode(model, fields, before) if before else None)
    read = _read_keys_first(queryset) if keys_first else list
    if before_values is not None:
        rows = read(
            queryset.filter(_beyond(fields, before_values, older=False)).order_by(*ascending)[
                : size + 1
            ]
        )
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        more_after = True
    else:
        narrowed = queryset
        if after_values is not None:
            narrowed = queryset.filter(_beyond(fields, after_values, older=True))
        rows = read(narrowed.order_by(*descending)[: size + 1])
        more_after = len(rows) > size
        rows = rows[:size]
        more_before = after_values is not None
    keys = [_attribute(name) for name in fields]
    return KeysetPage(
        object_list=rows,
        next_cursor=_encode([getattr(rows[-1], key) for key in keys])
        if rows and more_after
        else None,
        previous_cursor=_encode([getattr(rows[0], key) for key in keys])
        if rows and more_before
        else None,
    )


def capped_count(queryset: QuerySet[Any], *, cap: int = 1000) -> int:
    """How many rows, counting no further than ``cap + 1`` (``> cap``: show "more than")."""
    return int(queryset.order_by()[: cap + 1].count())
