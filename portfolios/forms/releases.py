"""The form of a portfolio version's public page: check a file someone holds."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# A portfolio PDF is a few hundred kilobytes; anything much larger is not one.
CHECK_MAX_BYTES = 30 * 1024 * 1024


class ReleaseFileForm(forms.Form):
    """A PDF or a record (JSON) to compare with a version's fingerprints. The file is read
    once to compute its SHA-256, never kept."""

    file = forms.FileField(
        label=_("The PDF or record you received"),
        help_text=_("The PDF, or the record file (.json). It is only compared, never kept."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > CHECK_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is too large to be a portfolio (30 MB at most)."), code="too_large"
            )
        head = upload.read(8)
        upload.seek(0)
        if not (head.startswith(b"%PDF-") or head.lstrip()[:1] in {b"{", b"["}):
            raise forms.ValidationError(
                _("This file is neither a portfolio PDF nor its record."), code="file_type"
            )
        return upload

    def sha256(self) -> str:
        digest = hashlib.sha256()
        upload = self.cleaned_data["file"]
        for chunk in upload.chunks():
            digest.update(chunk)
        return digest.hexdigest()
