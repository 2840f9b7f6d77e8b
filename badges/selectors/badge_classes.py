"""Reads on badge classes: lists, the public page's details, and their OB 3.0 alignments.

Badge classes are public (verifiers read them), so nothing here is filtered by
viewer; who may *manage* them is the issuer's staff (``user_is_issuer_staff``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from badges.default_image import default_badge_png
from badges.documents import competence_alignment
from badges.models import BadgeClass, BadgeRule, Issuer
from badges.selectors.awards import award_get
from competences.api import (
    Competence,
    ExternalAlignment,
    ProficiencyLevel,
    Status,
    levels_by_number,
)


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


def badge_class_alignments(*, badge_class: BadgeClass) -> list[dict[str, Any]]:
    """The OB 3.0 ``alignment`` list of the badge class: for each rule's competence, in the
    rules' order, its ``competence_alignment`` (its CASE CFItem, then its external
    alignments), each address once. Uses the prefetch of ``badge_class_get`` when present."""
    alignment: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rule in badge_class.rules.all():
        competence = rule.competence
        for entry in competence_alignment(competence, externals=competence.alignments.all()):
            if entry["targetUrl"] not in seen:
                seen.add(entry["targetUrl"])
                alignment.append(entry)
    return alignment


def badge_class_tags(*, badge_class: BadgeClass) -> list[str]:
    """The badge class's keywords, sorted (uses the prefetch of ``badge_class_get``)."""
    return sorted({tag.name for tag in badge_class.tags.all()})


BADGE_IMAGE_VIEWS = (
    "badges:badge_class_image",
    "badges:badge_class_default_image",
    "badges:award_png",
)


def badge_image_png(*, view_name: str, uuid: UUID | str) -> bytes | None:
    """The picture behind one of this site's badge image addresses (``BADGE_IMAGE_VIEWS``),
    read locally: a badge class's image or its drawn default one, or an award's picture
    (without the baked credential). ``None`` for another address or an unknown badge."""
    badge_class = None
    if view_name in ("badges:badge_class_image", "badges:badge_class_default_image"):
        badge_class = badge_class_get(uuid=uuid)
    elif view_name == "badges:award_png":
        award = award_get(uuid=uuid)
        badge_class = award.badge_class if award is not None else None
    if badge_class is None:
        return None
    if badge_class.image and view_name != "badges:badge_class_default_image":
        with badge_class.image.open("rb") as image:
            return bytes(image.read())
    return default_badge_png(badge_class.name)
