"""The import form. It only validates the request; reading the file is the importer's job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from competences.exchange.reading import MAX_IMPORT_BYTES
from competences.models import Framework

NEW_FRAMEWORK = ""


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file or a CASE 1.1 file (JSON), in UTF-8, of 5 MB at most."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("auto", _("Detect it from the content of the file")),
            ("csv", _("CSV, one row per competence")),
            ("case", _("CASE 1.1 package (JSON)")),
        ],
        initial="auto",
        widget=forms.RadioSelect,
    )
    target = forms.ChoiceField(
        label=_("Import into"),
        required=False,
        help_text=_(
            "A new version of an existing framework starts as a draft: "
            "you check it, then you publish it."
        ),
    )
    slug = forms.SlugField(
        label=_("Short name of the new framework"),
        max_length=80,
        required=False,
        help_text=_(
            "Optional. It appears in the page address. When it is empty, the one in the file "
            "is used. Not used for a new version of an existing framework."
        ),
    )

    def __init__(self, *args: Any, frameworks: list[Framework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (NEW_FRAMEWORK, _("A new framework")),
            *(
                (
                    framework.slug,
                    _("A new version of “%(name)s”") % {"name": framework.name},
                )
                for framework in frameworks
            ),
        ]
        self.frameworks = {framework.slug: framework for framework in frameworks}

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too big: %(size)s. The largest file accepted is %(limit)s."),
                code="too_big",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_IMPORT_BYTES),
                },
            )
        return upload

    @property
    def framework(self) -> Framework | None:
        """The framework chosen as target; None for a new framework."""
        return self.frameworks.get(self.cleaned_data.get("target") or NEW_FRAMEWORK)
