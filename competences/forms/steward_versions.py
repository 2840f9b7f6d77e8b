"""Forms of the steward's pages on frameworks and their versions (views/steward_versions.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from competences.forms._base import LANGUAGE_CHOICES, JalonsModelForm
from competences.models import (
    Framework,
    FrameworkVersion,
)


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
