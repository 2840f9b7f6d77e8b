"""Closing an account (issue #12, acceptance 2): asked for, cancelled, and the erasure itself.

Amina's data is the scene of the export tests (``build_amina_data``: contributions with an
evidence file, claims, endorsements asked, received and given, two badges, a portfolio with a
release and a share link opened by Karim), plus Sophie's badge whose signed credential
embeds Amina's endorsement. After the erasure (grace period skipped), a dump of **every
table** and every file in storage holds neither her address nor her name nor her files —
except, as documented (docs/personal-data.md), inside credentials signed for **other**
people, which belong to them; the platform's pages show "a former member" there.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Notification, User
from accounts.services.deletion import account_deletion_cancel, account_deletion_request
from accounts.services.users import account_erase_due, user_delete
from badges.models import Award, BadgeRule, BulkAward
from badges.services.awards import award_create
from badges.verification import credential_state
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    Membership,
    Role,
)
from community.services.endorsements import (
    ClaimAnswer,
    endorsement_answer,
    endorsement_request_create,
)
from tests.accounts.factories.personal_data import AMINA_FILE, AminaData, build_amina_data
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.test_js_verifier import js_verify
from tests.conftest import login
from tests.portfolios.test_clr import inner_documents

pytestmark = pytest.mark.django_db

FULL_NAME = "Amina Kaddour-Verlaine"
SOPHIE_WORDS = "Sophie accueille chaque visiteur, SOPHIE-WORDS-77b1."
CLOSE = reverse("accounts:account_deletion")
CANCEL = reverse("accounts:account_deletion_cancel")


def _sophies_badge(data: AminaData, *, amina: User, sophie: User) -> Award:
    """Sophie's contribution, endorsed by Amina (a peer), and the badge its rule gives her: the
    credential carries Amina's endorsement as evidence, with her name, signed."""
    scene = data.scene
    competence = scene.competences[0]
    contribution = Contribution.objects.create(
        owner=sophie,
        initiative=scene.initiative,
        title="Accueil du samedi",
        narrative="J'accueille les visiteurs.",
        status=ContributionStatus.RECORDED,
    )
    claim = CompetenceClaim.objects.create(
        contribution=contribution, competence=competence, self_level=2
    )
    [request] = [
        request
        for request in endorsement_request_create(
            contribution=contribution, by=sophie, peers=[amina]
        )
        if request.endorser_id == amina.pk
    ]
    endorsement_answer(
        request=request,
        by=amina,
        answers=[ClaimAnswer(claim=claim, level=3, comment=SOPHIE_WORDS)],
        relationship="Bénévoles ensemble.",
    )
    badge = badge_class_add(
        scene.issuer, name="Accueillir", slug=f"accueillir-sophie-{sophie.pk}", validity_days=365
    )
    BadgeRule.objects.create(
        badge_class=badge, competence=competence, min_level=1, min_endorsers=1, min_leaders=0
    )
    award = award_create(badge_class=badge, by=sophie, email=sophie.email, recipient=sophie)
    assert FULL_NAME in json.dumps(award.credential, ensure_ascii=False)
    return award


@pytest.fixture
def amina(default_framework, volunteer, leader, advisor):
    volunteer.display_name = FULL_NAME
    volunteer.save(update_fields=["display_name"])
    data = build_amina_data(default_framework, amina=volunteer, sophie=leader, karim=advisor)
    sophie_award = _sophies_badge(data, amina=volunteer, sophie=leader)
    return data, sophie_award


def _database_dump() -> dict[str, list[str]]:
    """Every row of every table, as text (JSON escapes undone), by table."""
    dump: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = []
            for row in cursor.fetchall():
                text = " | ".join(
                    value.decode("utf-8", "replace")
                    if isinstance(value, bytes | memoryview) and not isinstance(value, memoryview)
                    else str(value)
                    for value in row
                )
                # SQLite keeps JSON with \\uXXXX escapes: read it as a person would.
                rows.append(text.encode().decode("unicode_escape", "replace") + "\n" + text)
            dump[table] = rows
    return dump


def _storage_files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def _erase(amina: User, *, keep_badges: bool, capture) -> None:
    with capture(execute=True):
        user_delete(user=amina, by=amina, keep_badges=keep_badges)


def _held(award: Award) -> dict[str, Any]:
    """What the holder downloaded: the credential as served before the erasure."""
    return json.loads(json.dumps(award.credential))


