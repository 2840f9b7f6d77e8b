"""Counted words for the privacy notice's templates, one per language (each template is
written in its own language: see templates/accounts/privacy/notice_fr.html).

``{{ days|fr_count:"jour,jours" }}`` → "1 jour", "30 jours" (French: 0 and 1 take the
singular); ``{{ days|en_count:"day,days" }}`` → "1 day", "0 days". A no-break space holds the
number to its word.
"""

from __future__ import annotations

from django import template

register = template.Library()

NO_BREAK_SPACE = "\u00a0"


def _count(value: int, words: str, *, singular: bool) -> str:
    one, _comma, many = words.partition(",")
    return f"{value}{NO_BREAK_SPACE}{one if singular else (many or one)}"


@register.filter
def fr_count(value: int, words: str) -> str:
    return _count(value, words, singular=abs(int(value)) <= 1)


@register.filter
def en_count(value: int, words: str) -> str:
    return _count(value, words, singular=abs(int(value)) == 1)
