"""Security and caching headers (config.headers) on every URL pattern.

Acceptance 4 of #11: a test walks every URL pattern, as an anonymous visitor and signed in,
and finds the Content-Security-Policy, Permissions-Policy and the right Cache-Control on each
HTML answer — and no inline script or style in any HTML page, since the policy refuses them.
(The browser tests run with the same policy and fail on any violation the browser reports.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.headers import PERMISSIONS_POLICY, content_security_policy
from config.maps import map_tile_origin
from tests.portfolios.factories.portfolios import PortfolioScene, build_portfolio_scene

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)
FAKE = {"uuid": "3b241101-e2bb-4255-8caf-4136c566a962", "int": "7", "slug": "a-slug"}


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue  # the admin is Django's; its index is checked below
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _values(scene: PortfolioScene) -> dict[str, str]:
    """Real objects for the literal segment that comes before a parameter."""
    return {
        "issuers": str(scene.issuer.uuid),
        "awards": str(scene.awards[0].uuid),
        "assertions": str(scene.awards[0].uuid),
        "classes": str(scene.badges[0].uuid),
        "badge-classes": str(scene.badges[0].uuid),
        "badges": str(scene.badges[0].uuid),
        "contributions": str(scene.contributions[0].uuid),
        "portfolios": str(scene.portfolio.uuid),
        "competences": str(scene.competences[0].uuid),
        "initiatives": scene.initiative.slug,
    }


def _path(route: str, values: dict[str, str]) -> str | None:
    if "(?P" in route or "^" in route:
        return None  # regular expressions: static files, jsi18n
    parts = []
    position = 0
    for match in PARAMETER.finditer(route):
        literal = route[position : match.start()]
        parts.append(literal)
        segment = literal.rstrip("/").rsplit("/", 1)[-1]
        converter = match.group("converter") or "str"
        parts.append(values.get(segment) or FAKE.get(converter, "t0ken"))
        position = match.end()
    parts.append(route[position:])
    return "/" + "".join(parts)


@pytest.fixture
def scene(default_framework) -> PortfolioScene:
    return build_portfolio_scene(default_framework)


def _walk(client: Client, paths: list[str]) -> Iterator[tuple[str, Any]]:
    for path in paths:
        yield path, client.get(path)


def _html(response: Any) -> bool:
    return str(response.get("Content-Type", "")).startswith("text/html")


def _body(response: Any) -> str:
    if response.streaming:
        return ""
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("who", ["anonymous", "owner", "steward"])
def test_every_page_has_the_headers_and_no_inline_script_or_style(
    client, scene, steward, who, settings
):
    settings.RATE_LIMITS = {key: "100000/h" for key in settings.RATE_LIMITS}
    if who == "owner":
        client.force_login(scene.owner)
    elif who == "steward":
        steward.is_staff = True
        steward.save(update_fields=["is_staff"])
        client.force_login(steward)
    values = _values(scene)
    paths = sorted(
        {p for p in (_path(r, values) for r in _routes(get_resolver().url_patterns)) if p}
    )
    paths.append("/admin/")
    problems: list[str] = []
    pages = 0
    for path, response in _walk(client, paths):
        if response.get("Permissions-Policy") != PERMISSIONS_POLICY:
            problems.append(f"{path}: Permissions-Policy {response.get('Permissions-Policy')!r}")
        cache = str(response.get("Cache-Control", ""))
        never_stored = {"private", "no-store"} <= {part.strip() for part in cache.split(",")}
        # API answers, and every page shown to someone signed in, are never stored; public
        # documents (JSON-LD, images, status lists) keep their own rule.
        if (path.startswith("/api/") or (who != "anonymous" and _html(response))) and not (
            never_stored
        ):
            problems.append(f"{path}: Cache-Control {cache!r} for {who}")
        if not _html(response):
            continue
        csp = response.get("Content-Security-Policy", "")
        if csp not in (
            content_security_policy(),
            content_security_policy(extra_images=("https:",)),
            # Pages with a map: the tile server's images (config/maps.py, #15).
            content_security_policy(extra_images=(map_tile_origin(),)),
        ):
            problems.append(f"{path}: Content-Security-Policy {csp!r}")
        if who == "anonymous" and "private" not in cache:
            problems.append(f"{path}: Cache-Control {cache!r} for an anonymous HTML answer")
        body = _body(response)
        for pattern in (INLINE_SCRIPT, INLINE_STYLE):
            found = pattern.search(body)
            if found:
                problems.append(f"{path}: inline {body[found.start() : found.start() + 60]!r}")
        if response.status_code == 200:
            pages += 1
    assert problems == []
    # the walk reached real pages, not only errors: it cannot pass by accident
    assert pages >= {"anonymous": 20, "owner": 40, "steward": 40}[who], pages


def test_the_policy_is_strict():
    policy = content_security_policy()
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy


def test_https_sites_upgrade_insecure_requests(settings):
    settings.SITE_URL = "https://jalons.example.org"
    assert content_security_policy().endswith("; upgrade-insecure-requests")


def test_public_documents_keep_their_own_caching_rules(client, scene):
    client.force_login(scene.owner)  # even for a signed-in visitor
    issuer = scene.issuer
    image = reverse("badges:badge_class_default_image", args=[scene.badges[0].uuid])
    assert client.get(image)["Cache-Control"] == "public, max-age=86400"
    status_list = client.get(f"/issuers/{issuer.uuid}/status/revocation")
    assert status_list["Cache-Control"] == "public, max-age=60, must-revalidate"


def test_only_the_verify_page_shows_images_from_elsewhere(client):
    assert "img-src 'self' data: https:" in client.get("/verify/")["Content-Security-Policy"]
    assert "img-src 'self' data:;" in client.get("/")["Content-Security-Policy"]
