"""Public documents at the framework's ceiling (#14): stored bytes, one narrow query,
validators and ``304``, no session or sign-in work, security headers kept."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils.http import http_date

from badges import ob2
from badges.crypto.data_integrity import verify
from badges.models import Award, StatusList
from badges.selectors.award_lists import award_list_for_badge_class, award_list_for_issuer
from badges.selectors.public_documents import award_credential_stored, award_for_ob2
from badges.services.revocation import award_revoke, status_list_document
from badges.views.common import AWARD_DOCUMENT_CACHE, ISSUER_DOCUMENT_CACHE, STATUS_LIST_CACHE
from config.conditional import Validators
from config.headers import PERMISSIONS_POLICY
from tests.badges.factories.revocation import Setting, award_add, key_resolver, setting

pytestmark = pytest.mark.django_db

# The whole signed credential (a JSON column of ~7 KB): never read by these answers.
# (Only its ``evidence`` key may be read: ``-> 'evidence'`` on PostgreSQL, JSON functions of
# ``'$."evidence"'`` on SQLite.)
WHOLE_CREDENTIAL = re.compile(
    r'"badges_award"\."credential"(?![_\w])(?!,\s*\'\$\."evidence"\')(?!\s*->)'
)


@pytest.fixture
def s() -> Setting:
    return setting()


@pytest.fixture
def award(s: Setting) -> Award:
    return award_add(s)


def _get(client, url: str, **headers: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, [query["sql"] for query in queries.captured_queries]


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()}"'


def _status_list_url(award: Award) -> str:
    return urlsplit(award.credential["credentialStatus"]["statusListCredential"]).path


# --- The OB 3.0 credential ---------------------------------------------------------------


def test_the_credential_is_its_stored_signed_bytes_in_one_narrow_query(client, s, award):
    response, sql = _get(client, award.ob3_path)
    assert response.status_code == 200
    assert len(sql) == 1, sql
    assert not WHOLE_CREDENTIAL.search(sql[0]), sql[0]
    assert "badges_badgeclass" not in sql[0] and "accounts_user" not in sql[0]
    stored = Award.objects.get(pk=award.pk)
    assert response.content == stored.credential_text.encode()
    # byte for byte what was signed (key order as signed), and it verifies
    assert response.content == json.dumps(award.credential, ensure_ascii=False, indent=2).encode()
    document = json.loads(response.content)
    assert verify(document, resolve_key=key_resolver(s.issuer)).verified
    assert response["ETag"] == _etag(response.content)
    assert response["Last-Modified"] == http_date(award.issued_at.timestamp())
    assert (
        response["Cache-Control"]
        == AWARD_DOCUMENT_CACHE
        == ("public, max-age=300, must-revalidate")
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Content-Length"] == str(len(response.content))


def test_a_current_copy_gets_304_without_reading_the_text(client, award):
    etag = client.get(award.ob3_path)["ETag"]
    response, sql = _get(client, award.ob3_path, if_none_match=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    assert len(sql) == 1 and "CASE WHEN" in sql[0].upper()
    # the one query's text column is NULL for a matching copy, the text otherwise
    digest = etag.strip('"')
    assert (
        award_credential_stored(uuid=award.uuid, validators=Validators(etags=(digest,))).text
        is None
    )
    stale = award_credential_stored(uuid=award.uuid, validators=Validators(etags=("0" * 64,)))
    assert stale is not None and stale.text
    assert client.get(award.ob3_path, headers={"if_none_match": '"0"'}).status_code == 200
    assert client.get(award.ob3_path, headers={"if_none_match": "*"}).status_code == 304


def test_if_modified_since(client, award):
    since = http_date(award.issued_at.timestamp())
    response, sql = _get(client, award.ob3_path, if_modified_since=since)
    assert response.status_code == 304 and len(sql) == 1
    before = http_date((award.issued_at - timedelta(seconds=5)).timestamp())
    assert client.get(award.ob3_path, headers={"if_modified_since": before}).status_code == 200


def test_head_answers_the_headers_without_the_body(client, award):
    full = client.get(award.ob3_path)
    head = client.head(award.ob3_path)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == full["ETag"]
    assert head["Content-Length"] == str(len(full.content))


def test_an_award_without_stored_text_serves_the_same_bytes(client, award):
    expected = client.get(award.ob3_path).content
    Award.objects.filter(pk=award.pk).update(credential_text="", credential_digest="")
    response = client.get(award.ob3_path)
    assert response.status_code == 200
    assert json.loads(response.content) == json.loads(expected)
    assert response["ETag"] == _etag(response.content)


def test_the_data_migration_fills_the_text_of_older_awards(client, award):
    Award.objects.filter(pk=award.pk).update(credential_text="", credential_digest="")
    served = client.get(award.ob3_path).content  # built from the stored credential
    migration = importlib.import_module("badges.migrations.0007_award_credential_text_fill")
    migration.fill(apps, None)
    stored = Award.objects.get(pk=award.pk)
    assert stored.credential_text.encode() == served
    assert stored.credential_digest == hashlib.sha256(served).hexdigest()


def test_the_json_of_the_award_page_is_the_same_document(client, award):
    page = reverse("badges:award_detail", args=[award.uuid])
    response = client.get(page, headers={"accept": "application/ld+json"})
    assert response.content == client.get(award.ob3_path).content
    assert response["ETag"] == _etag(response.content)
    assert "Accept" in response["Vary"]
    again = client.get(
        page, headers={"accept": "application/ld+json", "if_none_match": response["ETag"]}
    )
    assert again.status_code == 304


# --- The OB 2.0 Assertion ----------------------------------------------------------------


def test_the_assertion_in_one_narrow_query_and_304(client, s, award):
    url = reverse("badges:ob2_assertion", args=[award.uuid])
    response, sql = _get(client, url)
    assert response.status_code == 200 and len(sql) == 1
    assert not WHOLE_CREDENTIAL.search(sql[0]), sql[0]
    full = Award.objects.select_related("badge_class").get(pk=award.pk)
    assert response.content.decode() == ob2.ob2_assertion_json(full)
    assert response["ETag"] == _etag(response.content)
    assert response["Last-Modified"] == http_date(award.issued_at.timestamp())
    assert response["Cache-Control"] == AWARD_DOCUMENT_CACHE
    assert client.get(url, headers={"if_none_match": response["ETag"]}).status_code == 304
    built = award_for_ob2(uuid=award.uuid)
    assert built is not None and ob2.ob2_assertion_json(built) == response.content.decode()


def test_revocation_changes_the_assertion_and_the_status_list(client, s, award):
    assertion = reverse("badges:ob2_assertion", args=[award.uuid])
    status_url = _status_list_url(award)
    before = client.get(assertion)
    listed = client.get(status_url)
    assert client.get(status_url, headers={"if_none_match": listed["ETag"]}).status_code == 304
    award_revoke(award=award, by=s.leader, reason="Attribué par erreur.")
    revoked = client.get(assertion, headers={"if_none_match": before["ETag"]})
    assert revoked.status_code == 410 and revoked.json()["revoked"] is True
    assert revoked.get("ETag") != before["ETag"]
    changed = client.get(status_url, headers={"if_none_match": listed["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != listed["ETag"] and changed["ETag"] == _etag(changed.content)
    # the Last-Modified of the old copy does not hide the change either
    since = client.get(status_url, headers={"if_modified_since": listed["Last-Modified"]})
    assert since.status_code in (200, 304)
    if since.status_code == 304:  # only when signed again within the same second
        assert changed["Last-Modified"] == listed["Last-Modified"]
    # the OB 3.0 credential stays as it was signed (its status is in the list)
    assert client.get(award.ob3_path).status_code == 200


# --- Status lists ------------------------------------------------------------------------


def test_the_status_list_is_signed_once_then_served_as_stored(client, s, award):
    url = _status_list_url(award)
    first = client.get(url)
    assert first.status_code == 200
    stored = StatusList.objects.get(issuer=s.issuer)
    assert first.content == stored.document_text.encode()
    assert first["ETag"] == _etag(first.content) == f'"{stored.document_digest}"'
    response, sql = _get(client, url)
    assert response.content == first.content and len(sql) == 1
    assert response["Cache-Control"] == STATUS_LIST_CACHE == "public, max-age=60, must-revalidate"
    assert response["Last-Modified"] == http_date(stored.document_signed_at.timestamp())
    assert verify(json.loads(response.content), resolve_key=key_resolver(s.issuer)).verified
    not_modified, sql = _get(client, url, if_none_match=first["ETag"])
    assert not_modified.status_code == 304 and len(sql) == 1


def test_a_list_signed_before_a_revocation_is_not_kept(s, award):
    status_list = StatusList.objects.get(issuer=s.issuer)
    award_revoke(award=award, by=s.leader, reason="Erreur.")  # revision moves on
    status_list_document(status_list_id=status_list.pk, revision=status_list.revision)
    status_list.refresh_from_db()
    assert status_list.document_text == ""  # signed for an older revision: not stored


# --- Issuer documents, the award page ----------------------------------------------------


def test_issuer_documents_have_validators(client, s):
    profile = reverse("badges:issuer_detail", args=[s.issuer.uuid])
    response = client.get(profile, headers={"accept": "application/ld+json"})
    assert response["ETag"] == _etag(response.content)
    assert response["Cache-Control"] == ISSUER_DOCUMENT_CACHE
    assert "Accept" in response["Vary"]
    again = client.get(
        profile, headers={"accept": "application/ld+json", "if_none_match": response["ETag"]}
    )
    assert again.status_code == 304
    for name in ("ob2_issuer", "ob2_revocation_list"):
        url = reverse(f"badges:{name}", args=[s.issuer.uuid])
        response = client.get(url)
        assert response["ETag"] == _etag(response.content)
        assert client.get(url, headers={"if_none_match": response["ETag"]}).status_code == 304


def test_the_award_page_answers_304_to_a_current_copy(client, award):
    page = reverse("badges:award_detail", args=[award.uuid])
    response = client.get(page)
    assert response.status_code == 200 and response["ETag"]
    assert "Accept" in response["Vary"]
    assert client.get(page, headers={"if_none_match": response["ETag"]}).status_code == 304
    assert client.get(page, headers={"if_none_match": '"other"'}).status_code == 200


# --- No session, no sign-in work; security headers kept ----------------------------------


def _public_urls(award: Award, s: Setting) -> list[str]:
    return [
        award.ob3_path,
        reverse("badges:ob2_assertion", args=[award.uuid]),
        reverse("badges:ob2_badge_class", args=[s.badge.uuid]),
        reverse("badges:ob2_issuer", args=[s.issuer.uuid]),
        reverse("badges:ob2_revocation_list", args=[s.issuer.uuid]),
        _status_list_url(award),
    ]


@pytest.mark.parametrize("who", ["anonymous", "holder", "leader"])
def test_no_session_nor_cookie_on_public_documents(client, s, award, who):
    if who != "anonymous":
        client.force_login(s.member if who == "holder" else s.leader)
    client.get(_status_list_url(award))  # signed once
    for url in _public_urls(award, s):
        response, sql = _get(client, url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)
        assert "Cookie" not in response.get("Vary", ""), url  # the session was not read
        assert not any("django_session" in query or "accounts_user" in query for query in sql)
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"]
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cache-Control"].startswith("public")


def test_the_fast_path_serves_what_the_site_would(client, s, award):
    for url in _public_urls(award, s):
        main = resolve(url)
        fast = resolve(url, urlconf=settings.PUBLIC_DOCUMENTS_URLCONF)
        assert fast.func is main.func, url
        assert fast.kwargs == main.kwargs
    # a document that does not exist: the site's own 404 page, through every layer
    missing = client.get("/badges/awards/00000000-0000-0000-0000-000000000000.json")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("text/html")
    assert client.post(award.ob3_path).status_code == 405


def test_a_disallowed_host_is_refused_on_the_fast_path(client, award):
    assert client.get(award.ob3_path, headers={"host": "evil.example"}).status_code == 400


# --- The issuer's awards in the API: newest first from an index --------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
@pytest.mark.parametrize("which", ["badge_class", "issuer"])
def test_the_award_lists_are_read_in_index_order(s, award, which):
    awards = (
        award_list_for_badge_class(badge_class=s.badge)
        if which == "badge_class"
        else award_list_for_issuer(issuer=s.issuer)
    )
    sql, params = awards[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")  # a plan that must sort shows it
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(r"badges_award_(class_)?issued_idx", plan), plan
    assert not re.search(r"^\s*(->\s*)?(Incremental )?Sort\b", plan, re.MULTILINE), plan
