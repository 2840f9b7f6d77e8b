"""#15: the territorial indicators are never computed inside a web request.

A background task (``community.tasks.indicators_publish_task``) or ``manage.py
indicators_publish`` computes a year and stores it (``IndicatorPublication``); pages, files
and the API read the stored figures. A year not computed yet: the pages say so, the files and
the API answer 503 with ``Retry-After``, and one computation is queued, whoever asks.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from community.indicators.registry import indicator_sources
from community.indicators.stored import publication_from_payload, publication_payload
from community.models import IndicatorPublication, PublicationState
from community.selectors import indicators as indicator_selectors
from community.selectors.indicators import indicator_publication, publication_compute
from community.services import indicators as indicator_services
from community.services.indicators import publication_refresh, publication_request
from community.tasks import indicators_publish_task
from config.runs import runs_resume_stale
from tests.community.indicator_data import YEAR, territory_activity

pytestmark = pytest.mark.django_db

FILES = ("community:indicators_csv", "community:indicators_json", "community_api:indicators")


@pytest.fixture
def computations(monkeypatch):
    """Counts the computations (they still run)."""
    calls: list[int] = []
    real = indicator_selectors.publication_compute

    def counted(year: int):
        calls.append(year)
        return real(year)

    monkeypatch.setattr(indicator_services, "publication_compute", counted)
    return calls


@pytest.fixture
def no_computation(monkeypatch):
    """Any computation fails the test (inside a request, it must never happen)."""

    def forbidden(year: int):
        raise AssertionError(f"the figures of {year} were computed inside a request")

    monkeypatch.setattr(indicator_services, "publication_compute", forbidden)
    monkeypatch.setattr(indicator_selectors, "publication_compute", forbidden)


@pytest.fixture
def unpublished(default_framework):
    return territory_activity(version=default_framework, impact_public=True, publish=False)


@pytest.fixture
def published(default_framework):
    return territory_activity(version=default_framework, impact_public=True)


def _impact(territory) -> str:
    return reverse("community:initiative_impact", kwargs={"slug": territory.chenove.slug})


def test_without_stored_figures_the_pages_say_they_are_being_prepared(
    client, unpublished, no_computation, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        for path in (reverse("community:indicators"), _impact(unpublished)):
            page = client.get(path)
            assert page.status_code == 200
            html = page.content.decode()
            assert "are being prepared" in html and 'role="status"' in html
            assert "fewer than 5" not in html
    # One computation queued for the year, however many pages asked.
    assert len(queued) == 1
    row = IndicatorPublication.objects.get()
    assert (row.year, row.state, row.payload) == (YEAR, PublicationState.QUEUED, None)


@pytest.mark.parametrize("name", FILES)
def test_without_stored_figures_the_files_and_the_api_answer_503(
    client, unpublished, no_computation, name
):
    for query in ({}, {"year": YEAR}):
        response = client.get(reverse(name), query)
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert response["Cache-Control"] == "private, no-store"
    assert IndicatorPublication.objects.filter(year=YEAR, state=PublicationState.QUEUED).exists()


def test_with_stored_figures_no_request_computes(client, published, no_computation, english):
    page = client.get(reverse("community:indicators"), {"year": YEAR})
    assert page.status_code == 200 and "fewer than 5" in page.content.decode()
    assert "fewer than 5" in client.get(_impact(published)).content.decode()
    for name in FILES:
        assert client.get(reverse(name)).status_code == 200


def test_two_requests_at_once_queue_one_computation(
    client, unpublished, computations, django_capture_on_commit_callbacks
):
    # Both requests come before the task runs: the second finds the year already queued.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert client.get(reverse("community:indicators_json")).status_code == 503
        assert client.get(reverse("community:indicators")).status_code == 200
        assert publication_request(year=YEAR) is False
    assert len(queued) == 1
    for callback in queued:  # the transaction commits: the task runs (immediate backend)
        callback()
    assert computations == [YEAR]
    row = IndicatorPublication.objects.get()
    assert row.state == PublicationState.DONE and row.payload is not None
    assert client.get(reverse("community:indicators_json")).status_code == 200
    assert computations == [YEAR]  # reading does not compute again


def test_the_task_stores_the_figures_and_replaces_them(default_framework, computations):
    territory_activity(version=default_framework, seed=1, publish=False)
    assert indicators_publish_task.call(YEAR) == "done"
    first = IndicatorPublication.objects.get(year=YEAR)
    publication = indicator_publication(YEAR)
    assert publication is not None
    assert publication.figures == publication_compute(YEAR).figures
    volunteers = publication.figure("volunteers", "territory", "", 0)
    assert volunteers is not None and isinstance(volunteers.value, int)
    # Nothing changed: the same figures, no new payload written.
    again = publication_refresh(year=YEAR)
    assert (again.status, again.changed, again.fingerprint) == ("done", False, first.fingerprint)
    # New contributions: the row is replaced, still one per year.
    territory_activity(version=default_framework, seed=2, publish=False)
    assert indicators_publish_task.call(YEAR) == "done"
    assert IndicatorPublication.objects.count() == 1
    second = IndicatorPublication.objects.get(year=YEAR)
    assert second.fingerprint != first.fingerprint and second.computed_at > first.computed_at
    replaced = indicator_publication(YEAR)
    assert replaced is not None
    more = replaced.figure("volunteers", "territory", "", 0)
    assert more is not None and isinstance(more.value, int) and more.value > volunteers.value
    assert len(computations) == 3


def test_a_busy_year_is_not_computed_twice(unpublished, computations):
    row = IndicatorPublication.objects.create(
        year=YEAR,
        state=PublicationState.RUNNING,
        lease_owner="another-worker",
        lease_expires_at=timezone.now() + timedelta(minutes=1),
    )
    assert publication_refresh(year=YEAR).status == "busy"
    assert publication_request(year=YEAR) is False
    assert computations == []
    # That worker died: once its lease expires, the run is queued again and computed once.
    IndicatorPublication.objects.filter(pk=row.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert runs_resume_stale() == 1
    row.refresh_from_db()
    assert row.was_resumed


def test_a_resumed_run_computes_once(unpublished, computations, django_capture_on_commit_callbacks):
    IndicatorPublication.objects.create(
        year=YEAR,
        state=PublicationState.RUNNING,
        lease_owner="a-dead-worker",
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert runs_resume_stale() == 1
        assert runs_resume_stale() == 0
    assert computations == [YEAR]
    assert IndicatorPublication.objects.get().state == PublicationState.DONE


def test_figures_stored_with_another_threshold_are_not_shown(
    client, published, settings, no_computation, english, django_capture_on_commit_callbacks
):
    settings.INDICATORS_MIN_COUNT = 10
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert "are being prepared" in client.get(reverse("community:indicators")).content.decode()
    assert len(queued) == 1


def test_a_stored_publication_reads_back_the_same(published):
    publication = publication_compute(YEAR)
    indicators = {source.indicator.key: source.indicator for source in indicator_sources()}
    again = publication_from_payload(publication_payload(publication), indicators)
    assert again.figures == publication.figures
    assert again.places == publication.places
    assert again.indicators == publication.indicators
    hours = again.figure("hours", "territory", "", 0)
    assert hours is not None and isinstance(hours.value, Decimal)
