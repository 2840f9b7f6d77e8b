"""Reads on badge classes: lists, the public page's details, and their OB 3.0 alignments.

Badge classes are public (verifiers read them), so nothing here is filtered by
viewer; who may *manage* them is the issuer's staff (``user_is_issuer_staff``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from badges.models import BadgeClass, BadgeRule, Issuer
from community.selectors.endorsements import levels_by_number
from competences.models import Competence, ExternalAlignment, ProficiencyLevel
from competences.models.base import Status
from config.http import absolute_url

ESCO_PREFIX = "http://data.europa.eu/esco/"
# OB 3.0 ``targetType`` has no ESCO value; its vocabulary is extensible with ``ext:`` names
# (schema pattern ``(ext:)[a-z|A-Z|0-9|.|-|_]+``: letters and digits are safe).
ESCO_TARGET_TYPES = {"skill": "ext:ESCOSkill", "occupation": "ext:ESCOOccupation"}


@dataclass(frozen=True)
class RuleView:
    """A rule with what a page needs to say it in words."""

    rule: BadgeRule
    competence: Competence
    level: ProficiencyLevel | None


def _rules_prefetch() -> Any:
    alignments = ExternalAlignment.objects.order_by("pk")
    rules = (
        BadgeRule.objects.select_related("competence__version__framework")
        .prefetch_related(Prefetch("competence__alignments", queryset=alignments))
        .order_by("pk")
    )
    return Prefetch("rules", queryset=rules)


def badge_class_get(*, uuid: UUID | str) -> BadgeClass | None:
    """One badge class with its issuer, tags, rules, competences and their alignments."""
    return (
        BadgeClass.objects.filter(uuid=uuid)
        .select_related("issuer__initiative")
        .prefetch_related("tags", _rules_prefetch())  # type: ignore[misc]
        .first()
    )


def badge_class_list(*, issuer: Issuer) -> QuerySet[BadgeClass]:
    """The issuer's badge classes, by name, with their rules' competences."""
    return (
        BadgeClass.objects.filter(issuer=issuer)
        .prefetch_related(
            Prefetch(
                "rules",
                queryset=BadgeRule.objects.select_related("competence").order_by("pk"),
            )
        )
        .order_by("name", "pk")
    )


def badge_class_slug_taken(*, issuer: Issuer, slug: str) -> bool:
    return BadgeClass.objects.filter(issuer=issuer, slug=slug).exists()


def rule_competences() -> QuerySet[Competence]:
    """The competences a rule may name: those of published framework versions."""
    return (
        Competence.objects.filter(version__status=Status.PUBLISHED)
        .select_related("version__framework", "domain")
        .order_by("version__framework__slug", "domain__order", "domain__code", "order", "code")
    )


def rule_views(*, badge_class: BadgeClass) -> list[RuleView]:
    """The rules with their competence and the name of their level (uses the prefetch)."""
    rules = list(badge_class.rules.all())
    names = levels_by_number(version_ids={rule.competence.version_id for rule in rules})
    return [
        RuleView(
            rule=rule,
            competence=rule.competence,
            level=names.get((rule.competence.version_id, rule.min_level)),
        )
        for rule in rules
    ]


def _framework_title(competence: Competence) -> str:
    version = competence.version
    return f"{version.framework.name} {version.label}".strip()


def _esco_target_type(url: str) -> str | None:
    if not url.startswith(ESCO_PREFIX):
        return None
    kind = url[len(ESCO_PREFIX) :].split("/", 1)[0]
    return ESCO_TARGET_TYPES.get(kind)


def badge_class_alignments(*, badge_class: BadgeClass) -> list[dict[str, Any]]:
    """The OB 3.0 ``alignment`` list of the badge class.

    For each rule's competence, in the rules' order: an Alignment to the
    competence's public page as a CASE ``CFItem`` (``targetCode`` is the
    CFItem identifier, its UUID), then one per external alignment of the
    competence (ESCO skills as ``ext:ESCOSkill``). Each address appears once.
    Uses the prefetch of ``badge_class_get`` when present.
    """
    alignment: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(entry: dict[str, Any]) -> None:
        if entry["targetUrl"] not in seen:
            seen.add(entry["targetUrl"])
            alignment.append(entry)

    for rule in badge_class.rules.all():
        competence = rule.competence
        item: dict[str, Any] = {
            "type": ["Alignment"],
            "targetType": "CFItem",
            "targetName": competence.title or competence.code,
            "targetUrl": absolute_url(competence.get_absolute_url()),
            "targetCode": str(competence.uuid),
            "targetFramework": _framework_title(competence),
        }
        if competence.description:
            item["targetDescription"] = competence.description
        add(item)
        for external in competence.alignments.all():
            entry: dict[str, Any] = {
                "type": ["Alignment"],
                "targetName": external.label or external.target_url,
                "targetUrl": external.target_url,
                "targetFramework": external.target_framework,
            }
            target_type = _esco_target_type(external.target_url)
            if target_type:
                entry["targetType"] = target_type
            if external.target_code:
                entry["targetCode"] = external.target_code
            add(entry)
    return alignment
