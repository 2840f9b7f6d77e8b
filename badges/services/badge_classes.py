"""Writes on badge classes and their rules.

Keyword-only, typed, atomic; models are checked with ``full_clean()``. Only
the issuer's staff may write (``PermissionDenied`` otherwise). A rule names a
competence of a *published* framework version. Saving a badge class replaces
its rules with the given ones.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from badges import selectors
from badges.models import AchievementType, BadgeClass, BadgeRule, Issuer
from competences.models import Competence
from competences.models.base import Status
from portfolios.images import CleanImage

logger = logging.getLogger(__name__)

SLUG_MAX_LENGTH = 80


@dataclass(frozen=True)
class RuleSpec:
    """One rule as a form gives it."""

    competence: Competence
    min_level: int
    min_endorsers: int = 1
    min_leaders: int = 0


def _require_issuer_staff(*, issuer: Issuer, user: User) -> None:
    if not selectors.user_is_issuer_staff(issuer=issuer, user=user):
        raise PermissionDenied


def _unique_slug(*, issuer: Issuer, name: str) -> str:
    base = slugify(name)[: SLUG_MAX_LENGTH - 4].strip("-") or "badge"
    slug, number = base, 2
    while selectors.badge_class_slug_taken(issuer=issuer, slug=slug):
        slug = f"{base}-{number}"
        number += 1
    return slug


def _store_image(badge_class: BadgeClass, image: CleanImage | None, *, remove: bool) -> None:
    old = badge_class.image.name if badge_class.image else ""
    if image is not None:
        file = image.as_file()
        badge_class.image.save(file.name or "badge.png", file, save=False)
    elif remove:
        badge_class.image = None
    if old and (image is not None or remove):
        storage = badge_class.image.storage
        transaction.on_commit(lambda: storage.delete(old))


def _rules_replace(*, badge_class: BadgeClass, rules: Sequence[RuleSpec]) -> None:
    seen: set[int] = set()
    new_rules = []
    for spec in rules:
        if spec.competence.version.status != Status.PUBLISHED:
            raise ValidationError(
                _("Choose a competence of the published framework."), code="competence"
            )
        if spec.competence.pk in seen:
            raise ValidationError(
                _("This badge already has a rule for this competence."), code="duplicate"
            )
        seen.add(spec.competence.pk)
        rule = BadgeRule(
            badge_class=badge_class,
            competence=spec.competence,
            min_level=spec.min_level,
            min_endorsers=spec.min_endorsers,
            min_leaders=spec.min_leaders,
        )
        rule.full_clean(exclude=["badge_class"], validate_unique=False)
        new_rules.append(rule)
    BadgeRule.objects.filter(badge_class=badge_class).delete()
    BadgeRule.objects.bulk_create(new_rules)


def _fill(
    badge_class: BadgeClass,
    *,
    name: str,
    description: str,
    criteria_narrative: str,
    achievement_type: str,
    validity_days: int | None,
    auto_award: bool,
) -> None:
    badge_class.name = name.strip()
    badge_class.description = description.strip()
    badge_class.criteria_narrative = criteria_narrative.strip()
    badge_class.achievement_type = AchievementType(achievement_type)
    badge_class.validity_days = validity_days
    badge_class.auto_award = auto_award


@transaction.atomic
def badge_class_create(
    *,
    issuer: Issuer,
    by: User,
    name: str,
    description: str,
    criteria_narrative: str,
    achievement_type: str = AchievementType.BADGE,
    tags: Sequence[str] = (),
    validity_days: int | None = None,
    auto_award: bool = False,
    image: CleanImage | None = None,
    rules: Sequence[RuleSpec] = (),
) -> BadgeClass:
    """Issuer staff create a badge class with its rules; its short name comes from its name."""
    issuer = Issuer.objects.select_for_update().get(pk=issuer.pk)
    _require_issuer_staff(issuer=issuer, user=by)
    badge_class = BadgeClass(issuer=issuer, created_by=by)
    _fill(
        badge_class,
        name=name,
        description=description,
        criteria_narrative=criteria_narrative,
        achievement_type=achievement_type,
        validity_days=validity_days,
        auto_award=auto_award,
    )
    badge_class.slug = _unique_slug(issuer=issuer, name=badge_class.name)
    badge_class.full_clean(exclude=["image"])
    _store_image(badge_class, image, remove=False)
    badge_class.save()
    badge_class.tags.set(list(tags))
    _rules_replace(badge_class=badge_class, rules=rules)
    logger.info("Badge class %s created by user %s", badge_class.uuid, by.pk)
    return badge_class


@transaction.atomic
def badge_class_update(
    *,
    badge_class: BadgeClass,
    by: User,
    name: str,
    description: str,
    criteria_narrative: str,
    achievement_type: str = AchievementType.BADGE,
    tags: Sequence[str] = (),
    validity_days: int | None = None,
    auto_award: bool = False,
    image: CleanImage | None = None,
    remove_image: bool = False,
    rules: Sequence[RuleSpec] = (),
) -> BadgeClass:
    """Issuer staff change a badge class and replace its rules (its address stays the same)."""
    badge_class = (
        BadgeClass.objects.select_for_update().select_related("issuer").get(pk=badge_class.pk)
    )
    _require_issuer_staff(issuer=badge_class.issuer, user=by)
    _fill(
        badge_class,
        name=name,
        description=description,
        criteria_narrative=criteria_narrative,
        achievement_type=achievement_type,
        validity_days=validity_days,
        auto_award=auto_award,
    )
    badge_class.full_clean(exclude=["image"])
    _store_image(badge_class, image, remove=remove_image)
    badge_class.save()
    badge_class.tags.set(list(tags))
    _rules_replace(badge_class=badge_class, rules=rules)
    return badge_class
