"""Safe fetching of URLs (badges.fetch): refusals, limits, redirects, this platform's URLs.

Real HTTP goes to a local server thread (tests/badges/fetch_server.py); nothing reaches
the internet.
"""

from __future__ import annotations

import ipaddress
import json
import socket

import pytest

from badges.fetch import FetchError, address_is_public, fetch_url, is_local_url
from tests.badges.factories.revocation import award_add, setting
from tests.badges.fetch_server import (
    Route,
    fake_dns,
    local_server,
    no_dns,
    treat_loopback_as_public,
)


@pytest.fixture
def http_server():
    with local_server() as server:
        yield server


@pytest.fixture
def loopback_is_public(monkeypatch):
    treat_loopback_as_public(monkeypatch)


def _refused(url: str, code: str = "address", **options) -> FetchError:
    with pytest.raises(FetchError) as error:
        fetch_url(url, **options)
    assert error.value.code == code, error.value.message
    assert error.value.message
    return error.value


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "[::1]",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",  # noqa: S104
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "[::ffff:127.0.0.1]",
        "[::ffff:10.0.0.1]",
        "[fe80::1]",
        "[fc00::1]",
        "[2002:7f00:1::]",  # 6to4 wrapping 127.0.0.1
    ],
)
def test_private_and_reserved_addresses_are_refused(host):
    error = _refused(f"http://{host}/badge.json")
    assert "private or reserved" in error.message


def test_public_addresses_pass_the_address_rule():
    assert address_is_public(ipaddress.ip_address("93.184.216.34"))
    assert address_is_public(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946"))
    assert not address_is_public(ipaddress.ip_address("::ffff:169.254.169.254"))


def test_a_host_name_resolving_to_a_private_address_is_refused(monkeypatch):
    looked_up = fake_dns(monkeypatch, {"badges.example": ["10.1.2.3"]})
    _refused("https://badges.example/issuer")
    assert looked_up == ["badges.example"]


def test_a_host_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    fake_dns(monkeypatch, {"badges.example": ["93.184.216.34", "127.0.0.1"]})
    _refused("http://badges.example/issuer")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/badge.json",
        "gopher://example.org/",
        "javascript:alert(1)",
        "data:application/json,{}",
        "//example.org/badge.json",
    ],
)
def test_only_http_and_https_are_fetched(url):
    _refused(url, "scheme")


def test_user_names_in_urls_and_bad_ports_are_refused():
    _refused("http://user:secret@example.org/", "url")
    _refused("http://example.org:99999/", "url")


def test_unknown_host_names_are_a_clear_error(monkeypatch):
    no_dns(monkeypatch)
    error = _refused("https://nowhere.example/badge.json", "dns")
    assert "nowhere.example" in error.message


def test_private_addresses_are_allowed_with_the_setting(settings, http_server):
    settings.BADGE_FETCH_ALLOW_PRIVATE = True
    url = http_server.json("/badge.json", {"id": "x"})
    result = fetch_url(url)
    assert result.ok and result.status == 200
    assert result.content_type == "application/json"
    assert result.body == b'{"id": "x"}'
    assert not result.local


def test_private_addresses_are_allowed_in_debug(settings, http_server):
    settings.DEBUG = True
    assert fetch_url(http_server.json("/a", {})).ok


def test_the_connection_goes_to_the_address_resolved_once(monkeypatch, http_server):
    # A hostile DNS would answer a public address first, then a private one (rebinding):
    # the name is looked up once and the connection made to that first answer.
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "badges.example":
            looked_up.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(
        "badges.fetch.address_is_public", lambda address: str(address) == "127.0.0.1"
    )
    http_server.json("/issuer", {"id": "issuer"})
    result = fetch_url(http_server.url("/issuer", host="badges.example"))
    assert result.ok
    assert looked_up == ["badges.example"]
    assert http_server.seen[-1]["host"] == f"badges.example:{http_server.port}"


