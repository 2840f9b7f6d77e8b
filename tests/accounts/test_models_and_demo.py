from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User
from community import demo_activity

pytestmark = pytest.mark.django_db


def test_emails_are_stored_lower_case_and_unique_ignoring_case():
    User.objects.create_user(email="Amina@Example.org", password="x")
    assert User.objects.get().email == "amina@example.org"
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="AMINA@example.org")])


def test_superuser_is_staff_and_verified():
    admin = User.objects.create_superuser(email="root@example.org", password="x")
    assert admin.is_staff and admin.is_superuser and admin.email_verified


def test_roles():
    steward = User(email="s@example.org", is_steward=True)
    volunteer = User(email="v@example.org")
    assert steward.can_curate_framework and steward.can_grant_advisor
    assert not volunteer.can_curate_framework
    assert str(volunteer) == "v@example.org"


def test_demo_data_is_idempotent_and_logins_work(client, capsys):
    call_command("demo_data")
    call_command("demo_data")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    # The demo accounts, the demo volunteers of community/demo_contributions.py, and the
    # inhabitants of the two years of activity (community/demo_activity.py, no password).
    history = User.objects.filter(email__endswith=f"@{demo_activity.EMAIL_DOMAIN}")
    assert history.count() == demo_activity.PEOPLE
    assert not any(person.has_usable_password() for person in history)
    assert User.objects.count() == len(DEMO_ACCOUNTS) + 9 + demo_activity.PEOPLE
    for account in DEMO_ACCOUNTS:
        assert account.email in out
        assert client.login(username=account.email, password=DEMO_PASSWORD)
    karim = User.objects.get(email="karim@example.org")
    assert karim.is_advisor and karim.advisor_granted_by.is_steward
