"""Forms of the steward's pages on a draft's content: domains, competences, levels and
alignments (views/steward_content.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from competences.forms._base import BilingualFieldsMixin, JalonsModelForm
from competences.models import (
    Competence,
    Domain,
    ExternalAlignment,
    FrameworkVersion,
    ProficiencyLevel,
)
from competences.models.base import LANGUAGE_NAMES, localized


class DomainForm(JalonsModelForm):
    class Meta(JalonsModelForm.Meta):
        model = Domain
        fields = ["code", "title_fr", "title_en", "description_fr", "description_en"]


class CodeTitleChoiceField(forms.ModelChoiceField):
    """Choose a domain or a competence, shown as "ORG.2 – title"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} – {localized(obj, 'title')[0]}"


class CompetenceForm(JalonsModelForm):
    domain = CodeTitleChoiceField(label=_("Domain"), queryset=Domain.objects.none())
    replaces = CodeTitleChoiceField(
        label=_("Replaces"),
        queryset=Competence.objects.none(),
        required=False,
        help_text=_(
            "The same competence in the previous version. Claims and badges made on it "
            "will be read as this one."
        ),
    )

    class Meta(JalonsModelForm.Meta):
        model = Competence
        fields = [
            "domain",
            "code",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "keywords",
            "replaces",
        ]
        help_texts = {
            "keywords": _("Separate words with commas, e.g. listening, écoute, médiation."),
        }

    def __init__(self, *args: Any, version: FrameworkVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        domain_field = self.fields["domain"]
        assert isinstance(domain_field, forms.ModelChoiceField)
        domain_field.queryset = Domain.objects.filter(version=version)
        replaces_field = self.fields["replaces"]
        assert isinstance(replaces_field, forms.ModelChoiceField)
        if version.based_on_id:
            replaces_field.queryset = Competence.objects.filter(
                version_id=version.based_on_id
            ).order_by("domain__order", "order", "code")
        else:
            del self.fields["replaces"]


class LevelForm(JalonsModelForm):
    class Meta(JalonsModelForm.Meta):
        model = ProficiencyLevel
        fields = ["number", "name_fr", "name_en", "descriptor_fr", "descriptor_en"]


class AlignmentForm(JalonsModelForm):
    class Meta(JalonsModelForm.Meta):
        model = ExternalAlignment
        fields = [
            "target_url",
            "target_framework",
            "target_code",
            "label_fr",
            "label_en",
            "relation",
            "note_fr",
            "note_en",
        ]
        widgets = {"relation": forms.RadioSelect}


class LevelTextsForm(BilingualFieldsMixin, forms.Form):
    """One French and one English text per level of the scale, for one competence."""

    def __init__(
        self,
        *args: Any,
        levels: list[ProficiencyLevel],
        initial_texts: dict[int, tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            text_fr, text_en = initial_texts.get(level.number, ("", ""))
            for code, text in (("fr", text_fr), ("en", text_en)):
                self.fields[f"level_{level.number}_{code}"] = forms.CharField(
                    label=_("Level %(number)s, %(name)s (%(language)s)")
                    % {
                        "number": level.number,
                        "name": level.name,
                        "language": LANGUAGE_NAMES[code],
                    },
                    required=False,
                    initial=text,
                    widget=forms.Textarea,
                )
        self.mark_languages()

    def texts(self) -> dict[int, tuple[str, str]]:
        return {
            level.number: (
                self.cleaned_data[f"level_{level.number}_fr"],
                self.cleaned_data[f"level_{level.number}_en"],
            )
            for level in self.levels
        }
