"""Bulk awards at the speed of their signatures, and still safe (#14, acceptance 3).

"Bulk award of 500 rows: ≥ 50 awards/s (or ≤ 2x bare signing time), no duplicates, every
credential verified by the JS verifier in the test." The speed is printed by
``bench/issuance.py``; these tests check what makes it safe: 500 distinct awards signed by a
pool of processes, each verified by the independent JavaScript verifier (one node process
for all), no row awarded twice when two workers race on one run (PostgreSQL, real
transactions in two threads), and queries per award that do not grow with the file.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from badges.documents import issuer_documents
from badges.models import Award, StatusList, StatusListEntry
from badges.models.bulk import BulkAward, BulkStatus
from badges.services import bulk_run as bulk_service
from badges.services.awards import AwardRequest, award_issue, awards_issue, badge_class_prepare
from badges.services.revocation import status_list_credential_signed
from badges.tasks import bulk_award_run
from tests.badges.factories.bulk import bulk_add
from tests.badges.factories.revocation import Setting, setting
from tests.badges.test_js_verifier import VERIFIER, _node


def _rows(count: int, *, start: int = 0) -> list[dict[str, object]]:
    return [
        {"line": n + 2, "email": f"person{n}@example.org", "narrative": f"Row {n}."}
        for n in range(start, start + count)
    ]


def _js_verify_all(awards: list[Award], documents: dict, tmp_path) -> list[dict]:
    """The independent verifier on every award's credential, in one node process."""
    node = _node()
    batch = tmp_path / "checks.json"
    batch.write_text(
        json.dumps([{"credential": award.credential, "documents": documents} for award in awards]),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)


@pytest.mark.js
@pytest.mark.django_db
def test_500_rows_signed_by_a_pool_give_500_distinct_awards_that_the_js_verifier_accepts(
    settings, tmp_path
):
    settings.SIGNING_PROCESSES = 2  # the pool of processes, whatever the machine's cores
    s = setting()
    bulk = bulk_add(s, rows=_rows(500), total=500)
    bulk_award_run.enqueue(str(bulk.uuid))
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.awarded, bulk.errors) == (
        BulkStatus.DONE,
        500,
        500,
        [],
    )
    awards = list(Award.objects.filter(badge_class=s.badge).select_related("status_entry"))
    assert len(awards) == 500
    assert len({award.recipient_email for award in awards}) == 500
    assert len({award.uuid for award in awards}) == 500
    assert len({award.status_entry.index for award in awards}) == 500
    assert StatusList.objects.get(issuer=s.issuer).next_index == 500
    # Each credential is its own: its id, subject and status position are the award's.
    for award in awards:
        credential = award.credential
        assert credential["id"] == award.ob3_url
        assert credential["credentialSubject"]["identifier"][0]["salt"] == award.salt
        assert credential["credentialStatus"]["statusListIndex"] == str(award.status_entry.index)
        assert credential["credentialSubject"]["narrative"] == award.narrative

    status_list = StatusList.objects.get(issuer=s.issuer)
    documents = issuer_documents(s.issuer)
    documents[status_list.url] = status_list_credential_signed(status_list=status_list)
    answers = _js_verify_all(awards, documents, tmp_path)
    failed = [answer for answer in answers if not answer["verified"]]
    assert len(answers) == 500 and failed == [], failed[:3]
    assert all(answer["status"][0]["set"] is False for answer in answers)


@pytest.mark.js
@pytest.mark.django_db
def test_a_changed_credential_of_a_bulk_run_fails_the_js_verifier(settings, tmp_path):
    """The check above can fail: one changed character in one of 60 credentials is caught."""
    settings.SIGNING_PROCESSES = 2
    s = setting()
    bulk = bulk_add(s, rows=_rows(60), total=60)
    bulk_award_run.enqueue(str(bulk.uuid))
    awards = list(Award.objects.filter(badge_class=s.badge).order_by("pk"))
    assert len(awards) == 60
    awards[17].credential["credentialSubject"]["narrative"] += "!"
    answers = _js_verify_all(awards, issuer_documents(s.issuer), tmp_path)
    assert [n for n, answer in enumerate(answers) if not answer["verified"]] == [17]


def _run_queries(s: Setting, rows: int, start: int) -> int:
    """How many queries a bulk run of ``rows`` new rows makes."""
    bulk = bulk_add(s, rows=_rows(rows, start=start), total=rows)
    with CaptureQueriesContext(connection) as captured:
        assert bulk_service.bulk_award_rows_run(bulk_uuid=bulk.uuid) == BulkStatus.DONE
    return len(captured)


