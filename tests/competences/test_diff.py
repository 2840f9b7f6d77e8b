"""Comparing versions, following ``replaces`` through intermediate versions."""

from __future__ import annotations

import pytest

from competences.models import Competence, Domain
from competences.selectors.diff import version_diff
from competences.services.content import competence_create, competence_delete, competence_update
from competences.services.versions import version_create_draft, version_publish
from tests.competences.factories.frameworks import published_version

pytestmark = pytest.mark.django_db


def _edit(competence: Competence, **changes: object) -> None:
    values = {
        "domain": competence.domain,
        "code": competence.code,
        "title_fr": competence.title_fr,
        "title_en": competence.title_en,
        "description_fr": competence.description_fr,
        "description_en": competence.description_en,
        "keywords": list(competence.keywords.names()),
        "replaces": competence.replaces,
    }
    values.update(changes)
    competence_update(competence=competence, **values)


def test_diff_reports_added_removed_changed_across_versions():
    v1 = published_version(domains=1, competences=3, levels=1)
    draft = version_create_draft(framework=v1.framework, label="2.0")
    first, second, third = Competence.objects.filter(version=draft)
    _edit(first, code="D1.1b", title_en="Renamed")
    competence_delete(competence=second)
    v2 = version_publish(version=draft)
    draft = version_create_draft(framework=v1.framework, label="3.0")
    competence_create(
        domain=Domain.objects.get(version=draft), code="NEW", title_fr="n", title_en="n"
    )
    v3 = version_publish(version=draft)

    diff = version_diff(old=v3, new=v1)  # swapped to v1 → v3
    assert diff.old == v1
    assert [c.code for c in diff.added] == ["NEW"]
    assert [c.code for c in diff.removed] == ["D1.2"]
    assert [(c.old.code, c.new.code) for c in diff.changed] == [("D1.1", "D1.1b")]
    assert {str(label) for label in diff.changed[0].changes} == {"code", "title in English"}
    assert [c.new.code for c in diff.unchanged] == [third.code]
    assert not diff.levels

    assert version_diff(old=v2, new=v3).removed == []
