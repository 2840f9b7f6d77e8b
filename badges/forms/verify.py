"""Form of the public "verify a badge" page. It validates; ``badges.verifier`` checks."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from badges.verifier.inputs import MAX_UPLOAD_BYTES

URL_MAX_LENGTH = 2000


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("A badge file"),
        required=False,
        help_text=_(
            "A badge image (PNG or SVG) or a badge file (.json), as you received it. 5 MB at most."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".png,.svg,.json,image/png,image/svg+xml,application/json"}
        ),
    )
    url = forms.CharField(
        label=_("Or the badge's web address"),
        required=False,
        max_length=URL_MAX_LENGTH,
        help_text=_("An address starting with https:// or http://."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        max_length=254,
        help_text=_("To check that the badge was awarded to this address. It is not stored."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"].strip()
        if not url:
            return ""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise forms.ValidationError(
                _("Enter a web address starting with https:// or http://."), code="invalid"
            )
        return url

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (5 MB at most)."), code="size")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_file, has_url = bool(cleaned.get("file")), bool(cleaned.get("url"))
        if "url" in cleaned and "file" in cleaned:
            if not has_file and not has_url:
                raise forms.ValidationError(
                    _("Choose a badge file or enter the badge's web address."), code="required"
                )
            if has_file and has_url:
                raise forms.ValidationError(
                    _("Give either a file or a web address, not both."), code="both"
                )
        return cleaned
