"""Password guessing (accounts.services.login_guard) and the rate limits of the account
pages: sign-up, password reset, confirmation emails sent again.

Acceptance 3 of #11 (this process; tests/config/test_shared_limits.py does it with two app
processes sharing the cache): 10 wrong passwords for one account from one address, then the
right one, do not log in within the lock period, and the owner gets one email; 20 reset
requests for one address send at most the limit's number of emails.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
WRONG = "pas le bon mot de passe"
START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    """Every test runs at START, its clock moved only by the test: the lock's windows count
    from the failures, never from the real date (these tests once passed only while the
    real time was before START + the lock period)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _login(client, email: str, password: str, address: str = "203.0.113.9"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _wrong_passwords(client, email: str, count: int, address: str = "203.0.113.9") -> None:
    """``count`` wrong passwords, each after the wait the previous failure asked for."""
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(count):
            response = _login(client, email, WRONG, address)
            assert response.status_code == 200, response.status_code  # checked, wrong
            traveller.shift(dt.timedelta(seconds=61))


def test_ten_wrong_passwords_lock_the_account_and_email_its_owner_once(client, english):
    owner = UserFactory(email="amina@example.org", preferred_language="en")
    _wrong_passwords(client, owner.email, 9)
    assert mail.outbox == []
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False) as traveller:
        tenth = _login(client, owner.email, WRONG)
        assert tenth.status_code == 200
        assert "This account is locked for 15 minutes" in tenth.content.decode()
        right = _login(client, owner.email, DEFAULT_PASSWORD)
        assert right.status_code == 429
        assert right["Retry-After"] == str(15 * 60)
        assert not _signed_in(client)
        html = right.content.decode()
        assert "This account is locked for 15 minutes after too many failed attempts." in html
        assert 'value="amina@example.org"' in html  # what was typed is kept
        # from another address too: the lock is the account's
        assert _login(client, owner.email, DEFAULT_PASSWORD, "198.51.100.7").status_code == 429
        traveller.shift(dt.timedelta(minutes=14))
        assert _login(client, owner.email, DEFAULT_PASSWORD).status_code == 429
        assert not _signed_in(client)
        [email] = mail.outbox
        assert email.to == ["amina@example.org"]
        assert email.subject == "Your Jalons account is locked for a while"
        assert "10 times in a row" in email.body
        assert "http://testserver/accounts/password/reset/" in email.body
        traveller.shift(dt.timedelta(minutes=2))  # the lock is over
        assert _login(client, owner.email, DEFAULT_PASSWORD).status_code == 302
        assert _signed_in(client)
    assert len(mail.outbox) == 1


def test_failures_slow_down_before_the_lock(client, english):
    owner = UserFactory(email="amina@example.org")
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(3):
            assert _login(client, owner.email, WRONG).status_code == 200
        # the 4th attempt comes too soon: refused without checking, even the right password
        soon = _login(client, owner.email, DEFAULT_PASSWORD)
        assert soon.status_code == 429 and soon["Retry-After"] == "1"
        assert "please wait 1 second before trying again" in soon.content.decode()
        assert not _signed_in(client)
        traveller.shift(dt.timedelta(seconds=1))
        assert _login(client, owner.email, WRONG).status_code == 200  # 4 failures: 2 s
        traveller.shift(dt.timedelta(seconds=1))
        assert _login(client, owner.email, WRONG)["Retry-After"] == "1"
        traveller.shift(dt.timedelta(seconds=1))
        assert _login(client, owner.email, DEFAULT_PASSWORD).status_code == 302
    assert _signed_in(client)


def test_a_success_forgets_the_failures(client):
    owner = UserFactory(email="amina@example.org")
    _wrong_passwords(client, owner.email, 2)
    assert _login(client, owner.email, DEFAULT_PASSWORD).status_code == 302
    client.logout()
    # two more failures do not slow down: the count started again
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        for _ in range(2):
            assert _login(client, owner.email, WRONG).status_code == 200
        assert _login(client, owner.email, DEFAULT_PASSWORD).status_code == 302


