"""The PDF's optional page "Lecture ROME 4.0" (issue #16): only with the portfolio's option,
the savoir-être computed independently from the crosswalk and the confirmed competences, the
target jobs' coverage, tags and language, the option's form, and releases made before the
option existed staying current while it is off."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse

from competences.rome import ROME_DIR, ROME_FRAMEWORK
from competences.services.defaults import default_framework_data
from portfolios.content import PortfolioContent, fingerprint
from portfolios.models import Portfolio, PortfolioTargetJob
from portfolios.pdf import render_pdf
from portfolios.selectors.portfolios import portfolio_content
from portfolios.selectors.releases import release_check
from portfolios.services.portfolios import portfolio_update
from portfolios.services.releases import portfolio_release_create, portfolio_release_current
from tests.conftest import login
from tests.portfolios.factories.portfolios import build_portfolio_scene
from tests.portfolios.factories.shares import portfolio_with_competences
from tests.portfolios.test_pdf import _catalog, _struct_tags
from tests.portfolios.test_rome_gap import APPELLATIONS, SHEET_SKILLS

pytestmark = pytest.mark.django_db

VERIFY = "http://testserver/portfolios/releases/5b0c7e52-1111-4a2b-9c3d-0e0f1a2b3c4d/verify/"
HEADING = "ROME 4.0 reading"
LEVELS = {"COOP.1": 2, "ORG.1": 3, "INNO.1": None}  # INNO.1 claimed, not confirmed
TARGET = "Agent / Agente d'accueil"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flat(text: str) -> str:
    """Text as words, typographic apostrophes read as plain ones (the PDF's text wraps)."""
    return " ".join(text.replace("’", "'").split())


def _pdf_text(pdf: bytes) -> str:
    return _flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def _expected_skills(confirmed: set[str]) -> dict[str, dict[str, str]]:
    """Without Jalons' code: the savoir-être the confirmed competences relate to in the default
    framework's data file, with their official texts from the ROME files."""
    related = {
        alignment["target_code"]
        for domain in default_framework_data()["domains"]
        for competence in domain["competences"]
        if competence["code"] in confirmed
        for alignment in competence["alignments"]
        if alignment["target_framework"] == ROME_FRAMEWORK
    }
    skills = {
        row["code_ogr"]: row for row in _csv(ROME_DIR / "rome_v460_savoir_etre_professionnels.csv")
    }
    return {code: skills[code] for code in related}


def _sheets_asking() -> Counter[str]:
    """How many job sheets ask for each savoir-être, counted from the links file."""
    return Counter(row["code_ogr_savoir_etre"] for row in _csv(SHEET_SKILLS))


@pytest.fixture
def portfolio(default_framework, rome, volunteer) -> Portfolio:
    return portfolio_with_competences(volunteer, default_framework, LEVELS)


def _with_option(portfolio: Portfolio, *, language: str = "en") -> PortfolioContent:
    Portfolio.objects.filter(pk=portfolio.pk).update(rome_page=True, language=language)
    portfolio.refresh_from_db()
    return portfolio_content(portfolio=portfolio)


def test_the_page_is_there_only_with_the_option(portfolio):
    off = portfolio_content(portfolio=Portfolio.objects.get(pk=portfolio.pk))
    assert off.rome is None
    assert HEADING not in _pdf_text(render_pdf(off, verification_url=VERIFY))
    on = _with_option(portfolio)
    assert on.rome is not None
    assert HEADING in _pdf_text(render_pdf(on, verification_url=VERIFY))


def test_the_page_lists_the_savoir_etre_of_the_confirmed_competences(portfolio):
    text = _pdf_text(render_pdf(_with_option(portfolio), verification_url=VERIFY))
    page = text[text.index(HEADING) :]
    confirmed = {code for code, level in LEVELS.items() if level is not None}
    expected = _expected_skills(confirmed)
    assert expected, "the crosswalk relates COOP.1 and ORG.1 to savoir-être"
    counts = _sheets_asking()
    for code, row in expected.items():
        label = _flat(row["libelle"])
        assert label in page
        assert _flat(row["definition"]) in page
        # The number of sheets, in the cells after the label and its definition.
        definition = _flat(row["definition"])
        after = page[page.index(definition) + len(definition) :]
        assert after.split()[0] == str(counts[code])
    # No other savoir-être: INNO.1 is not confirmed, so créativité (its exact match) is not.
    others = _expected_skills({"INNO.1"}).keys() - expected.keys()
    assert others
    for code in others:
        assert _flat(_expected_skills({"INNO.1"})[code]["libelle"]) not in page
    assert "Source: France Travail, ROME 4.0 version 60 (Licence Ouverte)." in page


def test_the_page_shows_each_target_job_and_its_coverage(portfolio):
    [row] = [r for r in _csv(APPELLATIONS) if r["libelle_appellation_long"] == TARGET]
    code = row.get("code_ogr") or row.get("code_appellation") or row["code"]
    PortfolioTargetJob.objects.create(portfolio=portfolio, job_title_id=code)
    text = _pdf_text(render_pdf(_with_option(portfolio), verification_url=VERIFY))
    targets = text[text.index("Target jobs") :]
    asked = {
        r["code_ogr_savoir_etre"] for r in _csv(SHEET_SKILLS) if r["code_rome"] == row["code_rome"]
    }
    covered = asked & _expected_skills({"COOP.1", "ORG.1"}).keys()
    labels = {
        r["code_ogr"]: _flat(r["libelle"])
        for r in _csv(ROME_DIR / "rome_v460_savoir_etre_professionnels.csv")
    }
    assert TARGET in targets
    assert f"ROME job sheet {row['code_rome']}" in targets
    assert f"{len(covered)} of {len(asked)} savoir-être covered" in targets
    for skill in asked:
        state = "covered" if skill in covered else "not covered yet"
        assert f"{labels[skill]} {state}" in targets


def test_the_page_is_tagged_and_follows_the_portfolio_s_language(portfolio):
    PortfolioTargetJob.objects.create(portfolio=portfolio, job_title_id="10372")
    for language in ("en", "fr"):
        reader = pypdf.PdfReader(
            io.BytesIO(
                render_pdf(_with_option(portfolio, language=language), verification_url=VERIFY)
            )
        )
        assert _catalog(reader)["/Lang"] == language
        tags, _alts = _struct_tags(reader)
        assert {"/H2", "/H3", "/H4", "/Table", "/TR", "/TH", "/TD"} <= tags
        text = _flat(" ".join(page.extract_text() for page in reader.pages))
        # The ROME's own texts stay French; the rest follows the portfolio's language.
        assert "Organiser son travail selon les priorités et les objectifs" in text
        # The crosswalk's relation and the page's own words follow the portfolio's language.
        relation, source = {
            "en": ("(close match)", "Source: France Travail"),
            "fr": ("(correspondance proche)", "Source : France Travail"),
        }[language]
        assert relation in text and source in text


def test_the_page_starts_a_page_of_its_own(portfolio):
    pdf = render_pdf(_with_option(portfolio), verification_url=VERIFY)
    pages = [_flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    [index] = [i for i, text in enumerate(pages) if HEADING in text]
    assert index > 0
    assert pages[index].startswith(HEADING)


# --- Releases: the option off changes nothing -------------------------------------------------


def _fingerprint_before_the_option(content: PortfolioContent) -> str:
    """``fingerprint`` as it was before the option existed (PortfolioContent had no ``rome``)."""
    data = asdict(content)
    data.pop("generated_at")
    data.pop("rome")
    # Added later, and likewise left out while empty (badges from other organisations).
    assert data.pop("external_badges") == []
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_release_made_before_the_option_stays_current_while_it_is_off(default_framework, rome):
    scene = build_portfolio_scene(default_framework, language="en")
    portfolio = scene.portfolio
    release = portfolio_release_create(portfolio=portfolio)
    # As it was stored before the option existed.
    before = _fingerprint_before_the_option(portfolio_content(portfolio=portfolio))
    assert release.content_sha256 == before
    assert not release_check(release=release).newer_exists
    assert portfolio_release_current(portfolio=portfolio).pk == release.pk

    fields = {
        "title": portfolio.title,
        "target": portfolio.target,
        "statement": portfolio.statement,
        "language": portfolio.language,
    }
    portfolio_update(portfolio=portfolio, by=scene.owner, rome_page=True, **fields)
    assert release_check(release=release).newer_exists
    newer = portfolio_release_current(portfolio=portfolio)
    assert newer.pk != release.pk
    with newer.pdf.open("rb") as file:
        assert HEADING in _pdf_text(file.read())  # the scene's portfolio is in English

    # Off again: the content is what the first release holds.
    portfolio_update(portfolio=portfolio, by=scene.owner, rome_page=False, **fields)
    assert fingerprint(portfolio_content(portfolio=portfolio)) == release.content_sha256


# --- The option in the edit form ----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("owner", 302), ("peer", 404), ("outsider", 404), (None, 302)]
)
def test_who_may_turn_the_option_on(client, default_framework, outsider, persona, status):
    scene = build_portfolio_scene(default_framework)
    portfolio = scene.portfolio
    if persona == "owner":
        login(client, scene.owner)
    elif persona == "peer":
        login(client, scene.peer)
    elif persona == "outsider":
        login(client, outsider)
    url = reverse("portfolios:portfolio_edit", kwargs={"uuid": portfolio.uuid})
    if persona == "owner":
        page = client.get(url).content.decode()
        assert (
            'name="rome_page"' in page
            and "checked" not in page.split('name="rome_page"')[1].split(">")[0]
        )
    response = client.post(url, {"title": portfolio.title, "language": "fr", "rome_page": "on"})
    assert response.status_code == status
    portfolio.refresh_from_db()
    assert portfolio.rome_page == (persona == "owner")
    if persona == "owner":
        # Shown ticked, and unticking it turns it off.
        assert (
            "checked" in client.get(url).content.decode().split('name="rome_page"')[1].split(">")[0]
        )
        client.post(url, {"title": portfolio.title, "language": "fr"})
        portfolio.refresh_from_db()
        assert not portfolio.rome_page


@pytest.mark.parametrize(("persona", "status"), [("owner", 200), ("peer", 404), ("outsider", 404)])
def test_the_option_in_the_api(client, default_framework, outsider, persona, status):
    scene = build_portfolio_scene(default_framework)
    portfolio = scene.portfolio
    login(client, {"owner": scene.owner, "peer": scene.peer, "outsider": outsider}[persona])
    url = reverse("portfolios_api:portfolio_detail", args=[portfolio.uuid])
    response = client.patch(url, {"rome_page": True}, content_type="application/json")
    assert response.status_code == status
    portfolio.refresh_from_db()
    assert portfolio.rome_page == (persona == "owner")
    if persona == "owner":
        assert response.json()["rome_page"] is True
        # Another change leaves it as it is.
        client.patch(url, {"title": "Autre titre"}, content_type="application/json")
        portfolio.refresh_from_db()
        assert portfolio.rome_page and portfolio.title == "Autre titre"
