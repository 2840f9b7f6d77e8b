"""Reads for the ROME 4.0 reading of a portfolio: savoir-être, target jobs and their gap,
and the jobs that ask for what the person already has (docs/rome.md).

Everything starts from a ``PortfolioContent``: what the portfolio shows, already filtered
for whoever reads it, so an advisor never sees more than the share gives. Each function
runs a fixed number of queries.
"""

from __future__ import annotations

from django.urls import reverse

from community.api import initiatives_developing
from competences.api import (
    ROME_VERSION,
    RomeJobTitle,
    RomeSoftSkill,
    rome_competences_for_skills,
    rome_crosswalk,
    rome_job_title_search,
    rome_job_titles,
    rome_sheet_soft_skills,
    rome_sheets_ranked,
    rome_soft_skills,
)
from portfolios.content import PortfolioContent
from portfolios.models import Portfolio, PortfolioTargetJob
from portfolios.rome_content import (
    GapLine,
    RankedJob,
    RomeCompetence,
    RomePage,
    RomeReading,
    RomeSkillLine,
    SuggestedInitiative,
    TargetJobGap,
)

#: Job sheets per page of "jobs that ask for what you already have".
JOBS_PER_PAGE = 20


def rome_reading(*, content: PortfolioContent) -> RomeReading:
    """The savoir-être the portfolio's confirmed competences relate to (two queries)."""
    confirmed = [
        line for domain in content.domains for line in domain.competences if line.level is not None
    ]
    crosswalk = rome_crosswalk(competence_uuids=[line.uuid for line in confirmed])
    skills = rome_soft_skills()
    found: dict[str, list[RomeCompetence]] = {}
    for line in confirmed:
        for link in crosswalk.get(line.uuid, []):
            if link.soft_skill_code not in skills:
                continue
            found.setdefault(link.soft_skill_code, []).append(
                RomeCompetence(
                    code=line.code,
                    title=line.title,
                    level=line.level or 0,
                    level_label=line.level_label,
                    endorsers=line.endorsers,
                    leaders=line.leaders,
                    relation=link.relation,
                    relation_label=link.relation_label,
                    note=link.note,
                )
            )
    return RomeReading(
        skills=[_skill_line(skill, found[code]) for code, skill in skills.items() if code in found],
        rome_version=ROME_VERSION,
    )


def _skill_line(skill: RomeSoftSkill, competences: list[RomeCompetence]) -> RomeSkillLine:
    return RomeSkillLine(
        code=skill.code,
        macro_code=skill.macro_code,
        label=skill.label,
        definition=skill.definition,
        sheet_count=skill.sheet_count,
        competences=competences,
    )


def target_jobs(*, portfolio: Portfolio) -> list[PortfolioTargetJob]:
    return list(
        PortfolioTargetJob.objects.filter(portfolio=portfolio).select_related("job_title__sheet")
    )


def target_job_gaps(
    *, portfolio: Portfolio, reading: RomeReading, suggestions: bool = True
) -> list[TargetJobGap]:
    """For each target job, the savoir-être its sheet asks for, covered or not, and for the
    missing ones the initiatives of the directory where they are developed (five queries)."""
    targets = target_jobs(portfolio=portfolio)
    if not targets:
        return []
    asked = rome_sheet_soft_skills(sheet_codes={t.job_title.sheet_id for t in targets})
    skills = rome_soft_skills()
    covered = {line.code: line for line in reading.skills}
    missing = {code for codes in asked.values() for code in codes if code not in covered}
    where = _suggestions(missing) if suggestions else {}
    gaps = []
    for target in targets:
        title = target.job_title
        lines = []
        for code in asked.get(title.sheet_id, []):
            line = covered.get(code) or _skill_line(skills[code], [])
            lines.append(
                GapLine(skill=line, suggestions=[] if line.covered else where.get(code, []))
            )
        gaps.append(
            TargetJobGap(
                target_uuid=str(target.uuid),
                title_code=title.code,
                title_label=title.label,
                sheet_code=title.sheet_id,
                sheet_label=title.sheet.label,
                lines=lines,
            )
        )
    return gaps


def rome_page(*, portfolio: Portfolio, content: PortfolioContent) -> RomePage:
    """The PDF's page "Lecture ROME 4.0": the reading and each target job's coverage, without
    suggestions (five queries, two without target jobs)."""
    reading = rome_reading(content=content)
    return RomePage(
        reading=reading,
        targets=target_job_gaps(portfolio=portfolio, reading=reading, suggestions=False),
    )


def _suggestions(codes: set[str]) -> dict[str, list[SuggestedInitiative]]:
    """For each savoir-être, the initiatives where a competence related to it is confirmed."""
    competences = rome_competences_for_skills(codes=codes)
    developing = initiatives_developing(
        competence_ids={pk for ids in competences.values() for pk in ids}
    )
    result: dict[str, list[SuggestedInitiative]] = {}
    for code, ids in competences.items():
        seen: dict[int, SuggestedInitiative] = {}
        for competence_id in ids:
            for initiative in developing.get(competence_id, []):
                seen.setdefault(
                    initiative.pk,
                    SuggestedInitiative(
                        pk=initiative.pk,
                        slug=initiative.slug,
                        name=initiative.name,
                        commune=initiative.commune,
                        url=reverse(
                            "community:initiative_detail", kwargs={"slug": initiative.slug}
                        ),
                        welcomes_newcomers=initiative.welcomes_newcomers,
                    ),
                )
        result[code] = sorted(
            seen.values(), key=lambda item: (not item.welcomes_newcomers, item.name, item.pk)
        )[:5]
    return result


def job_title_search(*, query: str) -> list[RomeJobTitle]:
    return rome_job_title_search(query=query)


def job_title_get(*, code: str) -> RomeJobTitle | None:
    return rome_job_titles(codes=[code]).get(code)


def jobs_ranked(
    *, reading: RomeReading, grand_domain: str = "", page: int = 1
) -> tuple[list[RankedJob], int]:
    """A page of job sheets ranked by how many of their savoir-être the reading covers, and
    how many sheets there are (four queries)."""
    page = max(page, 1)
    ranked = rome_sheets_ranked(
        covered=reading.covered_codes,
        grand_domain=grand_domain,
        offset=(page - 1) * JOBS_PER_PAGE,
        limit=JOBS_PER_PAGE,
    )
    if not ranked.sheets:
        return [], ranked.total
    asked = rome_sheet_soft_skills(sheet_codes=[sheet.code for sheet in ranked.sheets])
    skills = rome_soft_skills()
    covered = reading.covered_codes
    jobs = [
        RankedJob(
            code=sheet.code,
            label=sheet.label,
            grand_domain_code=sheet.grand_domain_code,
            grand_domain_label=sheet.grand_domain_label,
            domain_label=sheet.domain_label,
            covered=[skills[c].label for c in asked.get(sheet.code, []) if c in covered],
            missing=[skills[c].label for c in asked.get(sheet.code, []) if c not in covered],
        )
        for sheet in ranked.sheets
    ]
    return jobs, ranked.total
