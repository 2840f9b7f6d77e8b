"""Fixtures of the exchange-format tests."""

from __future__ import annotations

import pytest
from django.db import connection

from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    TaggedCompetence,
)
from competences.services.defaults import default_framework_data

# Children first. Published versions refuse Django's delete(): an "empty
# database" is made with plain SQL, inside the test's transaction.
_TABLES = [
    TaggedCompetence,
    CompetenceLevelDescriptor,
    ExternalAlignment,
    Competence,
    Domain,
    ProficiencyLevel,
    FrameworkVersion,
    Framework,
]


def wipe_frameworks() -> None:
    """Delete every framework, as in an empty database."""
    with connection.cursor() as cursor:
        for model in _TABLES:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


@pytest.fixture
def default_version(db):
    return FrameworkVersion.objects.select_related("framework").get(
        uuid=default_framework_data()["version"]["uuid"]
    )
