"""Forms of the badge class pages. They validate; services write.

The rules are a formset: each row is one rule; empty rows are ignored and a
ticked "remove" box drops a rule, so the page works without JavaScript (every
save gives new empty rows to add more rules).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from badges.designer import DEFAULT_PICTOGRAM, PALETTE, PICTOGRAMS
from badges.images import BadgeImage, badge_image_clean
from badges.models import MAX_ENDORSERS, MAX_VALIDITY_DAYS, AchievementType
from badges.selectors.badge_classes import rule_competences
from badges.selectors.badge_designs import FROM_DOMAIN, FROM_RULE
from badges.services.badge_classes import RuleSpec
from competences.api import Competence

IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/svg+xml,.svg"
MAX_TAGS = 10
MAX_RULES = 10
LEVEL_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


class CompetenceChoiceField(forms.ModelChoiceField[Competence]):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.code} {obj.title}"


class BadgeClassForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the badge"),
        max_length=150,
        help_text=_("Short and clear, for example: Lead a repair workshop."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What this badge recognises, in one or two sentences."),
    )
    criteria_narrative = forms.CharField(
        label=_("Criteria"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In words: what someone did or can do to receive this badge."),
    )
    achievement_type = forms.ChoiceField(
        label=_("Type of achievement"),
        choices=AchievementType.choices,
        initial=AchievementType.BADGE,
        help_text=_("Written in the badge for verification software. Badge fits most cases."),
    )
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Optional. Words separated by commas, for example: repair, welcome."),
    )
    validity_days = forms.IntegerField(
        label=_("Validity (days)"),
        required=False,
        min_value=1,
        max_value=MAX_VALIDITY_DAYS,
        help_text=_("Optional. Leave empty if the badge does not expire."),
    )
    auto_award = forms.BooleanField(
        label=_("Award automatically when the rules are met"),
        required=False,
        help_text=_("Otherwise, Jalons proposes the badge to a leader, who confirms it."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_(
            "Optional. An SVG image of 1 MB at most (made safe: scripts and links to other "
            "sites are removed), or a PNG, JPEG, GIF or WebP image of 2 MB at most."
        ),
    )

    def __init__(self, *args: Any, has_image: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if has_image:
            self.fields["remove_image"] = forms.BooleanField(
                label=_("Remove the current image"), required=False
            )

    def clean_image(self) -> BadgeImage | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return badge_image_clean(upload)

    def clean_tags(self) -> list[str]:
        tags = list(self.cleaned_data.get("tags") or [])
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("Give %(max)s tags at most.") % {"max": MAX_TAGS}, code="too_many_tags"
            )
        return tags


IMAGE_DESIGN = "design"
IMAGE_UPLOAD = "upload"
IMAGE_KEEP = "keep"
DESIGN_PREFIX = "design"


class BadgeDesignForm(forms.Form):
    """How the badge gets its image: designed here (pictogram, colour, level), uploaded, or
    kept. Without ``image_source`` in the data (the API, older clients) nothing is designed."""

    image_source = forms.ChoiceField(
        label=_("Image of the badge"), widget=forms.RadioSelect, required=False
    )
    pictogram = forms.ChoiceField(
        label=_("Pictogram"),
        choices=[(pictogram.key, pictogram.label) for pictogram in PICTOGRAMS],
        initial=DEFAULT_PICTOGRAM,
        required=False,
    )
    colour = forms.ChoiceField(
        label=_("Colour"),
        choices=[
            (FROM_DOMAIN, _("The colour of the domain of the first rule's competence")),
            *((colour.key, colour.label) for colour in PALETTE),
        ],
        initial=FROM_DOMAIN,
        required=False,
        help_text=_("Every colour keeps the white text on the badge easy to read."),
    )
    level = forms.ChoiceField(
        label=_("Level shown on the badge"),
        initial=FROM_RULE,
        required=False,
        help_text=_("The shape of the badge changes with the level."),
    )

    def __init__(
        self,
        *args: Any,
        has_image: bool = False,
        level_names: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", DESIGN_PREFIX)
        super().__init__(*args, **kwargs)
        sources = [
            (IMAGE_DESIGN, _("Design an image")),
            (IMAGE_UPLOAD, _("Upload my own image")),
        ]
        if has_image:
            sources.insert(0, (IMAGE_KEEP, _("Keep the current image")))
        source = self.fields["image_source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = sources
        source.initial = sources[0][0]
        names = level_names or {}
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [
            (FROM_RULE, _("The level of the first rule")),
            ("0", _("No level")),
            *(
                (str(number), f"{number} — {names[number]}" if names.get(number) else str(number))
                for number in range(1, len(LEVEL_CHOICES) + 1)
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["pictogram"] = data.get("pictogram") or DEFAULT_PICTOGRAM
        data["colour"] = data.get("colour") or FROM_DOMAIN
        data["level"] = data.get("level") or FROM_RULE
        return data

    @property
    def designs(self) -> bool:
        """The issuer chose to design the image (valid forms only)."""
        return self.is_valid() and self.cleaned_data.get("image_source") == IMAGE_DESIGN


class RuleForm(forms.Form):
    competence = CompetenceChoiceField(
        label=_("Competence"), queryset=Competence.objects.none(), required=False
    )
    min_level = forms.TypedChoiceField(
        label=_("Level at least"), choices=LEVEL_CHOICES, coerce=int, initial=2
    )
    min_endorsers = forms.IntegerField(
        label=_("Endorsed by at least (people)"),
        min_value=1,
        max_value=MAX_ENDORSERS,
        initial=1,
    )
    min_leaders = forms.IntegerField(
        label=_("Of whom initiative leaders, at least"),
        min_value=0,
        max_value=MAX_ENDORSERS,
        initial=0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competence"]
        assert isinstance(field, CompetenceChoiceField)
        field.queryset = rule_competences()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        endorsers, leaders = data.get("min_endorsers"), data.get("min_leaders")
        if endorsers is not None and leaders is not None and leaders > endorsers:
            self.add_error(
                "min_leaders",
                _(
                    "The leaders are counted among the endorsers: "
                    "there cannot be more leaders than endorsers."
                ),
            )
        return data


def _removed(form: forms.Form) -> bool:
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


class BaseRuleFormSet(forms.BaseFormSet[RuleForm]):
    def clean(self) -> None:
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or _removed(form):
                continue
            competence = form.cleaned_data.get("competence")
            if competence is None:
                continue
            if competence.pk in seen:
                raise forms.ValidationError(
                    _("Give each competence only one rule."), code="duplicate"
                )
            seen.add(competence.pk)

    def rule_specs(self) -> list[RuleSpec]:
        """The rules kept: rows with a competence, not marked for removal."""
        specs = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or _removed(form) or data.get("competence") is None:
                continue
            specs.append(
                RuleSpec(
                    competence=data["competence"],
                    min_level=data["min_level"],
                    min_endorsers=data["min_endorsers"],
                    min_leaders=data["min_leaders"],
                )
            )
        return specs


RuleFormSet = forms.formset_factory(
    RuleForm,
    formset=BaseRuleFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_RULES,
    validate_max=True,
)
