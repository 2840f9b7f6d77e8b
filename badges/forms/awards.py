"""Form of the "award by hand" page. It validates; ``award_create`` writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AwardForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the recipient"),
        max_length=254,
        help_text=_("The badge is issued to this address; it is stored hashed in the badge."),
    )
    narrative = forms.CharField(
        label=_("Why this badge (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written into the badge: anyone who checks it can read it."),
    )


class NameVisibilityForm(forms.Form):
    """The holder's choice on the award's public page (``award_set_name_visibility``)."""

    show_name = forms.BooleanField(
        label=_("Show my name on this badge's public page"),
        required=False,
    )
