"""The "award from a CSV file" page and the progress page: who may see them, what they show."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from badges.models.bulk import BulkAward, BulkStatus
from config import runs
from tests.badges.factories.bulk import bulk_add, csv_bytes, people, upload
from tests.badges.factories.issuers import other_initiative_leader
from tests.badges.factories.revocation import setting
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(client):
    s = setting()
    for user in (s.leader, s.member):
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return s


def _create_url(s) -> str:
    return reverse("badges:bulk_award_create", kwargs={"uuid": s.badge.uuid})


def _rows(count: int) -> list[dict[str, object]]:
    return [
        {"line": n + 2, "email": row[0], "narrative": ""} for n, row in enumerate(people(count))
    ]


def test_the_urls_are_the_agreed_ones(s):
    bulk = bulk_add(s)
    assert _create_url(s) == f"/badges/classes/{s.badge.uuid}/award/bulk/"
    assert bulk.get_absolute_url() == f"/badges/bulk/{bulk.uuid}/"


# --- Permissions: owner / peer / outsider / anonymous ------------------------------------


def test_the_issuer_staff_see_both_pages(client, s):
    bulk = bulk_add(s)
    login(client, s.leader)
    page = client.get(_create_url(s))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert client.get(bulk.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["peer", "outsider", "other_leader"])
def test_others_are_refused_both_pages(client, s, outsider, who):
    bulk = bulk_add(s)
    user = {"peer": s.member, "outsider": outsider, "other_leader": None}[
        who
    ] or other_initiative_leader()
    login(client, user)
    assert client.get(_create_url(s)).status_code == 403
    assert client.get(bulk.get_absolute_url()).status_code == 403
    data = csv_bytes(people(2))
    assert client.post(_create_url(s), {"file": upload(data)}).status_code == 403
    assert BulkAward.objects.count() == 1


def test_anonymous_people_are_sent_to_log_in(client, s):
    bulk = bulk_add(s)
    for url in (_create_url(s), bulk.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_badge_class_or_bulk_award(client, s):
    login(client, s.leader)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/badges/classes/{unknown}/award/bulk/").status_code == 404
    assert client.get(f"/badges/bulk/{unknown}/").status_code == 404


def test_the_badge_class_page_links_to_it_for_staff_only(client, s, outsider):
    link = _create_url(s)
    assert link not in client.get(s.badge.get_absolute_url()).content.decode()
    login(client, outsider)
    assert link not in client.get(s.badge.get_absolute_url()).content.decode()
    login(client, s.leader)
    html = client.get(s.badge.get_absolute_url()).content.decode()
    assert f'href="{link}"' in html and "Award from a CSV file" in html


# --- The upload page -----------------------------------------------------------------------


def test_the_upload_page_explains_the_columns_and_offers_an_example(client, s):
    login(client, s.leader)
    html = client.get(_create_url(s)).content.decode()
    for name in ("courriel", "narrative", "récit", "preuve", "evidence URL"):
        assert name in html
    example = re.search(r'href="([^"]+\.csv)" download', html)
    assert example, "a link to download the example file"
    assert example.group(1).endswith("award-example.csv")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png(), "not a CSV file"),
        (csv_bytes([("Amina", "x")], header=("nom", "récit")), "no email column"),
        (b"", "empty"),
        (b"email\r\n", "no rows"),
    ],
)
def test_a_file_that_cannot_be_used_creates_nothing_and_says_why(
    client, s, django_capture_on_commit_callbacks, data, message
):
    login(client, s.leader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(_create_url(s), {"file": upload(data, "liste.csv")})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html and message in html
    assert "File chosen: liste.csv" in html
    assert not BulkAward.objects.exists() and callbacks == []


def test_no_file_chosen(client, s):
    login(client, s.leader)
    response = client.post(_create_url(s), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not BulkAward.objects.exists()


def test_a_french_excel_file_is_accepted_and_runs(client, s, django_capture_on_commit_callbacks):
    data = csv_bytes(
        [("amina@example.org", "Amina", "Trois ateliers", "https://e.org/photos")],
        header=("Courriel", "Nom", "Récit", "Preuve"),
        delimiter=";",
        bom=True,
    )
    login(client, s.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_create_url(s), {"file": upload(data)})
    bulk = BulkAward.objects.get()
    assert response.status_code == 302 and response["Location"] == bulk.get_absolute_url()
    bulk.refresh_from_db()
    assert (bulk.status, bulk.awarded, bulk.file_name) == (BulkStatus.DONE, 1, "recipients.csv")
    assert bulk.created_by == s.leader and len(bulk.file_sha256) == 64
    award = s.badge.awards.get()
    assert award.recipient_email == "amina@example.org" and award.awarded_by == s.leader
    assert award.narrative == "Trois ateliers"


def test_previous_runs_are_listed_in_few_queries(client, s, django_assert_max_num_queries):
    for number in range(5):
        bulk_add(s, file_name=f"list{number}.csv", status=BulkStatus.DONE, awarded=number)
    login(client, s.leader)
    with django_assert_max_num_queries(14):
        html = client.get(_create_url(s)).content.decode()
    for number in range(5):
        assert f"list{number}.csv" in html


# --- The progress page ---------------------------------------------------------------------


def test_the_progress_page_mid_run_refreshes_itself(client, s, django_assert_max_num_queries):
    errors = [
        {"line": 7, "email": "bad", "message": "This is not a valid email address."},
        {"line": 3, "email": "", "message": "The email address is missing."},
    ]
    bulk = bulk_add(
        s, rows=_rows(497), total=500, errors=errors, processed=120, awarded=100, skipped=20,
        status=BulkStatus.RUNNING,
    )  # fmt: skip
    login(client, s.leader)
    with django_assert_max_num_queries(10):
        html = client.get(bulk.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert re.search(r'<progress id="bulk-progress-bar" value="120" max="497">', html)
    assert "120 of 497 rows" in html
    assert 'role="status" aria-live="polite"' in html
    assert "In progress" in html
    assert f'href="{bulk.get_absolute_url()}">Refresh</a>' in html
    # The refused rows, by line.
    assert html.index('<th scope="row">3</th>') < html.index('<th scope="row">7</th>')
    assert "This is not a valid email address." in html


def test_a_queued_run_refreshes_too(client, s):
    bulk = bulk_add(s, rows=_rows(3), total=3)
    login(client, s.leader)
    html = client.get(bulk.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in html and "Waiting to start" in html
    assert "0 of 3 rows" in html


@pytest.mark.parametrize(
    ("status", "words"),
    [(BulkStatus.DONE, "Finished"), (BulkStatus.FAILED, "Stopped by an error")],
)
def test_a_finished_run_does_not_refresh(client, s, status, words):
    bulk = bulk_add(s, rows=_rows(4), total=4, processed=4, awarded=4, status=status)
    login(client, s.leader)
    html = client.get(bulk.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in html and ">Refresh</a>" not in html
    assert words in html and "4 of 4 rows" in html


# --- A run whose worker died is resumed when its page is opened ------------------------------


def _stale(s, count: int = 3) -> BulkAward:
    """A run whose worker died after one row: its lease expired, its task is gone."""
    bulk = bulk_add(
        s, rows=_rows(count), total=count, processed=1, skipped=1, status=BulkStatus.RUNNING,
        lease_owner="dead-worker", lease_expires_at=timezone.now() - timedelta(seconds=1),
        claims=1,
    )  # fmt: skip
    return bulk


def test_the_owner_opening_the_page_resumes_a_run_whose_worker_died(
    client, s, django_capture_on_commit_callbacks
):
    bulk = _stale(s)
    login(client, s.leader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        html = client.get(bulk.get_absolute_url()).content.decode()
    assert callbacks and callbacks[0].func is runs._enqueue  # then the awards' emails
    assert "The work was interrupted (the server stopped) and resumed on" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    bulk.refresh_from_db()  # the test backend runs the task at once
    assert (bulk.status, bulk.processed, bulk.awarded, bulk.skipped) == (BulkStatus.DONE, 3, 2, 1)
    assert bulk.claims == 2 and bulk.was_resumed
    html = client.get(bulk.get_absolute_url()).content.decode()
    assert "Finished" in html and "3 of 3 rows" in html and "resumed on" in html


def test_a_run_with_a_live_worker_is_left_to_it(client, s, django_capture_on_commit_callbacks):
    bulk = bulk_add(
        s, rows=_rows(3), total=3, processed=1, status=BulkStatus.RUNNING,
        lease_owner="live-worker", lease_expires_at=timezone.now() + timedelta(seconds=30),
    )  # fmt: skip
    login(client, s.leader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        html = client.get(bulk.get_absolute_url()).content.decode()
    assert callbacks == [] and "resumed on" not in html and "In progress" in html
    bulk.refresh_from_db()
    assert (bulk.lease_owner, bulk.processed, bulk.resumed_at) == ("live-worker", 1, None)


@pytest.mark.parametrize("who", ["peer", "outsider", "other_leader", "anonymous"])
def test_others_opening_the_page_resume_nothing(
    client, s, outsider, who, django_capture_on_commit_callbacks
):
    bulk = _stale(s)
    if who != "anonymous":
        user = {"peer": s.member, "outsider": outsider, "other_leader": None}[
            who
        ] or other_initiative_leader()
        login(client, user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        status = client.get(bulk.get_absolute_url()).status_code
    assert status == (302 if who == "anonymous" else 403)
    assert callbacks == []
    bulk.refresh_from_db()
    assert (bulk.lease_owner, bulk.processed, bulk.resumed_at) == ("dead-worker", 1, None)


def test_resuming_from_the_page_costs_a_bounded_number_of_queries(
    client, s, django_assert_max_num_queries
):
    bulk = _stale(s, count=20)
    login(client, s.leader)
    with django_assert_max_num_queries(12):
        response = client.get(bulk.get_absolute_url())
    assert response.status_code == 200
