"""Bulk awards run by the background task: the 500-row acceptance test, idempotence,
resuming after a crash, rows failing at award time."""

from __future__ import annotations

import logging
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from badges.models import Award
from badges.models.bulk import BulkAward, BulkStatus
from badges.services import bulk_run as bulk_service
from badges.services.awards import award_issue, awards_issue
from badges.tasks import bulk_award_run
from community.models import Membership
from tests.badges.factories.bulk import bulk_add, csv_bytes, people, upload
from tests.badges.factories.revocation import setting
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(client):
    s = setting()
    s.leader.preferred_language = "en"
    s.leader.save(update_fields=["preferred_language"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return s


def _count(html: str, term: str) -> str:
    match = re.search(rf"<dt>{re.escape(term)}</dt><dd>(\d+)</dd>", html)
    assert match, term
    return match.group(1)


def _refused_lines(html: str) -> list[int]:
    return [int(line) for line in re.findall(r'<tr><th scope="row">(\d+)</th>', html)]


def test_500_rows_with_3_bad_award_497_then_a_second_run_awards_none(
    client, s, django_capture_on_commit_callbacks
):
    rows = people(497)
    # Three bad rows among them (file lines = position + 2, the header being line 1).
    rows.insert(99, ("not-an-email", "Nobody", "", ""))  # line 101
    rows.insert(249, ("PERSON7@example.org", "Twice", "", ""))  # line 251: person7 on line 9
    rows.insert(399, ("ftp@example.org", "", "", "ftp://example.org/x"))  # line 401
    data = csv_bytes(rows, delimiter=";")
    assert len(rows) == 500
    login(client, s.leader)
    url = reverse("badges:bulk_award_create", kwargs={"uuid": s.badge.uuid})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload(data)})
    first = BulkAward.objects.get()
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    first.refresh_from_db()
    assert first.status == BulkStatus.DONE and first.finished_at is not None
    assert (first.total, first.processed, first.awarded, first.skipped) == (500, 497, 497, 0)
    assert Award.objects.filter(badge_class=s.badge).count() == 497
    assert first.task_id

    html = client.get(first.get_absolute_url()).content.decode()
    assert "497 of 497 rows" in html
    assert _count(html, "Badges awarded") == "497"
    assert _count(html, "Rows refused") == "3"
    assert _refused_lines(html) == [101, 251, 401]
    assert "This email address is already on line 9." in html
    assert 'http-equiv="refresh"' not in html

    # The same file again: nothing is awarded twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": upload(data)})
    second = BulkAward.objects.exclude(pk=first.pk).get()
    assert (second.status, second.awarded, second.skipped) == (BulkStatus.DONE, 0, 497)
    assert Award.objects.filter(badge_class=s.badge).count() == 497
    html = client.get(second.get_absolute_url()).content.decode()
    assert _count(html, "Badges awarded") == "0"
    assert _count(html, "Already awarded (skipped)") == "497"
    assert _refused_lines(html) == [101, 251, 401]
    # Both runs are listed on the upload page.
    listing = client.get(url).content.decode()
    assert listing.count(f"/badges/bulk/{first.uuid}/") == 1
    assert listing.count(f"/badges/bulk/{second.uuid}/") == 1


def _rows(emails: list[str]) -> list[dict[str, object]]:
    return [
        {"line": n + 2, "email": email, "name": "", "narrative": f"Row {n}.", "evidence_url": ""}
        for n, email in enumerate(emails)
    ]


def test_a_resumed_task_does_not_award_twice(s):
    emails = ["a@example.org", "b@example.org", "c@example.org"]
    # A crash after the first row: it was awarded and counted, the status stayed "running".
    award_issue(badge_class=s.badge, email=emails[0], awarded_by=s.leader)
    bulk = bulk_add(
        s, rows=_rows(emails), total=3, processed=1, awarded=1, status=BulkStatus.RUNNING
    )
    bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.awarded, bulk.skipped) == (BulkStatus.DONE, 3, 3, 0)
    assert sorted(Award.objects.values_list("recipient_email", flat=True)) == emails
    # Running a finished one again changes nothing.
    bulk_award_run.enqueue(str(bulk.uuid))
    assert Award.objects.count() == 3


