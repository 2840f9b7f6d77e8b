"""Version life cycle: draft copies, publication, retirement, and refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    ProficiencyLevel,
    Status,
)
from competences.selectors.frameworks import version_current, version_draft
from competences.services.content import (
    competence_delete,
    domain_create,
    domain_move,
    domain_update,
    level_delete,
)
from competences.services.versions import (
    framework_create,
    version_create_draft,
    version_delete_draft,
    version_publish,
    version_retire,
    version_suggest_label,
    version_update_draft,
)
from tests.competences.factories.frameworks import FrameworkFactory, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1():
    return published_version(domains=2, competences=2, levels=2)


def test_new_draft_copies_everything_and_links_every_competence(v1, steward):
    draft = version_create_draft(framework=v1.framework, created_by=steward)
    assert draft.status == Status.DRAFT
    assert draft.based_on == v1
    old = {c.code: c for c in Competence.objects.filter(version=v1)}
    new = list(Competence.objects.filter(version=draft).select_related("domain", "replaces"))
    assert {c.code for c in new} == set(old)
    for competence in new:
        assert competence.replaces == old[competence.code]
        assert competence.uuid != old[competence.code].uuid
        assert competence.domain.version_id == draft.pk
        assert set(competence.keywords.names()) == {"écoute", "listening"}
    assert Domain.objects.filter(version=draft).count() == 2
    assert ProficiencyLevel.objects.filter(version=draft).count() == 2
    assert CompetenceLevelDescriptor.objects.filter(competence__version=draft).count() == 4
    assert ExternalAlignment.objects.filter(competence__version=draft).count() == 4


def test_suggested_label_increments_the_latest():
    version = published_version(framework=FrameworkFactory(), domains=1, competences=1)
    version_label = version.label  # factories use 1.<n>
    major, minor = version_label.split(".")
    assert version_suggest_label(framework=version.framework) == f"{major}.{int(minor) + 1}"


def test_only_one_draft_at_a_time(v1):
    version_create_draft(framework=v1.framework, label="2.0")
    with pytest.raises(ValidationError) as error:
        version_create_draft(framework=v1.framework, label="3.0")
    assert error.value.code == "draft_exists"


def test_publishing_retires_the_previous_version(v1, steward):
    draft = version_create_draft(framework=v1.framework, label="2.0")
    published = version_publish(version=draft, published_by=steward)
    v1.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert published.published_at is not None
    assert published.published_by == steward
    assert v1.status == Status.RETIRED
    assert v1.retired_at == published.published_at
    assert version_current(framework=v1.framework) == published


def test_publishing_refuses_an_incomplete_draft_and_lists_every_problem():
    framework = FrameworkFactory()
    draft = framework.versions.create(label="1.0")
    domain_create(version=draft, code="ORG", title_fr="Organiser", title_en="")
    with pytest.raises(ValidationError) as error:
        version_publish(version=draft)
    messages = error.value.messages
    assert any("ORG" in message and "no competence" in message for message in messages)
    assert any("level" in message for message in messages)
    assert any("ORG" in message and "English" in message for message in messages)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_services_refuse_to_change_a_published_version(v1):
    domain = Domain.objects.filter(version=v1)[0]
    competence = Competence.objects.filter(version=v1)[0]
    level = ProficiencyLevel.objects.filter(version=v1)[0]
    attempts = [
        lambda: domain_create(version=v1, code="X", title_fr="x", title_en="x"),
        lambda: domain_update(domain=domain, code="X", title_fr="x", title_en="x"),
        lambda: domain_move(domain=domain, direction="down"),
        lambda: competence_delete(competence=competence),
        lambda: level_delete(level=level),
        lambda: version_update_draft(version=v1, label="9"),
        lambda: version_publish(version=v1),
        lambda: version_delete_draft(version=v1),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "version_locked"
        assert "cannot be changed" in error.value.messages[0]


def test_retire_only_the_published_version(v1):
    retired = version_retire(version=v1)
    assert retired.status == Status.RETIRED
    assert retired.retired_at is not None
    with pytest.raises(ValidationError):
        version_retire(version=retired)


def test_retired_version_stays_readable_and_draft_copies_from_it(v1):
    version_retire(version=v1)
    draft = version_create_draft(framework=v1.framework)
    assert draft.based_on_id == v1.pk
    assert Competence.objects.filter(version=draft, replaces__version=v1).count() == 4


def test_framework_create_starts_an_empty_draft(steward):
    framework = framework_create(
        slug="numerique",
        name_fr="Numérique",
        name_en="Digital",
        publisher="Territoire",
        languages=["fr"],
        created_by=steward,
    )
    draft = version_draft(framework=framework)
    assert draft is not None
    assert draft.label == "1.0"
    assert draft.created_by == steward
