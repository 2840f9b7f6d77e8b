"""Issue 13, acceptance item 5: the PDF as an advisor reads it.

Page 1 holds the summary (who, what they seek, period and hours of involvement, the
initiatives, the competences with their confirmed levels, the badges with their images)
and at least half of it is used, for the demo portfolio (``manage.py demo_data``, in
French) and for a small one (one badge, two competences, in English); no word is cut by
an ellipsis anywhere; dates are written in words; no technical word appears before the
"For specialists" section.

Each portfolio is laid out once per module (WeasyPrint is slow): the tests measure
WeasyPrint's own boxes of page 1 (``portfolios.pdf.render.layout``) and read the text of
the written PDF with pypdf.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pypdf
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import formats, translation
from weasyprint.formatting_structure import boxes
from weasyprint.images import RasterImage

from competences.services.defaults import default_framework_load
from portfolios.content import PortfolioContent
from portfolios.pdf.render import Laid, layout
from portfolios.pdf.summary import hours_text, lead_sentences
from tests.portfolios.factories.pdf import hand_content

VERIFY = "http://testserver/portfolios/releases/5b0c7e52-1111-4a2b-9c3d-0e0f1a2b3c4d/verify/"
pytestmark = pytest.mark.django_db  # the test database exists for the module's fixture

CLR = '{"type": ["VerifiableCredential", "ClrCredential"]}'
LONG_TITLE = "Coordinate volunteers across several neighbourhood associations"
LONG_QUOTE = (
    "Amina took over the Saturday workshop when our coordinator left, and she kept it "
    "running for a whole season without missing a single date. She trained four new "
    "volunteers, wrote the checklist we still use for every repair, and made sure that "
    "each visitor left knowing what had been done to their object and why. When the "
    "council asked us for figures she gathered them in a week. I would trust her with "
    "any team."
)
LONG_DESCRIPTION = " ".join(
    ["Welcomes visitors, sorts the repairs by difficulty and explains each step."] * 8
)
TECHNICAL = re.compile(
    r"JSON|\bCLR\b|credential|assertion|\bOB ?[23]|Open ?Badges|1EdTech|backpack", re.I
)
CUT_WORD = re.compile(r"[^\W\d_](…|\.\.\.)")
ISO_DATE = re.compile(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w/-])")


def _settings(media_root: str) -> Any:
    """What ``tests/conftest.py``'s autouse fixtures set, for module-scoped fixtures."""
    return override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=media_root,
        SITE_URL="http://testserver",
        TASKS={
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "QUEUES": ["default", "emails"],
            }
        },
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "pdf-first-page",
            }
        },
    )


@dataclass
class Rendered:
    content: PortfolioContent
    laid: Laid
    pages: list[str]  # the text of each page of the written PDF (pypdf)

    @property
    def first_page(self) -> Any:
        return self.laid.document.pages[0]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pages).split())


def _render(content: PortfolioContent) -> Rendered:
    laid = layout(content, verification_url=VERIFY, clr_json=CLR)
    reader = pypdf.PdfReader(io.BytesIO(laid.pdf()))
    return Rendered(content, laid, [page.extract_text() for page in reader.pages])


