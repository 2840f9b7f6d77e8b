"""Share pages: the owner's page (links, form, access log), revoking, and the shared view
behind a link — its lifecycle (acceptance 3), its headers and its downloads."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from config.tokens import token_hash
from portfolios.models.portfolios import AccessWhat, ShareAccess, ShareLink
from portfolios.services.shares import share_link_revoke
from tests.conftest import login
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(volunteer):
    return plain_portfolio(volunteer, title="Vers la logistique", target="Emploi en logistique")


def _list_url(portfolio):
    return reverse("portfolios:share_list", kwargs={"uuid": portfolio.uuid})


def _view_url(token):
    return reverse("portfolios:shared_view", kwargs={"token": token})


def _log(share):
    return list(
        ShareAccess.objects.filter(share=share).order_by("at", "pk").values_list("what", flat=True)
    )


# --- The owner's page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("volunteer", 200), ("leader", 404), ("outsider", 404), (None, 302)]
)
def test_only_the_owner_sees_the_share_page(as_persona, portfolio, persona, status):
    client = as_persona(persona)
    response = client.get(_list_url(portfolio))
    assert response.status_code == status
    if status == 302:
        assert reverse("accounts:login") in response["Location"]


def test_creating_a_link_shows_it_and_its_code_once(client, volunteer, portfolio, english):
    login(client, volunteer)
    response = client.post(
        _list_url(portfolio),
        {
            "recipient_name": "Karim Haddad",
            "recipient_organisation": "Mission locale",
            "recipient_email": "",
            "expires_in_days": "10",
            "access_code": "jalons",
        },
    )
    assert response.status_code == 302
    share = ShareLink.objects.get(portfolio=portfolio)
    assert share.recipient_name == "Karim Haddad" and share.has_access_code
    page = client.get(_list_url(portfolio))
    assert page["Cache-Control"] == "private, no-store"
    text = page.content.decode()
    assert 'id="new-link"' in text and "/s/" in text
    assert "The access code is not in the email" in text
    # The new link on top, and the same address again in the list of links.
    urls = {part for part in text.split('"') if part.startswith("http://testserver/s/")}
    [url] = urls
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert ShareLink.objects.filter(token_hash=share.token_hash).exists()
    assert token_hash(token) == share.token_hash
    assert '<p class="share-code__value">jalons</p>' in text
    # The access code is shown once; the open link stays on the owner's list.
    later = client.get(_list_url(portfolio)).content.decode()
    assert 'id="new-link"' not in later and "share-code__value" not in later
    assert f'value="{url}"' in later


def test_bad_input_is_kept_and_explained(client, volunteer, portfolio, english):
    login(client, volunteer)
    response = client.post(
        _list_url(portfolio),
        {"recipient_name": "Karim", "expires_in_days": "400", "access_code": "ab"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="error-summary"' in text and 'value="Karim"' in text
    assert not ShareLink.objects.exists()


def test_the_recipient_is_emailed(client, volunteer, portfolio, django_capture_on_commit_callbacks):
    login(client, volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _list_url(portfolio),
            {
                "recipient_email": "karim@example.org",
                "expires_in_days": "30",
                "access_code": "jalons",
            },
        )
    [message] = mail.outbox
    assert message.to == ["karim@example.org"] and "jalons" not in message.body


def test_the_page_lists_states_and_the_access_log(client, volunteer, portfolio, english):
    _open_share, open_token = share_make(portfolio, recipient_name="Karim")
    _coded, _ = share_make(portfolio, recipient_name="Nadia", access_code="jalons")
    revoked, _ = share_make(portfolio, recipient_name="Lucie")
    share_link_revoke(share=revoked, by=volunteer)
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        _expired, _ = share_make(portfolio, recipient_name="Paul", expires_in_days=2)
    client.get(_view_url(open_token))
    login(client, volunteer)
    text = client.get(_list_url(portfolio)).content.decode()
    for label in ("Open", "Open, with an access code", "Withdrawn", "Expired"):
        assert label in text
    assert text.count("Withdraw the link for") == 3  # not for the revoked one
    assert "Portfolio page" in text  # the access log


def test_share_page_queries_do_not_grow(client, volunteer, portfolio, count_queries):
    login(client, volunteer)
    share, token = share_make(portfolio)
    client.get(_view_url(token))
    first = count_queries(client, _list_url(portfolio))
    for number in range(4):
        share, token = share_make(portfolio, recipient_name=f"Person {number}", access_code="abcd")
        client.get(_view_url(token))
        ShareAccess.objects.create(share=share, what=AccessWhat.PDF)
    assert count_queries(client, _list_url(portfolio)) == first


@pytest.mark.parametrize(("persona", "status"), [("leader", 404), ("outsider", 404), (None, 302)])
def test_only_the_owner_revokes(as_persona, portfolio, persona, status):
    share, _ = share_make(portfolio)
    url = reverse("portfolios:share_revoke", kwargs={"uuid": share.uuid})
    assert as_persona(persona).post(url).status_code == status
    share.refresh_from_db()
    assert share.revoked_at is None


def test_the_owner_revokes_by_post_only(client, volunteer, portfolio):
    share, _ = share_make(portfolio)
    url = reverse("portfolios:share_revoke", kwargs={"uuid": share.uuid})
    login(client, volunteer)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None


# --- The shared view: acceptance 3 -----------------------------------------------------


def test_share_link_lifecycle(client, volunteer, portfolio, english):
    """Works with the code, refuses without it, is logged, answers 410 after revocation."""
    share, token = share_make(portfolio, access_code="jalons")
    url = _view_url(token)

    asked = client.get(url)
    assert asked.status_code == 200
    assert (
        'name="code"' in asked.content.decode()
        and "Vers la logistique" not in asked.content.decode()
    )
    pdf = client.get(reverse("portfolios:shared_pdf", kwargs={"token": token}))
    assert pdf.status_code == 302 and pdf["Location"] == url  # no download without the code

    wrong = client.post(url, {"code": "nope"})
    assert wrong.status_code == 200 and "This code is not right" in wrong.content.decode()
    assert _log(share) == [AccessWhat.CODE_REFUSED]

    right = client.post(url, {"code": "jalons"})
    assert right.status_code == 302 and right["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert "Vers la logistique" in page.content.decode()
    assert _log(share) == [AccessWhat.CODE_REFUSED, AccessWhat.PAGE]

    share_link_revoke(share=share, by=volunteer)
    gone = client.get(url)
    assert gone.status_code == 410
    assert "This link was withdrawn by the person who shared it" in gone.content.decode()
    assert "Vers la logistique" not in gone.content.decode()
    assert _log(share)[-1] == AccessWhat.CLOSED


def test_a_link_answers_410_after_its_expiry(client, portfolio, english):
    share, token = share_make(portfolio, expires_in_days=7)
    assert client.get(_view_url(token)).status_code == 200
    with time_machine.travel(share.expires_at + dt.timedelta(seconds=1)):
        gone = client.get(_view_url(token))
        assert (
            client.get(reverse("portfolios:shared_pdf", kwargs={"token": token})).status_code == 410
        )
    assert gone.status_code == 410
    text = gone.content.decode()
    assert "This link expired on" in text and "ask the person for a new one" in text
    assert _log(share) == [AccessWhat.PAGE, AccessWhat.CLOSED, AccessWhat.CLOSED]


def test_a_link_without_code_opens_directly_and_is_logged(client, portfolio, advisor):
    share, token = share_make(portfolio)
    login(client, advisor)
    assert client.get(_view_url(token)).status_code == 200
    access = ShareAccess.objects.get(share=share)
    assert access.what == AccessWhat.PAGE and access.viewer == advisor


def test_the_code_is_remembered_for_that_link_only(client, portfolio):
    _first, first_token = share_make(portfolio, access_code="jalons")
    _, second_token = share_make(portfolio, access_code="jalons")
    client.post(_view_url(first_token), {"code": "jalons"})
    assert "Vers la logistique" in client.get(_view_url(first_token)).content.decode()
    assert 'name="code"' in client.get(_view_url(second_token)).content.decode()


def test_an_unknown_token_is_404(client, portfolio, english):
    share_make(portfolio)
    response = client.get(_view_url("x" * 43))
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not ShareAccess.objects.exists()


def test_the_brute_force_lock_shows_on_the_page(client, portfolio, english):
    _share, token = share_make(portfolio, access_code="jalons")
    for _ in range(5):
        client.post(_view_url(token), {"code": "wrong"})
    locked = client.post(_view_url(token), {"code": "jalons"})
    assert "Too many wrong codes" in locked.content.decode()
    assert 'name="code"' in locked.content.decode()
    assert client.get(_view_url(token)).status_code == 200  # still the code form
    assert "Vers la logistique" not in client.get(_view_url(token)).content.decode()


@pytest.mark.parametrize("state", ["open", "code", "revoked", "unknown"])
def test_shared_pages_are_not_indexed_nor_cached_and_send_no_referrer(
    client, volunteer, portfolio, state
):
    share, token = share_make(portfolio, access_code="jalons" if state == "code" else "")
    if state == "revoked":
        share_link_revoke(share=share, by=volunteer)
    response = client.get(_view_url(token if state != "unknown" else "nope"))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert 'class="site-nav"' not in text  # no menu on a shared page


def test_the_shared_view_shows_nothing_of_the_owners_account(client, volunteer, portfolio):
    _, token = share_make(portfolio)
    text = client.get(_view_url(token)).content.decode()
    assert volunteer.email not in text
    assert reverse("portfolios:portfolio_edit", kwargs={"uuid": portfolio.uuid}) not in text
    assert _list_url(portfolio) not in text


# --- Downloads and the full portfolio (slower: a real release is made) -------------------


@pytest.fixture
def scene(default_framework):
    from tests.portfolios.factories.portfolios import build_portfolio_scene

    return build_portfolio_scene(default_framework)


def test_the_shared_view_shows_the_portfolio_and_its_downloads(client, scene):
    from tests.portfolios.factories.portfolios import LEADER_WORDS, PRIVATE_NOTE

    share, token = share_make(scene.portfolio, access_code="jalons")
    client.post(_view_url(token), {"code": "jalons"})
    page = client.get(_view_url(token))
    text = page.content.decode()
    assert LEADER_WORDS in text and PRIVATE_NOTE not in text
    for award in scene.awards:
        assert award.page_url in text or str(award.uuid) in text  # each badge is verifiable
    assert reverse("portfolios:shared_pdf", kwargs={"token": token}) in text
    assert reverse("portfolios:shared_clr", kwargs={"token": token}) in text

    pdf = client.get(reverse("portfolios:shared_pdf", kwargs={"token": token}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert pdf["Referrer-Policy"] == "no-referrer" and pdf["Cache-Control"] == "private, no-store"
    clr = client.get(reverse("portfolios:shared_clr", kwargs={"token": token}))
    assert clr.status_code == 200 and "ClrCredential" in clr.content.decode()
    assert PRIVATE_NOTE not in clr.content.decode()
    assert _log(share) == [AccessWhat.PAGE, AccessWhat.PDF, AccessWhat.CLR]


def test_the_recipient_downloads_from_the_workspace(client, scene, advisor):
    share, _ = share_make(scene.portfolio, recipient_email=advisor.email, access_code="jalons")
    login(client, advisor)
    pdf = client.get(reverse("portfolios:advisor_portfolio_pdf", kwargs={"uuid": share.uuid}))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    clr = client.get(reverse("portfolios:advisor_portfolio_clr", kwargs={"uuid": share.uuid}))
    assert clr.status_code == 200 and "ClrCredential" in clr.content.decode()
    accesses = ShareAccess.objects.filter(share=share).order_by("at", "pk")
    assert [(a.what, a.viewer) for a in accesses] == [
        (AccessWhat.PDF, advisor),
        (AccessWhat.CLR, advisor),
    ]


def test_the_code_form_works_when_the_browser_sends_origin_null(portfolio):
    """No referrer: browsers post with ``Origin: null``; the code form must still work."""
    from django.test import Client

    _, token = share_make(portfolio, access_code="jalons")
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="null")
    browser.get(_view_url(token))
    response = browser.post(_view_url(token), {"code": "jalons"})
    assert response.status_code == 302
    assert "Vers la logistique" in browser.get(_view_url(token)).content.decode()
    # The shared pages have no other form (they would fail the CSRF check).
    assert reverse("set_language") not in browser.get(_view_url(token)).content.decode()