@pytest.mark.django_db
def test_queries_per_award_are_few_and_do_not_grow_with_the_file(settings):
    settings.SIGNING_PROCESSES = 1
    s = setting()
    small = _run_queries(s, 25, 0)
    large = _run_queries(s, 250, 1000)
    # One batch of 25 costs a fixed number of queries; ten batches cost ten times a batch's
    # share at most (the run's own queries are paid once).
    assert large <= 10 * small
    assert large / 250 < 1, (small, large)  # fewer queries than awards
    assert Award.objects.count() == 275


@pytest.mark.django_db
def test_award_issue_with_a_prepared_badge_costs_a_few_queries():
    s = setting()
    prepared = badge_class_prepare(badge_class=s.badge)
    award_issue(badge_class=s.badge, email="first@example.org", prepared=prepared)
    with CaptureQueriesContext(connection) as captured:
        award_issue(badge_class=s.badge, email="second@example.org", prepared=prepared)
    queries = [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    # The account looked up; the list locked, positions checked and counted; the award and
    # its position written (21 queries before #14).
    assert len(queries) == 6, queries


@pytest.mark.django_db
def test_a_batch_refuses_bad_rows_and_issues_the_others():
    s = setting()
    prepared = badge_class_prepare(badge_class=s.badge)
    outcomes = awards_issue(
        prepared=prepared,
        requests=[
            AwardRequest(email="a@example.org"),
            AwardRequest(email="not an email"),
            AwardRequest(email="b@example.org", narrative="Deux ateliers."),
        ],
        awarded_by=s.leader,
    )
    assert [type(outcome).__name__ for outcome in outcomes] == [
        "Award",
        "ValidationError",
        "Award",
    ]
    assert sorted(Award.objects.values_list("recipient_email", flat=True)) == [
        "a@example.org",
        "b@example.org",
    ]
    assert StatusListEntry.objects.count() == 2


# --- Two workers racing on one run (PostgreSQL) ---------------------------------------------


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_one_run_award_each_row_once(settings, monkeypatch):
    """Worker A stalls inside its second batch past its lease; worker B takes the run over and
    awards those rows; A then awards them too, in its open transaction, and must roll back."""
    if not _postgres():
        pytest.skip("concurrent writers need PostgreSQL (the suite runs on it in CI)")
    settings.SIGNING_PROCESSES = 1
    monkeypatch.setattr(bulk_service, "BATCH_ROWS", 20)
    monkeypatch.setattr(bulk_service, "FIRST_BATCH_ROWS", 20)
    s = setting()
    bulk = bulk_add(s, rows=_rows(100), total=100)
    BulkAward.objects.filter(pk=bulk.pk).update(lease_expires_at=None)

    a_stalled, b_went_ahead = threading.Event(), threading.Event()
    calls: Counter[str] = Counter()

    def issue(**kwargs):
        name = threading.current_thread().name
        calls[name] += 1
        if name == "worker-a" and calls[name] == 2:
            a_stalled.set()  # its holders checked, its transaction open
            assert b_went_ahead.wait(timeout=120)
        return awards_issue(**kwargs)

    monkeypatch.setattr(bulk_service, "awards_issue", issue)
    results: dict[str, str] = {}

    def work(name: str) -> None:
        try:
            results[name] = bulk_service.bulk_award_rows_run(bulk_uuid=bulk.uuid)
        finally:
            connections.close_all()

    a = threading.Thread(target=work, args=("a",), name="worker-a")
    a.start()
    assert a_stalled.wait(timeout=120)
    # A's lease runs out while it stalls: B claims the run and resumes from row 21.
    BulkAward.objects.filter(pk=bulk.pk).update(lease_expires_at="2000-01-01T00:00:00Z")
    b = threading.Thread(target=work, args=("b",), name="worker-b")
    b.start()
    b.join(timeout=300)
    b_went_ahead.set()
    a.join(timeout=300)

    assert results == {"a": "overtaken", "b": BulkStatus.DONE.value}
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.awarded, bulk.claims) == (
        BulkStatus.DONE,
        100,
        100,
        2,
    )
    assert bulk.was_resumed
    emails = list(
        Award.objects.filter(badge_class=s.badge).values_list("recipient_email", flat=True)
    )
    assert len(emails) == 100 and len(set(emails)) == 100, "each row awarded once"
    assert StatusListEntry.objects.count() == 100
    assert calls["worker-a"] == 2  # its first batch committed, its second rolled back
