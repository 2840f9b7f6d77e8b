"""French typography, applied where text meets a reader: pages, emails and the PDF.

Translators write the catalogue with French rules already (``tests/test_typography.py``
checks every entry), but a sentence is finished only when names, dates and people's own
words are put into it. This module finishes it, for French only (English keeps English
rules: nothing changes):

- a non-breaking space (U+00A0) before ``:`` ``;`` ``!`` ``?`` and ``»``, after ``«``
  (and instead of an ordinary one already there); times (``10:30``), addresses
  (``https://``, ``?page=2``) and entities (``&amp;``) are left alone;
- straight or English double quotes paired in one run of text become « … »;
- elision before a capitalised name or title starting with a vowel: "de Amina" becomes
  "d’Amina", "que Élodie" "qu’Élodie", "le Atelier" "l’Atelier" (the catalogue handles
  lower-case words; ``Y`` and ``H`` are left alone: "de Yasmine", "de Hugo").

``french_text`` works on plain text (email text parts, PDF strings), ``french_html`` on a
whole HTML document: only text between tags and the human-read attributes (``alt``,
``title``, ``aria-label``, ``placeholder``, a meta ``content``) change; ``script``, ``style``,
``textarea``, ``pre`` and ``code`` are never touched, nor what a form sends back (values).
``finish(text, language)`` / ``finish_html`` pick the rules for a language code.

Numbers and dates are not guessed here (a year is not a thousand): templates format them
with ``intcomma`` and the ``DATE_FORMAT`` of the reader's language ("7 décembre 2026").
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation

NBSP = "\u00a0"
_SPACES = " \t\u00a0\u202f"
_UPPER_VOWELS = "AEIOUÀÂÄÆÉÈÊËÎÏÔÖŒÙÛÜ"

# A word (or a closing bracket, quote, percent…) then an optional space, then high punctuation
# that ends a phrase: followed by a space, the end, or a closing bracket/quote.
_HIGH_PUNCTUATION = re.compile(
    rf"(?P<before>[\w)\]»”’%…>])[{_SPACES}]?(?P<marks>[;:!?]+)(?=[\s)\]»<]|$)"
)
_OPEN_GUILLEMET = re.compile(rf"«[{_SPACES}]*")
_CLOSE_GUILLEMET = re.compile(rf"[{_SPACES}]*»")
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]{1,300}?)"')
_ENGLISH_QUOTES = re.compile(r"“([^“”\n]{1,300}?)”")
_ELISION = re.compile(
    rf"(?<![-’'])\b(?P<word>[Dd]e|[Qq]ue|[Ll]e|[Ll]a|[Jj]usque|[Ll]orsque|[Pp]uisque)[ \u00a0]"
    rf"(?=[{_UPPER_VOWELS}][\w’'-])"
)


def _elide(match: re.Match[str]) -> str:
    word = match.group("word")
    if word.lower() in {"le", "la"}:
        return word[0] + "’"
    return word[:-1] + "’"


def french_text(text: str) -> str:
    """``text`` with French typography (plain text: no markup, no entities)."""
    if not text:
        return text
    if text.count('"') % 2 == 0:
        text = _STRAIGHT_QUOTES.sub(lambda m: f"«{NBSP}{m.group(1).strip()}{NBSP}»", text)
    text = _ENGLISH_QUOTES.sub(lambda m: f"«{NBSP}{m.group(1).strip()}{NBSP}»", text)
    text = _OPEN_GUILLEMET.sub(f"«{NBSP}", text)
    text = _CLOSE_GUILLEMET.sub(f"{NBSP}»", text)
    text = _HIGH_PUNCTUATION.sub(lambda m: f"{m.group('before')}{NBSP}{m.group('marks')}", text)
    return _ELISION.sub(_elide, text)


# Markup that is left as it is: comments, the inside of raw elements, and tags.
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style|textarea|pre|code)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_READ_ATTRIBUTES = re.compile(
    r"""(?P<name>\s(?:alt|title|aria-label|placeholder|content))=(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.DOTALL | re.IGNORECASE,
)


def _text_node(raw: str) -> str:
    if not raw.strip():
        return raw
    finished = french_text(html.unescape(raw))
    return html.escape(finished, quote=False)


def _tag(tag: str) -> str:
    if tag.startswith(("<!", "</")) or "=" not in tag:
        return tag

    def attribute(match: re.Match[str]) -> str:
        value = html.escape(french_text(html.unescape(match.group("value"))), quote=True)
        return f"{match.group('name')}={match.group('quote')}{value}{match.group('quote')}"

    return _READ_ATTRIBUTES.sub(attribute, tag)


_INLINE = re.compile(r"</?(?:a|abbr|b|bdi|cite|em|i|mark|q|small|span|strong|time)\b[^>]*>", re.I)
_LEADING_MARKS = re.compile(rf"^[{_SPACES}]?(?P<marks>[;:!?]+)(?=\s|$)")
_TRAILING_ELIDABLE = re.compile(
    r"\b(?P<word>[Dd]e|[Qq]ue|[Ll]e|[Ll]a|[Jj]usque|[Ll]orsque|[Pp]uisque) $"
)
_LEADING_VOWEL_WORD = re.compile(rf"^[{_UPPER_VOWELS}][\w’'-]")


def french_html(document: str) -> str:
    """``document`` (HTML) with French typography in what people read.

    Across inline tags too: "de <strong>Amina</strong> :" becomes "d’<strong>Amina</strong>",
    with a non-breaking space before the colon.
    """
    parts: list[str] = []
    position = 0
    last_text = -1  # index in parts of the last text run, while only inline tags follow it
    for match in _MARKUP.finditer(document):
        text = document[position : match.start()]
        if text:
            if (
                last_text >= 0
                and parts[last_text].endswith(" ")
                and _LEADING_VOWEL_WORD.match(text)
            ):
                parts[last_text] = _TRAILING_ELIDABLE.sub(
                    lambda m: _elide(m).rstrip(), parts[last_text]
                )
            if last_text >= 0:
                text = _LEADING_MARKS.sub(lambda m: NBSP + m.group("marks"), text)
            parts.append(_text_node(text))
            last_text = len(parts) - 1
        tag = match.group(0)
        if match.group("raw"):
            parts.append(tag)
            last_text = -1
        else:
            parts.append(_tag(tag))
            if not _INLINE.fullmatch(tag):
                last_text = -1
        position = match.end()
    tail = document[position:]
    if last_text >= 0 and tail:
        tail = _LEADING_MARKS.sub(lambda m: NBSP + m.group("marks"), tail)
    parts.append(_text_node(tail))
    return "".join(parts)


def is_french(language: str | None) -> bool:
    return (language or "").lower().split("-")[0] == "fr"


def finish(text: str, language: str | None) -> str:
    """Plain ``text`` finished for a reader of ``language``."""
    return french_text(text) if is_french(language) else text


def finish_html(document: str, language: str | None) -> str:
    """An HTML ``document`` finished for a reader of ``language``."""
    return french_html(document) if is_french(language) else document


class FrenchTypographyMiddleware:
    """Finishes the French typography of every HTML page (``french_html``).

    Placed after the language middlewares, so the active language is the reader's.
    Streaming and non-HTML responses (documents, JSON, files) pass untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponse)
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
            and is_french(translation.get_language())
        ):
            charset = response.charset or "utf-8"
            response.content = french_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
