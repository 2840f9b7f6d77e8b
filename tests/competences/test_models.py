"""Model-level rules: bilingual texts, constraints, and the immutability guards."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    FrameworkVersion,
    Status,
    TaggedCompetence,
)
from tests.competences.factories.frameworks import (
    CompetenceFactory,
    DomainFactory,
    FrameworkFactory,
    FrameworkVersionFactory,
    published_version,
)

pytestmark = pytest.mark.django_db


def test_bilingual_property_follows_the_active_language_and_falls_back():
    competence = CompetenceFactory.build(title_fr="Animer", title_en="Lead")
    with translation.override("en"):
        assert competence.title == "Lead"
    with translation.override("fr"):
        assert competence.title == "Animer"
    competence.title_en = ""
    with translation.override("en"):
        assert competence.title == "Animer"


def test_a_title_is_required_in_at_least_one_language():
    domain = DomainFactory.build(version=FrameworkVersionFactory(), title_fr="", title_en="")
    with pytest.raises(ValidationError) as error:
        domain.full_clean()
    assert "title_fr" in error.value.message_dict


def test_one_draft_per_framework():
    draft = FrameworkVersionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkVersionFactory(framework=draft.framework)


def test_competence_codes_are_unique_within_a_version():
    competence = CompetenceFactory.create(code="ORG.1")
    duplicate = Competence(
        version=competence.version, domain=competence.domain, code="ORG.1", title_fr="x"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Another competence of this version has this code." in str(error.value)


def test_reserved_slugs_are_refused():
    framework = FrameworkFactory.build(slug="new")
    with pytest.raises(ValidationError):
        framework.full_clean()


@pytest.fixture
def published():
    return published_version(domains=1, competences=1, levels=1)


def test_published_version_content_cannot_be_saved(published):
    competence = Competence.objects.get(version=published)
    competence.title_fr = "Autre chose"
    with pytest.raises(ValidationError) as error:
        competence.save()
    assert error.value.code == "version_locked"
    with pytest.raises(ValidationError):
        competence.full_clean()


def test_published_version_content_cannot_be_deleted_or_added(published):
    domain = Domain.objects.get(version=published)
    with pytest.raises(ValidationError):
        domain.delete()
    with pytest.raises(ValidationError):
        Domain.objects.create(version=published, code="NEW", title_fr="Nouveau")
    alignment = ExternalAlignment.objects.get(competence__version=published)
    with pytest.raises(ValidationError):
        alignment.delete()
    descriptor = CompetenceLevelDescriptor.objects.get(competence__version=published)
    descriptor.descriptor_fr = "changé"
    with pytest.raises(ValidationError):
        descriptor.save()


def test_bulk_changes_on_published_content_are_refused(published):
    with pytest.raises(ValidationError):
        Competence.objects.filter(version=published).update(title_fr="x")
    with pytest.raises(ValidationError):
        ExternalAlignment.objects.filter(competence__version=published).delete()
    with pytest.raises(ValidationError):
        FrameworkVersion.objects.filter(pk=published.pk).delete()


def test_keywords_of_published_competences_are_frozen(published):
    competence = Competence.objects.get(version=published)
    with pytest.raises(ValidationError):
        competence.keywords.add("nouveau")
    with pytest.raises(ValidationError):
        competence.keywords.clear()
    assert TaggedCompetence.objects.filter(content_object=competence).count() == 2


def test_published_version_fields_are_frozen_but_it_can_be_retired(published):
    version = FrameworkVersion.objects.get(pk=published.pk)
    version.label = "9.9"
    with pytest.raises(ValidationError):
        version.save()
    version = FrameworkVersion.objects.get(pk=published.pk)
    version.status = Status.DRAFT
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()
    with pytest.raises(ValidationError):
        published.framework.delete()


def test_a_draft_cannot_be_retired_directly():
    draft = FrameworkVersionFactory()
    draft.status = Status.RETIRED
    with pytest.raises(ValidationError):
        draft.save()


def test_a_draft_can_be_deleted_with_its_content():
    competence = CompetenceFactory()
    competence.version.delete()
    assert not Competence.objects.filter(pk=competence.pk).exists()
