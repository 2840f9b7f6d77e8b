"""Forms for portfolios. They validate; ``portfolios.services.portfolios`` writes.

The edit form lists everything of the owner's a portfolio may show, grouped by kind:
each item has a checkbox and a position number, so that choosing and ordering works
without JavaScript. What was typed is kept when the form comes back with errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolios.models import PortfolioLanguage
from portfolios.models.portfolios import STATEMENT_MAX_LENGTH
from portfolios.selectors.choices import Choice, PortfolioChoices

MAX_POSITION = 999

# (form prefix, key of the selection, legend)
KINDS: tuple[tuple[str, str, Any], ...] = (
    ("competence", "competences", _("Competences")),
    ("contribution", "contributions", _("Contributions")),
    ("endorsement", "endorsements", _("Endorsements")),
    ("award", "awards", _("Badges")),
    ("external", "external_badges", _("Badges from other organisations")),
)


class PortfolioForm(forms.Form):
    """Title, target, statement and language of a portfolio."""

    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("For example: My portfolio for the job in logistics."),
    )
    target = forms.CharField(
        label=_("What is it for?"),
        max_length=150,
        required=False,
        help_text=_("Optional. For example: a job in logistics, entering a training course."),
    )
    statement = forms.CharField(
        label=_("A few words about you"),
        max_length=STATEMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Who you are, what you are looking for, in your own words."),
    )
    language = forms.ChoiceField(
        label=_("Language of the portfolio"),
        choices=PortfolioLanguage.choices,
        initial=PortfolioLanguage.FRENCH,
        widget=forms.RadioSelect,
        help_text=_("The headings, dates and levels are written in this language."),
    )


@dataclass(frozen=True)
class SelectionRow:
    choice: Choice
    checkbox: forms.BoundField
    position: forms.BoundField


@dataclass(frozen=True)
class SelectionGroup:
    prefix: str
    legend: str
    rows: list[SelectionRow]


class PortfolioEditForm(PortfolioForm):
    """The portfolio's fields, its options and its selection: ``selection()`` gives ordered
    pks."""

    rome_page = forms.BooleanField(
        label=_(
            "Add a page reading my competences in the words of the ROME 4.0 (for employment "
            "advisors)"
        ),
        required=False,
        help_text=_(
            "In the PDF: your confirmed competences as the savoir-être of France Travail’s "
            "job directory, and your target jobs if you chose some."
        ),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        choices: PortfolioChoices,
        selected: dict[str, list[int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self._groups: list[tuple[str, str, Any, list[Choice]]] = []
        for prefix, key, legend in KINDS:
            available: list[Choice] = getattr(choices, key)
            order = {pk: index for index, pk in enumerate(selected.get(key, []))}
            # The selected ones first, in their order; then the others, as listed.
            rows = sorted(available, key=lambda c: (c.pk not in order, order.get(c.pk, 0)))
            for choice in rows:
                name = f"{prefix}_{choice.pk}"
                self.fields[name] = forms.BooleanField(
                    label=choice.label, required=False, initial=choice.pk in order
                )
                self.fields[f"{name}_position"] = forms.IntegerField(
                    label=_("Position"),
                    required=False,
                    min_value=1,
                    max_value=MAX_POSITION,
                    initial=order[choice.pk] + 1 if choice.pk in order else None,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "position"}),
                )
            self._groups.append((prefix, key, legend, rows))

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("title", "target", "statement", "language", "rome_page")]

    def selection_groups(self) -> list[SelectionGroup]:
        return [
            SelectionGroup(
                prefix=prefix,
                legend=str(legend),
                rows=[
                    SelectionRow(
                        choice=choice,
                        checkbox=self[f"{prefix}_{choice.pk}"],
                        position=self[f"{prefix}_{choice.pk}_position"],
                    )
                    for choice in rows
                ],
            )
            for prefix, _key, legend, rows in self._groups
        ]

    def selection(self) -> dict[str, list[int]]:
        """The checked items of each kind, by position (then as listed), once cleaned."""
        result: dict[str, list[int]] = {}
        for prefix, key, _legend, rows in self._groups:
            chosen = []
            for index, choice in enumerate(rows):
                name = f"{prefix}_{choice.pk}"
                if self.cleaned_data.get(name):
                    position = self.cleaned_data.get(f"{name}_position")
                    chosen.append((position if position is not None else MAX_POSITION + 1, index))
            result[key] = [rows[index].pk for _position, index in sorted(chosen)]
        return result
