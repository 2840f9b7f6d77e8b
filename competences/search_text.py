"""Normalised text for competence search: accent-, case- and punctuation-insensitive.

Search must work the same on SQLite and PostgreSQL without the ``unaccent``
extension, so the text is normalised in Python, here, both when a competence
is indexed (the ``search_*`` columns of :class:`~competences.models.Competence`)
and when a query is read. The database then only compares plain lowercase
ASCII-like words with ``LIKE``, which every backend does identically.

Pure functions only: the data migration that fills the columns imports them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from competences.esco import esco_labels

# Letters that Unicode does not decompose into a base letter and an accent.
_SPELLED_OUT = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}
)
_WORD = re.compile(r"[^\W_]+")

#: Query words too common to narrow a search; they are dropped from queries
#: made of other words too ("gestion de projet" searches "gestion projet").
STOP_WORDS = frozenset(
    {
        # French
        "a", "au", "aux", "avec", "ce", "d", "dans", "de", "des", "du", "en", "et", "l",
        "la", "le", "les", "ou", "par", "pour", "qu", "que", "qui", "sur", "un", "une",
        # English
        "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
    }
)  # fmt: skip
#: The longest query considered, in characters and in words.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8


def normalise(text: str) -> str:
    """Lowercase words without accents, separated by single spaces.

    ``"L'Écoute, la MÉDIATION (œuvre)"`` → ``"l ecoute la mediation oeuvre"``.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_WORD.findall(bare.casefold()))


_COMPOUND = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)+")


def compounds(text: str) -> list[str]:
    """Hyphenated words written as one: ``"team-working"`` → ``["teamworking"]``.

    People write "teamwork" or "team-work"; indexing both forms lets either find it.
    """
    return [normalise(re.sub(r"[-\u2010\u2011]", "", word)) for word in _COMPOUND.findall(text)]


def indexed(*texts: str) -> str:
    """The stored form of some texts: normalised words with a space on each side.

    The surrounding spaces let a query word match the start of any word
    (``LIKE '% medi%'``) or a whole word (``LIKE '% mediation %'``). Hyphenated
    words are also stored written as one (:func:`compounds`).
    """
    parts = [normalise(text) for text in texts]
    parts += [word for text in texts for word in compounds(text)]
    words = " ".join(filter(None, parts))
    return f" {words} " if words else ""


def search_columns(
    *,
    code: str,
    titles: Iterable[str],
    descriptions: Iterable[str],
    keywords: Iterable[str],
    labels: Iterable[str],
    targets: Iterable[str] = (),
) -> dict[str, str]:
    """The values of a competence's ``search_title``, ``search_terms`` and ``search_text``.

    ``search_title`` holds the code and the titles, ``search_terms`` the keywords,
    the labels of the alignments and, for alignments to ESCO (``targets``: their
    URIs), every French and English label ESCO gives the skill
    (:mod:`competences.esco`); ``search_text`` all of it plus the descriptions.
    Every search filters on ``search_text`` and ranks with the two others.
    """
    titles, descriptions = list(titles), list(descriptions)
    labels = list(labels)
    labels += [text for text in esco_labels(tuple(targets)) if text not in labels]
    terms = [*sorted(keywords), *labels]
    return {
        "search_title": indexed(code, *titles),
        "search_terms": indexed(*terms),
        "search_text": indexed(code, *titles, *terms, *descriptions),
    }


def query_words(query: str) -> list[str]:
    """The words to look for: normalised, without stop words, without a plural ``s``.

    A final ``s`` is dropped from words of more than three letters, so that
    "projets" also finds "projet" (each word matches the start of a word).
    Stop words are kept when the query has nothing else.
    """
    words = normalise(query[:MAX_QUERY_LENGTH]).split()
    meaningful = [word for word in words if word not in STOP_WORDS] or words
    unique: list[str] = []
    for word in meaningful:
        if len(word) > 3 and word.endswith("s"):
            word = word[:-1]
        if word not in unique:
            unique.append(word)
    return unique[:MAX_QUERY_WORDS]
