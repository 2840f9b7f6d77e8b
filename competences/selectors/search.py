"""Competence search: by words in French or English, accent- and case-insensitive.

Looks in the titles, descriptions, keywords and alignment labels (ESCO) of the
competences, through their normalised ``search_*`` columns (see
:mod:`competences.search_text`). One query, the same on SQLite and PostgreSQL:

- every query word must start a word of the competence's texts
  (``"medi"`` finds "Médiation"; ``"ecoute"`` finds "écoute");
- results are ranked by where the words are found: in the title (or code) first,
  then in the keywords and ESCO labels, then in the descriptions;
  ties keep the framework's order (domain, then competence).
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import Combinable

from competences.models import Competence, FrameworkVersion, Status
from competences.search_text import query_words
from competences.selectors.visibility import version_visible_queryset

#: How many results a search returns unless told otherwise, and at most.
DEFAULT_LIMIT = 20
MAX_LIMIT = 100

# Points for each query word, by where it is found (whole word, start of a word).
_WEIGHTS = (("search_title", 8, 6), ("search_terms", 3, 2))
# Bonus when the whole query starts the title, or appears in it as typed.
_PHRASE_BONUS = 5


def _points(column: str, word: str, whole: int, prefix: int) -> Case:
    return Case(
        When(**{f"{column}__contains": f" {word} "}, then=Value(whole)),
        When(**{f"{column}__contains": f" {word}"}, then=Value(prefix)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _score(words: list[str]) -> Combinable:
    score: Combinable = Value(0, output_field=IntegerField())
    for word in words:
        for column, whole, prefix in _WEIGHTS:
            score = score + _points(column, word, whole, prefix)
    phrase = " ".join(words)
    score = score + Case(
        When(search_title__contains=f" {phrase}", then=Value(_PHRASE_BONUS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return score


def competence_search(
    *, query: str, version: FrameworkVersion | None = None, limit: int = DEFAULT_LIMIT
) -> list[Competence]:
    """Competences matching every word of ``query``, best first, at most ``limit``.

    Searches the published (current) version of every framework, or only
    ``version`` when given. The caller decides who may search a draft (see
    :func:`version_searchable`). Each result has a ``search_score``; its
    version, framework and domain are loaded.
    """
    words = query_words(query)
    if not words or limit < 1:
        return []
    scope = Q(version=version) if version is not None else Q(version__status=Status.PUBLISHED)
    matches = Q()
    for word in words:
        matches &= Q(search_text__contains=f" {word}")
    return list(
        Competence.objects.filter(scope, matches)
        .select_related("version__framework", "domain")
        .annotate(search_score=_score(words))
        .order_by(
            "-search_score",
            "version__framework__slug",
            "domain__order",
            "order",
            "code",
        )[: min(limit, MAX_LIMIT)]
    )


def version_searchable(*, viewer: object, uuid: UUID | str) -> FrameworkVersion | None:
    """A version ``viewer`` may search by its identifier: any public one; drafts for stewards."""
    try:
        key = uuid if isinstance(uuid, UUID) else UUID(str(uuid))
    except ValueError:
        return None
    return version_visible_queryset(viewer=viewer).filter(uuid=key).first()


def versions_for_search() -> list[FrameworkVersion]:
    """Public versions, to offer a choice on the search page: current ones first."""
    return list(
        FrameworkVersion.objects.public()
        .select_related("framework")
        .order_by("framework__slug", "-published_at")
    )
