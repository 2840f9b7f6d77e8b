"""Forms of the badges app. They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from badges.images import issuer_image_clean
from config.images import CleanImage

IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp"


class IssuerForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the issuer"),
        max_length=150,
        help_text=_("As it will appear on every badge."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("Public email address"),
        max_length=254,
        help_text=_(
            "Written in every badge and on the issuer's page, for questions about a badge. "
            "Use a contact address, not a personal one."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    url = forms.URLField(
        label=_("Website"),
        max_length=300,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text=_("Optional. Without a website, badges point to the issuer's page here."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Who you are and why you award badges, in a few sentences."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_(
            "Optional. A PNG, JPEG, GIF or WebP image of 2 MB at most; a square image looks best."
        ),
    )

    def clean_image(self) -> CleanImage | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return issuer_image_clean(upload)


class IssuerEditForm(IssuerForm):
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    def __init__(self, *args: Any, has_image: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_image:
            del self.fields["remove_image"]