def test_a_row_awarded_but_not_counted_is_skipped_when_resumed(s):
    emails = ["a@example.org", "b@example.org"]
    award_issue(badge_class=s.badge, email=emails[0], awarded_by=s.leader)
    bulk = bulk_add(s, rows=_rows(emails), total=2, status=BulkStatus.RUNNING)
    bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    assert (bulk.awarded, bulk.skipped) == (1, 1)
    assert Award.objects.count() == 2


def test_a_revoked_award_does_not_count_as_held(s):
    award = award_issue(badge_class=s.badge, email="a@example.org")
    Award.objects.filter(pk=award.pk).update(revoked_at=award.issued_at, revocation_reason="x")
    bulk = bulk_add(s, rows=_rows(["a@example.org"]), total=1)
    bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    assert (bulk.awarded, bulk.skipped) == (1, 0)


def _refusing(email: str, error: Exception):
    """``awards_issue`` that refuses (ValidationError) or crashes on one address."""

    def issue(*, requests, **kwargs):
        if isinstance(error, ValidationError):
            outcomes = awards_issue(
                requests=[request for request in requests if request.email != email], **kwargs
            )
            by_email = {award.recipient_email: award for award in outcomes}
            return [by_email.get(request.email, error) for request in requests]
        if any(request.email == email for request in requests):
            raise error
        return awards_issue(requests=requests, **kwargs)

    return issue


def test_a_row_failing_at_award_time_is_reported(s, monkeypatch):
    refused = ValidationError("This issuer's status list is full.")
    monkeypatch.setattr(bulk_service, "awards_issue", _refusing("b@example.org", refused))
    bulk = bulk_add(s, rows=_rows(["a@example.org", "b@example.org", "c@example.org"]), total=3)
    bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.awarded) == (BulkStatus.DONE, 3, 2)
    assert bulk.errors == [
        {"line": 3, "email": "b@example.org", "message": "This issuer's status list is full."}
    ]
    assert sorted(Award.objects.values_list("recipient_email", flat=True)) == [
        "a@example.org",
        "c@example.org",
    ]


def test_an_unexpected_error_stops_the_run_which_can_resume(s, monkeypatch, caplog):
    """A crash rolls back its batch of rows (never more): the resumed run awards them."""
    monkeypatch.setattr(bulk_service, "BATCH_ROWS", 2)
    crash = RuntimeError("the database went away for c@example.org")
    monkeypatch.setattr(bulk_service, "awards_issue", _refusing("c@example.org", crash))
    emails = ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]
    bulk = bulk_add(s, rows=_rows(emails), total=4)
    with caplog.at_level(logging.INFO, logger="badges"):
        bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    # The first batch (a, b) committed; the second (c, d) crashed and left nothing.
    assert (bulk.status, bulk.processed, bulk.awarded) == (BulkStatus.FAILED, 2, 2)
    assert Award.objects.count() == 2
    assert bulk.finished_at is not None
    assert "stopped in rows 3-4 of 4" in caplog.text and "RuntimeError" in caplog.text
    assert "@example.org" not in caplog.text

    monkeypatch.setattr(bulk_service, "awards_issue", awards_issue)
    bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.awarded) == (BulkStatus.DONE, 4, 4)
    assert sorted(Award.objects.values_list("recipient_email", flat=True)) == emails


def test_an_uploader_who_left_the_issuer_awards_nothing(s):
    bulk = bulk_add(s, rows=_rows(["a@example.org"]), total=1)
    Membership.objects.filter(user=s.leader).delete()
    bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    assert bulk.status == BulkStatus.FAILED and not Award.objects.exists()


def test_an_overtaken_run_stops_without_awarding(s, monkeypatch):
    """Two workers on one bulk award: the row counted by the other is rolled back here."""
    bulk = bulk_add(s, rows=_rows(["a@example.org", "b@example.org"]), total=2)

    def other_worker_counts_first(**kwargs):
        awards = awards_issue(**kwargs)
        BulkAward.objects.filter(pk=bulk.pk).update(processed=1)
        return awards

    monkeypatch.setattr(bulk_service, "awards_issue", other_worker_counts_first)
    assert bulk_service.bulk_award_rows_run(bulk_uuid=bulk.uuid) == "overtaken"
    assert not Award.objects.exists()


def test_an_unknown_bulk_award(s):
    assert bulk_service.bulk_award_rows_run(bulk_uuid="00000000-0000-4000-8000-000000000000") == (
        "missing"
    )
