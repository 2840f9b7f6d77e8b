"""Forms of the endorsement pages. They validate; the services in
``community.services.endorsements`` check the rules and write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from community.models import CompetenceClaim, Endorsement, EndorsementRequest
from community.selectors.contributions import LevelChoice
from community.services.endorsements import ClaimAnswer, Referent
from competences.api import ProficiencyLevel


class PeerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class EndorsementAskForm(forms.Form):
    """Ask for endorsement: the leaders are asked anyway; add fellow members or a referent."""

    peers = PeerChoiceField(
        label=_("Also ask fellow members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. People who saw what you did."),
    )
    referent_name = forms.CharField(
        label=_("Name of an outside referent"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Optional. Someone outside the initiative who saw your work, for example a partner."
        ),
    )
    referent_email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("They receive a link by email. They do not need an account."),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. For example: thank you for taking a minute to confirm this."),
    )

    def __init__(self, *args: Any, peers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["peers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = peers
        if not peers.exists():
            del self.fields["peers"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("referent_name") and not cleaned.get("referent_email"):
            self.add_error("referent_email", _("Give the email address of this person."))
        if cleaned.get("referent_email") and not cleaned.get("referent_name"):
            self.add_error("referent_name", _("Give the name of this person."))
        return cleaned

    def referents(self) -> list[Referent]:
        email = self.cleaned_data.get("referent_email")
        if not email:
            return []
        return [Referent(email=email, name=self.cleaned_data.get("referent_name", ""))]


def level_label(level: ProficiencyLevel) -> str:
    return f"{level.number} – {level.name}"


@dataclass
class ClaimRow:
    """One claim of the answer form, with its two fields.

    ``options``: each radio button of ``level`` with the level it stands for and what that
    level looks like for this competence (``None`` for "I cannot say"), the descriptions
    the volunteer read when choosing their own level.
    """

    claim: CompetenceClaim
    level: BoundField
    comment: BoundField
    self_level: ProficiencyLevel | None
    options: list[tuple[Any, LevelChoice | None]]


class EndorsementAnswerForm(forms.Form):
    """Confirm or adjust each claim's level (the volunteer's own level is preselected).

    One radio group and one optional comment per claim, then one "how I know
    this person" for all; referents without an account also give their name
    and organisation. ``levels``: the level choices of each claimed competence, by
    competence id (``community.selectors.contributions.claim_level_choices_for``).
    """

    relationship = forms.CharField(
        label=_("How I know this person"),
        max_length=200,
        help_text=_("For example: I coordinate the repair café where she volunteers."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("Optional. For example: the association or company where you work."),
    )

    def __init__(
        self,
        *args: Any,
        request: EndorsementRequest,
        claims: Sequence[CompetenceClaim],
        levels: Mapping[int, list[LevelChoice]],
        existing: Mapping[int, Endorsement],
        default_relationship: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.claims = list(claims)
        self.levels = levels
        if not request.is_by_link:
            del self.fields["name"]
        else:
            self.fields["name"].initial = request.name
        if request.kind != "outside":
            del self.fields["organisation"]
        previous = next(iter(existing.values()), None)
        if previous is not None:
            self.fields["relationship"].initial = previous.relationship
            if "organisation" in self.fields:
                self.fields["organisation"].initial = previous.endorser_organisation
        else:
            self.fields["relationship"].initial = default_relationship
        for claim in self.claims:
            scale = [choice.level for choice in levels.get(claim.competence_id, [])]
            own = next((level for level in scale if level.number == claim.self_level), None)
            choices: list[tuple[str, str]] = []
            for level in scale:
                label = level_label(level)
                if level.number == claim.self_level:
                    label = str(_("%(level)s (their own level)") % {"level": label})
                choices.append((str(level.number), label))
            choices.append(("", str(_("I cannot say"))))
            endorsement = existing.get(claim.pk)
            help_text = format_html(
                "{}{}",
                _("Their own level: %(level)s.")
                % {"level": level_label(own) if own else claim.self_level},
                format_html(" “{}”", claim.statement) if claim.statement else "",
            )
            self.fields[self.level_name(claim)] = forms.ChoiceField(
                label=f"{claim.competence.code} {claim.competence.title}",
                choices=choices,
                required=False,
                initial=str(endorsement.level if endorsement else claim.self_level),
                widget=forms.RadioSelect,
                help_text=help_text,
            )
            self.fields[self.comment_name(claim)] = forms.CharField(
                label=_("Comment on %(competence)s") % {"competence": claim.competence.title},
                max_length=2000,
                required=False,
                initial=endorsement.comment if endorsement else "",
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Optional. What you saw them do."),
            )

    @staticmethod
    def level_name(claim: CompetenceClaim) -> str:
        return f"claim-{claim.uuid}-level"

    @staticmethod
    def comment_name(claim: CompetenceClaim) -> str:
        return f"claim-{claim.uuid}-comment"

    def rows(self) -> list[ClaimRow]:
        rows = []
        for claim in self.claims:
            choices = list(self.levels.get(claim.competence_id, []))
            level = self[self.level_name(claim)]
            own = next((c.level for c in choices if c.number == claim.self_level), None)
            rows.append(
                ClaimRow(
                    claim=claim,
                    level=level,
                    comment=self[self.comment_name(claim)],
                    self_level=own,
                    options=list(zip(level, [*choices, None], strict=True)),
                )
            )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.claims and not any(cleaned.get(self.level_name(claim)) for claim in self.claims):
            raise forms.ValidationError(
                _("Choose a level for at least one competence, or decline the request."),
                code="no_level",
            )
        return cleaned

    def answers(self) -> list[ClaimAnswer]:
        data = self.cleaned_data
        return [
            ClaimAnswer(
                claim=claim,
                level=int(data[self.level_name(claim)]) if data[self.level_name(claim)] else None,
                comment=data.get(self.comment_name(claim), ""),
            )
            for claim in self.claims
        ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The person reads it. For example: I did not see this work, "
            "or I do not know them well enough."
        ),
    )


class BulkConfirmForm(forms.Form):
    """A leader confirms the selected requests at the volunteers' own levels."""

    requests = forms.ModelMultipleChoiceField(
        label=_("Requests to confirm"),
        queryset=EndorsementRequest.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": _("Select at least one request."),
            "invalid_choice": _(
                "A selected request has already been answered or cancelled. Reload the page."
            ),
            "invalid_pk_value": _("Select at least one request."),
        },
    )
    relationship = forms.CharField(
        label=_("How I know these people"),
        max_length=200,
        help_text=_("Saved with each confirmation. You can change it."),
    )

    def __init__(self, *args: Any, queue: QuerySet[EndorsementRequest], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requests"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = queue
