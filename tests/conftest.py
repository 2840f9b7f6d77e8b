"""Shared fixtures. Personas follow the product brief: Amina (volunteer), Sophie (leader),
Karim (advisor) and the territory steward; plus an outsider with no link to anyone.
``as_persona`` signs the test client in as one of them; ``count_queries`` counts what a page
costs. The community around them (initiatives, contributions, endorsement requests) is in
tests/community/fixtures.py, shared with every app's tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from community.models import Commune
from community.services.territory import communes_read
from competences.models import FrameworkVersion
from competences.rome import RomeData, rome_data
from competences.services.defaults import default_framework_data, default_framework_load
from competences.services.rome import rome_load
from tests.accounts.factories.users import UserFactory
from tests.api.stats import summary as api_stats_summary

# tests.config.s3_server: a real S3 server on loopback (moto), ``s3_server``/``s3_storage``.
pytest_plugins = ["tests.community.fixtures", "tests.config.s3_server"]


def pytest_configure(config: pytest.Config) -> None:
    """The folder where test processes count Schemathesis examples (tests/api/stats.py)."""
    if not hasattr(config, "workerinput"):
        os.environ["JALONS_API_STATS"] = tempfile.mkdtemp(prefix="jalons-api-")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    folder = os.environ.get("JALONS_API_STATS")
    if folder and not hasattr(config, "workerinput"):
        line = api_stats_summary(folder)
        if line:
            terminalreporter.write_line(line)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code under test speaks English unless a request says otherwise.

    Requests activate their own language (French by default) and leave it active
    in the thread; each test starts again from English so that it does not
    depend on which test ran before it on the same worker.
    """
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: LazySettings, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "emails"],
        }
    }
    settings.SITE_URL = "http://testserver"
    # Rate-limit counters start from zero in every test; query counts do not include them.
    # The database cache and Redis are tested as such (tests/config/test_ratelimit*.py).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    cache.clear()


@pytest.fixture
def default_framework(db):
    """The published default framework version (the data migration loads it).

    Tests that flush the database (``transactional_db``, ``live_server``) lose the
    migration's data after they run; this puts it back, idempotently.
    """
    default_framework_load()
    return FrameworkVersion.objects.get(uuid=default_framework_data()["version"]["uuid"])


@pytest.fixture
def rome(db) -> RomeData:
    """The full ROME 4.0 reference data (``manage.py load_rome``'s files), for this test.

    The files are read once per process; inserting them takes about a second on SQLite.
    """
    data = rome_data()
    rome_load(data=data)
    return data


@pytest.fixture(autouse=True)
def _default_framework_after_flush(request: pytest.FixtureRequest) -> None:
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("default_framework")


# Communes of Dijon métropole that the tests use, by INSEE code (``communes`` fixture).
DIJON_METROPOLE = {
    "21231": "Dijon",
    "21166": "Chenôve",
    "21515": "Quetigny",
    "21617": "Talant",
    "21355": "Longvic",
    "21278": "Fontaine-lès-Dijon",
}


@pytest.fixture
def communes(db) -> dict[str, Any]:
    """A handful of Dijon métropole communes, read from the shipped reference data
    (``community/data/communes``), by name: ``communes["Chenôve"].code == "21166"``."""
    rows = [c for c in communes_read(departments=["21"]) if c.code in DIJON_METROPOLE]
    Commune.objects.bulk_create(rows)
    return {commune.name: commune for commune in rows}


@pytest.fixture
def volunteer(db):
    return UserFactory(email="amina@example.org", display_name="Amina")


@pytest.fixture
def leader(db):
    return UserFactory(email="sophie@example.org", display_name="Sophie")


@pytest.fixture
def advisor(db):
    return UserFactory(
        email="karim@example.org",
        display_name="Karim",
        is_advisor=True,
        advisor_organisation="Mission locale",
    )


@pytest.fixture
def steward(db):
    return UserFactory(email="steward@example.org", display_name="Territoire", is_steward=True)


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org", display_name="Outsider")


@pytest.fixture
def staff(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def english(client: Client, request: pytest.FixtureRequest) -> None:
    """Pages in English for this test: the client and the personas it uses."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for persona in ("volunteer", "leader", "advisor", "steward", "outsider", "staff"):
        if persona in request.fixturenames:
            user = request.getfixturevalue(persona)
            user.preferred_language = "en"
            user.save(update_fields=["preferred_language"])


@pytest.fixture
def as_persona(client: Client, request: pytest.FixtureRequest):
    """``as_persona("leader")``: the client signed in as a persona fixture's user (``None``
    stays anonymous). When the test asked for English pages (``english``), the persona reads
    English too."""

    def log_in(persona: str | None) -> Client:
        if persona is not None:
            user = request.getfixturevalue(persona)
            language = client.defaults.get("HTTP_ACCEPT_LANGUAGE")
            if language and user.preferred_language != language:
                user.preferred_language = language
                user.save(update_fields=["preferred_language"])
            client.force_login(user)
        return client

    return log_in


@pytest.fixture
def count_queries():
    """The number of queries a GET makes (it must answer 200)."""

    def count(client: Client, path: str, data=None) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, data).status_code == 200
        return len(queries)

    return count


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def volunteer_client(client: Client, volunteer) -> Client:
    return login(client, volunteer)


@pytest.fixture
def steward_client(client: Client, steward) -> Client:
    return login(client, steward)


def refused(persona: str | None) -> int:
    """What the API answers someone who may not do something: 401 when not signed in (the
    session is the credential), 403 otherwise."""
    return 401 if persona is None else 403
