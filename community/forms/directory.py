"""The directory's filters (views/directory.py): a GET form that works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Commune, InitiativeKind
from community.selectors.directory import DirectoryFilters, DomainChoice, directory_epcis


class DirectoryFilterForm(forms.Form):
    commune = forms.ChoiceField(label=_("Town"), required=False)
    epci = forms.ChoiceField(label=_("Or the whole intercommunality"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("All kinds")), *InitiativeKind.choices],
    )
    domain = forms.ChoiceField(label=_("What you can learn there"), required=False)
    newcomers = forms.BooleanField(label=_("Welcomes newcomers, no prerequisite"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)

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