def test_after_closing_nothing_about_amina_is_left_and_everything_promised_still_verifies(
    amina, volunteer, leader, tmp_path, django_capture_on_commit_callbacks
):
    data, sophie_award = amina
    scene = data.scene
    kept = _held(scene.awards[0])
    release = data.release
    with release.pdf.open("rb") as stored:
        pdf = stored.read()
    evidence_name = data.evidence_file.file.name
    assert default_storage.exists(evidence_name)
    email, user_id = volunteer.email, volunteer.pk

    _erase(volunteer, keep_badges=True, capture=django_capture_on_commit_callbacks)

    # Neither her address nor her name anywhere in the database…
    dump = _database_dump()
    for table, rows in dump.items():
        for row in rows:
            assert email.lower() not in row.lower(), (table, row[:300])
    allowed = {
        f"{sophie_award.pk}",  # Sophie's signed credential embeds Amina's endorsement
    }
    found = [
        (table, row.split(" | ", 1)[0])
        for table, rows in dump.items()
        for row in rows
        if FULL_NAME.lower() in row.lower()
    ]
    assert found, "the signed credential of Sophie's badge keeps Amina's endorsement"
    for table, first_column in found:
        assert table == Award._meta.db_table and first_column in allowed, (table, first_column)
    # …and none of her files in storage.
    files = _storage_files()
    assert evidence_name not in files
    assert not any(AMINA_FILE.encode() in content for content in files.values())
    assert not any(release.pdf.name == name for name in files)
    assert not User.objects.filter(pk=user_id).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_DELETE, target_id=user_id).exists()

    # The badge she kept still verifies (independent verifier), as does Sophie's.
    sophie_award.refresh_from_db()
    answers = js_verify(
        [
            (kept, inner_documents(scene.awards[0])),
            (sophie_award.credential, inner_documents(sophie_award)),
        ],
        tmp_path,
    )
    assert [answer["verified"] for answer in answers] == [True, True], answers

    # Her award's page says she left and shows nothing about her; OB 2.0 hosted is gone.
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = visitor.get(reverse("badges:award_detail", args=[scene.awards[0].uuid]))
    assert page.status_code == 200
    assert b"award-holder-left" in page.content
    assert FULL_NAME.encode() not in page.content
    assert (
        visitor.get(reverse("badges:ob2_assertion", args=[scene.awards[0].uuid])).status_code == 410
    )
    assert visitor.get(reverse("badges:award_ob3", args=[scene.awards[0].uuid])).status_code == 410

    # Sophie's badge page shows "a former member", never Amina's name.
    page = visitor.get(reverse("badges:award_detail", args=[sophie_award.uuid]))
    assert FULL_NAME.encode() not in page.content
    # (in the language of Sophie's badge, French: the words of its credential)
    assert b"un ancien membre" in page.content
    # So does the endorsement on Sophie's contribution.
    given = Endorsement.objects.get(comment=SOPHIE_WORDS)
    assert given.endorser_shown == "a former member" and given.endorser_id is None

    # The PDF released before: its page says it is genuine and that she closed her account.
    release.refresh_from_db()
    verify = reverse("portfolios:release_verify", args=[release.uuid])
    page = visitor.get(verify)
    assert page.status_code == 200 and b'data-verdict="owner-left"' in page.content
    assert FULL_NAME.encode() not in page.content
    checked = visitor.post(verify, {"file": _upload(pdf)})
    assert b'data-file="genuine"' in checked.content
    assert b"closed their account" in checked.content
    forged = visitor.post(verify, {"file": _upload(pdf + b"%")})
    assert b'data-file="different"' in forged.content
    assert visitor.get(reverse("portfolios:release_clr", args=[release.uuid])).status_code == 410


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("portfolio.pdf", content, content_type="application/pdf")


def test_with_the_revoke_choice_her_badges_report_revoked(
    amina, volunteer, tmp_path, django_capture_on_commit_callbacks
):
    data, _sophie_award = amina
    award = data.scene.awards[0]
    kept = _held(award)

    _erase(volunteer, keep_badges=False, capture=django_capture_on_commit_callbacks)

    award.refresh_from_db()
    assert award.is_revoked and award.holder_left
    [answer] = js_verify([(kept, inner_documents(award))], tmp_path)
    assert answer["verified"] is False
    assert any("revocation" in error for error in answer["errors"]), answer
    assert credential_state(kept).state == "revoked"
    assert Client().get(reverse("badges:ob2_assertion", args=[award.uuid])).status_code == 410


# --- Asking, the grace period, cancelling --------------------------------------------------


