"""Forms of the annual territorial report (views/reports.py): they only validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolios.models import QUOTE_MAX_LENGTH


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(year), str(year)) for year in years]  # type: ignore[attr-defined]


class QuoteForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of the report"), coerce=int)
    text = forms.CharField(
        label=_("Quote"), max_length=QUOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    author = forms.CharField(
        label=_("Author, as they agreed to be named"),
        max_length=150,
        help_text=_("For example: Marc, volunteer at the fablab."),
    )
    author_agreed = forms.BooleanField(
        label=_("The author agreed to be quoted in the report"),
        help_text=_("Ask them first: endorsements’ comments are never quoted without it."),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(year), str(year)) for year in years]  # type: ignore[attr-defined]