def test_unknown_addresses_are_counted_the_same_without_email(client, english):
    _wrong_passwords(client, "nobody@example.org", 10)
    refused = _login(client, "nobody@example.org", WRONG)
    assert refused.status_code == 429
    assert "This account is locked" in refused.content.decode()  # says nothing of existence
    assert mail.outbox == []


def test_a_password_reset_lifts_the_lock(client):
    owner = UserFactory(email="amina@example.org")
    _wrong_passwords(client, owner.email, 10)
    assert _login(client, owner.email, DEFAULT_PASSWORD).status_code == 429
    client.post(reverse("accounts:password_reset"), {"email": owner.email})
    path = re.search(r"http://testserver(\S+/)", str(mail.outbox[-1].body)).group(1)
    response = client.get(path)  # redirects to the set-password URL (token moved to session)
    new = "un nouveau secret 42"
    client.post(response.url, {"new_password1": new, "new_password2": new})
    assert _login(client, owner.email, new).status_code == 302


def test_many_failures_from_one_address_block_it_whatever_the_accounts(client, settings, english):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_address": "5/15m"}
    with time_machine.travel(START, tick=False):
        for number in range(5):
            assert _login(client, f"person{number}@example.org", WRONG).status_code == 200
        blocked = _login(client, "person9@example.org", WRONG)
        assert blocked.status_code == 429
        assert "Too many failed logins from your connection" in blocked.content.decode()
        assert int(blocked["Retry-After"]) <= 15 * 60
        # another address is not blocked
        assert _login(client, "person9@example.org", WRONG, "198.51.100.7").status_code == 200


def test_the_admin_logs_in_through_the_guarded_page(client, staff):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    for _ in range(3):
        _login(client, staff.email, WRONG)
    assert _login(client, staff.email, DEFAULT_PASSWORD).status_code == 429


# --- Sign-up, password reset, confirmation emails -------------------------------------------


def test_twenty_reset_requests_send_at_most_three_emails(client, english):
    UserFactory(email="amina@example.org", preferred_language="en")
    answers = [
        client.post(reverse("accounts:password_reset"), {"email": "amina@example.org"})
        for _ in range(20)
    ]
    assert [answer.status_code for answer in answers[:3]] == [302, 302, 302]
    assert {answer.status_code for answer in answers[3:]} == {429}
    assert len(mail.outbox) == 3
    refused = answers[3]
    assert int(refused["Retry-After"]) <= 3600
    html = refused.content.decode()
    assert "Too many attempts. Please try again in" in html
    assert 'value="amina@example.org"' in html


def test_reset_requests_from_one_address_are_limited_whatever_the_email(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "reset_address": "4/h"}
    answers = [
        client.post(reverse("accounts:password_reset"), {"email": f"p{n}@example.org"})
        for n in range(6)
    ]
    assert [answer.status_code for answer in answers] == [302] * 4 + [429] * 2


def test_sign_up_is_limited_per_address_and_keeps_what_was_typed(client, settings, english):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup_address": "2/h"}
    data = {
        "display_name": "Nouvelle",
        "email": "nouvelle@example.org",
        "password": "un secret assez long",
        "password_confirm": "un secret assez long",
        "preferred_language": "fr",
    }
    for _ in range(2):
        client.post(reverse("accounts:signup"), data)
    refused = client.post(reverse("accounts:signup"), {**data, "email": "autre@example.org"})
    assert refused.status_code == 429 and "Retry-After" in refused
    html = refused.content.decode()
    assert "Too many attempts" in html and 'value="autre@example.org"' in html


def test_confirmation_emails_sent_again_are_limited(client, english):
    UserFactory(email="new@example.org", email_verified_at=None, preferred_language="en")
    url = reverse("accounts:resend_verification")
    answers = [client.post(url, {"email": "new@example.org"}) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    assert "Too many attempts" in answers[3].content.decode()