def test_the_confirmation_page_says_what_will_happen(client, amina, volunteer, english):
    login(client, volunteer)
    page = client.get(CLOSE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your 2 contributions are deleted" in text or "Your 3 contributions are deleted" in text
    assert "stay with the people you endorsed" in text
    assert "You hold 2 badges" in text
    assert "keep their verification page" in text or "keeps its verification page" in text
    assert 'name="badges"' in text and 'name="password"' in text


def test_a_wrong_password_keeps_the_choice_and_closes_nothing(client, volunteer, english):
    login(client, volunteer)
    page = client.post(CLOSE, {"badges": "revoke", "password": "wrong"})
    assert page.status_code == 200
    assert b"This is not your password" in page.content
    assert re.search(rb'<input[^>]*value="revoke"[^>]*checked', page.content)
    volunteer.refresh_from_db()
    assert volunteer.deletion_due_at is None


def test_asking_schedules_the_erasure_after_the_grace_period_and_emails(
    client, volunteer, settings, django_capture_on_commit_callbacks, english
):
    settings.ACCOUNT_DELETION_GRACE_DAYS = 7
    login(client, volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(CLOSE, {"badges": "keep", "password": DEFAULT_PASSWORD})
    assert answer.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.deletion_due_at is not None
    assert (
        timedelta(days=6, hours=23)
        < volunteer.deletion_due_at - timezone.now()
        <= timedelta(days=7)
    )
    assert [message.to for message in mail.outbox] == [[volunteer.email]]
    assert "closed" in mail.outbox[0].subject
    page = client.get(reverse("accounts:my_data"))
    assert b"Cancel: keep my account" in page.content
    # Nothing is erased before the day; the daily command erases it once the day came.
    call_command("apply_retention", "--quiet")
    assert User.objects.filter(pk=volunteer.pk).exists()


def test_the_daily_command_erases_due_accounts_only(
    volunteer, leader, time_machine, django_capture_on_commit_callbacks
):
    account_deletion_request(user=volunteer, keep_badges=True)
    time_machine.move_to(timezone.now() + timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--dry-run", "--quiet")
    assert User.objects.filter(pk=volunteer.pk).exists()  # a dry run erases nothing
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--quiet")
    assert not User.objects.filter(pk=volunteer.pk).exists()
    assert User.objects.filter(pk=leader.pk).exists()


def test_cancelling_keeps_the_account(client, volunteer, time_machine, english):
    account_deletion_request(user=volunteer, keep_badges=True)
    login(client, volunteer)
    assert client.post(CANCEL).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.deletion_due_at is None
    time_machine.move_to(timezone.now() + timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS + 1))
    call_command("apply_retention", "--quiet")
    assert User.objects.filter(pk=volunteer.pk).exists()
    with pytest.raises(ValidationError) as refused:
        account_deletion_cancel(user=volunteer)
    assert refused.value.code == "not_scheduled"


def test_without_grace_period_the_erasure_runs_as_a_task_right_away(
    client, volunteer, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_DELETION_GRACE_DAYS = 0
    login(client, volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CLOSE, {"badges": "keep", "password": DEFAULT_PASSWORD})
    assert not User.objects.filter(pk=volunteer.pk).exists()


def test_the_last_leader_of_an_initiative_with_members_must_hand_over_first(
    client, amina, leader, english
):
    login(client, leader)
    page = client.get(CLOSE)
    assert b"You are the only leader of" in page.content
    assert b'name="password"' not in page.content
    with pytest.raises(ValidationError) as refused:
        account_deletion_request(user=leader, keep_badges=True)
    assert refused.value.error_list[0].code == "deletion_blocked"


@pytest.mark.parametrize("url", [CLOSE])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    answer = client.get(url)
    assert answer.status_code == 302 and reverse("accounts:login") in answer["Location"]


def test_someone_else_cannot_close_or_cancel_another_account(client, volunteer, outsider, english):
    """The pages only ever act on the signed-in person: there is no account in the URL."""
    account_deletion_request(user=volunteer, keep_badges=True)
    login(client, outsider)
    client.post(CANCEL)
    volunteer.refresh_from_db()
    assert volunteer.deletion_due_at is not None
    page = client.get(CLOSE)
    assert b"Your account will be closed on" not in page.content


# --- What a review of the erasure found ------------------------------------------------------


def test_an_account_never_confirmed_takes_nothing_that_was_sent_to_its_address(
    amina, leader, django_capture_on_commit_callbacks
):
    """Someone signs up with another person's address and never confirms it: when the purge
    deletes that account, the badge and the invitation sent to the address stay theirs."""
    data, sophie_award = amina
    badge = data.scene.awards[0].badge_class
    sent = award_create(badge_class=badge, by=leader, email="nadia@example.org")
    borrowed = UserFactory(
        email="nadia@example.org", display_name=FULL_NAME, email_verified_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=borrowed, by=None)
    sent.refresh_from_db()
    assert sent.recipient_email == "nadia@example.org" and not sent.holder_left
    # Its name (Amina's, borrowed) was never proved either: nobody else's records change.
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("badges:award_detail", args=[sophie_award.uuid])
    )
    assert FULL_NAME.encode() in page.content
    assert b"un ancien membre" not in page.content


def test_a_name_changed_since_is_erased_too(
    amina, volunteer, leader, django_capture_on_commit_callbacks
):
    _data, sophie_award = amina
    volunteer.display_name = "Amina Nouveau-Nom"
    volunteer.save(update_fields=["display_name"])
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=volunteer, by=volunteer)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("badges:award_detail", args=[sophie_award.uuid])
    )
    assert FULL_NAME.encode() not in page.content
    for notification in Notification.objects.filter(recipient=leader):
        assert FULL_NAME not in json.dumps(notification.params, ensure_ascii=False)
        assert FULL_NAME not in notification.message


