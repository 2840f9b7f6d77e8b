"""The indicators' filters (views/indicators.py): a GET form that works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.indicators.reading import place_key, place_param
from community.indicators.tables import EPCI, TERRITORY, UNPLACED, Place, PlaceKey

PERIOD_CHOICES = [
    ("0", _("Whole year")),
    ("1", _("1st quarter (January to March)")),
    ("2", _("2nd quarter (April to June)")),
    ("3", _("3rd quarter (July to September)")),
    ("4", _("4th quarter (October to December)")),
]


def place_label(place: Place) -> str:
    if place.level == TERRITORY:
        return str(_("The whole territory – %(name)s") % {"name": place.name})
    if place.level == EPCI:
        return str(_("Intercommunality – %(name)s") % {"name": place.name})
    if place.level == UNPLACED:
        return str(_("Initiatives without a town"))
    return place.name


class IndicatorFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    period = forms.TypedChoiceField(
        label=_("Period"), choices=PERIOD_CHOICES, coerce=int, required=False, empty_value="0"
    )
    place = forms.ChoiceField(label=_("Place"), required=False)

    def __init__(self, *args: Any, years: list[int], places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(year), str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["place"].choices = [  # type: ignore[attr-defined]
            (place_param(place.key), place_label(place)) for place in places
        ]

    def clean_place(self) -> PlaceKey:
        return place_key(self.cleaned_data.get("place") or TERRITORY) or (TERRITORY, "")
