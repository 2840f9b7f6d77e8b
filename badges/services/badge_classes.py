"""Writes on badge classes and their rules.

Keyword-only, typed, atomic; models are checked with ``full_clean()``. Only
the issuer's staff may write (``PermissionDenied`` otherwise). A rule names a
competence of a *published* framework version. Saving a badge class replaces
its rules with the given ones.

Rules may change after badges were awarded: the credentials already issued are signed
and never change (they keep the criteria they were issued under); the badge class
records when its rules last changed (``rules_changed_at``), which its page shows.
Images are ``badges.images.BadgeImage`` (a PNG, and the sanitised SVG it came from).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from badges.images import BadgeImage
from badges.models import AchievementType, BadgeClass, BadgeRule, Issuer
from badges.selectors.badge_classes import badge_class_slug_taken
from badges.selectors.issuers import user_is_issuer_staff
from badges.tasks import badge_class_proposals_refresh_on_commit
from competences.api import Competence, Status
from config.images import CleanImage, file_replace

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
    # Partner organisations endorse badge classes; they do not make their own.
    if issuer.is_organisation or not user_is_issuer_staff(issuer=issuer, user=user):
        raise PermissionDenied


def _unique_slug(*, issuer: Issuer, name: str) -> str:
    base = slugify(name)[: SLUG_MAX_LENGTH - 4].strip("-") or "badge"
    slug, number = base, 2
    while badge_class_slug_taken(issuer=issuer, slug=slug):
        slug = f"{base}-{number}"
        number += 1
    return slug


def _store_image(
    badge_class: BadgeClass, image: BadgeImage | CleanImage | None, *, remove: bool
) -> None:
    """Store the new PNG (and SVG, when the upload was one); delete the old files on commit."""
    if image is not None:
        badge = image if isinstance(image, BadgeImage) else BadgeImage(png=image)
        svg = (
            ContentFile(badge.svg, name=f"{uuid.uuid4().hex}.svg")
            if badge.svg is not None
            else None
        )
        file_replace(badge_class.image, badge.png.as_file(), remove=False)
        file_replace(badge_class.image_svg, svg, remove=True)
    elif remove:
        file_replace(badge_class.image, None, remove=True)
        file_replace(badge_class.image_svg, None, remove=True)


def _rule_key(rule: BadgeRule | RuleSpec) -> tuple[int, int, int, int]:
    competence_id = rule.competence_id if isinstance(rule, BadgeRule) else rule.competence.pk
    return (competence_id, rule.min_level, rule.min_endorsers, rule.min_leaders)


def _rules_replace(*, badge_class: BadgeClass, rules: Sequence[RuleSpec]) -> bool:
    """Replace the rules; ``True`` when they differ from the previous ones."""
    previous = {_rule_key(rule) for rule in BadgeRule.objects.filter(badge_class=badge_class)}
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
    badge_class_proposals_refresh_on_commit(badge_class.pk)  # who meets the rules now
    return previous != {_rule_key(rule) for rule in new_rules}


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
    image: BadgeImage | CleanImage | None = None,
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
    image: BadgeImage | CleanImage | None = None,
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
    if _rules_replace(badge_class=badge_class, rules=rules):
        badge_class.rules_changed_at = timezone.now()
        badge_class.save(update_fields=["rules_changed_at"])
        logger.info("Rules of badge class %s changed by user %s", badge_class.uuid, by.pk)
    return badge_class