def test_the_admin_history_keeps_the_action_not_the_name(volunteer, staff):
    entry = LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=[volunteer],
        action_flag=CHANGE,
        change_message="Changed display name.",
        single_object=True,
    )
    user_delete(user=volunteer, by=staff)
    entry.refresh_from_db()
    assert entry.object_repr == "" and entry.change_message == ""
    assert entry.action_flag == CHANGE


def test_share_links_addressed_to_someone_keep_no_trace_of_them(amina, advisor):
    data, _sophie_award = amina
    user_delete(user=advisor, by=advisor)
    data.share.refresh_from_db()
    assert (data.share.recipient_email, data.share.recipient_name) == ("", "")
    assert data.share.recipient_organisation == ""


def test_bulk_rows_are_blanked_in_place_matching_the_whole_address(amina, leader):
    data, _sophie_award = amina
    badge = data.scene.awards[0].badge_class
    rows = [
        {"line": 2, "email": "khali@example.org", "name": "Khali"},
        {"line": 3, "email": "ali@example.org", "name": "Ali"},
        {"line": 4, "email": "nour@example.org", "name": "Nour"},
    ]
    bulk = BulkAward.objects.create(
        badge_class=badge, created_by=leader, rows=rows, total=3, processed=1
    )
    ali = UserFactory(email="ali@example.org", display_name="Ali")
    user_delete(user=ali, by=ali)
    bulk.refresh_from_db()
    assert [row["email"] for row in bulk.rows] == ["khali@example.org", "", "nour@example.org"]
    assert bulk.rows[1]["name"] == ""


def test_the_last_leader_left_alone_since_asking_keeps_the_account(
    amina, leader, volunteer, django_capture_on_commit_callbacks
):
    """Sophie asks while Amina is a leader too; Amina then steps down: on the day, closing
    is called off and Sophie is told why."""
    data, _sophie_award = amina
    promoted = Membership.objects.get(initiative=data.scene.initiative, user=volunteer)
    promoted.role = Role.LEADER
    promoted.save(update_fields=["role"])
    account_deletion_request(user=leader, keep_badges=True)
    promoted.role = Role.MEMBER
    promoted.save(update_fields=["role"])
    mail.outbox.clear()
    assert account_erase_due(user_id=leader.pk) == "nothing to do"  # not due yet
    User.objects.filter(pk=leader.pk).update(deletion_due_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert account_erase_due(user_id=leader.pk) == "blocked"
    leader.refresh_from_db()
    assert leader.deletion_due_at is None
    assert [message.to for message in mail.outbox] == [[leader.email]]


def test_finished_task_records_naming_them_go(volunteer):
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    common = {
        "task_path": "accounts.tasks.send_email",
        "queue_name": "emails",
        "backend_name": "default",
        "priority": 0,
        "status": "SUCCESSFUL",
        "finished_at": timezone.now(),
    }
    about = model.objects.create(
        args_kwargs={"args": [], "kwargs": {"to": ["sophie@example.org"], "text": FULL_NAME}},
        **common,
    )
    volunteer.display_name = FULL_NAME
    volunteer.save(update_fields=["display_name"])
    other = model.objects.create(
        args_kwargs={"args": [], "kwargs": {"to": ["someone@example.org"], "text": "Bonjour"}},
        **common,
    )
    user_delete(user=volunteer, by=volunteer)
    assert not model.objects.filter(pk=about.pk).exists()
    assert model.objects.filter(pk=other.pk).exists()


def test_checking_files_on_a_version_page_is_limited_per_address(amina, settings):
    data, _sophie_award = amina
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_address": "2/10m"}
    verify = reverse("portfolios:release_verify", args=[data.release.uuid])
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = [visitor.post(verify, {"file": _upload(b"%PDF-1.7 x")}) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2].headers["Retry-After"]
