"""Forms of the ROME pages of a portfolio: search a job title, add one, filter the jobs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from competences.api import rome_grand_domains


class JobTitleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search a job in the ROME 4.0"),
        max_length=200,
        required=False,
        help_text=_(
            "Words of the job’s name or its ROME code, for example “agent accueil” or M1601."
        ),
    )


class TargetJobAddForm(forms.Form):
    code = forms.CharField(max_length=12)


class JobsFilterForm(forms.Form):
    domain = forms.ChoiceField(label=_("Grand domaine"), required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["domain"].choices = [  # type: ignore[attr-defined]
            ("", _("Every grand domaine")),
            *((code, f"{code} – {label}") for code, label in rome_grand_domains()),
        ]
