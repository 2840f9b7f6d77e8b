"""French as it is written, everywhere a person reads it (issue #13, acceptance 2).

Three sweeps, each listing every fault it finds:

- the catalogue: every French translation (what every template, form, message and email
  says) follows the rules before anything is put into it;
- the pages: the demo data is loaded and every page reachable from the home is read, in
  French, as each demo person and as a visitor (at most two pages per kind of address), after
  the site's own typography layer (config/typography.py);
- the emails: every email template is sent, in French, with names that start with a vowel.

The rules: a non-breaking space before ``:`` ``;`` ``?`` ``!`` (never none, never an ordinary
space) and inside « »; no straight double quotes in prose; elision before a vowel ("d’Amina",
"d’accueil", never "de Amina"); no date written the ISO way (2026-12-07); no point médian.
English is not checked here: it keeps English rules.
"""

from __future__ import annotations

import gettext
import re
import subprocess
from collections import defaultdict
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.emails import send_templated_email
from accounts.models import Notification, NotificationKind, User

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
EMAILS = ROOT / "templates" / "emails"

VOWELS = "aeiouàâäæéèêëîïôöœùûüAEIOUÀÂÄÆÉÈÊËÎÏÔÖŒÙÛÜ"  # not y: "de Yasmine"
RULES: dict[str, re.Pattern[str]] = {
    "no space before high punctuation": re.compile(r"[\w»)\]][;:!?]+(?=\s|$)"),
    "ordinary space before high punctuation": re.compile(r"\w[ \t][;:!?]+(?=\s|$)"),
    "« without a non-breaking space": re.compile(r"«(?![\u00a0\u202f])"),
    "» without a non-breaking space": re.compile(r"(?<![\u00a0\u202f])»"),
    "no elision before a vowel": re.compile(
        rf"(?<![-’'])\b(?:[Dd]e|[Qq]ue|[Jj]e|[Nn]e|[Ll]e|[Ll]a|[Jj]usque)[ \u00a0][{VOWELS}]\w"
    ),
    "straight double quotes": re.compile(r'"[^"]*"'),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "point médian": re.compile(r"·"),
}
# "de un à trois" and the like are elided too ("d’un"), but a few words are not:
# "le onze", "de oui ou de non", "le ou la responsable"… and a lone letter ("de A à Z"); nor a
# pronoun after a verb ("Publiez-le ou…").
ELISION_EXCEPTIONS = re.compile(
    r"\b(?:[Dd]e|[Ll]e|[Ll]a) (?:onze|onzième|oui|ou l[ae]\b|une? de\b|[A-Za-z]\b)"
)
LOWER_ELISION_ONLY = {"no elision before a vowel"}


def faults(text: str, *, check_iso: bool = True) -> list[str]:
    found = []
    for name, rule in RULES.items():
        if name == "ISO date" and not check_iso:
            continue
        for match in rule.finditer(text):
            if name == "no elision before a vowel" and ELISION_EXCEPTIONS.match(
                text, match.start()
            ):
                continue
            start = max(match.start() - 30, 0)
            found.append(f"{name}: …{text[start : match.end() + 30]}…")
    return found


# -- the catalogue --------------------------------------------------------------------------

TAG = re.compile(r"<[^>]*>")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def test_every_french_translation_is_written_in_french_typography(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE)], check=True)
    with compiled.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    problems = []
    for key, translation in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or not translation:
            continue  # the header
        # Markup and placeholders are not read; what replaces them is checked on the pages.
        prose = PLACEHOLDER.sub("X", TAG.sub(" ", translation))
        for fault in faults(prose, check_iso=False):
            problems.append(f"{msgid[:60]!r}: {fault}")
    assert not problems, "French translations break typography rules:\n" + "\n".join(problems)


