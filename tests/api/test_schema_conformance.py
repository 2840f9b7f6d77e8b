"""The API does what its OpenAPI schema says (acceptance 6 of #11).

Schemathesis generates requests for every operation of the schema that ``/api/schema/``
serves (``test_the_served_schema_is_this_one``) — valid ones, and invalid ones that the API
must refuse — signed in as a volunteer and as an initiative leader, a fixed number of
examples per operation and phase (``SCHEMATHESIS_EXAMPLES``, 10 by default; the same ones on
every run unless ``SCHEMATHESIS_RANDOM=1``). Each answer must not be a
server error, must have a documented status code, content type and headers, and a body that
follows the documented schema; a request the schema forbids must be refused.

Two checks are left to deterministic tests here rather than to random data:
``positive_data_acceptance`` (business rules — an initiative that exists, a date after
another — refuse more than a schema can say; those refusals are documented 400s) and
``ignored_auth`` (the session cookie is added by the test; ``test_security_is_declared_
truthfully`` calls every operation anonymously instead). The terminal summary prints how many
operations and examples ran (``tests/api/stats.py``, hooked in ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import os
import string

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from django.utils.crypto import get_random_string
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.stats import record_example
from tests.community.indicator_data import indicators_publish

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
# The same requests on every run (CI must be reproducible); SCHEMATHESIS_RANDOM=1 explores.
DERANDOMIZE = os.environ.get("SCHEMATHESIS_RANDOM", "") != "1"
METHODS = ("get", "post", "put", "patch", "delete")


def _document() -> dict:
    """The schema, generated as /api/schema/ generates it."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = WSGIHandler()
# The session of the persona the running test signed in (set by ``_check``).
SESSION: dict[str, dict[str, str]] = {}


@schema.auth(refresh_interval=None)
class SessionAuth:
    """Schemathesis adds the signed-in session itself, so that it knows the requests are
    authenticated (and its negative cases never stand for a missing or broken cookie)."""

    def get(self, case, ctx):
        return SESSION or None

    def set(self, case, data, ctx):
        case.cookies = {**(case.cookies or {}), **data["cookies"]}
        case.headers = {**(case.headers or {}), **data["headers"]}


BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=DERANDOMIZE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def _sign_in(client, user, settings) -> None:
    """Sign ``user`` in and hand the session to the auth provider, before cases are made."""
    settings.RATE_LIMITS = {key: "1000000/h" for key in settings.RATE_LIMITS}
    # The territorial indicators are computed in the background (#15): store them first, as
    # the timer does, or their API rightly answers 503 "being prepared".
    indicators_publish()
    client.force_login(user)
    token = get_random_string(32, string.ascii_letters + string.digits)
    SESSION.update(
        cookies={"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        headers={"X-CSRFToken": token},
    )


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The requests run inside the test's transaction: Django must not close the connection
    at the start and end of each one, as it does for a real server (its test client
    disconnects the same handlers; without this, PostgreSQL loses the test's data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def as_volunteer(client, volunteer, claimed_contribution, settings) -> str:
    _sign_in(client, volunteer, settings)
    return "volunteer"


@pytest.fixture
def as_leader(client, leader, claimed_contribution, settings) -> str:
    _sign_in(client, leader, settings)
    return "leader"


@schema.parametrize()
@BOUNDED
@pytest.mark.django_db
def test_as_a_volunteer(case, as_volunteer):
    record_example(as_volunteer, case.operation.label)
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
@pytest.mark.django_db
def test_as_a_leader(case, as_leader):
    record_example(as_leader, case.operation.label)
    case.call_and_validate(checks=CHECKS)


# --- The schema itself -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_served_schema_is_this_one(client):
    served = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert served.status_code == 200
    assert served.json() == DOCUMENT


def _operations() -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in DOCUMENT["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_operation_documents_its_errors_with_the_shared_shape():
    error = {"$ref": "#/components/schemas/Error"}
    validation = {"$ref": "#/components/schemas/ValidationErrors"}
    for path, method, operation in _operations():
        responses = operation["responses"]
        assert "429" in responses, (method, path)
        assert "Retry-After" in responses["429"]["headers"]
        for code, response in responses.items():
            if code.startswith("4"):
                body = response["content"]["application/json"]["schema"]
                assert body == (validation if code == "400" else error), (method, path, code)
        public = {} in operation.get("security", [])
        assert ("401" in responses) is not public, (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
    codes = {code for _path, _method, operation in _operations() for code in operation["responses"]}
    assert {"400", "401", "403", "404", "409", "429"} <= codes


@pytest.mark.django_db
def test_security_is_declared_truthfully(client, claimed_contribution, settings):
    """Every operation that says it needs a session answers 401 without one; every operation
    open to anonymous visitors never does."""
    settings.RATE_LIMITS = {key: "1000000/h" for key in settings.RATE_LIMITS}
    checked = 0
    for path, method, operation in _operations():
        url = path
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                kind = parameter["schema"].get("format") or parameter["schema"].get("type")
                sample = {"uuid": "3b241101-e2bb-4255-8caf-4136c566a962", "integer": "7"}
                url = url.replace("{" + parameter["name"] + "}", sample.get(kind, "a-slug"))
        response = getattr(client, method)(url, {}, content_type="application/json")
        public = {} in operation.get("security", [])
        if public:
            assert response.status_code != 401, (method, path)
        else:
            assert response.status_code == 401, (method, path, response.status_code)
            assert response["WWW-Authenticate"] == 'Session realm="Jalons"'
            assert response.json()["detail"]
        checked += 1
    assert checked == len(_operations()) > 100
