"""A data export survives its worker's death (#12, "background work that survives crashes").

An export is a long run (``config/runs.py``): its worker holds it under a lease, renewed
between the sections of the ZIP; once the lease expired and no task waits, the export is
*stale* and its owner's visit of the progress page (or the API's status, or ``manage.py
db_worker`` through ``runs_resume_stale``) queues its task again, which builds the ZIP from
scratch. A worker that lost its lease stops without replacing the file.

A worker's death is simulated by a ``BaseException`` raised in the middle of the build (the
task does not catch it: the export stays "running" under a lease nobody renews), then the
lease is made to expire. Real processes killed with SIGKILL are tested for bulk awards
(tests/badges/test_bulk_resume_processes.py), with the same helpers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts import data_rights
from accounts.models import DataExport, ExportStatus
from accounts.selectors.exports import data_export_in_progress
from accounts.services import export_run
from accounts.services.export_run import MAX_STARTS, data_export_run
from accounts.services.exports import data_export_request
from accounts.tasks import data_export_task
from config.runs import _enqueue, lease_duration, run_claim, run_kinds, runs_resume_stale

pytestmark = pytest.mark.django_db

RESUMED = "interrupted (the server stopped) and started again"


class WorkerKilled(BaseException):
    """The worker died in the middle of the build (``kill -9``): nothing after it runs."""


def stored_files() -> list[str]:
    try:
        return default_storage.listdir(export_run.FOLDER)[1]
    except FileNotFoundError:
        return []


def enqueued(callbacks: list[Any]) -> int:
    """How many times the callbacks queued a run's task (``config.runs._enqueue``)."""
    return [getattr(callback, "func", None) for callback in callbacks].count(_enqueue)


def section_patch(monkeypatch, key: str, export) -> None:
    section = data_rights._SECTIONS[key]
    monkeypatch.setitem(data_rights._SECTIONS, key, replace(section, export=export))


def expire(export: DataExport) -> None:
    """Its lease runs out (nobody renewed it)."""
    past = timezone.now() - timedelta(seconds=1)
    DataExport.objects.filter(pk=export.pk).update(lease_expires_at=past)
    export.refresh_from_db()


@pytest.fixture
def dead(volunteer, monkeypatch) -> DataExport:
    """Amina's export, whose worker died halfway through (the task never ran again)."""
    export = data_export_request(user=volunteer)  # its task waits for a commit: never queued
    original = data_rights._SECTIONS["community"]

    def die(user, writer):
        raise WorkerKilled

    section_patch(monkeypatch, "community", die)
    with pytest.raises(WorkerKilled):
        data_export_run(export_uuid=export.uuid)
    monkeypatch.setitem(data_rights._SECTIONS, "community", original)
    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING and export.lease_owner
    assert not export.file and stored_files() == []
    expire(export)
    return export


def test_exports_are_a_registered_kind_of_run():
    kinds = {kind.model: kind for kind in run_kinds()}
    assert kinds[DataExport].task == data_export_task


def test_a_stale_export_is_resumed_once_when_its_owner_opens_its_page(
    client, dead, volunteer, mailoutbox, django_capture_on_commit_callbacks, english
):
    client.force_login(volunteer)
    page = dead.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(page)
        again = client.get(page)  # a second refresh while the task is queued: nothing more
    assert response.status_code == 200 and again.status_code == 200
    assert enqueued(callbacks) == 1
    assert RESUMED in response.content.decode()
    dead.refresh_from_db()
    assert dead.status == ExportStatus.READY
    assert (dead.claims, dead.lease_owner, dead.lease_expires_at) == (2, "", None)
    assert dead.was_resumed
    assert stored_files() == [dead.file.name.rsplit("/", 1)[1]]
    assert len(mailoutbox) == 1
    done = client.get(page).content.decode()
    assert RESUMED in done and dead.download_path in done
    assert 'http-equiv="refresh"' not in done
    with django_capture_on_commit_callbacks() as later:
        client.get(page)
    assert enqueued(later) == 0  # finished: never resumed again


@pytest.mark.parametrize("holder", ["worker", "queued"])
def test_an_export_under_a_live_lease_is_not_resumed(
    client, volunteer, holder, django_capture_on_commit_callbacks
):
    export = data_export_request(user=volunteer)  # reserved for its task for one lease
    if holder == "worker":
        assert run_claim(export)
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks() as callbacks:
        page = client.get(export.get_absolute_url()).content.decode()
    assert enqueued(callbacks) == 0
    assert RESUMED not in page
    after = DataExport.objects.get(pk=export.pk)
    assert (after.lease_expires_at, after.claims, after.resumed_at) == (
        export.lease_expires_at,
        export.claims,
        None,
    )


