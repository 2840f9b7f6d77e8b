"""Notifications: stored, emailed unless turned off, listed, marked read; the unread count."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Notification, NotificationKind, NotificationPreference
from accounts.selectors.notifications import (
    notification_email_settings,
    notification_unread_count,
    notification_wants_email,
)
from accounts.services.notifications import notification_send
from tests.accounts.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:notification_list")
SETTINGS = reverse("accounts:notification_settings")
READ_ALL = reverse("accounts:notification_read_all")


def send(recipient, kind=NotificationKind.JOIN_ACCEPTED):
    return notification_send(
        recipient=recipient,
        kind=kind,
        context={"initiative": "L'Atelier & Co", "person": "Amina"},
        link="/initiatives/atelier/",
    )


# --- The service ------------------------------------------------------------


def test_a_notification_is_stored_and_emailed_in_the_recipients_language(
    volunteer, django_capture_on_commit_callbacks
):
    volunteer.preferred_language = "en"
    volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(volunteer)
    assert notification.params == {"initiative": "L'Atelier & Co", "person": "Amina"}
    assert notification.read_at is None
    [message] = mail.outbox
    assert message.to == [volunteer.email]
    assert message.subject == "You are now a member of L'Atelier & Co."
    assert "http://testserver/initiatives/atelier/" in message.body
    assert SETTINGS in message.body
    html = message.alternatives[0][0]
    assert "L&#x27;Atelier &amp; Co" in html


def test_no_email_when_the_kind_is_turned_off(volunteer, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(
        user=volunteer, kind=NotificationKind.JOIN_ACCEPTED, email=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(volunteer)
        send(volunteer, kind=NotificationKind.JOIN_REQUEST)
    assert Notification.objects.filter(recipient=volunteer).count() == 2
    assert len(mail.outbox) == 1  # only the kind still on


def test_no_email_is_sent_when_the_transaction_fails(volunteer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(volunteer)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_the_message_is_translated_when_read(volunteer):
    from django.utils import translation

    notification = send(volunteer)
    with translation.override("en"):
        assert notification.message == "You are now a member of L'Atelier & Co."
    assert str(notification) == notification.message


def test_an_unknown_parameter_never_breaks_a_message(volunteer):
    notification = NotificationFactory(recipient=volunteer, params={})
    assert isinstance(notification.message, str)


# --- The list ---------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Client):
    for url in (LIST, SETTINGS):
        assert client.get(url).url.startswith(reverse("accounts:login"))


def test_people_see_only_their_own_notifications(volunteer_client, volunteer, outsider):
    mine = NotificationFactory(recipient=volunteer)
    NotificationFactory(recipient=outsider)
    response = volunteer_client.get(LIST)
    assert list(response.context["page"]) == [mine]
    assert response.context["unread_count"] == 1


def test_the_list_uses_a_constant_number_of_queries(volunteer_client, volunteer, count_queries):
    NotificationFactory(recipient=volunteer)
    few = count_queries(volunteer_client, LIST)
    NotificationFactory.create_batch(25, recipient=volunteer)
    assert count_queries(volunteer_client, LIST) == few <= 7


def test_mark_one_as_read(volunteer_client, volunteer):
    notification = NotificationFactory(recipient=volunteer)
    url = reverse("accounts:notification_read", args=[notification.pk])
    assert volunteer_client.get(url).status_code == 405
    assert volunteer_client.post(url).url == LIST
    notification.refresh_from_db()
    assert notification.is_read


def test_nobody_marks_someone_elses_notification(client: Client, outsider, volunteer):
    notification = NotificationFactory(recipient=volunteer)
    client.force_login(outsider)
    assert (
        client.post(reverse("accounts:notification_read", args=[notification.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("accounts:notification_open", args=[notification.pk])).status_code == 404
    )
    notification.refresh_from_db()
    assert not notification.is_read


def test_opening_a_notification_marks_it_read_and_follows_its_link(volunteer_client, volunteer):
    notification = NotificationFactory(recipient=volunteer, link="/initiatives/x/")
    response = volunteer_client.get(reverse("accounts:notification_open", args=[notification.pk]))
    assert response.url == "/initiatives/x/"
    notification.refresh_from_db()
    assert notification.is_read


def test_an_outside_link_is_never_followed(volunteer_client, volunteer):
    notification = NotificationFactory(recipient=volunteer, link="https://evil.example.com/")
    response = volunteer_client.get(reverse("accounts:notification_open", args=[notification.pk]))
    assert response.url == LIST


def test_mark_all_as_read(volunteer_client, volunteer, outsider):
    NotificationFactory.create_batch(3, recipient=volunteer)
    other = NotificationFactory(recipient=outsider)
    volunteer_client.post(READ_ALL)
    assert notification_unread_count(user=volunteer) == 0
    other.refresh_from_db()
    assert not other.is_read


# --- The navigation ---------------------------------------------------------


def test_the_navigation_shows_the_unread_count(volunteer_client, volunteer):
    html = volunteer_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{LIST}"' in html
    assert "Notifications (" not in html
    NotificationFactory.create_batch(2, recipient=volunteer)
    html = volunteer_client.get("/").content.decode()
    assert "(2)" in html


def test_the_count_costs_one_query(volunteer_client, volunteer, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = volunteer
    template = Template("{% load accounts_tags %}{% unread_notification_count as n %}{{ n }}")
    NotificationFactory.create_batch(2, recipient=volunteer)
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "2"


def test_anonymous_visitors_see_no_notifications_link(client: Client):
    assert f'href="{LIST}"' not in client.get("/").content.decode()


# --- Email settings ---------------------------------------------------------


def test_settings_start_with_every_email_on(volunteer_client):
    form = volunteer_client.get(SETTINGS).context["form"]
    assert form.initial == {kind: True for kind in NotificationKind.values}


def test_turning_one_kind_off_and_on_again(volunteer_client, volunteer):
    # Unchecked boxes are not sent by browsers: only "invitation" stays on.
    response = volunteer_client.post(SETTINGS, {"invitation": "on"})
    assert response.url == SETTINGS
    assert notification_email_settings(user=volunteer) == {
        kind: kind == "invitation" for kind in NotificationKind.values
    }
    assert not notification_wants_email(user=volunteer, kind="join_request")
    volunteer_client.post(SETTINGS, {kind: "on" for kind in NotificationKind.values})
    assert all(notification_email_settings(user=volunteer).values())
    assert NotificationPreference.objects.filter(user=volunteer).count() == len(
        NotificationKind.values
    )