def test_a_large_answer_is_refused(settings, http_server):
    settings.BADGE_FETCH_ALLOW_PRIVATE = True
    http_server.routes["/big"] = Route(body=b"x" * 2000)
    _refused(http_server.url("/big"), "too_large", max_bytes=1000)
    # Without Content-Length: cut while streaming.
    http_server.routes["/stream"] = Route(body=b"y" * 50_000, chunked=True)
    _refused(http_server.url("/stream"), "too_large", max_bytes=10_000)
    assert fetch_url(http_server.url("/stream"), max_bytes=60_000).body == b"y" * 50_000


@pytest.mark.usefixtures("loopback_is_public")
@pytest.mark.parametrize(
    "location",
    ["http://10.0.0.1/badge.json", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"],
)
def test_a_redirect_to_a_private_address_is_refused(http_server, location):
    _refused(http_server.redirect("/moved", location))


@pytest.mark.usefixtures("loopback_is_public")
def test_redirects_are_followed_three_times_at_most(http_server):
    http_server.json("/final", {"id": "final"})
    http_server.redirect("/r3", "/final", status=301)
    http_server.redirect("/r2", "/r3", status=307)
    http_server.redirect("/r1", http_server.url("/r2"))
    result = fetch_url(http_server.url("/r1"))
    assert result.ok and result.url == http_server.url("/final")
    http_server.redirect("/r0", "/r1")
    _refused(http_server.url("/r0"), "redirects")
    http_server.redirect("/loop", "/loop")
    _refused(http_server.url("/loop"), "redirects")


@pytest.mark.usefixtures("loopback_is_public")
def test_error_statuses_are_returned_not_raised(http_server):
    http_server.json("/gone", {"revoked": True}, status=410)
    result = fetch_url(http_server.url("/gone"))
    assert result.status == 410 and not result.ok
    assert fetch_url(http_server.url("/missing")).status == 404


@pytest.mark.usefixtures("loopback_is_public")
def test_a_refused_connection_is_a_clear_error(http_server):
    port = http_server.port
    http_server.server.shutdown()
    http_server.server.server_close()
    _refused(f"http://127.0.0.1:{port}/x", "connection")


# --- This platform's addresses --------------------------------------------------------------


@pytest.mark.django_db
def test_this_platforms_addresses_are_answered_in_process(no_network):
    s = setting()
    award = award_add(s)
    assert is_local_url(award.ob3_url) and not is_local_url("https://testserver.example/")
    result = fetch_url(award.ob3_url)
    assert result.local and result.ok
    assert result.content_type == "application/ld+json"
    assert json.loads(result.body)["id"] == award.ob3_url
    page = fetch_url(f"http://testserver/badges/awards/{award.uuid}")
    assert json.loads(page.body)["id"] == award.ob3_url
    issuer = json.loads(fetch_url(s.issuer.id_url).body)
    assert issuer["id"] == s.issuer.id_url and issuer["assertionMethod"]
    # /issuers/<uuid>/ redirects to the issuer's id, in process too.
    assert fetch_url(s.issuer.id_url + "/").url == s.issuer.id_url
    status_list = fetch_url(award.credential["credentialStatus"]["statusListCredential"])
    assert json.loads(status_list.body)["type"][1] == "BitstringStatusListCredential"
    assert fetch_url("http://testserver/nothing/here").status == 404
    missing = "http://testserver/badges/awards/00000000-0000-0000-0000-000000000000.json"
    assert fetch_url(missing).status == 404
    assert no_network == []


@pytest.mark.django_db
def test_answering_in_process_does_not_end_the_visitors_request(no_network):
    """``request_finished`` closes the database connection: the verify page's own request
    must not see it sent by the in-process answers (PostgreSQL broke on it)."""
    from django.core.signals import request_finished

    award = award_add(setting())
    finished: list[object] = []

    def record(**kwargs: object) -> None:
        finished.append(kwargs)

    request_finished.connect(record)
    try:
        for url in (award.ob3_url, award.png_url, award.ob2_url):
            assert fetch_url(url).ok
    finally:
        request_finished.disconnect(record)
    assert finished == []


@pytest.mark.django_db
def test_other_pages_of_this_platform_are_not_fetched(no_network):
    _refused("http://testserver/accounts/login/", "local")
    _refused("http://testserver/admin/", "local")
    _refused("http://testserver/verify/", "local")
