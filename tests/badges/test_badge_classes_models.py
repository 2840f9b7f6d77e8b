"""Badge classes and rules: constraints of the models, and the services that write them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from badges.images import issuer_image_clean
from badges.models import AchievementType, BadgeClass, BadgeRule
from badges.services.badge_classes import RuleSpec, badge_class_create, badge_class_update
from competences.models import Competence, FrameworkVersion
from competences.models.base import Status
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import IssuerFactory, image_upload, svg_upload
from tests.community.factories.initiatives import InitiativeFactory


@pytest.fixture
def sophie(db):
    return UserFactory(email="sophie@example.org")


@pytest.fixture
def issuer(sophie):
    return IssuerFactory(initiative=InitiativeFactory(leader=sophie))


@pytest.fixture
def comps(default_framework):
    return competences(default_framework, 3)


def create(issuer, by, **kwargs):
    values = {
        "name": "Animer un atelier",
        "description": "Anime un atelier de réparation.",
        "criteria_narrative": "Trois ateliers animés.",
    }
    values.update(kwargs)
    return badge_class_create(issuer=issuer, by=by, **values)


# --- Models ---------------------------------------------------------------------------


def test_slug_is_unique_per_issuer(issuer):
    badge_class_add(issuer, slug="atelier")
    badge_class_add(IssuerFactory(), slug="atelier")
    with pytest.raises(IntegrityError), transaction.atomic():
        badge_class_add(issuer, slug="atelier")


def test_validity_is_positive(issuer):
    with pytest.raises(IntegrityError), transaction.atomic():
        badge_class_add(issuer, validity_days=0)


@pytest.mark.parametrize(
    ("values", "ok"),
    [
        ({"min_level": 2, "min_endorsers": 2, "min_leaders": 2}, True),
        ({"min_level": 0, "min_endorsers": 1, "min_leaders": 0}, False),
        ({"min_level": 11, "min_endorsers": 1, "min_leaders": 0}, False),
        ({"min_level": 2, "min_endorsers": 0, "min_leaders": 0}, False),
        ({"min_level": 2, "min_endorsers": 1, "min_leaders": 2}, False),
    ],
)
def test_rule_constraints(issuer, comps, values, ok):
    badge = badge_class_add(issuer)
    if ok:
        BadgeRule.objects.create(badge_class=badge, competence=comps[0], **values)
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            BadgeRule.objects.create(badge_class=badge, competence=comps[0], **values)


def test_one_rule_per_competence(issuer, comps):
    badge = badge_class_add(issuer)
    BadgeRule.objects.create(badge_class=badge, competence=comps[0], min_level=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BadgeRule.objects.create(badge_class=badge, competence=comps[0], min_level=2)


def test_public_identifier(issuer):
    badge = badge_class_add(issuer)
    assert badge.id_url == f"http://testserver/badges/classes/{badge.uuid}"
    assert badge.achievement_type == AchievementType.BADGE


def test_achievement_types_are_the_ob3_vocabulary():
    assert {"Achievement", "Badge", "Competency", "MicroCredential"} <= set(AchievementType.values)
    assert len(AchievementType.values) == 31


# --- Services -------------------------------------------------------------------------


def test_create_with_rules_tags_and_image(issuer, sophie, comps):
    badge = create(
        issuer,
        sophie,
        achievement_type=AchievementType.COMPETENCY,
        tags=["réparation", "accueil"],
        validity_days=365,
        auto_award=True,
        image=issuer_image_clean(image_upload()),
        rules=[RuleSpec(competence=comps[0], min_level=2, min_endorsers=2, min_leaders=1)],
    )
    assert badge.slug == "animer-un-atelier"
    assert badge.created_by == sophie
    assert badge.image.name.endswith(".png")
    assert sorted(tag.name for tag in badge.tags.all()) == ["accueil", "réparation"]
    [rule] = badge.rules.all()
    assert (rule.competence, rule.min_level, rule.min_endorsers, rule.min_leaders) == (
        comps[0],
        2,
        2,
        1,
    )


def test_slugs_do_not_collide(issuer, sophie):
    assert create(issuer, sophie).slug == "animer-un-atelier"
    assert create(issuer, sophie).slug == "animer-un-atelier-2"


def test_only_issuer_staff_write(issuer, sophie):
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        create(issuer, other)
    badge = create(issuer, sophie)
    with pytest.raises(PermissionDenied):
        badge_class_update(
            badge_class=badge, by=other, name="x", description="x", criteria_narrative="x"
        )
    assert not BadgeClass.objects.filter(name="x").exists()


def test_update_replaces_rules(issuer, sophie, comps):
    badge = create(issuer, sophie, rules=[RuleSpec(competence=comps[0], min_level=2)])
    badge_class_update(
        badge_class=badge,
        by=sophie,
        name="Animer",
        description="Anime.",
        criteria_narrative="Deux ateliers.",
        rules=[RuleSpec(competence=comps[1], min_level=3), RuleSpec(comps[2], min_level=1)],
    )
    badge.refresh_from_db()
    assert badge.name == "Animer"
    assert badge.slug == "animer-un-atelier"
    assert [rule.competence for rule in badge.rules.order_by("pk")] == [comps[1], comps[2]]


def test_rules_name_published_competences_once(issuer, sophie, comps, default_framework):
    with pytest.raises(ValidationError):
        create(
            issuer,
            sophie,
            rules=[RuleSpec(comps[0], min_level=1), RuleSpec(comps[0], min_level=2)],
        )
    draft = FrameworkVersion.objects.create(
        framework=default_framework.framework, label="9.9", status=Status.DRAFT
    )
    domain = comps[0].domain.__class__.objects.create(version=draft, code="X", title_fr="X")
    drafted = Competence.objects.create(version=draft, domain=domain, code="X.1", title_fr="X")
    with pytest.raises(ValidationError):
        create(issuer, sophie, rules=[RuleSpec(drafted, min_level=1)])
    with pytest.raises(ValidationError):
        create(
            issuer,
            sophie,
            rules=[RuleSpec(comps[0], min_level=1, min_endorsers=1, min_leaders=2)],
        )
    assert not BadgeClass.objects.exists()


def test_svg_images_are_refused():
    with pytest.raises(ValidationError):
        issuer_image_clean(svg_upload())
