"""Sharing from a phone: an open link shown again to its owner (its token encrypted at
rest, portfolios/sealing.py), the Copy / Share buttons, the QR code page, and the access
code shown once in large characters."""

from __future__ import annotations

import base64
import datetime as dt
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from config.tokens import token_hash
from portfolios.models.portfolios import ShareLink
from portfolios.sealing import share_token_unseal
from portfolios.services.shares import share_link_revoke, share_url, share_urls_for_owner
from tests.accounts.retention import apply_retention, purged
from tests.conftest import login
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(volunteer):
    return plain_portfolio(volunteer, title="Vers la logistique")


def _list_url(portfolio):
    return reverse("portfolios:share_list", kwargs={"uuid": portfolio.uuid})


def _qr_url(share):
    return reverse("portfolios:share_qr", kwargs={"uuid": share.uuid})


# --- The token at rest -------------------------------------------------------------------


def test_the_token_is_stored_encrypted_and_bound_to_its_link(portfolio):
    share, token = share_make(portfolio)
    other, _ = share_make(portfolio)
    assert share.token_sealed.startswith("v1.") and token not in share.token_sealed
    assert share_token_unseal(share.token_sealed, share_uuid=share.uuid) == token
    # Copied onto another link, or altered, it does not decrypt.
    assert share_token_unseal(share.token_sealed, share_uuid=other.uuid) is None
    flipped = share.token_sealed[:-2] + ("A" if share.token_sealed[-2] != "A" else "B") + "A"
    assert share_token_unseal(flipped, share_uuid=share.uuid) is None
    assert share_token_unseal("", share_uuid=share.uuid) is None
    assert share_token_unseal("v2.abc", share_uuid=share.uuid) is None


def test_the_key_is_its_own_and_follows_key_rotation(portfolio, settings):
    share, token = share_make(portfolio)
    old_key, new_key = settings.SIGNING_KEY_ENCRYPTION_KEY, os.urandom(32)
    with override_settings(SIGNING_KEY_ENCRYPTION_KEY=new_key):
        assert share_token_unseal(share.token_sealed, share_uuid=share.uuid) is None
    with override_settings(
        SIGNING_KEY_ENCRYPTION_KEY=new_key, SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS=[old_key]
    ):
        assert share_token_unseal(share.token_sealed, share_uuid=share.uuid) == token
    # The signing-key encryption key itself does not open it: the key is purpose-bound.
    raw = base64.urlsafe_b64decode(share.token_sealed[3:] + "==")
    with pytest.raises(Exception):  # noqa: B017, PT011 (cryptography's InvalidTag)
        AESGCM(old_key).decrypt(raw[:12], raw[12:], f"v1.share-link.{share.uuid}".encode())


def test_the_token_never_reaches_the_audit_log(portfolio, volunteer):
    share, token = share_make(portfolio, access_code="jalons")
    share_link_revoke(share=share, by=volunteer)
    for details in AuditEvent.objects.values_list("details", flat=True):
        assert token not in str(details) and "jalons" not in str(details)


def test_revoking_or_expiring_forgets_the_token(portfolio, volunteer, time_machine):
    revoked, _ = share_make(portfolio)
    share_link_revoke(share=revoked, by=volunteer)
    revoked.refresh_from_db()
    assert revoked.token_sealed == ""
    short, _ = share_make(portfolio, expires_in_days=1)
    kept, _ = share_make(portfolio, expires_in_days=30)
    time_machine.move_to(timezone.now() + dt.timedelta(days=2))
    assert purged(apply_retention("--only", "expired_share_link_tokens")) == {
        "expired_share_link_tokens": 1
    }
    short.refresh_from_db()
    kept.refresh_from_db()
    assert short.token_sealed == "" and kept.token_sealed != ""
    assert ShareLink.objects.filter(pk=short.pk).exists()  # the link itself stays a year


def test_only_the_owner_gets_the_addresses_of_open_links(portfolio, volunteer, leader):
    open_share, token = share_make(portfolio)
    closed, _ = share_make(portfolio)
    share_link_revoke(share=closed, by=volunteer)
    shares = [open_share, closed]
    assert share_urls_for_owner(portfolio=portfolio, shares=shares, by=volunteer) == {
        open_share.pk: share_url(token)
    }
    assert share_urls_for_owner(portfolio=portfolio, shares=shares, by=leader) == {}


# --- The owner's list --------------------------------------------------------------------


def test_the_owner_sees_open_links_again_with_copy_share_and_qr(
    client, volunteer, portfolio, english
):
    open_share, token = share_make(portfolio, recipient_name="Karim")
    expired, expired_token = share_make(portfolio, recipient_name="Paul", expires_in_days=1)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    login(client, volunteer)
    text = client.get(_list_url(portfolio)).content.decode()
    assert f'value="{share_url(token)}"' in text and "readonly" in text
    assert expired_token not in text  # an expired link is not shown again
    assert text.count("data-share-copy hidden") == 1  # shown by the script only
    assert text.count("data-share-native hidden") == 1
    assert _qr_url(open_share) in text and _qr_url(expired) not in text
    assert "js/share-link.js" in text and "<script>" not in text


@pytest.mark.parametrize(
    ("persona", "status"), [("volunteer", 200), ("leader", 404), ("outsider", 404), (None, 302)]
)
def test_only_the_owner_sees_the_qr_page(as_persona, portfolio, persona, status, english):
    share, token = share_make(portfolio, recipient_name="Karim", access_code="jalons")
    response = as_persona(persona).get(_qr_url(share))
    assert response.status_code == status
    text = response.content.decode()
    if status == 200:
        assert "<svg" in text and 'role="img"' in text
        assert share_url(token) in text and "give them the access code" in text
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert 'name="robots" content="noindex' in text
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert token not in text


def test_the_qr_page_of_a_closed_link_answers_410(client, volunteer, portfolio, english):
    share, token = share_make(portfolio)
    share_link_revoke(share=share, by=volunteer)
    login(client, volunteer)
    response = client.get(_qr_url(share))
    assert response.status_code == 410
    assert "<svg" not in response.content.decode() and token not in response.content.decode()


def test_the_qr_code_holds_the_link(client, volunteer, portfolio):
    """The SVG draws the QR code of this link (the browser test decodes it from the screen)."""
    import segno

    share, token = share_make(portfolio)
    other, _ = share_make(portfolio)
    login(client, volunteer)
    text = client.get(_qr_url(share)).content.decode()

    def modules(url: str) -> str:
        svg = segno.make(url, error="m", micro=False).svg_inline(omitsize=True, border=4)
        path = svg[svg.index("<path") :]
        return path[path.index(' d="') : path.index('"', path.index(' d="') + 4)]

    assert modules(share_url(token)) in text
    assert modules(share_url("another-token")) not in text
    assert other.uuid.hex not in text


def test_creating_a_link_shows_the_code_apart_and_says_it_is_hashed(
    client, volunteer, portfolio, english
):
    login(client, volunteer)
    client.post(_list_url(portfolio), {"expires_in_days": "10", "access_code": "tournesol-42"})
    share = ShareLink.objects.get(portfolio=portfolio)
    assert "tournesol" not in share.access_code_hash and "tournesol" not in share.token_sealed
    text = client.get(_list_url(portfolio)).content.decode()
    assert '<p class="share-code__value">tournesol-42</p>' in text
    assert "cannot show it again" in text
    assert token_hash(text.split('value="http://testserver/s/')[1].split("/")[0]) == (
        share.token_hash
    )
    assert "tournesol-42" not in client.get(_list_url(portfolio)).content.decode()
