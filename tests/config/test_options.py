"""``OPTIONS`` answers every API endpoint, for anyone: what it accepts, never a server error.

DRF describes a write's fields by asking the view for an object and a serializer; views that
look their objects up through selectors, or take no body, have neither, and two endpoints
answered 500 (``config.rest_metadata.Metadata``).
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from portfolios.services.portfolios import portfolio_create

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _api_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    routes = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _api_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            routes.append(route)
    return routes


@pytest.fixture
def paths(initiative, volunteer) -> list[str]:
    """Every API route, with an existing initiative and one of Amina's portfolios in it."""
    portfolio = portfolio_create(owner=volunteer, title="Mon portfolio")
    values = {"slug": initiative.slug, "uuid": str(portfolio.uuid), "int": "1", "str": "x"}
    return [
        "/" + PARAMETER.sub(lambda m: values[m.group("converter") or "str"], route)
        for route in _api_routes()
    ]


def test_there_are_many_api_routes(paths):
    assert len(paths) > 60


@pytest.mark.parametrize("persona", [None, "volunteer", "leader", "outsider"])
def test_options_never_fails(as_persona, persona, paths):
    failed = []
    for path in paths:
        response = as_persona(persona).options(path)
        if response.status_code >= 500:
            failed.append(f"{path}: {response.status_code}")
    assert failed == []


def test_options_describes_the_two_endpoints_that_failed(as_persona, initiative, volunteer):
    portfolio = portfolio_create(owner=volunteer, title="Mon portfolio")
    client = as_persona("volunteer")
    leave = client.options(f"/api/v1/initiatives/{initiative.slug}/leave/")
    assert leave.status_code == 200
    assert "POST" in leave["Allow"]
    items = client.options(f"/api/v1/portfolios/{portfolio.uuid}/items/")
    assert items.status_code == 200
    assert "PUT" in items["Allow"]
    assert items.json()["name"] == "Portfolio Items"
