"""Problems found in an imported file, and where they are.

An import never stops at the first problem: readers and the importer collect
every :class:`Problem` they find, each with its :class:`Location` (a row and a
column of a CSV file, or a JSON path in a CASE package), and raise
:class:`ImportFailed` with all of them at the end. Nothing is saved then.

Messages are translated when the problem is found (the request's language in
the pages, ``LANGUAGE_CODE`` in the management commands); locations are
translated when they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext


@dataclass(frozen=True)
class Location:
    """A place in an imported file: a CSV row (and column), or a JSON path."""

    row: int | None = None
    column: str | None = None
    path: str | None = None

    def at(self, name: str) -> Location:
        """The same place, narrowed to a column (CSV) or a member (JSON)."""
        if self.path is not None:
            return Location(path=join_path(self.path, name))
        return Location(row=self.row, column=name)

    def __str__(self) -> str:
        if self.path is not None:
            return self.path
        if self.row is not None and self.column:
            return gettext("Row %(row)s, column %(column)s") % {
                "row": self.row,
                "column": self.column,
            }
        if self.row is not None:
            return gettext("Row %(row)s") % {"row": self.row}
        if self.column:
            return gettext("Column %(column)s") % {"column": self.column}
        return ""

    @property
    def sort_key(self) -> tuple[int, str]:
        return (self.row or 0, self.path or self.column or "")


def join_path(path: str, name: str | int) -> str:
    """``$.CFItems`` + ``3`` → ``$.CFItems[3]``; ``$.CFItems[3]`` + ``uri`` → ``…[3].uri``."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if name else path


@dataclass(frozen=True)
class Problem:
    """Something in the file that prevents the import, in plain words."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = str(self.location) if self.location else ""
        return f"{where}: {self.message}" if where else self.message


class ImportFailed(Exception):
    """The file cannot be imported; ``problems`` lists every reason. Nothing was saved."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = unique_problems(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def unique_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Keep identical problems once, and one problem per JSON path (the first found).

    The JSON Schema check and the importer sometimes see the same mistake (a
    missing statement is also an empty title): the reader gets it once.
    """
    seen_paths: set[str] = set()
    seen: set[tuple[str, str]] = set()
    kept: list[Problem] = []
    for problem in problems:
        place = str(problem.location) if problem.location else ""
        path = problem.location.path if problem.location else None
        if (place, problem.message) in seen or (path and path in seen_paths):
            continue
        seen.add((place, problem.message))
        if path:
            seen_paths.add(path)
        kept.append(problem)
    return kept
