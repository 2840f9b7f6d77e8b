"""The notifications API: a person's notifications, read one by one or all at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Notification
from tests.accounts.factories.notifications import NotificationFactory

NOTIFICATIONS = reverse("accounts_api:notification_list")
READ_ALL = reverse("accounts_api:notification_read_all")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_notifications_are_mine_and_paginated(client, volunteer, leader, count_queries):
    assert client.get(NOTIFICATIONS).status_code == 401
    NotificationFactory(recipient=leader)
    NotificationFactory(recipient=volunteer)
    client.force_login(volunteer)
    few = count_queries(client, NOTIFICATIONS)
    for _ in range(10):
        NotificationFactory(recipient=volunteer)
    assert count_queries(client, NOTIFICATIONS) == few <= 5
    body = client.get(NOTIFICATIONS, {"page_size": 5}).json()
    assert body["count"] == 11 and len(body["results"]) == 5
    first = body["results"][0]
    assert first["message"] == "You are now a member of Repair Café."
    assert first["link"] == "http://testserver/initiatives/"
    assert first["read"] is False


def test_reading_notifications(client, volunteer, leader):
    mine = NotificationFactory(recipient=volunteer)
    NotificationFactory(recipient=volunteer)
    theirs = NotificationFactory(recipient=leader)
    read_mine = reverse("accounts_api:notification_read", args=[mine.pk])
    assert client.post(read_mine).status_code == 401
    assert client.post(READ_ALL).status_code == 401
    client.force_login(volunteer)
    response = client.post(read_mine)
    assert response.status_code == 200 and response.json()["read"] is True
    url = reverse("accounts_api:notification_read", args=[theirs.pk])
    assert client.post(url).status_code == 404
    assert client.post(READ_ALL).json() == {"marked": 1}
    assert not Notification.objects.filter(recipient=volunteer, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
