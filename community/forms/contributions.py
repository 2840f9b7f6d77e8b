"""Forms for contributions, evidence and competence claims. They validate; services write.

Recording a contribution must take two minutes on a phone: one short form,
the person's latest initiative preselected, today's date, a photo if
wanted; the rest sits in "More details".
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags

from accounts.api import User
from community.evidence import EVIDENCE_ACCEPT, CleanFile, evidence_file_clean
from community.models import Contribution, Initiative, Visibility
from community.selectors.contributions import (
    LevelChoice,
    contribution_default_initiative,
    contribution_initiative_choices,
)
from community.services.contributions import MAX_TAGS


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ContributionForm(forms.Form):
    """What someone did: the fields of a contribution (editing uses it as it is)."""

    initiative = forms.ModelChoiceField(
        label=_("Where did you do it?"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("A personal project (no initiative)"),
    )
    title = forms.CharField(
        label=_("What did you do, in a few words?"),
        max_length=200,
        help_text=_("For example: I repaired a lamp with a visitor."),
    )
    narrative = forms.CharField(
        label=_("Tell more"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. What you did, with whom, what was hard, what you learned."),
    )
    started_on = forms.DateField(
        label=_("When?"),
        widget=DateInput(),
        help_text=_("The day, or the first day."),
    )
    hours = forms.DecimalField(
        label=_("How many hours?"),
        required=False,
        min_value=0,
        max_value=10000,
        decimal_places=1,
        max_digits=6,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        help_text=_("Optional. For example 3 or 2.5."),
    )
    # "More details": optional fields, folded on the page.
    ended_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput(),
        help_text=_("If it lasted several days. Leave empty if it was one day."),
    )
    ongoing = forms.BooleanField(label=_("It is still going on"), required=False)
    role = forms.CharField(
        label=_("Your role"),
        max_length=150,
        required=False,
        help_text=_("Optional. For example: volunteer at the desk."),
    )
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Optional. Words separated by commas, for example: repair, welcome."),
    )
    personal_project = forms.CharField(
        label=_("Name of the personal project"),
        max_length=150,
        required=False,
        help_text=_("Only if it was not in an initiative. Optional."),
    )

    #: Fields shown under "More details".
    details = ("ended_on", "ongoing", "role", "tags", "personal_project")

    def __init__(
        self,
        *args: Any,
        owner: User,
        contribution: Contribution | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        current = contribution.initiative if contribution is not None else None
        choices: QuerySet[Initiative] = contribution_initiative_choices(
            owner=owner, current=current
        )
        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = choices
        if contribution is None and not self.is_bound:
            # A bound form shows what was typed; a new one starts from where the person
            # most likely was (their latest initiative), not from "personal project".
            default = contribution_default_initiative(owner=owner)
            if default is not None:
                self.initial.setdefault("initiative", default.pk)
            self.initial.setdefault("started_on", timezone.localdate())

    def clean_tags(self) -> list[str]:
        tags = list(self.cleaned_data.get("tags") or [])
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("Give %(max)s tags at most.") % {"max": MAX_TAGS}, code="too_many_tags"
            )
        return tags

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        started: datetime.date | None = cleaned.get("started_on")
        ended: datetime.date | None = cleaned.get("ended_on")
        if cleaned.pop("ongoing", False):
            if ended is not None:
                self.add_error(
                    "ended_on",
                    _("It is still going on: leave the end date empty, or untick the box."),
                )
            cleaned["ended_on"] = None
        elif started is not None:
            if ended is None:
                cleaned["ended_on"] = started  # one day
            elif ended < started:
                self.add_error("ended_on", _("The end date cannot be before the start date."))
        if started is not None and started > timezone.localdate() + datetime.timedelta(days=1):
            self.add_error("started_on", _("This date is in the future."))
        return cleaned

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.details]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.details if name in self.fields]

    def details_have_errors(self) -> bool:
        return any(self[name].errors for name in self.details if name in self.fields)

    @staticmethod
    def initial_for(contribution: Contribution) -> dict[str, Any]:
        one_day = contribution.ended_on == contribution.started_on
        return {
            "initiative": contribution.initiative_id,
            "title": contribution.title,
            "narrative": contribution.narrative,
            "started_on": contribution.started_on,
            "hours": contribution.hours,
            "ended_on": None if one_day else contribution.ended_on,
            "ongoing": contribution.ended_on is None,
            "role": contribution.role,
            "tags": edit_string_for_tags(list(contribution.tags.all())),
            "personal_project": contribution.personal_project,
        }


class ContributionCreateForm(ContributionForm):
    """A new contribution, with an optional photo or document."""

    file = forms.FileField(
        label=_("A photo or a document"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("Optional. A JPEG, PNG, GIF or WebP photo, or a PDF, of 10 MB at most."),
    )
    file_visibility = forms.ChoiceField(
        label=_("Who can see this file?"),
        choices=Visibility.choices,
        initial=Visibility.ENDORSERS,
        widget=forms.RadioSelect,
        required=False,
    )

    field_order = ["initiative", "title", "narrative", "started_on", "hours", "file"]

    def clean_file(self) -> CleanFile | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return evidence_file_clean(upload)

    def clean_file_visibility(self) -> str:
        return str(self.cleaned_data.get("file_visibility") or Visibility.ENDORSERS)


class EvidenceForm(forms.Form):
    """One piece of evidence: a file, a link or a text (the ``kind`` picks the field)."""

    file = forms.FileField(
        label=_("Photo or document"),
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("A JPEG, PNG, GIF or WebP photo, or a PDF, of 10 MB at most."),
    )
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text=_("For example a video, an article or a post about what you did."),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example a thank-you message you received, or what someone said."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional. A few words to recognise it."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it?"),
        choices=Visibility.choices,
        initial=Visibility.ENDORSERS,
        widget=forms.RadioSelect,
    )

    KINDS = ("file", "url", "text")

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = {"file": "file", "link": "url", "text": "text"}[kind]
        for name in self.KINDS:
            if name != field:
                del self.fields[name]

    def clean_file(self) -> CleanFile | None:
        upload = self.cleaned_data.get("file")
        return evidence_file_clean(upload) if upload else None


class CompetenceChoiceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search a competence"), max_length=200, required=False)


class ClaimForm(forms.Form):
    """One's own level in a competence, and one sentence on what shows it."""

    self_level = forms.TypedChoiceField(
        label=_("Your level"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your level.")},
    )
    statement = forms.CharField(
        label=_("What shows it?"),
        max_length=300,
        required=False,
        help_text=_("One sentence, for example: I welcomed and guided 30 visitors."),
    )

    def __init__(self, *args: Any, levels: list[LevelChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["self_level"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(choice.number, choice.level.name) for choice in levels]
        self.levels = levels

    def level_options(self) -> list[tuple[forms.boundfield.BoundWidget, LevelChoice]]:
        """Each radio button with its level, to show the level's descriptor next to it."""
        return list(zip(self["self_level"], self.levels, strict=True))
