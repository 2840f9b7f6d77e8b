"""A person's data across the apps, and how long the platform keeps what it keeps.

accounts is the first app: it cannot know what the others hold about a person. Each app
tells it, once, in its ``AppConfig.ready()``:

- ``register_section(PersonalDataSection(...))``: what the app holds about someone (the lines
  of the "Mes données" page), how it writes it into their export, and how it erases it when
  they close their account. Sections run in ``order`` (exports) and in reverse order
  (erasure: portfolios before badges before community before accounts, so that what depends
  on something goes first).
- ``register_retention_rule(RetentionRule(...))``: something purged after a period
  (``settings.RETENTION_DAYS[rule.key]``), by ``manage.py apply_retention``.

This module only holds the registries and the small types they share; the work is in each
app's ``personal_data.py`` / ``services``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Q
from django.utils.functional import Promise

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class DataPart:
    """One line of "Mes données": what is held (``title``, how many), in plain words, and
    where the person sees, changes or removes it."""

    title: str | Promise
    count: int
    description: str | Promise = ""
    url: str = ""
    action: str | Promise = ""


@dataclass(frozen=True)
class IndexLink:
    """A line of the export's ``index.html`` that links to a file inside the ZIP."""

    text: str | Promise
    path: str


class ExportWriter(Protocol):
    """Where a section writes its part of an export (``accounts.exports`` implements it)."""

    def add_data(self, key: str, data: Any) -> None:
        """``data`` (JSON-serialisable) under ``key`` in ``data.json`` (and in ``<key>.json``)."""

    def add_file(self, path: str, content: bytes) -> None:
        """A file at ``path`` inside the ZIP (``evidence/…``, ``badges/…``)."""

    def add_index(self, heading: str | Promise, lines: Sequence[str | Promise | IndexLink]) -> None:
        """A section of the human-readable ``index.html``: plain text lines (escaped there),
        or ``IndexLink``s to files inside the ZIP."""


@dataclass(frozen=True)
class Erasure:
    """What the person chose when closing their account, and how others' records may name
    them (collected from every section before anything is erased)."""

    keep_badges: bool  # True: downloaded credentials stay valid; False: they are revoked
    # Every name they went by (current and earlier ones, e.g. on endorsements they gave) and
    # their address: what is replaced by "a former member" in others' records.
    names: frozenset[str] = frozenset()
    # Whether their address was proved (confirmed): only then do rows that name the address
    # without pointing at the account (a badge sent to the address, an invitation…) belong to
    # them. An account never confirmed may have borrowed someone else's address.
    by_address: bool = True


@dataclass(frozen=True)
class PersonalDataSection:
    key: str
    order: int
    title: str | Promise
    summary: Callable[[User], list[DataPart]]
    export: Callable[[User, ExportWriter], None]
    erase: Callable[[User, Erasure], None]
    # What closing the account will do to this section's data, in sentences (with counts),
    # for the confirmation page; and what must be settled before (empty: nothing).
    consequences: Callable[[User], list[str]] | None = None
    blockers: Callable[[User], list[str]] | None = None
    # Names the person went by in this section's records (e.g. as an endorser), so that
    # every section can find them in others' records before any is erased.
    names: Callable[[User], set[str]] | None = None


@dataclass(frozen=True)
class RetentionRule:
    """Something the platform deletes once it is ``settings.RETENTION_DAYS[key]`` days old
    (the rule decides from when: creation, expiry, last use…). ``purge`` receives the cut-off
    (now minus the period) and returns how many things it deleted."""

    key: str
    label: str | Promise
    purge: Callable[[datetime], int]
    # The period in days; by default ``settings.RETENTION_DAYS[key]``.
    days: Callable[[], int] | None = None


_SECTIONS: dict[str, PersonalDataSection] = {}
_RULES: dict[str, RetentionRule] = {}


def register_section(section: PersonalDataSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[PersonalDataSection]:
    """In export order (accounts first); erasure walks them reversed."""
    return sorted(_SECTIONS.values(), key=lambda section: section.order)


def blockers_of(user: User) -> list[str]:
    """What every section says must be settled before ``user``'s account can be erased."""
    return [
        str(text)
        for section in sections()
        if section.blockers is not None
        for text in section.blockers(user)
    ]


def by_proved_address(user: User, field: str) -> Q:
    """The rows whose ``field`` names ``user``'s address without pointing at their account (a
    request or a share link sent to the address, a badge awarded to it…). They are the
    person's only once they proved the address: an account never confirmed may have borrowed
    someone else's. Matches nothing otherwise."""
    if user.email_verified_at is None or not user.email:
        return Q(pk__in=[])
    return Q(**{f"{field}__iexact": user.email})


def register_retention_rule(rule: RetentionRule) -> None:
    _RULES[rule.key] = rule


def retention_rules() -> list[RetentionRule]:
    return list(_RULES.values())
