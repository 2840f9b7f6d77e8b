"""What the other apps may use of competences: the shared framework, read only.

Other apps import this module and the models it names, nothing else of competences
(checked by import-linter in ``make lint``; docs/development.md#architecture).

- Models: ``Competence`` (with its ``Domain``, ``ProficiencyLevel`` scale,
  ``CompetenceLevelDescriptor`` texts and ``ExternalAlignment`` to ESCO), a
  ``FrameworkVersion`` and its ``Status``, ``MAX_LEVEL`` (the highest level number a claim,
  an endorsement or a badge rule may name) and ``localized`` (a field in the reader's language).
- ``competence_search``: the competences matching words, accents and case ignored.
- ``levels_by_number``, ``version_scales``: the levels of framework versions, in one query.
- ``case_uri``: the public CASE address of a framework item (CLR alignments).
- ``framework_drafts``: the draft versions in preparation, for those who curate (the home page).
- The ROME 4.0 of France Travail (docs/rome.md): ``RomeSoftSkill``, ``RomeJobSheet``,
  ``RomeJobTitle``; the crosswalk ``rome_crosswalk`` (``CrosswalkLink``) and
  ``rome_competences_for_skills``; ``rome_soft_skills``, ``rome_job_title_search``,
  ``rome_job_titles``, ``rome_sheet_soft_skills``, ``rome_grand_domains``,
  ``rome_sheets_ranked`` (``RankedSheets``); ``ROME_VERSION``, ``rome_soft_skill_uri``.
"""

from __future__ import annotations

from competences.exchange.case_common import case_uri
from competences.models import (
    MAX_LEVEL,
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    FrameworkVersion,
    ProficiencyLevel,
    RomeJobSheet,
    RomeJobTitle,
    RomeSoftSkill,
    Status,
    localized,
)
from competences.rome import ROME_VERSION, rome_soft_skill_uri
from competences.selectors.frameworks import framework_drafts
from competences.selectors.levels import levels_by_number, version_scales
from competences.selectors.rome import (
    CrosswalkLink,
    RankedSheets,
    rome_competences_for_skills,
    rome_crosswalk,
    rome_grand_domains,
    rome_job_title_search,
    rome_job_titles,
    rome_sheet_soft_skills,
    rome_sheets_ranked,
    rome_soft_skills,
)
from competences.selectors.search import competence_search

__all__ = [
    "MAX_LEVEL",
    "ROME_VERSION",
    "Competence",
    "CompetenceLevelDescriptor",
    "CrosswalkLink",
    "Domain",
    "ExternalAlignment",
    "FrameworkVersion",
    "ProficiencyLevel",
    "RankedSheets",
    "RomeJobSheet",
    "RomeJobTitle",
    "RomeSoftSkill",
    "Status",
    "case_uri",
    "competence_search",
    "framework_drafts",
    "levels_by_number",
    "localized",
    "rome_competences_for_skills",
    "rome_crosswalk",
    "rome_grand_domains",
    "rome_job_title_search",
    "rome_job_titles",
    "rome_sheet_soft_skills",
    "rome_sheets_ranked",
    "rome_soft_skill_uri",
    "rome_soft_skills",
    "version_scales",
]