def small_content() -> PortfolioContent:
    """One badge, two competences (one with a long title), one contribution, one long quote."""
    base = hand_content(domains=1, contributions=1, endorsements=1, badges=1)
    block = base.domains[0]
    competences = [replace(block.competences[0], title=LONG_TITLE), block.competences[1]]
    return replace(
        base,
        domains=[replace(block, competences=competences)],
        endorsements=[replace(base.endorsements[0], quote=LONG_QUOTE)],
        badges=[replace(base.badges[0], description=LONG_DESCRIPTION)],
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    with _settings(str(tmp_path_factory.mktemp("media"))), translation.override("en"):
        yield _render(small_content())


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Rendered:
    """Amina's demo portfolio, laid out inside a transaction that is then rolled back."""
    from accounts.models import User
    from portfolios.models import Portfolio
    from portfolios.selectors.portfolios import portfolio_content

    with (
        _settings(str(tmp_path_factory.mktemp("media"))),
        translation.override("en"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, name  # never the development database
        default_framework_load()
        call_command("demo_data", "--quiet-logins")
        amina = User.objects.get(email="amina@example.org")
        portfolio = Portfolio.objects.filter(owner=amina).order_by("created_at", "pk").first()
        assert portfolio is not None
        rendered = _render(portfolio_content(portfolio=portfolio))
        transaction.set_rollback(True)
    return rendered


@pytest.fixture(params=["demo", "small"])
def rendered(request: pytest.FixtureRequest) -> Rendered:
    value: Rendered = request.getfixturevalue(request.param)
    return value


# --- WeasyPrint's boxes --------------------------------------------------------------------


def _descendants(box: Any) -> Iterator[Any]:
    """Every box of the page's content, the page's margin boxes (its footer) aside."""
    for child in getattr(box, "children", []):
        if isinstance(child, boxes.MarginBox):
            continue
        yield child
        yield from _descendants(child)


def _page_text(page: Any) -> str:
    texts = [box.text for box in _descendants(page._page_box) if isinstance(box, boxes.TextBox)]
    return " ".join(" ".join(texts).split())


def _used_fraction(page: Any) -> float:
    """How far down the page's content area its lowest line or image reaches (0 to 1)."""
    page_box = page._page_box
    top = page_box.content_box_y()
    bottom = top
    for box in _descendants(page_box):
        if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
            bottom = max(bottom, box.position_y + box.margin_height())
    return float((bottom - top) / page_box.height)


def _images(page: Any) -> list[tuple[str, Any]]:
    """``(alt text, image)`` of each image drawn on the page."""
    return [
        (box.element.get("alt", ""), box.replacement)
        for box in _descendants(page._page_box)
        if isinstance(box, boxes.ReplacedBox) and box.element is not None
    ]


def _words(value: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(value, "j F Y")


# --- The tests -----------------------------------------------------------------------------


def test_page_one_holds_the_summary(rendered):
    content = rendered.content
    first = _page_text(rendered.first_page)
    assert content.owner_name in first
    if content.target:
        assert content.target in first
    lines = [line for block in content.domains for line in block.competences]
    assert lines
    for block in content.domains:
        assert block.title in first
    for line in lines:
        assert line.title in first  # whole, never shortened
        if line.level is not None:
            assert f"{line.level}/{line.max_level} – {line.level_label}" in first
    for badge in content.badges:
        assert badge.name in first
    # Period and hours of involvement, and the initiatives.
    assert content.contributions
    started = min(line.started_on for line in content.contributions)
    assert _words(started, content.language) in first
    hours = sum(line.hours or 0 for line in content.contributions)
    assert f"{hours:g}" in first
    for line in content.contributions:
        assert line.initiative in first
    # The details come on the next pages.
    assert content.contributions[0].title not in first
    assert "Generated on" not in first  # the footer (a margin box) is not measured


def test_at_least_half_of_page_one_is_used(rendered):
    used = _used_fraction(rendered.first_page)
    assert 0.5 <= used <= 1.0, f"page 1 is used down to {used:.0%} only"


def test_each_badge_shows_its_image_name_issuer_and_date_on_page_one(rendered):
    content = rendered.content
    assert content.badges
    images = _images(rendered.first_page)
    first = _page_text(rendered.first_page)
    for badge in content.badges:
        drawn = [image for alt, image in images if badge.name in alt]
        assert drawn, f"no image for {badge.name!r} on page 1"
        assert all(isinstance(image, RasterImage) for image in drawn)  # loaded, not alt text
        assert badge.issuer_name in first
        assert _words(badge.issued_on, content.language) in first


def test_no_word_is_cut_by_an_ellipsis(rendered):
    text = "\n".join(rendered.pages)
    assert not CUT_WORD.findall(text), CUT_WORD.findall(text)


def test_long_texts_are_shown_whole(small):
    text = small.text
    assert LONG_TITLE in text
    assert LONG_QUOTE in text
    assert LONG_DESCRIPTION in text
    # Page 1 quotes it up to a sentence's end and says where the rest is.
    first = _page_text(small.first_page)
    if LONG_QUOTE not in first:
        match = re.search(r"\(continued on page (\d+)\)", first)
        assert match, first
        page = int(match.group(1))
        assert page > 1
        assert LONG_QUOTE in " ".join(small.pages[page - 1].split())


def test_dates_are_in_words(rendered):
    assert not ISO_DATE.findall(rendered.text)
    generated = _words(rendered.content.generated_at.date(), rendered.content.language)
    assert generated in rendered.text


def test_no_technical_word_before_the_specialists_section(rendered):
    with translation.override(rendered.content.language):
        heading = translation.gettext("For specialists")
    text = rendered.text
    assert heading in text
    human, specialists = text.rsplit(heading, 1)
    assert not TECHNICAL.findall(human), TECHNICAL.findall(human)
    assert "clr.json" in specialists  # the attached record is named there


# --- Without rendering ---------------------------------------------------------------------


def test_lead_sentences_stop_at_a_sentence_end_never_inside_a_word():
    text = "First one is short. Second one is a little longer! Third? Fourth sentence here."
    assert lead_sentences(text, 200) == (text, False)
    assert lead_sentences(text, 55) == ("First one is short. Second one is a little longer!", True)
    # The first sentence always comes whole, even when longer than the limit.
    assert lead_sentences(text, 5) == ("First one is short.", True)
    assert lead_sentences("  One   sentence\nonly  ", 5) == ("One sentence only", False)


def test_involvement_sums_up_period_hours_and_initiatives():
    content = hand_content(contributions=3)
    involvement = content.involvement
    lines = content.contributions
    assert involvement.started_on == min(line.started_on for line in lines)
    assert involvement.ended_on is None and involvement.ongoing  # the first one is still going
    assert involvement.hours == sum(line.hours or 0 for line in lines)
    [initiative] = involvement.initiatives
    assert initiative.name == "Repair Café de Chenôve"
    assert initiative.roles == ["Welcome and planning"]
    assert initiative.contributions == 3
    finished = replace(
        content, contributions=[replace(line, ended_on=date(2025, 1, 31)) for line in lines]
    )
    assert finished.involvement.ended_on == date(2025, 1, 31)
    assert not finished.involvement.ongoing
    assert replace(content, contributions=[]).involvement.started_on is None


def test_hours_are_grouped_the_readers_way():
    with translation.override("fr"):
        assert hours_text(1234.5) == "1\u00a0234,5 heures"
        assert hours_text(10) == "10 heures"
    with translation.override("en"):
        assert hours_text(1234) == "1,234 hours"
        assert hours_text(2.5) == "2.5 hours"
        assert hours_text(None) == ""
