"""``manage.py award_badge``: awards in the issuer's name and prints the award as JSON."""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from badges.models import Award
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory, TerritoryIssuerFactory
from tests.badges.factories.revocation import setting

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict:
    out = io.StringIO()
    call_command("award_badge", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1, "one JSON object on one line"
    return json.loads(lines[0])


def test_award_by_uuid_prints_the_award_and_its_addresses(client):
    s = setting()
    result = _run(
        "--badge", str(s.badge.uuid), "--email", " Amina@Example.org ",
        "--narrative", "Trois ateliers.", "--evidence-url", "https://example.org/photos",
    )  # fmt: skip
    award = Award.objects.get()
    assert award.awarded_by is None and award.recipient_email == "amina@example.org"
    assert award.narrative == "Trois ateliers."
    assert result["id"] == str(award.uuid)
    assert result["badge"] == {"uuid": str(s.badge.uuid), "name": s.badge.name}
    assert result["recipient"] == "amina@example.org"
    assert set(result["urls"]) == {"page", "ob2", "ob3", "png", "svg", "ob2_png", "ob2_svg"}
    assert result["urls"]["ob3"] == award.ob3_url == award.credential["id"]
    assert "https://example.org/photos" in json.dumps(award.credential)
    for name, url in result["urls"].items():
        parts = urlsplit(url)
        assert parts.scheme == "http" and parts.netloc == "testserver", name
        response = client.get(parts.path)
        assert response.status_code == 200, name


def test_award_by_slug_unique_across_issuers():
    s = setting()
    result = _run("--badge", "accueil", "--email", "marc@example.org")
    assert result["badge"]["uuid"] == str(s.badge.uuid)


def test_an_ambiguous_slug_lists_the_candidates_and_issuer_slash_slug_resolves_it():
    s = setting()
    territory = TerritoryIssuerFactory()
    other = badge_class_add(territory, slug="accueil", name="Accueil (territoire)")
    with pytest.raises(CommandError) as caught:
        _run("--badge", "accueil", "--email", "marc@example.org")
    message = str(caught.value)
    assert "Several issuers" in message
    assert f"{s.issuer.uuid}/accueil" in message and f"{territory.uuid}/accueil" in message
    assert not Award.objects.exists()
    result = _run("--badge", f"{territory.uuid}/accueil", "--email", "marc@example.org")
    assert result["badge"]["uuid"] == str(other.uuid)


def test_unknown_badges():
    s = setting()
    with pytest.raises(CommandError, match="no badge class with the identifier"):
        _run("--badge", "00000000-0000-4000-8000-000000000000", "--email", "a@example.org")
    with pytest.raises(CommandError, match=r"There is no badge class “acc”\. Did you mean"):
        _run("--badge", "acc", "--email", "a@example.org")
    with pytest.raises(CommandError, match="There is no badge class"):
        _run("--badge", f"{IssuerFactory().uuid}/accueil", "--email", "a@example.org")
    with pytest.raises(CommandError, match="not an identifier"):
        _run("--badge", "nope/accueil", "--email", "a@example.org")
    assert s.badge.awards.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--email", "not-an-email"), "valid email"),
        (("--email", ""), "Enter the email address"),
        (("--email", "a@example.org", "--evidence-url", "ftp://example.org"), "http://"),
        (("--email", "a@example.org", "--narrative", "x" * 4001), "too long"),
    ],
)
def test_bad_input_is_a_command_error_with_the_message(args, message):
    s = setting()
    with pytest.raises(CommandError, match=message):
        _run("--badge", str(s.badge.uuid), *args)
    assert not Award.objects.exists()
