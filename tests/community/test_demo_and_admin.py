"""Demo data and the administration pages of the portfolios app."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from community.models import Initiative, Membership, Role
from tests.accounts.factories.notifications import NotificationFactory
from tests.community.factories.initiatives import InvitationFactory, JoinRequestFactory

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent():
    call_command("demo_data", "--quiet-logins")
    call_command("demo_data", "--quiet-logins")
    initiatives = Initiative.objects.order_by("name")
    assert initiatives.count() == 3
    assert len({tuple(i.sphere_values) for i in initiatives}) == 3
    assert all(i.verified for i in initiatives)
    for initiative in initiatives:
        initiative.full_clean()
        leaders = Membership.objects.filter(initiative=initiative, role=Role.LEADER)
        assert [m.user.email for m in leaders] == ["sophie@example.org"]
    amina = Membership.objects.filter(user__email="amina@example.org", role=Role.MEMBER)
    assert amina.count() == 2


def test_the_demo_pages_answer(client: Client):
    call_command("demo_data", "--quiet-logins")
    assert client.get(reverse("community:initiative_list")).status_code == 200
    for initiative in Initiative.objects.all():
        assert client.get(initiative.get_absolute_url()).status_code == 200


def test_admin_pages(client: Client, staff, initiative):
    InvitationFactory(initiative=initiative)
    JoinRequestFactory(initiative=initiative)
    NotificationFactory()
    client.force_login(staff)
    for app_label, model in (
        ("community", "initiative"),
        ("community", "membership"),
        ("community", "invitation"),
        ("community", "joinrequest"),
        ("accounts", "notification"),
        ("accounts", "notificationpreference"),
    ):
        assert client.get(reverse(f"admin:{app_label}_{model}_changelist")).status_code == 200
    change = reverse("admin:community_initiative_change", args=[initiative.pk])
    assert client.get(change).status_code == 200