# -- the pages --------------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """What a reader sees or hears: text and the read attributes, outside code and forms' values."""

    SKIPPED = {"script", "style", "code", "pre", "textarea", "template"}
    READ = {"alt", "title", "aria-label", "placeholder"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.depth += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if not self.depth:
            self.chunks += [value for name, value in attrs if name in self.READ and value]
        if tag in {"br", "p", "li", "div", "td", "th", "h1", "h2", "h3", "dt", "dd", "option"}:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.depth:
            self.depth -= 1
        if tag in {"p", "li", "div", "td", "th", "h1", "h2", "h3", "dt", "dd", "option", "label"}:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.chunks.append(data)

    def text(self) -> str:
        return "".join(self.chunks)


NOT_PAGES = ("/static/", "/media/", "/admin/", "/api/", "/ims/", "/i18n/", "/jsi18n/")
MAX_PER_ROUTE = 2


def crawl(client: Client, start: str = "/") -> dict[str, list[str]]:
    """Every HTML page reachable from ``start`` (GET only), at most two per route: faults by URL."""
    seen: set[str] = set()
    per_route: dict[str, int] = defaultdict(int)
    queue = [start]
    found: dict[str, list[str]] = {}
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            route = resolve(urlsplit(path).path).route
        except Resolver404:
            continue
        if per_route[route] >= MAX_PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        problems = faults(parser.text())
        if problems:
            found[path] = problems
        for href in parser.links:
            url = urlsplit(urljoin(path, href))
            if url.netloc not in ("", "testserver") or url.path.startswith(NOT_PAGES):
                continue
            if "logout" in url.path or url.path.endswith((".pdf", ".png", ".svg", ".json")):
                continue
            queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


@pytest.mark.django_db
def test_every_page_reads_in_french_typography(default_framework, settings):
    settings.LANGUAGE_CODE = "fr"
    call_command("demo_data", "--quiet-logins")
    people = {account.email: account for account in accounts_demo.DEMO_ACCOUNTS}
    problems: dict[str, list[str]] = {}
    visited = 0
    for email in [None, *people]:
        client = Client(HTTP_ACCEPT_LANGUAGE="fr")
        if email:
            user = User.objects.get(email=email)
            User.objects.filter(pk=user.pk).update(preferred_language="fr")
            client.force_login(user)
        found = crawl(client)
        visited += 1
        for path, faults_found in found.items():
            problems[f"{email or 'visitor'} {path}"] = faults_found
    assert visited == len(people) + 1
    report = "\n".join(f"{where}\n  " + "\n  ".join(found) for where, found in problems.items())
    assert not problems, "Pages break French typography rules:\n" + report


# -- the emails ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_email_reads_in_french_typography(volunteer, mailoutbox, settings):
    """Each email, sent in French about people and places whose names start with a vowel;
    the notification email once per kind of notification."""
    settings.LANGUAGE_CODE = "fr"
    User.objects.filter(pk=volunteer.pk).update(display_name="Amina Benali")
    volunteer.refresh_from_db()
    names = sorted(path.name.removesuffix("-subject.txt") for path in EMAILS.glob("*-subject.txt"))
    assert len(names) >= 12
    when = timezone.now() + timedelta(days=7)
    people = {"inviter": "Émile", "person": "Amina", "endorser": "Élodie", "issuer": "Atelier Vélo"}
    places = {
        "initiative": "Atelier Vélo",
        "contribution": "Accueil du samedi",
        "badge": "Accueillir",
    }
    context = {
        **people,
        **places,
        "user": volunteer,
        "owner": "Amina",
        "volunteer": "Amina",
        "name": "Élodie",
        "title": "Mon parcours",
        "message": "Merci pour l’atelier.",
        "narrative": "Amina a accueilli 40 personnes.",
        "reason": "Adresse inconnue.",
        "context_name": "Atelier Vélo",
        "attempts": 5,
        "minutes": 15,
        "days": 3,
        "date": when,
        "due": when,
        "expires_at": when,
        "reasons": ["Amina est la dernière responsable de « Atelier Vélo »."],
        **{
            key: f"https://jalons.example/{key}/"
            for key in (
                "link",
                "login_link",
                "reset_link",
                "settings_link",
                "settings_url",
                "signup_url",
                "workspace_link",
                "mine_url",
                "page_url",
                "png_url",
                "svg_url",
                "ob",
            )
        },
    }
    sent = []
    for name in names:
        if name == "notification":
            continue
        send_templated_email(template=name, to="amina@example.org", language="fr", context=context)
        sent.append(name)
    for kind in NotificationKind:
        notification = Notification(
            recipient=volunteer, kind=kind, params={**people, **places, "people": "Amina"}
        )
        send_templated_email(
            template="notification",
            to="amina@example.org",
            language="fr",
            context={**context, "notification": notification},
        )
        sent.append(f"notification {kind}")
    assert len(mailoutbox) == len(sent)
    problems = []
    for name, message in zip(sent, mailoutbox, strict=True):
        parser = VisibleText()
        parser.feed(message.alternatives[0][0])
        for part, text in (
            ("subject", message.subject),
            ("text", message.body),
            ("html", parser.text()),
        ):
            problems += [f"{name} ({part}): {fault}" for fault in faults(text)]
    assert not problems, "Emails break French typography rules:\n" + "\n".join(problems)
