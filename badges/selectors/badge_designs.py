"""Reads for the badge designer: the level names a designed badge may show, and the design
that an issuer's choices give once "as in the first rule" is resolved.

The designer itself (``badges.designer``) reads nothing; the colour of a domain comes from
``badges.designer.domain_colour`` (domains have no colour of their own).
"""

from __future__ import annotations

from dataclasses import dataclass

from badges.designer import PALETTE, PALETTE_BY_KEY, BadgeDesign, domain_colour
from competences.api import Competence, ProficiencyLevel, Status, levels_by_number, localized

FROM_DOMAIN = "domain"
FROM_RULE = "rule"


@dataclass(frozen=True)
class FirstRule:
    """The competence and level of a badge class's first rule (what the design follows)."""

    competence: Competence
    min_level: int


def design_level_names() -> dict[int, str]:
    """The level names of the first published framework version, by number (one query)."""
    names: dict[int, str] = {}
    levels = ProficiencyLevel.objects.filter(version__status=Status.PUBLISHED).order_by(
        "version__framework__slug", "-version_id", "number"
    )
    version_id = None
    for level in levels:
        if version_id is None:
            version_id = level.version_id
        if level.version_id == version_id:
            names[level.number] = localized(level, "name")[0]
    return names


def _level_name(first: FirstRule | None, number: int) -> str:
    if number <= 0:
        return ""
    if first is not None:
        level = levels_by_number(version_ids=[first.competence.version_id]).get(
            (first.competence.version_id, number)
        )
        if level is not None:
            return localized(level, "name")[0]
    return design_level_names().get(number, "")


def badge_design_resolve(
    *, name: str, pictogram: str, colour: str, level: str, first: FirstRule | None
) -> BadgeDesign:
    """The design an issuer chose: ``colour`` a palette key or ``FROM_DOMAIN`` (the domain of
    the first rule's competence), ``level`` a number ("0": none) or ``FROM_RULE``."""
    if colour == FROM_DOMAIN:
        hex_colour = (
            domain_colour(first.competence.domain.code).hex if first is not None else PALETTE[0].hex
        )
    else:
        hex_colour = PALETTE_BY_KEY.get(colour, PALETTE[0]).hex
    if level == FROM_RULE:
        number = first.min_level if first is not None else 0
    else:
        number = int(level) if level.isdigit() else 0
    label = _level_name(first, number)
    return BadgeDesign(
        name=name, colour=hex_colour, pictogram=pictogram, level=number, level_label=label
    )
