"""Template helpers for bilingual framework texts."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from competences.models.base import active_language, localized

register = template.Library()


@register.filter
def bilingual(obj: Any, field: str) -> SafeString:
    """``{{ competence|bilingual:"title" }}``: the text in the active language.

    When only the other language has a text, it is shown in a
    ``<span lang="…">`` so that screen readers pronounce it correctly.
    """
    text, language = localized(obj, field)
    if language == active_language():
        return SafeString(conditional_escape(text))
    return format_html('<span lang="{}">{}</span>', language, text)
