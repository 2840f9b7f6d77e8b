"""Personas around one initiative: Sophie leads it, Amina is a member, Olivier leads
another one, and the outsider belongs to none."""

from __future__ import annotations

import pytest

from portfolios.models import Role, Sphere
from tests.factories import UserFactory
from tests.portfolios.factories import InitiativeFactory, MembershipFactory


@pytest.fixture
def initiative(leader, volunteer):
    initiative = InitiativeFactory(
        name="Repair Café de Chenôve",
        slug="repair-cafe-de-chenove",
        commune="Chenôve",
        postcode="21300",
        spheres=[Sphere.CONSUME, Sphere.PRODUCE],
        leader=leader,
    )
    MembershipFactory(initiative=initiative, user=volunteer, role=Role.MEMBER)
    return initiative


@pytest.fixture
def other_leader(db):
    return UserFactory(email="olivier@example.org", display_name="Olivier")


@pytest.fixture
def other_initiative(other_leader):
    return InitiativeFactory(
        name="FabLab de Quetigny", slug="fablab-de-quetigny", leader=other_leader
    )


@pytest.fixture
def as_persona(client, request):
    """Log the client in as a persona fixture's user; ``None`` stays anonymous."""

    def log_in(persona: str | None):
        if persona is not None:
            client.force_login(request.getfixturevalue(persona))
        return client

    return log_in


@pytest.fixture
def count_queries():
    """The number of queries a GET makes (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, path: str, data=None) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, data).status_code == 200
        return len(queries)

    return count
