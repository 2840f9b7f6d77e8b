"""Form of the "award from a CSV file" page. It validates; ``bulk_award_start`` reads the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BulkAwardForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of the recipients"),
        help_text=_(
            "A CSV file saved in UTF-8 (2 MB and 5000 rows at most), with the columns "
            "described above."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
