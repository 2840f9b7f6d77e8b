"""Factories of notifications."""

from __future__ import annotations

import factory

from accounts.models import Notification, NotificationKind
from tests.accounts.factories.users import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.JOIN_ACCEPTED
    params = factory.LazyFunction(lambda: {"initiative": "Repair Café"})
    link = "/initiatives/"
