"""The CASE reader's levels: the CFRubrics of a package → the scale and the competences' texts.

A criterion without ``CFItemURI`` is the scale itself (as Jalons exports it);
without one, the scale is made from the levels of the competences' criteria.
A competence's criterion level whose identifier is the one Jalons derives for
"the scale's descriptor" repeats the scale and is not a text of its own.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from competences.exchange.case_common import general_level_uuid
from competences.exchange.case_reader import CaseReaderBase, identifier_parse, whole_number
from competences.exchange.document import CompetenceData, LevelData, LevelTextData
from competences.exchange.errors import Location


class RubricReader(CaseReaderBase):
    """Reads CFRubrics into levels and level texts."""

    @staticmethod
    def level_numbers(levels: list[tuple[int, dict[str, Any]]]) -> list[int]:
        """Each level's number: its position, else its score, else its rank."""
        for member in ("position", "score"):
            values = [whole_number(level.get(member)) for _index, level in levels]
            numbers = [value for value in values if value is not None and value >= 1]
            if len(numbers) == len(levels) and len(set(numbers)) == len(numbers):
                return numbers
        return list(range(1, len(levels) + 1))

    def read_rubrics(self, competences: dict[uuid.UUID, CompetenceData]) -> list[LevelData]:
        scale: list[LevelData] | None = None
        entries: list[tuple[uuid.UUID, dict[str, Any], str, int]] = []
        for r, rubric in self.objects("CFRubrics"):
            criteria = rubric.get("CFRubricCriteria")
            for c, criterion in enumerate(criteria if isinstance(criteria, list) else []):
                if not isinstance(criterion, dict):
                    continue
                path = f"$.CFRubrics[{r}].CFRubricCriteria[{c}]"
                raw_levels = criterion.get("CFRubricCriterionLevels")
                levels = [
                    (index, level)
                    for index, level in enumerate(
                        raw_levels if isinstance(raw_levels, list) else []
                    )
                    if isinstance(level, dict)
                ]
                numbers = self.level_numbers(levels)
                link = criterion.get("CFItemURI")
                if not isinstance(link, dict):
                    if scale is None:
                        scale = [
                            self.scale_level(level, f"{path}.CFRubricCriterionLevels[{index}]", n)
                            for (index, level), n in zip(levels, numbers, strict=True)
                        ]
                    else:
                        self.left_out[_("second scales of levels")] += 1
                    continue
                item_id = identifier_parse(link.get("identifier"))
                if item_id is None or item_id not in self.items:
                    self.problem(
                        _("No CFItem of the package has this identifier."),
                        f"{path}.CFItemURI.identifier",
                    )
                    continue
                if item_id not in competences:
                    self.left_out[_("rubrics of domains")] += 1
                    continue
                entries += [
                    (item_id, level, f"{path}.CFRubricCriterionLevels[{index}]", n)
                    for (index, level), n in zip(levels, numbers, strict=True)
                ]
        if scale is None:
            scale = self.scale_from(entries)
        by_number = {level.number: level for level in scale}
        for item_id, level, path, number in entries:
            general = by_number.get(number)
            identifier = identifier_parse(level.get("identifier"))
            if (
                general is not None
                and general.uuid is not None
                and identifier == general_level_uuid(item_id, general.uuid)
            ):
                continue  # repeats the scale's descriptor
            text, paths = self.texts(level, "description")
            if not any(text.values()):
                continue
            competences[item_id].level_texts.append(
                LevelTextData(
                    number=number,
                    uuid=identifier,
                    text=text,
                    last_changed_at=self.when(
                        level.get("lastChangeDateTime"), f"{path}.lastChangeDateTime"
                    ),
                    where=Location(path=path),
                    columns={
                        "uuid": "identifier",
                        **{f"descriptor_{code}": value for code, value in paths.items()},
                    },
                )
            )
        return scale

    def scale_level(self, level: dict[str, Any], path: str, number: int) -> LevelData:
        name, name_paths = self.texts(level, "quality")
        descriptor, descriptor_paths = self.texts(level, "description")
        return LevelData(
            number=number,
            uuid=identifier_parse(level.get("identifier")),
            name=name,
            descriptor=descriptor,
            last_changed_at=self.when(
                level.get("lastChangeDateTime"), f"{path}.lastChangeDateTime"
            ),
            where=Location(path=path),
            columns={
                "uuid": "identifier",
                "number": "position",
                **{f"name_{code}": value for code, value in name_paths.items()},
                **{f"descriptor_{code}": value for code, value in descriptor_paths.items()},
            },
        )

    def scale_from(
        self, entries: list[tuple[uuid.UUID, dict[str, Any], str, int]]
    ) -> list[LevelData]:
        """Levels made from the competences' rubrics, when the file has no general scale."""
        levels: dict[int, LevelData] = {}
        for _item_id, level, path, number in entries:
            if number in levels:
                continue
            name, name_paths = self.texts(level, "quality")
            if not any(name.values()):
                with translation.override(self.language):
                    name[self.language] = _("Level %(number)s") % {"number": number}
            levels[number] = LevelData(
                number=number,
                name=name,
                where=Location(path=path),
                columns={f"name_{code}": value for code, value in name_paths.items()},
            )
        if levels:
            self.notices.append(
                _(
                    "The file has no general scale of levels: the levels were made from the "
                    "competences' rubrics."
                )
            )
        return [levels[number] for number in sorted(levels)]