def test_another_persons_visit_resumes_nothing(
    client, dead, leader, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    api = reverse("accounts_api:data_export_detail", args=[dead.uuid])
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.get(dead.get_absolute_url()).status_code == 404
        assert client.get(api).status_code == 404
    assert enqueued(callbacks) == 0
    after = DataExport.objects.get(pk=dead.pk)
    assert after.lease_expires_at == dead.lease_expires_at
    assert after.resumed_at is None and after.status == ExportStatus.RUNNING


def test_the_api_status_resumes_a_stale_export_and_says_so(
    client, dead, volunteer, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    api = reverse("accounts_api:data_export_detail", args=[dead.uuid])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        body = client.get(api).json()
    assert enqueued(callbacks) == 1
    assert body["status"] == "running" and body["resumed_at"] is not None
    ready = client.get(api).json()
    assert ready["status"] == "ready" and ready["download"]
    assert ready["resumed_at"] == body["resumed_at"]


def test_db_worker_resumes_a_stale_export(
    dead, leader, volunteer, django_capture_on_commit_callbacks
):
    """``runs_resume_stale`` is what ``manage.py db_worker`` calls at start and periodically."""
    live = data_export_request(user=leader)
    assert run_claim(live)
    with django_capture_on_commit_callbacks(execute=True):
        assert runs_resume_stale() == 1
    dead.refresh_from_db()
    assert dead.status == ExportStatus.READY and dead.was_resumed and dead.claims == 2
    assert stored_files() == [dead.file.name.rsplit("/", 1)[1]]
    assert runs_resume_stale() == 0
    live.refresh_from_db()
    assert live.is_in_progress and live.claims == 1 and not live.was_resumed
    assert data_export_in_progress(user=volunteer) is None


@pytest.mark.parametrize("where", ["between sections", "after the last section"])
def test_a_worker_that_lost_its_lease_does_not_replace_the_file(
    volunteer, monkeypatch, mailoutbox, where, django_capture_on_commit_callbacks
):
    """Worker A stalls past its lease; B takes the export over and finishes it. A stops at its
    next renewal (between sections), or finds at the end that the export is no longer its
    own: either way B's file stays, and A's is deleted."""
    export = data_export_request(user=volunteer)
    results: list[str] = []
    stalled: list[bool] = []
    later_sections: list[str] = []

    def take_over() -> None:
        if not stalled:  # worker A, once
            stalled.append(True)
            expire(DataExport.objects.get(pk=export.pk))
            results.append(data_export_run(export_uuid=export.uuid))  # worker B
            results.append(DataExport.objects.get(pk=export.pk).file.name)

    if where == "between sections":
        original = data_rights._SECTIONS["community"]
        badges = data_rights._SECTIONS["badges"]

        def stall(user, writer):
            take_over()
            original.export(user, writer)

        def record(user, writer):
            later_sections.append("badges")
            badges.export(user, writer)

        section_patch(monkeypatch, "community", stall)
        section_patch(monkeypatch, "badges", record)
    else:
        digest = export_run._digest

        def stall_at_the_end(file):
            take_over()
            return digest(file)

        monkeypatch.setattr(export_run, "_digest", stall_at_the_end)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = data_export_run(export_uuid=export.uuid)  # worker A
    assert results[0] == "ready" and outcome == "overtaken"
    if where == "between sections":
        assert later_sections == ["badges"]  # B's: A stopped at its next renewal
    export.refresh_from_db()
    assert export.file.name == results[1]  # B's file, not replaced by A's
    assert export.status == ExportStatus.READY and export.claims == 2 and export.lease_owner == ""
    assert stored_files() == [export.file.name.rsplit("/", 1)[1]]
    with export.file.open("rb") as stored:
        assert export_run._digest(stored) == (export.size, export.sha256)
    assert len(mailoutbox) == 1


def test_a_long_build_renews_its_lease_as_it_goes(volunteer, monkeypatch, time_machine):
    """Each section, and each file inside a long one, takes 40 % of a lease: the build lasts
    several leases, yet nobody may take the export over, and it ends ready at once."""
    export = data_export_request(user=volunteer)
    step = lease_duration() * 0.4
    taken: list[str | None] = []
    original = data_rights._SECTIONS["community"]

    def slow(user, writer):
        for number in range(4):
            time_machine.shift(step)
            writer.add_file(f"slow/{number}.txt", b"x")
            taken.append(run_claim(DataExport.objects.get(pk=export.pk)))
        original.export(user, writer)

    section_patch(monkeypatch, "community", slow)
    for key in ("accounts", "badges"):
        section = data_rights._SECTIONS[key]

        def slow_section(user, writer, section=section):
            time_machine.shift(step)
            section.export(user, writer)

        section_patch(monkeypatch, key, slow_section)
    time_machine.move_to(timezone.now())
    started = timezone.now()
    assert data_export_run(export_uuid=export.uuid) == "ready"
    assert timezone.now() - started > 2 * lease_duration()
    assert taken == [None] * 4
    export.refresh_from_db()
    assert export.claims == 1 and not export.was_resumed


def test_an_export_whose_worker_keeps_dying_stops_as_failed(
    client, dead, volunteer, django_capture_on_commit_callbacks, english
):
    """It may be what kills its worker: after ``MAX_STARTS`` starts, it is not resumed again,
    and its owner may ask for a new one."""
    DataExport.objects.filter(pk=dead.pk).update(claims=MAX_STARTS)
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(dead.get_absolute_url())
    dead.refresh_from_db()
    assert dead.status == ExportStatus.FAILED and dead.error == "WorkerLost"
    assert dead.lease_owner == "" and stored_files() == []
    assert "stopped because of an error" in client.get(dead.get_absolute_url()).content.decode()
    assert data_export_in_progress(user=volunteer) is None
