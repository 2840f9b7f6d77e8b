"""The collection parameters of the CASE 1.1 REST binding (§3), step by step, pure.

``getAllCFDocuments`` takes ``limit``, ``offset`` (§3.1 pagination, with ``X-Total-Count``
and RFC 8288 ``Link`` headers), ``sort`` and ``orderBy`` (§3.2), ``filter`` (§3.3) and
``fields`` (§3.4). ``collection_query_parse`` reads them or raises ``CaseParameterError``
(answered as a 400 status object); ``collection_apply`` filters, sorts and cuts one page.

What the binding leaves to the provider, and what Jalons does:

- ``limit`` defaults to 100 (§3.1) and is at most ``MAX_LIMIT`` (a larger one is lowered);
- a ``sort`` on a member the records do not have keeps the default order (§3.2);
- ``fields`` naming a member the records do not have gives whole records, a blank one is
  refused (§3.4);
- ``filter``: one or two comparisons joined by `` AND `` or `` OR ``, values in single
  quotes, compared without regard to case (§3.3); a member the records do not have is
  refused (the binding's ``invalid_filter_field`` is not in the 1.1 code list:
  ``invalid_selection_field`` is answered).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _

DEFAULT_LIMIT = 100
MAX_LIMIT = 100
#: The parameters a ``Link`` keeps from the request, with new ``limit`` and ``offset``.
KEPT_PARAMETERS = ("sort", "orderBy", "filter", "fields")

_COMPARISON = re.compile(r"^\s*([A-Za-z][\w.]*)\s*(!=|>=|<=|=|>|<|~)\s*'([^']*)'\s*$")


class CaseParameterError(Exception):
    """A parameter the provider cannot honour: a 400 CASE status object."""

    def __init__(self, *, parameter: str, code_minor: str, description: str) -> None:
        super().__init__(description)
        self.parameter = parameter
        self.code_minor = code_minor
        self.description = description


@dataclass(frozen=True)
class Comparison:
    member: str
    operator: str
    value: str


@dataclass(frozen=True)
class CollectionQuery:
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str = ""
    descending: bool = False
    fields: tuple[str, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    any_of: bool = False  # OR between the comparisons, else AND
    parameters: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def _whole_number(
    parameters: Mapping[str, Sequence[str]], name: str, default: int, low: int
) -> int:
    values = parameters.get(name) or []
    if not values:
        return default
    raw = values[-1].strip()
    if not re.fullmatch(r"\d+", raw) or int(raw) < low or len(raw) > 9:
        raise CaseParameterError(
            parameter=name,
            code_minor="invalid_selection_field",
            description=_("“%(name)s” must be a whole number of at least %(low)s.")
            % {"name": name, "low": low},
        )
    return int(raw)


def _filter_parse(raw: str, members: frozenset[str]) -> tuple[tuple[Comparison, ...], bool]:
    logical = " OR " if " OR " in raw else " AND "
    parts = raw.split(logical)
    comparisons = []
    for part in parts:
        match = _COMPARISON.match(part)
        if len(parts) > 2 or match is None:
            raise CaseParameterError(
                parameter="filter",
                code_minor="invalid_selection_field",
                description=_(
                    "“filter” must be <member><operator>'<value>', at most twice with AND or "
                    "OR; operators: = != > >= < <= ~."
                ),
            )
        member, operator, value = match.groups()
        if member.split(".", 1)[0] not in members:
            raise CaseParameterError(
                parameter="filter",
                code_minor="invalid_selection_field",
                description=_("“filter” names a member that does not exist: %(member)s.")
                % {"member": member[:60]},
            )
        comparisons.append(Comparison(member=member, operator=operator, value=value))
    return tuple(comparisons), logical == " OR "


def collection_query_parse(
    parameters: Mapping[str, Sequence[str]], *, members: frozenset[str]
) -> CollectionQuery:
    """Read the collection parameters; ``members`` are those of the records' type."""
    limit = min(_whole_number(parameters, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
    offset = _whole_number(parameters, "offset", 0, 0)
    order = (parameters.get("orderBy") or [""])[-1].strip()
    if order not in ("", "asc", "desc"):
        raise CaseParameterError(
            parameter="orderBy",
            code_minor="invalid_sort_field",
            description=_("“orderBy” must be “asc” or “desc”."),
        )
    sort = (parameters.get("sort") or [""])[-1].strip()
    fields: tuple[str, ...] = ()
    if "fields" in parameters:
        names = [name.strip() for value in parameters["fields"] for name in value.split(",")]
        if not names or "" in names:
            raise CaseParameterError(
                parameter="fields",
                code_minor="invalid_selection_field",
                description=_("“fields” is a list of members separated by commas, none blank."),
            )
        # A member that does not exist: the whole records (§3.4).
        fields = tuple(dict.fromkeys(names)) if set(names) <= members else ()
    comparisons: tuple[Comparison, ...] = ()
    any_of = False
    raw_filter = (parameters.get("filter") or [""])[-1]
    if raw_filter.strip():
        comparisons, any_of = _filter_parse(raw_filter, members)
    return CollectionQuery(
        limit=limit,
        offset=offset,
        sort=sort if sort in members else "",
        descending=order == "desc",
        fields=fields,
        comparisons=comparisons,
        any_of=any_of,
        parameters={name: list(parameters[name]) for name in KEPT_PARAMETERS if name in parameters},
    )


def _text(value: Any) -> str:
    """A member as text for comparing and sorting: lists joined by commas, case ignored."""
    if isinstance(value, list):
        value = ",".join(_text(item) for item in value)
    elif isinstance(value, dict):
        value = value.get("title") or value.get("identifier") or ""
    return unicodedata.normalize("NFKC", str(value)).casefold()


def _member(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _compare(record: dict[str, Any], comparison: Comparison) -> bool:
    value = _member(record, comparison.member)
    if value is None:
        return comparison.operator == "!="
    have, want = _text(value), _text(comparison.value)
    checks: dict[str, Callable[[str, str], bool]] = {
        "=": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        "~": lambda a, b: any(part in a for part in b.split(",")),
    }
    return checks[comparison.operator](have, want)


def collection_apply(records: list[dict[str, Any]], query: CollectionQuery) -> Page:
    """Filter, sort (a stable sort: equal records keep the default order), cut the page,
    select the members."""
    if query.comparisons:
        combine = any if query.any_of else all
        records = [r for r in records if combine(_compare(r, c) for c in query.comparisons)]
    if query.sort:
        present = [r for r in records if r.get(query.sort) not in (None, "")]
        missing = [r for r in records if r.get(query.sort) in (None, "")]
        present.sort(key=lambda r: _text(r[query.sort]), reverse=query.descending)
        records = present + missing  # records without the member come last
    elif query.descending:
        records = list(reversed(records))
    page = records[query.offset : query.offset + query.limit]
    if query.fields:
        page = [{name: r[name] for name in query.fields if name in r} for r in page]
    return Page(records=page, total=len(records), limit=query.limit, offset=query.offset)


def page_links(*, base_url: str, page: Page, parameters: dict[str, list[str]]) -> str:
    """The RFC 8288 ``Link`` header of a page: next, last, first, prev (binding §3.1).

    As in the binding's example, ``last`` asks for the records left after the last full
    page (``limit=3&offset=500`` of 503 records in pages of 10).
    """

    def link(limit: int, offset: int, rel: str) -> str:
        query = urlencode([*_kept(parameters), ("limit", limit), ("offset", offset)])
        return f'<{base_url}?{query}>; rel="{rel}"'

    links = []
    if page.offset + page.limit < page.total:
        links.append(link(page.limit, page.offset + page.limit, "next"))
    if page.total:
        last = (page.total - 1) // page.limit * page.limit
        links.append(link(page.total - last, last, "last"))
    links.append(link(page.limit, 0, "first"))
    if page.offset > 0:
        links.append(link(page.limit, max(page.offset - page.limit, 0), "prev"))
    return ", ".join(links)


def _kept(parameters: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, value) for name in KEPT_PARAMETERS for value in parameters.get(name, [])]
