"""The glossary's forbidden words, and where user-facing strings hold them (docs/glossary.md).

Technical words (JSON, CLR, assertion, OB 3.0…) may reach people only in places meant for
specialists or developers: inside a "For specialists" block of a template (``<details …
data-specialists>``), on a developer page, or in a Python module that only speaks to them
(``PYTHON_ALLOWED``, each with its reason). French also forbids the words the glossary
replaces (attester, recommandation, portefeuille, sac à badges) and the point médian.

``strings()`` reads every translatable string of the code — templates through Django's
template lexer (the exact position of each string, to know whether it sits in a specialists
block), Python through its syntax tree — and ``findings()`` lists those whose English msgid
or French translation (locale/fr) holds a forbidden word outside an allowed place. Used by
tests/test_words.py; ``python -m tests.words`` prints the full list.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from django.template.base import DebugLexer, TokenType
from django.utils.translation import trim_whitespace
from django.utils.translation.template import (
    block_re,
    constant_re,
    context_re,
    endblock_re,
    inline_re,
    plural_re,
)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
APPS = ("accounts", "competences", "community", "badges", "portfolios", "config")

# Technical words: only for specialists and developers, in both languages.
TECHNICAL = {
    "CLR": r"\bCLR\b|\bComprehensive Learner Record\b",
    # A file name ("data.json") is what people see in their folder: allowed.
    "JSON / JSON-LD": r"(?<!\.)\bJSON(?:-LD)?\b",
    "assertion": r"\bassertions?\b",
    "credential": r"\b\w*credentials?\b",  # EndorsementCredential too
    "OB 2.0 / OB 3.0": r"\bOB\s?[23](?:\.0)?\b",
    "Open Badges 2.0 / 3.0": r"\bOpen\s+Badges?\s+(?:v|version\s+)?[23](?:\.0)?\b",
    "backpack": r"\bbackpacks?\b",
    "hosted": r"\bhosted\b",
    "API": r"\bAPIs?\b",
    "SVG": r"\bSVG\b",
    "JWT": r"\bJWTs?\b",
}
# Words the French glossary replaces (confirmer, portfolio) and the point médian.
FRENCH_ONLY = {
    # "Attestation" names one document only, the attestation de bénévolat (docs/glossary.md);
    # the verb stays banned: a competence is confirmed, never "attested".
    "attester": r"\batt?est(?:er|e|es|ent|é|ée|és|ées)\b",
    "attestation de compétence / numérique": r"\battestations? (?:de compétences?|numériques?)\b",
    "recommander / recommandation": r"\brecommand(?:er|ation|ations)\b",
    "portefeuille": r"\bportefeuilles?\b",
    "sac à badges": r"\bsacs? à badges\b",
    "point médian": r"\w·\w",
    "hébergée (hosted)": r"\bassertion hébergée\b",
}
ENGLISH_PATTERNS = {word: re.compile(pattern, re.IGNORECASE) for word, pattern in TECHNICAL.items()}
FRENCH_PATTERNS = {
    word: re.compile(pattern, re.IGNORECASE)
    for word, pattern in {**TECHNICAL, **FRENCH_ONLY}.items()
}

# Templates that only developers or specialists read, as a whole.
TEMPLATES_ALLOWED = {
    "admin/*": "the admin, for staff",
    "drf_spectacular/*": "the API documentation",
    "developers.html": "the page for developers",
}
# Python modules whose translatable strings reach only specialists or developers.
PYTHON_ALLOWED = {
    "*/rest/*": "the REST API: its messages and the schema's help texts, for developers",
    "config/rest*.py": "the REST API's shared errors and metadata, for developers",
    "config/openapi.py": "the OpenAPI schema, for developers",
    "*/admin.py": "the admin, for staff",
    "*/admin/*": "the admin, for staff",
    "*/management/commands/*": "command-line output, for the people who run the instance",
    "*/migrations/*": "migrations are never shown",
    "config/backup/*": "backup and restore, run from the command line",
    "badges/views/common.py": "the JSON answers at a badge's document address, read by software",
    "badges/crypto/*": "signature checks, shown in the verifier's specialists block",
    "badges/verifier/common.py": "the verifier's checks, shown in the result's specialists block",
    "badges/verifier/keys.py": "the verifier's checks, shown in the result's specialists block",
    "badges/verifier/ob2.py": "the verifier's checks, shown in the result's specialists block",
    "badges/verifier/ob3.py": "the verifier's checks, shown in the result's specialists block",
    "badges/verifier/schema.py": "the verifier's checks, shown in the result's specialists block",
    "badges/verifier/clr.py": "the verifier's checks, shown in the result's specialists block",
    "badges/verifier/ob2_signed.py": (
        "the verifier's checks, shown in the result's specialists block"
    ),
    "badges/verifier/status.py": "the verifier's checks, shown in the result's specialists block",
    "badges/ob3_api/views.py": "the OB 3.0 API's error descriptions, read by wallets' developers",
    "badges/ob3_api/registration.py": "OAuth client registration errors, for wallets' developers",
}

# One word allowed in some places only: (path pattern, word) → why.
WORDS_ALLOWED = {
    ("badges/images.py", "SVG"): "file formats, named where an issuer chooses an image file",
    ("badges/baking.py", "SVG"): "file formats, named where an issuer chooses an image file",
    ("config/images.py", "SVG"): "file formats, named where a person chooses an image file",
    (
        "badges/forms/badge_classes.py",
        "SVG",
    ): "file formats, named where an issuer chooses an image",
    ("badges/forms/verify.py", "SVG"): "file formats, named where a person chooses a badge file",
    ("badges/verifier/inputs.py", "SVG"): "file formats, named where a person chooses a badge file",
    ("badges/verifier/inputs.py", "JWT"): "file formats, named where a person chooses a badge file",
    (
        "badges/forms/external_credentials.py",
        "JWT",
    ): "file formats, named where a person chooses a badge file",
    ("templates/badges/verify/form.html", "SVG"): "file formats, named where a person chooses one",
    (
        "competences/exchange/*",
        "JSON / JSON-LD",
    ): "the steward's CASE exchange: CASE files are JSON",
    ("competences/forms/exchange.py", "JSON / JSON-LD"): "the steward's CASE exchange",
    ("templates/competences/exchange/*", "JSON / JSON-LD"): "the steward's CASE exchange",
    ("badges/models/*", "credential"): "fields of the signed documents, shown in the admin only",
    ("badges/models/*", "Open Badges 2.0 / 3.0"): "help texts of signed documents, admin only",
    ("badges/models/badge_classes.py", "SVG"): "help text of the stored SVG, admin only",
    ("portfolios/models/*", "CLR"): "fields of the signed record, shown in the admin only",
    ("portfolios/models/*", "credential"): "fields of the signed record, shown in the admin only",
    (
        "portfolios/models/*",
        "JSON / JSON-LD",
    ): "fields of the signed record, shown in the admin only",
}
DETAILS_TAG = re.compile(r"<(/?)details\b([^>]*)>", re.IGNORECASE)
INCLUDE = re.compile(r"""^include\s+["']([^"']+)["']""")


@dataclass(frozen=True)
class Occurrence:
    path: str  # relative to the project
    line: int
    allowed: str  # why this place may hold technical words, or "" for an ordinary place


@dataclass(frozen=True)
class Message:
    context: str
    msgid: str
    plural: str = ""


@dataclass(frozen=True)
class Finding:
    message: Message
    language: str  # "en" (the msgid) or "fr" (its translation)
    text: str  # the offending text
    words: tuple[str, ...]
    places: tuple[Occurrence, ...]  # the ordinary places that show it

    def describe(self) -> str:
        where = ", ".join(f"{o.path}:{o.line}" for o in self.places)
        return f"[{self.language}] {', '.join(self.words)}: {self.text!r}\n    at {where}"


FILE_FORMAT_BESIDE = re.compile(r"\bPNG\b")


def forbidden_in(text: str, language: str) -> tuple[str, ...]:
    """The forbidden words in ``text``. SVG named beside PNG is the file format of an image a
    person picks, as PNG is: allowed."""
    patterns = FRENCH_PATTERNS if language == "fr" else ENGLISH_PATTERNS
    return tuple(
        word
        for word, pattern in patterns.items()
        if pattern.search(text) and not (word == "SVG" and FILE_FORMAT_BESIDE.search(text))
    )


# --- templates ---------------------------------------------------------------------------


def specialist_spans(source: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of every ``<details … data-specialists>`` element, nested
    ``<details>`` included."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = []
    for match in DETAILS_TAG.finditer(source):
        if not match.group(1):
            stack.append((match.start(), "data-specialists" in match.group(2)))
        elif stack:
            start, specialists = stack.pop()
            if specialists:
                spans.append((start, match.end()))
    return spans


def _unquote(value: str) -> str:
    if value[:1] in "\"'" and value[-1:] == value[:1]:
        return value[1:-1]
    return value


def _join(parts: list[str], trimmed: bool) -> str:
    text = "".join(parts)
    return trim_whitespace(text) if trimmed else text


def _template_messages(
    source: str,
) -> Iterator[tuple[Message, int, int]]:
    """Every message of a template, as Django's makemessages extracts it, with its line and
    character offset."""
    singular: list[str] = []
    plural: list[str] = []
    context = ""
    trimmed = False
    inplural = False
    start: tuple[int, int] | None = None
    for token in DebugLexer(source).tokenize():
        offset = token.position[0] if token.position else 0
        if start is not None:
            if token.token_type == TokenType.BLOCK and endblock_re.match(token.contents):
                message = Message(context, _join(singular, trimmed), _join(plural, trimmed))
                yield message, start[0], start[1]
                start, singular, plural, context, inplural = None, [], [], "", False
            elif token.token_type == TokenType.BLOCK and plural_re.match(token.contents):
                inplural = True
            elif token.token_type == TokenType.VAR:
                (plural if inplural else singular).append(f"%({token.contents})s")
            elif token.token_type == TokenType.TEXT:
                (plural if inplural else singular).append(token.contents.replace("%", "%%"))
            continue
        if token.token_type == TokenType.BLOCK:
            inline = inline_re.match(token.contents)
            block = block_re.match(token.contents)
            if inline:
                found = context_re.match(inline[2]) if inline[2] else None
                text = _unquote(inline[1]).replace("%", "%%")
                yield Message(_unquote(found[1]) if found else "", text), token.lineno, offset
            elif block:
                found = context_re.match(block[1]) if block[1] else None
                context = _unquote(found[1]) if found else ""
                trimmed = "trimmed" in token.split_contents()
                start = (token.lineno, offset)
            for constant in constant_re.findall(token.contents) if not inline else []:
                yield Message("", _unquote(constant)), token.lineno, offset
        elif token.token_type == TokenType.VAR:
            for constant in constant_re.findall(token.contents):
                yield Message("", _unquote(constant)), token.lineno, offset


def _template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and p.suffix in {".html", ".txt"})


def _specialist_only_templates(sources: dict[str, str]) -> set[str]:
    """Templates included somewhere, and only inside specialists blocks (or from templates
    that are themselves only included there)."""
    includes: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for name, source in sources.items():
        spans = specialist_spans(source)
        for token in DebugLexer(source).tokenize():
            match = INCLUDE.match(token.contents) if token.token_type == TokenType.BLOCK else None
            if match and token.position:
                inside = any(a <= token.position[0] < b for a, b in spans)
                includes[match.group(1)].append((name, inside))
    only: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, sites in includes.items():
            if name not in only and all(inside or by in only for by, inside in sites):
                only.add(name)
                changed = True
    return only


def _template_strings() -> Iterator[tuple[Message, Occurrence]]:
    sources = {
        str(p.relative_to(TEMPLATES)): p.read_text(encoding="utf-8") for p in _template_files()
    }
    specialist_only = _specialist_only_templates(sources)
    for name, source in sources.items():
        spans = specialist_spans(source)
        whole = next(
            (why for pattern, why in TEMPLATES_ALLOWED.items() if fnmatch(name, pattern)), ""
        )
        if not whole and name in specialist_only:
            whole = "included only inside specialists blocks"
        for message, line, offset in _template_messages(source):
            inside = any(a <= offset < b for a, b in spans)
            allowed = whole or ("inside a specialists block" if inside else "")
            yield message, Occurrence(f"templates/{name}", line, allowed)


# --- Python ------------------------------------------------------------------------------

# makemessages' keywords: the name, and the positions of (context, singular, plural).
GETTEXT_CALLS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _python_files() -> list[Path]:
    return sorted(path for app in APPS for path in (ROOT / app).rglob("*.py"))


def _constant(node: ast.Call, position: int | None) -> str | None:
    if position is None:
        return ""
    if len(node.args) <= position:
        return None
    argument = node.args[position]
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    return None


def _python_strings() -> Iterator[tuple[Message, Occurrence]]:
    for path in _python_files():
        relative = str(path.relative_to(ROOT))
        allowed = next(
            (why for pattern, why in PYTHON_ALLOWED.items() if fnmatch(relative, pattern)), ""
        )
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
            if name not in GETTEXT_CALLS:
                continue
            context_at, singular_at, plural_at = GETTEXT_CALLS[name]
            context = _constant(node, context_at)
            singular = _constant(node, singular_at)
            plural = _constant(node, plural_at)
            if context is None or singular is None or plural is None:
                continue  # a variable: not extracted by makemessages either
            yield Message(context, singular, plural), Occurrence(relative, node.lineno, allowed)


def strings() -> dict[Message, list[Occurrence]]:
    """Every translatable string of the project and where it is used."""
    found: dict[Message, list[Occurrence]] = defaultdict(list)
    for message, occurrence in [*_template_strings(), *_python_strings()]:
        if message.msgid:
            found[message].append(occurrence)
    return dict(found)


# --- the French catalogue ----------------------------------------------------------------


def _po_string(lines: list[str]) -> str:
    text = "".join(re.findall(r'"(.*)"', "\n".join(lines)))
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def catalogue(language: str = "fr") -> dict[tuple[str, str], list[str]]:
    """(context, msgid) → the translations (several for plural forms), fuzzy ones included:
    a fuzzy French string is still what the lead will review."""
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    entries: dict[tuple[str, str], list[str]] = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = defaultdict(list)
        key = ""
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
            if match:
                key = match.group(1)
            if key:
                fields[key].append(line)
        msgid = _po_string(fields.get("msgid", []))
        if msgid:
            context = _po_string(fields.get("msgctxt", []))
            translated = [
                _po_string(lines) for name, lines in fields.items() if name.startswith("msgstr")
            ]
            entries[(context, msgid)] = translated
    return entries


def _ordinary(word: str, occurrences: list[Occurrence]) -> tuple[Occurrence, ...]:
    """The occurrences in ordinary places, where ``word`` may not appear."""
    return tuple(
        o
        for o in occurrences
        if not o.allowed
        and not any(
            fnmatch(o.path, pattern) and word == allowed for pattern, allowed in WORDS_ALLOWED
        )
    )


def _check(
    message: Message, text: str, language: str, occurrences: list[Occurrence]
) -> Finding | None:
    places: dict[Occurrence, None] = {}
    offending = []
    for word in forbidden_in(text, language):
        ordinary = _ordinary(word, occurrences)
        if ordinary:
            offending.append(word)
            places.update(dict.fromkeys(ordinary))
    if not offending:
        return None
    return Finding(message, language, text, tuple(offending), tuple(places))


def findings() -> tuple[list[Finding], list[Message]]:
    """The offending strings, and the messages the French catalogue lacks (their French is
    checked once `make messages` adds them and someone translates them)."""
    french = catalogue("fr")
    found: list[Finding] = []
    missing: list[Message] = []
    for message, occurrences in sorted(strings().items(), key=lambda item: item[1][0].path):
        if all(o.allowed for o in occurrences):
            continue
        texts = [("en", t) for t in (message.msgid, message.plural) if t]
        translations = french.get((message.context, message.msgid))
        if translations is None:
            missing.append(message)
        texts += [("fr", t) for t in translations or []]
        for language, text in texts:
            finding = _check(message, text, language, occurrences)
            if finding:
                found.append(finding)
    return found, missing


def main() -> int:
    """Print every offending string, for whoever rewrites or translates them."""
    import django

    django.setup()
    found, missing = findings()
    for language in ("en", "fr"):
        part = [finding for finding in found if finding.language == language]
        print(f"== {language}: {len(part)} strings")
        for finding in part:
            print(finding.describe())
    if missing:
        print(f"== not yet in the French catalogue (run `make messages`): {len(missing)}")
        for message in missing:
            print(f"  {message.msgid!r}")
    return 1 if found else 0


if __name__ == "__main__":
    import os
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.exit(main())
