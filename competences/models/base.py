"""Building blocks shared by the framework models: bilingual text, statuses, validators.

Texts are stored as plain ``<field>_fr`` / ``<field>_en`` pairs. The model
properties (``title``, ``description``…) return the text of the active
language and fall back to the other language when it is empty.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

FRAMEWORK_LANGUAGES = ("fr", "en")

# Language names used inside sentences: "… has no title in French", "(French)".
LANGUAGE_NAMES = {
    "fr": pgettext_lazy("in <language>", "French"),
    "en": pgettext_lazy("in <language>", "English"),
}


def active_language() -> str:
    """The two-letter code of the active language if the framework has texts in it."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in FRAMEWORK_LANGUAGES else FRAMEWORK_LANGUAGES[0]


def localized(obj: Any, field: str) -> tuple[str, str]:
    """Return ``(text, language)`` of ``obj.<field>_<lang>`` for the active language.

    When that text is empty, fall back to the first non-empty other language,
    so that a page never shows a blank title. The language is returned so that
    templates can mark fallbacks with a ``lang`` attribute.
    """
    preferred = active_language()
    order = [preferred, *(code for code in FRAMEWORK_LANGUAGES if code != preferred)]
    for code in order:
        text = getattr(obj, f"{field}_{code}", "") or ""
        if text:
            return text, code
    return "", preferred


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


LOCKED_STATUSES = (Status.PUBLISHED, Status.RETIRED)


class Relation(models.TextChoices):
    """How a competence relates to an outside concept (after SKOS mapping relations)."""

    EXACT = "exact", _("exact match")
    CLOSE = "close", _("close match")
    BROAD = "broad", _("broad match")
    RELATED = "related", _("related")


code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, dashes or underscores, starting with a letter or a digit."),
    code="invalid_code",
)
label_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, dashes or underscores, for example 1.1 or 2026-1."),
    code="invalid_label",
)


def validate_languages(value: Any) -> None:
    if (
        not isinstance(value, list)
        or not value
        or any(code not in FRAMEWORK_LANGUAGES for code in value)
        or len(set(value)) != len(value)
    ):
        raise ValidationError(
            _("Choose at least one language among: %(choices)s."),
            code="invalid_languages",
            params={"choices": ", ".join(FRAMEWORK_LANGUAGES)},
        )


def default_languages() -> list[str]:
    return list(FRAMEWORK_LANGUAGES)


def version_locked_error(label: str) -> ValidationError:
    """The error raised whenever something tries to change a published or retired version."""
    return ValidationError(
        _(
            "Version %(label)s is no longer a draft: published and retired versions "
            "cannot be changed. Create a new draft to make changes."
        ),
        code="version_locked",
        params={"label": label},
    )


def require_one_language(obj: Any, field: str, verbose: str | Promise) -> None:
    """Refuse an object whose ``field`` is empty in every language."""
    if not any(getattr(obj, f"{field}_{code}", "").strip() for code in FRAMEWORK_LANGUAGES):
        raise ValidationError(
            {
                f"{field}_{FRAMEWORK_LANGUAGES[0]}": ValidationError(
                    _("Give the %(field)s in at least one language."),
                    code="required_in_one_language",
                    params={"field": verbose},
                )
            }
        )
