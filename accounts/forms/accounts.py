"""Forms of the accounts app. They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import emails
from accounts.models import User


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("Optional. How your name appears to others, e.g. on your portfolio."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common password."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial="fr"
    )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            probe = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    """Email + password; accounts must have verified their email address.

    ``refusal``: why this attempt is refused before its password is checked (too many
    failures: ``accounts.services.login_guard``); the form then says so and keeps the email.
    """

    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "This email address and password do not match an account. "
            "Check both and try again; the password is case-sensitive."
        ),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, request: Any = None, *args: Any, refusal: str = "", **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.refusal = refusal

    def clean(self) -> dict[str, Any]:
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="rate_limited")
        return super().clean()

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "Please confirm your email address first: open the link we sent "
                        "you when you signed up."
                    ),
                    reverse("accounts:resend_verification"),
                    _("Send me a new link"),
                ),
                code="unverified",
            )


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class JalonsPasswordResetForm(PasswordResetForm):
    """Sends the reset email through the task API, in the account's language."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        link = emails.absolute_url(
            reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
        )
        emails.password_reset(user=user, link=link)


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=150,
        required=False,
        help_text=_("How your name appears to others, e.g. on your portfolio."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )


class GrantAdvisorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the advisor"),
        max_length=254,
        help_text=_("The person must already have a Jalons account."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("For example: Mission locale de Dijon, France Travail Quetigny."),
    )

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if not User.objects.filter(email__iexact=email, is_active=True).exists():
            raise forms.ValidationError(
                _("No active account uses this email address. Ask the advisor to sign up first."),
                code="unknown",
            )
        return email
