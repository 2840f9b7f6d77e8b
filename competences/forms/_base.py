"""What the framework's forms share. They validate (model validation included: a form
bound to a published version's content is refused); the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from competences.models import FRAMEWORK_LANGUAGES

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


class BilingualFieldsMixin:
    """Mark French and English inputs with ``lang`` (spell-checkers, screen readers)."""

    fields: dict[str, forms.Field]

    def mark_languages(self) -> None:
        for name, field in self.fields.items():
            suffix = name.rsplit("_", 1)[-1]
            if suffix in FRAMEWORK_LANGUAGES:
                field.widget.attrs["lang"] = suffix
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class JalonsModelForm(BilingualFieldsMixin, forms.ModelForm):
    class Meta:
        formfield_callback = _formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_languages()
