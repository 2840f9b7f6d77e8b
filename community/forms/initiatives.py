"""Forms of the initiatives pages (views/initiatives.py). They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from community.models import LOGO_MAX_BYTES, InitiativeKind, Role, Sphere, postcode_validator
from community.selectors.territory import commune_match, communes_loaded
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
        help_text=_("Its name, for example Chenôve; or its postcode."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": 6}
        ),
        help_text=_("Five digits, for example 21000. Needed when several towns have the name."),
    )
    address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        help_text=_("Optional. For example 12 rue des Tilleuls."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional, for example 47.2932. Empty: the centre of the town."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional, for example 5.0046."),
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: Wednesday 2 pm – 6 pm, Saturday 10 am – noon."),
    )
    access_transport = forms.CharField(
        label=_("How to come by public transport"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: tram T2, stop Chenôve Centre, then 3 minutes on foot."),
    )
    step_free_access = forms.TypedChoiceField(
        label=_("Can people in a wheelchair come in?"),
        required=False,
        choices=[("yes", _("Yes, step-free access")), ("no", _("No")), ("", _("I do not know"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        widget=forms.RadioSelect,
    )
    welcomes_newcomers = forms.BooleanField(
        label=_("We welcome newcomers: no experience or prerequisite needed"),
        required=False,
    )
    first_visit = forms.CharField(
        label=_("How a first visit goes"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: come on a Saturday morning, someone shows you around."),
    )
    in_directory = forms.BooleanField(
        label=_("Show the initiative in the public directory and on the map"),
        required=False,
        initial=True,
    )
    impact_public = forms.BooleanField(
        label=_("Anyone may see what the initiative brings (figures without names)"),
        required=False,
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
        if postcode:
            postcode_validator(postcode)
        return postcode

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["place"] = None
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error(
                "latitude", _("Give both the latitude and the longitude, or leave both empty.")
            )
        typed = cleaned.get("commune", "")
        if not typed or "postcode" not in cleaned:
            return cleaned
        if communes_loaded():
            self._commune_choose(cleaned, typed)
        elif not cleaned["postcode"]:
            self.add_error("postcode", _("Enter the postcode."))
        return cleaned

    def _commune_choose(self, cleaned: dict[str, Any], typed: str) -> None:
        """The commune of the reference data that the person typed, or a clear error that
        keeps what they typed."""
        match = commune_match(text=typed, postcode=cleaned["postcode"])
        names = ", ".join(
            f"{commune.name} ({', '.join(commune.postcodes)})" for commune in match.candidates
        )
        if match.commune is not None:
            commune = match.commune
            postcode = cleaned["postcode"]
            if postcode and commune.postcodes and postcode not in commune.postcodes:
                self.add_error(
                    "postcode",
                    _("The postcode of %(name)s is %(postcodes)s.")
                    % {"name": commune.name, "postcodes": ", ".join(commune.postcodes)},
                )
                return
            cleaned["place"] = commune
        elif match.is_ambiguous:
            self.add_error(
                "commune",
                _("Several towns match “%(typed)s”: %(names)s. Add the postcode.")
                % {"typed": typed, "names": names},
            )
        elif match.candidates:
            self.add_error(
                "commune",
                _("No town is called “%(typed)s”. Did you mean: %(names)s?")
                % {"typed": typed, "names": names},
            )
        else:
            self.add_error(
                "commune",
                _("No town is called “%(typed)s”. Check the spelling, or type its postcode.")
                % {"typed": typed},
            )

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
