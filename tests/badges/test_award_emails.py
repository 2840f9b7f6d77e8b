"""The recipient's email on every award: its content, its language, sent on commit, the
in-app notification for account holders, and their email opt-out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Notification, NotificationKind, NotificationPreference
from accounts.services.notifications import notification_settings_update
from badges.models import Award
from badges.services.awards import award_create, award_issue
from tests.badges.factories.proposals import scene


@pytest.fixture
def s(default_framework):
    return scene(default_framework)


def award_by_hand(s, capture, email: str) -> Award:
    with capture(execute=True):
        return award_create(
            badge_class=s.badge, by=s.leader, email=email, narrative="Trois ateliers animés."
        )


def test_the_email_says_which_badge_from_whom_and_where(s, django_capture_on_commit_callbacks):
    award = award_by_hand(s, django_capture_on_commit_callbacks, s.member.email)
    [email] = mail.outbox
    assert email.to == ["amina@example.org"]
    assert (
        email.subject
        == "You received the badge “Réparer avec d'autres” from Repair Café de Chenôve"
    )
    assert "Repair Café de Chenôve awarded you the badge “Réparer avec d'autres”." in email.body
    assert "Trois ateliers animés." in email.body
    for url in (award.page_url, award.png_url):
        assert url in email.body
        assert f'href="{url}"' in email.alternatives[0][0]
    # The files for specialists (SVG, the signed JSON) are on the badge's page, not here.
    for url in (award.svg_url, award.ob3_url):
        assert url not in email.body and url not in email.alternatives[0][0]
    assert "The files for specialists are on your badge's page." in email.body
    assert "http://testserver/badges/mine/" in email.body
    assert 'lang="en"' in email.alternatives[0][0]  # Amina reads English


def test_someone_without_an_account_is_written_to_in_french(s, django_capture_on_commit_callbacks):
    award = award_by_hand(s, django_capture_on_commit_callbacks, "Marc@Example.org")
    assert award.recipient is None
    [email] = mail.outbox
    assert email.to == ["marc@example.org"]
    html = email.alternatives[0][0]
    assert 'lang="fr"' in html
    assert award.page_url in email.body
    assert "http://testserver" + reverse("accounts:signup") in email.body
    assert not Notification.objects.filter(kind=NotificationKind.BADGE_AWARDED).exists()


def test_the_email_leaves_on_commit_only(s):
    award_create(badge_class=s.badge, by=s.leader, email=s.member.email)
    assert mail.outbox == []  # the test's transaction never commits


def test_an_account_holder_also_gets_an_in_app_notification(s, django_capture_on_commit_callbacks):
    award = award_by_hand(s, django_capture_on_commit_callbacks, s.member.email)
    notification = Notification.objects.get(kind=NotificationKind.BADGE_AWARDED)
    assert notification.recipient == s.member
    assert notification.link == f"/badges/awards/{award.uuid}"
    assert notification.message == (
        "Repair Café de Chenôve awarded you the badge “Réparer avec d'autres”."
    )
    # One email only: the badge email, not the generic notification one as well.
    assert len(mail.outbox) == 1


def test_the_email_opt_out_is_respected(s, django_capture_on_commit_callbacks):
    notification_settings_update(
        user=s.member, email_by_kind={NotificationKind.BADGE_AWARDED: False}
    )
    assert NotificationPreference.objects.filter(user=s.member, email=False).exists()
    award_by_hand(s, django_capture_on_commit_callbacks, s.member.email)
    assert mail.outbox == []
    assert Notification.objects.filter(
        recipient=s.member, kind=NotificationKind.BADGE_AWARDED
    ).exists()


def test_every_kind_of_award_sends_it(s, django_capture_on_commit_callbacks):
    # award_issue is the path of automatic awards, bulk awards and the command too.
    with django_capture_on_commit_callbacks(execute=True):
        award_issue(badge_class=s.badge, email="lea@example.org")
    assert [email.to for email in mail.outbox] == [["lea@example.org"]]


def test_an_inactive_account_gets_no_email(s, django_capture_on_commit_callbacks):
    s.member.is_active = False
    s.member.save(update_fields=["is_active"])
    award_by_hand(s, django_capture_on_commit_callbacks, s.member.email)
    assert mail.outbox == []
