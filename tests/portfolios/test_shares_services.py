"""Share link services: token and code storage, bounds, permissions, brute-force lock, emails."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portfolios.models.portfolios import AccessWhat, ShareAccess, ShareLink
from portfolios.services import shares as services
from tests.accounts.factories.users import UserFactory
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(volunteer):
    return plain_portfolio(volunteer)


def test_the_token_has_256_random_bits_and_only_its_hash_is_stored(portfolio):
    tokens = set()
    for _ in range(5):
        share, token = share_make(portfolio)
        tokens.add(token)
        assert len(token) >= 43  # 32 bytes in URL-safe base64: 256 bits (at least 128 asked)
        share.refresh_from_db()
        assert share.token_hash == hashlib.sha256(token.encode()).hexdigest()
        stored = " ".join(
            str(value) for value in ShareLink.objects.filter(pk=share.pk).values()[0].values()
        )
        assert token not in stored
    assert len(tokens) == 5


def test_defaults_30_days_no_code_no_recipient(portfolio):
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC), tick=False):
        share, _ = share_make(portfolio)
    assert share.expires_at == dt.datetime(2026, 5, 31, 10, tzinfo=dt.UTC)
    assert not share.has_access_code and share.is_open(at=share.created_at)
    assert mail.outbox == []


@pytest.mark.parametrize("days", [0, -1, 366, 1000])
def test_expiry_outside_1_to_365_days_is_refused(portfolio, days):
    with pytest.raises(ValidationError) as error:
        share_make(portfolio, expires_in_days=days)
    assert "expires_in_days" in error.value.error_dict
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("days", [1, 365])
def test_expiry_bounds_are_accepted(portfolio, days):
    share, _ = share_make(portfolio, expires_in_days=days)
    assert (share.expires_at - share.created_at).days in (days - 1, days)


@pytest.mark.parametrize("code", ["abc", "x" * 65])
def test_access_code_needs_4_to_64_characters(portfolio, code):
    with pytest.raises(ValidationError) as error:
        share_make(portfolio, access_code=code)
    assert "access_code" in error.value.error_dict


def test_the_access_code_is_stored_hashed(portfolio):
    share, _ = share_make(portfolio, access_code="jalons")
    assert share.has_access_code and "jalons" not in share.access_code_hash
    assert check_password("jalons", share.access_code_hash)
    assert services.share_access_code_check(share=share, code="jalons")
    assert not services.share_access_code_check(share=share, code="jalon")
    assert ShareAccess.objects.filter(share=share, what=AccessWhat.CODE_REFUSED).count() == 1


def test_only_the_owner_creates_and_revokes(portfolio, outsider):
    with pytest.raises(PermissionDenied):
        services.share_link_create(portfolio=portfolio, by=outsider)
    share, _ = share_make(portfolio)
    with pytest.raises(PermissionDenied):
        services.share_link_revoke(share=share, by=outsider)
    assert share.revoked_at is None


def test_revoking_closes_the_link_once(portfolio, volunteer):
    share, _ = share_make(portfolio)
    services.share_link_revoke(share=share, by=volunteer)
    first = share.revoked_at
    assert first is not None and not share.is_open()
    services.share_link_revoke(share=share, by=volunteer)
    share.refresh_from_db()
    assert share.revoked_at == first


def test_five_wrong_codes_lock_the_link_for_15_minutes(portfolio):
    share, _ = share_make(portfolio, access_code="jalons")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(services.CODE_MAX_FAILURES):
            assert not services.share_access_code_check(share=share, code="wrong")
            traveller.shift(dt.timedelta(minutes=1))
        assert services.share_code_locked_until(share=share) is not None
        # Locked: even the right code is refused, and the attempts are not logged again.
        assert not services.share_access_code_check(share=share, code="jalons")
        assert ShareAccess.objects.filter(share=share, what=AccessWhat.CODE_REFUSED).count() == 5
        traveller.shift(dt.timedelta(minutes=services.CODE_LOCK_MINUTES))
        assert services.share_code_locked_until(share=share) is None
        assert services.share_access_code_check(share=share, code="jalons")


def test_wrong_codes_spread_over_time_do_not_lock(portfolio):
    share, _ = share_make(portfolio, access_code="jalons")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(6):
            assert not services.share_access_code_check(share=share, code="wrong")
            traveller.shift(dt.timedelta(minutes=4))
        assert services.share_code_locked_until(share=share) is None
        assert services.share_access_code_check(share=share, code="jalons")


def test_the_recipient_gets_the_link_in_french_but_never_the_code(
    portfolio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        share, token = share_make(
            portfolio,
            recipient_name="Nadia",
            recipient_email="Nadia@Example.org",
            access_code="secret-code-42",
        )
    assert share.recipient_email == "nadia@example.org"
    [message] = mail.outbox
    assert message.to == ["nadia@example.org"]
    body = message.body + message.alternatives[0][0]
    assert f"http://testserver/s/{token}/" in body
    assert "secret-code-42" not in body + message.subject
    assert "Bonjour Nadia" in body  # French by default
    assert "Amina" in message.subject


def test_a_recipient_with_an_english_account_reads_english(
    portfolio, django_capture_on_commit_callbacks
):
    UserFactory(email="karim@example.org", preferred_language="en", is_advisor=True)
    with django_capture_on_commit_callbacks(execute=True):
        share_make(portfolio, recipient_email="karim@example.org", access_code="jalons")
    [message] = mail.outbox
    assert "shares their portfolio" in message.subject
    assert "/advisor/portfolios/" in message.body  # an advisor is told about the workspace
    assert "access code: the person gives it to you separately" in message.body
    assert "jalons" not in message.body


def test_an_invalid_email_is_refused(portfolio):
    with pytest.raises(ValidationError) as error:
        share_make(portfolio, recipient_email="not an address")
    assert "recipient_email" in error.value.error_dict


def test_access_record_keeps_the_signed_in_viewer_only(portfolio, advisor):
    from django.contrib.auth.models import AnonymousUser

    share, _ = share_make(portfolio)
    assert services.share_access_record(share=share, what="page", viewer=advisor).viewer == advisor
    assert (
        services.share_access_record(share=share, what="pdf", viewer=AnonymousUser()).viewer is None
    )
    with pytest.raises(ValueError, match="Unknown access"):
        services.share_access_record(share=share, what="nonsense")
