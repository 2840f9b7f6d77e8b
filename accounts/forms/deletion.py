"""The form that closes an account: what happens to the badges, and the password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

KEEP = "keep"
REVOKE = "revoke"


class AccountDeletionForm(forms.Form):
    badges = forms.ChoiceField(
        label=_("Your badges"),
        choices=[
            (
                KEEP,
                _(
                    "Keep them valid: the badges you downloaded stay yours and keep verifying. "
                    "Jalons keeps only a fingerprint of your address, never the address."
                ),
            ),
            (
                REVOKE,
                _(
                    "Revoke them: from now on, anyone who checks them sees they were revoked "
                    "at your request."
                ),
            ),
        ],
        initial=KEEP,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This is not your password. Type it again."), code="wrong_password"
            )
        return password

    @property
    def keep_badges(self) -> bool:
        return self.cleaned_data["badges"] == KEEP
