"""Acceptance 3 of #13: no glossary-forbidden word reaches an ordinary page (docs/glossary.md).

Two views of the same rule:

- the strings of the code (every msgid of the templates and the Python, and its French
  translation) hold no technical word (JSON, CLR, assertion, OB 3.0…), and French none of the
  words the glossary replaces (attester, portefeuille…) nor a point médian — except in a
  "For specialists" block, on a developer page, or in a module allowed with its reason
  (tests/words.py);
- key pages, rendered in French and in English for each persona, show none outside their
  ``data-specialists`` blocks.

``python -m tests.words`` prints every offending string with its file:line.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.portfolios.factories.portfolios import build_portfolio_scene
from tests.portfolios.factories.shares import share_make
from tests.words import (
    Finding,
    Message,
    Occurrence,
    catalogue,
    findings,
    forbidden_in,
    specialist_spans,
    strings,
)

LANGUAGES = ("fr", "en")


def _report(found: list[Finding]) -> str:
    return f"{len(found)} strings to rewrite (docs/glossary.md):\n" + "\n".join(
        finding.describe() for finding in found
    )


@pytest.fixture(scope="module")
def scan() -> tuple[list[Finding], list[Message]]:
    return findings()


def test_english_strings_hold_no_forbidden_word(scan):
    found = [finding for finding in scan[0] if finding.language == "en"]
    assert not found, _report(found)


def test_french_translations_hold_no_forbidden_word(scan):
    """Fails until the French catalogue uses the glossary's words (confirmer, portfolio, no
    point médian): the list says which entries to translate again."""
    found = [finding for finding in scan[0] if finding.language == "fr"]
    assert not found, _report(found)


def test_the_scan_reads_the_strings_as_the_catalogue_does(scan):
    """The scan builds each msgid the way `makemessages` does, or the French check would be
    blind: nearly every string of the code is found in the French catalogue (the rest are new
    strings waiting for `make messages`)."""
    every = strings()
    missing = {message for message in scan[1]}
    assert len(every) > 1000
    assert len(missing) < len(every) * 0.1, sorted(m.msgid for m in missing)[:20]


# --- the scanner itself: it must see what it is meant to see -------------------------------


def test_a_specialists_block_is_found_by_position():
    html = (
        '<p>JSON</p><details class="specialists" data-specialists><summary>x</summary>'
        "<details><summary>y</summary>inner</details>CLR</details><p>after</p>"
    )
    [(start, end)] = specialist_spans(html)
    assert html[start:end].endswith("CLR</details>")
    assert html.index("JSON") < start and html.index("after") > end


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Download the CLR record (JSON)", "en", ("CLR", "JSON / JSON-LD")),
        ("Hosted assertion", "en", ("assertion", "hosted")),
        ("Open Badges 3.0 credential", "en", ("credential", "Open Badges 2.0 / 3.0")),
        ("Add it to a backpack", "en", ("backpack",)),
        ("An EndorsementCredential", "en", ("credential",)),
        ("a Comprehensive Learner Record", "en", ("CLR",)),
        ("your data in data.json", "en", ()),
        ("The API documentation", "en", ("API",)),
        ("a rapid check", "en", ()),
        ("Badge image (SVG)", "en", ("SVG",)),
        ("An image (PNG or SVG)", "en", ()),
        ("Une attestation de compétences", "fr", ("attestation de compétence / numérique",)),
        ("Demander une attestation de bénévolat", "fr", ()),
        ("Je ne peux pas attester", "fr", ("attester",)),
        ("Compétence attestée", "fr", ("attester",)),
        ("Mon portefeuille", "fr", ("portefeuille",)),
        ("un·e conseiller·ère", "fr", ("point médian",)),
        ("Ajoutez-le à votre sac à badges", "fr", ("sac à badges",)),
        ("Sa recommandation", "fr", ("recommander / recommandation",)),
        ("Les compétences confirmées", "fr", ()),
    ],
)
def test_forbidden_words(text, language, expected):
    assert forbidden_in(text, language) == expected


def test_an_ordinary_place_is_reported_and_an_allowed_one_is_not():
    from tests import words

    ordinary = Occurrence("templates/x.html", 3, "")
    allowed = Occurrence("templates/x.html", 9, "inside a specialists block")
    message = Message("", "Download the record (CLR, JSON)")
    assert words._check(message, message.msgid, "en", [allowed]) is None
    finding = words._check(message, message.msgid, "en", [allowed, ordinary])
    assert finding is not None and finding.places == (ordinary,)
    assert "templates/x.html:3" in finding.describe()


def test_the_owner_portfolio_template_keeps_the_record_in_the_specialists_block():
    at = [
        occurrence
        for message, occurrences in strings().items()
        if message.msgid == "Download the CLR record (JSON)"
        for occurrence in occurrences
    ]
    assert at and all(o.allowed == "inside a specialists block" for o in at)


def test_the_french_catalogue_is_read():
    entries = catalogue("fr")
    assert entries[("", "Download the PDF")] == ["Télécharger le PDF"]


# --- rendered pages ------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """The text a person reads: text nodes and the attributes read aloud or shown, outside
    ``data-specialists`` elements, scripts and styles."""

    SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    @property
    def hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            if not self.hidden and names.get("type") != "hidden":
                self.parts += [names[a] or "" for a in self.SHOWN_ATTRIBUTES if names.get(a)]
            return
        hidden = "data-specialists" in names or tag in {"script", "style", "template"}
        self.stack.append((tag, hidden))
        if not self.hidden:
            self.parts += [names[a] or "" for a in self.SHOWN_ATTRIBUTES if names.get(a)]

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def test_visible_text_leaves_out_the_specialists_block():
    html = (
        '<main><p title="Badge">Download the PDF</p><details class="specialists" '
        'data-specialists><summary>For specialists</summary><a href="/x.json">CLR (JSON)</a>'
        "</details><script>JSON.parse()</script><p>After</p></main>"
    )
    text = visible_text(html)
    assert "Download the PDF" in text and "Badge" in text and "After" in text
    assert "CLR" not in text and "JSON" not in text


@pytest.fixture
def scene(default_framework, volunteer, leader):
    return build_portfolio_scene(default_framework, owner=volunteer, leader=leader)


def _pages(scene, advisor) -> list[tuple[str | None, str]]:
    """(persona, path) of the key pages (#13: home, my badges, a badge's page, the portfolio,
    the shared portfolio, contributions, endorsements to give)."""
    _share, token = share_make(scene.portfolio, recipient_email=advisor.email)
    award = scene.awards[0]
    return [
        (None, reverse("home")),
        (None, reverse("badges:verify")),
        (None, reverse("badges:award_detail", kwargs={"uuid": award.uuid})),
        ("volunteer", reverse("home")),
        ("volunteer", reverse("badges:my_badges")),
        ("volunteer", reverse("community:contribution_list")),
        ("volunteer", reverse("portfolios:portfolio_list")),
        ("volunteer", scene.portfolio.get_absolute_url()),
        ("leader", reverse("community:endorsement_queue")),
        ("advisor", reverse("portfolios:shared_view", kwargs={"token": token})),
        ("advisor", reverse("portfolios:advisor_workspace")),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_key_pages_show_no_forbidden_word(scene, volunteer, leader, advisor, language):
    problems = []
    for persona, path in _pages(scene, advisor):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        user = {"volunteer": volunteer, "leader": leader, "advisor": advisor}.get(persona or "")
        if user is not None:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
            login(client, user)
        response = client.get(path)
        assert response.status_code == 200, (persona, path, response.status_code)
        text = visible_text(response.content.decode())
        for line in text.splitlines():
            words = forbidden_in(line, language)
            if words:
                problems.append(f"{persona or 'anonymous'} {path}: {', '.join(words)}: {line!r}")
    assert not problems, "\n".join(problems)
