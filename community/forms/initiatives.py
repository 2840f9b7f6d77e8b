"""Forms of the initiatives pages (views/initiatives.py). They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from community.models import LOGO_MAX_BYTES, InitiativeKind, Role, Sphere, postcode_validator
from config.images import CleanImage, image_clean

LOGO_MAX_SIDE = 800
IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp"


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name of the initiative"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose…")), *InitiativeKind.choices])
    spheres = forms.MultipleChoiceField(
        label=_("Spheres of the collaborative economy"),
        choices=Sphere.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
        error_messages={"required": _("Choose at least one of the four spheres.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the initiative does, for whom, when people can come."),
    )
    commune = forms.CharField(
        label=_("Town"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": 6}
        ),
        help_text=_("Five digits, for example 21000."),
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=300,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text=_("Optional. For example https://www.example.org"),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("Optional. A PNG, JPEG, GIF or WebP image of 2 MB at most."),
    )

    def clean_postcode(self) -> str:
        postcode = "".join(self.cleaned_data["postcode"].split())
        postcode_validator(postcode)
        return postcode

    def clean_logo(self) -> CleanImage | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return image_clean(upload, max_bytes=LOGO_MAX_BYTES, max_side=LOGO_MAX_SIDE)


class InitiativeEditForm(InitiativeForm):
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def __init__(self, *args: Any, has_logo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_logo:
            del self.fields["remove_logo"]


class InitiativeFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *InitiativeKind.choices]
    )
    sphere = forms.ChoiceField(
        label=_("Sphere"), required=False, choices=[("", _("All spheres")), *Sphere.choices]
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("They receive a link by email. They do not need an account yet."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Leaders manage the members and confirm their skills."),
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the leaders"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. For example: who you are, what you would like to do."),
    )


class InvitationSignUpForm(forms.Form):
    """Create an account from an invitation: the address is the invited one."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How the other members will see you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common password."),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            probe = User(email=self.email, display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
