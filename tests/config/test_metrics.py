"""Metrics (config/metrics.py): a token guards /metrics; awards issued, the task queue and the
request latency are there."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from prometheus_client import REGISTRY

from accounts.tasks import send_email
from badges.services.awards import award_issue
from config.metrics import award_issued, metrics_exposition
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import TerritoryIssuerFactory, signing_key_add
from tests.badges.factories.ob2 import setting

pytestmark = pytest.mark.django_db

TOKEN = "t" * 40
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "emails"]}
}


def _issued(kind: str) -> float:
    return REGISTRY.get_sample_value("jalons_awards_issued_total", {"issuer_kind": kind}) or 0.0


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def test_metrics_do_not_exist_without_a_token(client: Client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN]
)
def test_metrics_are_refused_without_the_right_token(client: Client, token, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = client.get("/metrics", **headers)
    assert response.status_code == 403
    assert b"jalons_" not in response.content


def test_metrics_with_the_token(client: Client, token):
    client.get("/developers/")
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    for kind in ("initiative", "territory", "organisation"):
        assert f'jalons_awards_issued_total{{issuer_kind="{kind}"}}' in text
    assert (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="developers"}'
        in text
    )


def test_metrics_answer_any_host(client: Client, token):
    """Prometheus scrapes a node by its address, which is not among ALLOWED_HOSTS."""
    response = client.get(
        "/metrics", HTTP_HOST="10.0.0.11:8000", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    assert response.status_code == 200


def _award_rolled_back(s) -> None:
    try:
        with transaction.atomic():
            award_issue(badge_class=s.badge, email="zoe@example.org")
            raise RuntimeError("the bulk row failed")
    except RuntimeError:
        pass


def test_an_award_issued_is_counted_once_committed(django_capture_on_commit_callbacks):
    s = setting()
    before = _issued("initiative")
    with django_capture_on_commit_callbacks(execute=True):
        award_issue(badge_class=s.badge, email="lea@example.org")
    assert _issued("initiative") == before + 1

    # Rolled back: not issued, not counted.
    with django_capture_on_commit_callbacks(execute=True):
        _award_rolled_back(s)
    assert _issued("initiative") == before + 1


def test_the_territory_awards_are_counted_apart(django_capture_on_commit_callbacks):
    issuer = TerritoryIssuerFactory()
    signing_key_add(issuer)
    badge = badge_class_add(issuer)
    before = _issued("territory"), _issued("initiative")
    with django_capture_on_commit_callbacks(execute=True):
        award_issue(badge_class=badge, email="lea@example.org")
    assert (_issued("territory"), _issued("initiative")) == (before[0] + 1, before[1])


def test_an_unknown_kind_is_counted_as_other():
    before = _issued("other")
    award_issued(issuer_kind="spaceship")
    assert _issued("other") == before + 1


def test_the_queue_depth_counts_the_tasks_ready_to_run(settings):
    settings.TASKS = DATABASE_TASKS
    arguments = {"subject": "s", "text": "t", "html": "", "to": ["a@example.org"]}
    send_email.enqueue(**arguments)
    send_email.enqueue(**arguments)
    later = timezone.now() + timezone.timedelta(hours=1)
    send_email.using(run_after=later).enqueue(**arguments)  # not ready yet
    text = metrics_exposition().decode()
    assert 'jalons_task_queue_depth{queue="emails"} 2.0' in text
    assert 'jalons_task_queue_depth{queue="default"} 0.0' in text
    assert 'jalons_task_queue_oldest_seconds{queue="emails"}' in text


def test_no_queue_depth_without_a_task_database(settings):
    """The thread backend keeps its queue in the process: nothing to read."""
    assert "jalons_task_queue_depth" not in metrics_exposition().decode()
