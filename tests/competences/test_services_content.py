"""Editing a draft: create, update, delete, reorder, level texts, alignments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from competences.models import Competence, CompetenceLevelDescriptor, Domain, ProficiencyLevel
from competences.services.content import (
    alignment_create,
    alignment_delete,
    alignment_update,
    competence_create,
    competence_move,
    competence_set_level_texts,
    competence_update,
    domain_create,
    domain_move,
    level_delete,
)
from competences.services.versions import version_create_draft
from tests.competences.factories.frameworks import draft_with_content, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return draft_with_content(domains=2, competences=3, levels=3)


def test_domain_create_goes_last_and_reports_duplicate_codes(draft):
    domain = domain_create(version=draft, code="NEW", title_fr="Nouveau", title_en="New")
    assert list(Domain.objects.filter(version=draft))[-1] == domain
    with pytest.raises(ValidationError) as error:
        domain_create(version=draft, code="NEW", title_fr="Encore", title_en="Again")
    assert "code" in error.value.message_dict or error.value.messages


def test_move_up_and_down_renumbers(draft):
    first, second = Domain.objects.filter(version=draft)
    domain_move(domain=second, direction="up")
    assert list(Domain.objects.filter(version=draft)) == [second, first]
    domain_move(domain=second, direction="up")  # already first: no change
    assert list(Domain.objects.filter(version=draft).values_list("order", flat=True)) == [1, 2]
    competences = list(Competence.objects.filter(domain=first))
    competence_move(competence=competences[0], direction="down")
    assert list(Competence.objects.filter(domain=first))[1] == competences[0]


def test_competence_create_with_keywords_and_move_to_another_domain(draft):
    first, second = Domain.objects.filter(version=draft)
    competence = competence_create(
        domain=first,
        code="D1.9",
        title_fr="Médiation",
        title_en="Mediation",
        keywords=["médiation", " mediation ", ""],
    )
    assert sorted(competence.keywords.names()) == ["mediation", "médiation"]
    competence_update(
        competence=competence,
        domain=second,
        code="D2.9",
        title_fr="Médiation",
        title_en="Mediation",
        keywords=["médiation"],
    )
    competence.refresh_from_db()
    assert competence.domain == second
    assert list(Competence.objects.filter(domain=second))[-1] == competence
    assert list(competence.keywords.names()) == ["médiation"]


def test_replaces_must_point_to_an_earlier_version():
    v1 = published_version(domains=1, competences=1, levels=1)
    draft = version_create_draft(framework=v1.framework)
    domain = Domain.objects.get(version=draft)
    copy = Competence.objects.get(version=draft)
    with pytest.raises(ValidationError) as error:
        competence_create(domain=domain, code="Z", title_fr="z", title_en="z", replaces=copy)
    assert "replaces" in error.value.message_dict


def test_level_texts_are_set_updated_and_cleared(draft):
    competence = Competence.objects.filter(version=draft)[0]
    competence_set_level_texts(
        competence=competence, texts={1: ("", ""), 2: ("Fait seul", "Alone"), 3: ("", "")}
    )
    texts = {
        item.level.number: item.descriptor_fr
        for item in CompetenceLevelDescriptor.objects.filter(competence=competence)
    }
    assert texts == {2: "Fait seul"}


def test_deleting_a_level_renumbers_the_levels_above(draft):
    levels = list(ProficiencyLevel.objects.filter(version=draft))
    level_delete(level=levels[0])
    assert list(
        ProficiencyLevel.objects.filter(version=draft).values_list("number", flat=True)
    ) == [1, 2]


def test_alignment_create_update_delete(draft):
    competence = Competence.objects.filter(version=draft)[0]
    alignment = alignment_create(
        competence=competence,
        target_url="http://data.europa.eu/esco/skill/5b46f572-7ced-4efd-b270-a81a164d521c",
        target_framework="ESCO v1.1.1",
        label_fr="modérer des discussions",
        label_en="moderate a discussion",
        relation="exact",
    )
    alignment_update(
        alignment=alignment,
        target_url=alignment.target_url,
        target_framework="ESCO v1.1.1",
        label_fr="modérer des discussions",
        label_en="moderate a discussion",
        relation="related",
    )
    alignment.refresh_from_db()
    assert alignment.relation == "related"
    alignment_delete(alignment=alignment)
    assert not competence.alignments.filter(pk=alignment.pk).exists()
