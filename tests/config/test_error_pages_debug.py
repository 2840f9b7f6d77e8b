"""Under DEBUG (`make run`), a wrong address and a view's 404/500 show the site's own pages,
in French; Django's technical pages only with DJANGO_DEBUG_PAGES=1 (config/errors.py)."""

from __future__ import annotations

import uuid

import pytest
from django.test import RequestFactory

from config.errors import DevelopmentErrorPagesMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.DEBUG_PAGES = False
    return settings


def test_a_wrong_address_shows_the_french_404_in_development(client, debug):
    response = client.get("/this-page-does-not-exist/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Page introuvable" in page and 'lang="fr"' in page
    assert "URLconf" not in page


def test_a_404_raised_by_a_view_shows_the_french_page_too(client, debug):
    response = client.get(f"/badges/awards/{uuid.uuid4()}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]


def test_a_missing_slash_is_still_added(client, debug):
    response = client.get("/verify")
    assert response.status_code == 301 and response["Location"] == "/verify/"


def test_the_api_keeps_its_json_404(client, debug):
    response = client.get("/api/nothing-here/")
    assert response.status_code == 404 and set(response.json()) == {"detail"}


def test_django_debug_pages_shows_the_technical_page_when_asked(client, debug):
    debug.DEBUG_PAGES = True
    response = client.get("/this-page-does-not-exist/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


def test_an_error_in_a_view_shows_the_500_page_and_is_logged(debug, caplog):
    middleware = DevelopmentErrorPagesMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    response = middleware.process_exception(request, RuntimeError("boom"))
    assert response is not None and response.status_code == 500
    assert "boom" in caplog.text


def test_production_is_left_to_django(settings):
    settings.DEBUG = False
    middleware = DevelopmentErrorPagesMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), RuntimeError()) is None
