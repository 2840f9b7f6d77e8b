"""What Jalons holds about a person, section by section: the "Mes données" page.

Each app registered its section (``accounts.data_rights``); this reads their summaries in
order. Every section costs a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.data_rights import DataPart, sections
from accounts.models import User


@dataclass(frozen=True)
class DataGroup:
    key: str
    title: str
    parts: list[DataPart]


def personal_data_summary(*, user: User) -> list[DataGroup]:
    """The groups of the "Mes données" page, in the sections' order; a section with nothing
    to say to this person (work only some roles do) shows no group."""
    groups = [
        DataGroup(key=section.key, title=str(section.title), parts=section.summary(user))
        for section in sections()
    ]
    return [group for group in groups if group.parts]
