"""Reads of the ROME 4.0 reference data and of the crosswalk from competences to it.

The crosswalk is the ``ExternalAlignment`` rows of a framework version whose
``target_framework`` is ``ROME 4.0`` and whose ``target_code`` is a savoir-être's code OGR
(docs/rome.md). Every function here runs a fixed number of queries, whatever it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Length

from competences.models import (
    ExternalAlignment,
    RomeJobSheet,
    RomeJobSheetSoftSkill,
    RomeJobTitle,
    RomeSoftSkill,
    localized,
)
from competences.rome import ROME_FRAMEWORK
from competences.search_text import query_words

#: The most job titles a search returns.
JOB_TITLE_RESULTS = 20


@dataclass(frozen=True)
class CrosswalkLink:
    """A competence related to a savoir-être: how (exact, close, broad, related) and why."""

    competence_uuid: str
    soft_skill_code: str
    relation: str
    relation_label: str
    note: str


def rome_soft_skills() -> dict[str, RomeSoftSkill]:
    """The 16 savoir-être by code OGR, in the ROME's order (one query)."""
    return {skill.code: skill for skill in RomeSoftSkill.objects.order_by("macro_code")}


def rome_crosswalk(*, competence_uuids: Iterable[str]) -> dict[str, list[CrosswalkLink]]:
    """The savoir-être each of these competences (any version) relates to (one query)."""
    uuids = {str(value) for value in competence_uuids}
    if not uuids:
        return {}
    rows = (
        ExternalAlignment.objects.filter(
            competence__uuid__in=uuids, target_framework=ROME_FRAMEWORK
        )
        .select_related("competence")
        .only(
            "competence__uuid",
            "target_code",
            "relation",
            "note_fr",
            "note_en",
        )
        .order_by("competence_id", "pk")
    )
    links: dict[str, list[CrosswalkLink]] = {}
    for row in rows:
        key = str(row.competence.uuid)
        links.setdefault(key, []).append(
            CrosswalkLink(
                competence_uuid=key,
                soft_skill_code=row.target_code,
                relation=row.relation,
                relation_label=str(row.get_relation_display()),
                note=localized(row, "note")[0],
            )
        )
    return links


def rome_competences_for_skills(*, codes: Iterable[str]) -> dict[str, set[int]]:
    """For each savoir-être, the competences (of any version) related to it (one query)."""
    wanted = set(codes)
    if not wanted:
        return {}
    result: dict[str, set[int]] = {}
    for code, competence_id in ExternalAlignment.objects.filter(
        target_framework=ROME_FRAMEWORK, target_code__in=wanted
    ).values_list("target_code", "competence_id"):
        result.setdefault(code, set()).add(competence_id)
    return result


def rome_job_title_search(*, query: str, limit: int = JOB_TITLE_RESULTS) -> list[RomeJobTitle]:
    """Job titles whose label or codes have every word of the query (accents and case
    ignored; a word matches the start of a word), shortest first (one query)."""
    words = query_words(query)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=f" {word}")
    return list(
        RomeJobTitle.objects.filter(condition)
        .select_related("sheet")
        .annotate(label_length=Length("label"))
        .order_by("label_length", "label", "code")[:limit]
    )


def rome_job_titles(*, codes: Iterable[str]) -> dict[str, RomeJobTitle]:
    """Job titles by code, with their sheet (one query)."""
    wanted = set(codes)
    if not wanted:
        return {}
    return {
        title.code: title
        for title in RomeJobTitle.objects.filter(code__in=wanted).select_related("sheet")
    }


def rome_sheet_soft_skills(*, sheet_codes: Iterable[str]) -> dict[str, list[str]]:
    """The savoir-être each sheet asks for, in the ROME's order (one query)."""
    wanted = set(sheet_codes)
    if not wanted:
        return {}
    asked: dict[str, list[str]] = {code: [] for code in wanted}
    for sheet, skill in (
        RomeJobSheetSoftSkill.objects.filter(sheet_id__in=wanted)
        .order_by("sheet_id", "soft_skill__macro_code")
        .values_list("sheet_id", "soft_skill_id")
    ):
        asked[sheet].append(skill)
    return asked


def rome_grand_domains() -> list[tuple[str, str]]:
    """The grands domaines (code, label), A to N (one query)."""
    return list(
        RomeJobSheet.objects.order_by("grand_domain_code")
        .values_list("grand_domain_code", "grand_domain_label")
        .distinct()
    )


@dataclass(frozen=True)
class RankedSheets:
    sheets: list[RomeJobSheet]  # each with ``covered``: how many of its savoir-être are covered
    total: int  # sheets with at least one covered savoir-être (in the grand domaine)


def rome_sheets_ranked(
    *, covered: Iterable[str], grand_domain: str = "", offset: int = 0, limit: int = 20
) -> RankedSheets:
    """Job sheets that ask for at least one of the ``covered`` savoir-être, most covered
    first, then those asking for fewer (a larger share covered), then by code (two queries)."""
    skills = set(covered)
    if not skills:
        return RankedSheets(sheets=[], total=0)
    sheets = RomeJobSheet.objects.filter(links__soft_skill_id__in=skills)
    if grand_domain:
        sheets = sheets.filter(grand_domain_code=grand_domain)
    ranked = sheets.annotate(covered=Count("links")).order_by(
        "-covered", "soft_skill_count", "code"
    )
    total = sheets.values("code").distinct().count()
    return RankedSheets(sheets=list(ranked[offset : offset + limit]), total=total)
