"""The directory's filters (views/directory.py): a GET form that works without JavaScript.

The same form checks the filters of the API (``rest/directory.py``): a value it does not take
is an error there too (400), with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from community.models import Commune, InitiativeKind
from community.selectors.directory import DirectoryFilters, DomainChoice, directory_epcis
from config.text import shorten

# What a yes-or-no filter takes, in any case: a ticked box sends "on"; programs send the rest.
YES = frozenset({"on", "true", "1", "yes"})
NO = frozenset({"off", "false", "0", "no"})
SHOWN_VALUE_LENGTH = 40


def _answers(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _ticked(value: Any) -> bool:
    """Whether a box shows ticked: its last value says yes (a refused value does not)."""
    answers = [answer for answer in _answers(value) if answer not in (None, "")]
    return bool(answers) and (answers[-1] is True or str(answers[-1]).strip().lower() in YES)


class YesNoCheckbox(forms.CheckboxInput):
    """A checkbox that hands every value sent to its field: Django's ``CheckboxInput`` reads
    any text as ticked, so that ``?newcomers=maybe`` would filter without a word."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, check_test=_ticked)

    def format_value(self, value: Any) -> str | None:
        return None  # no value attribute: a ticked box sends "on", whatever was sent before

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> Any:
        if name not in data:
            return []  # an unticked box sends nothing
        getlist = getattr(data, "getlist", None)
        return list(getlist(name)) if getlist is not None else [data[name]]


class YesNoField(forms.BooleanField):
    """A yes-or-no filter: on, true, 1, yes or off, false, 0, no (any case), or nothing (no).
    Any other value is an error that says which values it takes."""

    widget = YesNoCheckbox
    default_error_messages = {
        "invalid": _("Give yes or no (on, true, 1 or off, false, 0), not “%(value)s”."),
    }

    def to_python(self, value: Any) -> bool:
        answer = False
        for given in _answers(value):
            if given is None or given == "":
                continue
            if isinstance(given, bool):
                answer = given
                continue
            text = str(given).strip().lower()
            if text in YES:
                answer = True
            elif text in NO:
                answer = False
            else:
                raise ValidationError(
                    self.error_messages["invalid"],
                    code="invalid",
                    params={"value": shorten(str(given), SHOWN_VALUE_LENGTH)},
                )
        return answer

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return super().has_changed(initial, data)
        except ValidationError:
            return True


class DirectoryFilterForm(forms.Form):
    commune = forms.ChoiceField(label=_("Town"), required=False)
    epci = forms.ChoiceField(label=_("Or the whole intercommunality"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("All kinds")), *InitiativeKind.choices],
    )
    domain = forms.ChoiceField(label=_("What you can learn there"), required=False)
    newcomers = YesNoField(label=_("Welcomes newcomers, no prerequisite"), required=False)
    step_free = YesNoField(label=_("Step-free access"), required=False)

    def __init__(
        self,
        *args: Any,
        communes: list[Commune],
        domains: list[DomainChoice],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [  # type: ignore[attr-defined]
            ("", _("All towns")),
            *((commune.code, commune.name) for commune in communes),
        ]
        self.fields["epci"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *directory_epcis(communes),
        ]
        self.fields["domain"].choices = [  # type: ignore[attr-defined]
            ("", _("Everything")),
            *((domain.code, domain.title) for domain in domains),
        ]

    def filters(self) -> DirectoryFilters:
        """The filters chosen; an invalid choice filters nothing (the form says why)."""
        if not self.is_bound or not self.is_valid():
            return DirectoryFilters()
        data = self.cleaned_data
        return DirectoryFilters(
            commune=data["commune"],
            epci=data["epci"],
            kind=data["kind"],
            domain=data["domain"],
            newcomers=data["newcomers"],
            step_free=data["step_free"],
        )
