"""The PDF's first page: the portfolio summed up for an advisor who reads it in a minute.

``first_page(content)`` gives what page 1 shows, already in words (call it with the
portfolio's language active): the key facts (period and hours of involvement, initiatives,
endorsements), the competences with their confirmed levels by domain, the key badges (a
grid with their images), the initiatives and a few of the endorsers' words. Nothing is cut
in the middle of a word: a quote too long for page 1 stops at the end of a sentence, and the
page says where the whole text is (``Highlight.cut``).

No WeasyPrint here, and no database: the builder receives a ``PortfolioContent``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portfolios.content import (
    BadgeLine,
    CompetenceLine,
    ContributionLine,
    EndorsementQuote,
    InitiativeLine,
    PortfolioContent,
)

KEY_BADGES = 8  # two rows of four: more would push the summary to page 2
KEY_BADGES_WITH_COLUMNS = 4  # one row, when many competences take the room
HIGHLIGHTS = 2  # endorsers' quotes on page 1
COLUMNS_FROM = 9  # competences from which page 1 sets their domains in two columns
HIGHLIGHT_LENGTH = 280  # characters of a quote on page 1, cut at a sentence's end
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def day(value: date | None) -> str:
    """A date in words, in the active language: "7 December 2026", "7 décembre 2026"."""
    return formats.date_format(value, "j F Y") if value else ""


def hours_text(hours: float | None) -> str:
    """ "3.5 hours", "9 heures"; "" when no hours were given."""
    if not hours:
        return ""
    rounded = round(float(hours), 1)
    # Grouped the reader's way ("1 234,5 heures", "1,234.5 hours"), no trailing ",0".
    number = formats.number_format(
        rounded, decimal_pos=0 if rounded == int(rounded) else 1, force_grouping=True
    )
    return ngettext("%(hours)s hour", "%(hours)s hours", max(1, int(float(hours)))) % {
        "hours": number
    }


def period_text(started_on: date, ended_on: date | None) -> str:
    """ "since 3 March 2024", "3 March 2024", "3 March 2024 – 5 May 2025"."""
    if ended_on is None:
        return _("since %(date)s") % {"date": day(started_on)}
    if ended_on == started_on:
        return day(started_on)
    period = _("%(start)s – %(end)s")
    return period % {"start": day(started_on), "end": day(ended_on)}


def contribution_period(line: ContributionLine) -> str:
    return period_text(line.started_on, line.ended_on)


def lead_sentences(text: str, limit: int) -> tuple[str, bool]:
    """``text`` whole when it is at most ``limit`` characters; otherwise its first sentences
    within ``limit`` (at least the first one, whole), and True: the text was cut there.

    A cut never falls inside a word nor inside a sentence, and adds no ellipsis: the page
    says where the whole text is."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    sentences = SENTENCE_END.split(text)
    shown = sentences[0]
    for sentence in sentences[1:]:
        if len(shown) + 1 + len(sentence) > limit:
            break
        shown = f"{shown} {sentence}"
    return shown, shown != text


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class CompetenceRow:
    line: CompetenceLine
    level_text: str  # "2/4 – autonomously", or "not confirmed yet"

    @property
    def steps(self) -> list[bool]:
        """One flag per level of the scale: reached or not (the drawn level bar)."""
        reached = self.line.level or 0
        return [step <= reached for step in range(1, max(self.line.max_level, 1) + 1)]


@dataclass(frozen=True)
class DomainRows:
    title: str
    rows: list[CompetenceRow]


@dataclass(frozen=True)
class KeyBadge:
    badge: BadgeLine
    issued_on: str


@dataclass(frozen=True)
class InitiativeRow:
    initiative: InitiativeLine
    period: str
    hours: str


@dataclass(frozen=True)
class Highlight:
    quote: EndorsementQuote
    text: str  # the quote, or its first sentences
    cut: bool  # True: the whole quote is on a later page (its anchor: "quote-<uuid>")


@dataclass(frozen=True)
class FirstPage:
    facts: list[Fact]
    domains: list[DomainRows]
    max_level: int
    badges: list[KeyBadge]
    more_badges: int  # badges not shown on page 1 (listed with the details)
    elsewhere: int  # badges from other organisations (listed with the details)
    initiatives: list[InitiativeRow]
    highlights: list[Highlight]
    roles: bool  # whether any initiative has a role to show (else no role column)
    columns: bool  # many competences: their domains in two columns


def level_text(line: CompetenceLine) -> str:
    if line.level is None:
        return _("not confirmed yet")
    return f"{line.level}/{line.max_level} – {line.level_label}".rstrip(" –")


def _facts(content: PortfolioContent) -> list[Fact]:
    involvement = content.involvement
    facts = []
    if involvement.started_on is not None:
        facts.append(Fact(_("Involved"), period_text(involvement.started_on, involvement.ended_on)))
    if involvement.hours:
        facts.append(Fact(_("Time given"), hours_text(involvement.hours)))
    if involvement.initiatives:
        count = len(involvement.initiatives)
        facts.append(
            Fact(
                ngettext("Initiative", "Initiatives", count),
                formats.number_format(count, force_grouping=True),
            )
        )
    if content.endorsements:
        people = len({quote.endorser_name for quote in content.endorsements})
        facts.append(
            Fact(
                _("Endorsements"),
                ngettext(
                    "%(count)s, by %(people)s person",
                    "%(count)s, by %(people)s people",
                    people,
                )
                % {"count": len(content.endorsements), "people": people},
            )
        )
    return facts


def _key_badges(badges: list[BadgeLine], limit: int) -> list[BadgeLine]:
    """Valid badges first (all of them when none is valid), in the owner's order."""
    valid = [badge for badge in badges if badge.status == "valid"]
    return (valid or badges)[:limit]


def first_page(content: PortfolioContent, *, highlights: int = HIGHLIGHTS) -> FirstPage:
    """What page 1 shows, in the active language, with at most ``highlights`` quotes."""
    columns = content.competence_count >= COLUMNS_FROM
    key_badges = _key_badges(content.badges, KEY_BADGES_WITH_COLUMNS if columns else KEY_BADGES)
    quotes = []
    for quote in content.endorsements[:highlights]:
        text, cut = lead_sentences(quote.quote, HIGHLIGHT_LENGTH)
        quotes.append(Highlight(quote, text, cut))
    return FirstPage(
        facts=_facts(content),
        domains=[
            DomainRows(
                block.title, [CompetenceRow(line, level_text(line)) for line in block.competences]
            )
            for block in content.domains
        ],
        max_level=max(
            (line.max_level for block in content.domains for line in block.competences),
            default=4,
        ),
        badges=[KeyBadge(badge, day(badge.issued_on)) for badge in key_badges],
        more_badges=len(content.badges) - len(key_badges),
        elsewhere=len(content.external_badges),
        initiatives=[
            InitiativeRow(line, period_text(line.started_on, line.ended_on), hours_text(line.hours))
            for line in content.involvement.initiatives
        ],
        highlights=quotes,
        roles=any(line.roles for line in content.involvement.initiatives),
        columns=columns,
    )
