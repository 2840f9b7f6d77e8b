"""Forms of the framework pages. They validate (model validation included: a form
bound to a published version's content is refused); the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from competences.models import (
    FRAMEWORK_LANGUAGES,
    Competence,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
)
from competences.models.base import LANGUAGE_NAMES, localized

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


class BilingualFieldsMixin:
    """Mark French and English inputs with ``lang`` (spell-checkers, screen readers)."""

    fields: dict[str, forms.Field]

    def mark_languages(self) -> None:
        for name, field in self.fields.items():
            suffix = name.rsplit("_", 1)[-1]
            if suffix in FRAMEWORK_LANGUAGES:
                field.widget.attrs["lang"] = suffix
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class JalonsModelForm(BilingualFieldsMixin, forms.ModelForm):
    class Meta:
        formfield_callback = _formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_languages()


class FrameworkForm(JalonsModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every title must be written in these languages before publishing."),
    )

    class Meta(JalonsModelForm.Meta):
        model = Framework
        fields = [
            "slug",
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "publisher",
            "licence",
            "licence_url",
            "languages",
        ]


class FrameworkUpdateForm(FrameworkForm):
    class Meta(FrameworkForm.Meta):
        fields = [name for name in FrameworkForm.Meta.fields if name != "slug"]


class DraftCreateForm(JalonsModelForm):
    class Meta(JalonsModelForm.Meta):
        model = FrameworkVersion
        fields = ["label"]


class VersionForm(JalonsModelForm):
    class Meta(JalonsModelForm.Meta):
        model = FrameworkVersion
        fields = ["label", "notes_fr", "notes_en"]


class DomainForm(JalonsModelForm):
    class Meta(JalonsModelForm.Meta):
        model = Domain
        fields = ["code", "title_fr", "title_en", "description_fr", "description_en"]


class CodeTitleChoiceField(forms.ModelChoiceField):
    """Choose a domain or a competence, shown as "ORG.2 · title"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {localized(obj, 'title')[0]}"


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
