"""Forms of the attestation pages. They validate; ``badges.api`` services check the rules
and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.api import Initiative


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AttestationIssueForm(forms.Form):
    """One click: the period is filled in from the person's contributions."""

    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("To"), widget=DateInput())


class AttestationRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (public)"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class AttestationRequestForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose an initiative"),
        help_text=_("Its leaders receive your request and issue the attestation."),
    )

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = initiatives
