"""Forms of the share pages. They validate; ``portfolios.services.shares`` checks the rules
and writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolios.models.portfolios import SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS
from portfolios.services.shares import (
    ACCESS_CODE_MAX_LENGTH,
    ACCESS_CODE_MIN_LENGTH,
    SHARE_MIN_DAYS,
)


class ShareLinkForm(forms.Form):
    """A new share link: for whom (optional), for how long, with an access code (optional)."""

    recipient_name = forms.CharField(
        label=_("Recipient's name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Optional. For example: Karim Haddad."),
    )
    recipient_organisation = forms.CharField(
        label=_("Their organisation"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Optional. For example: Mission locale de Dijon."),
    )
    recipient_email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Optional. We email them the link (never the access code). An advisor who signs "
            "in to Jalons with this address also finds your portfolio in their workspace."
        ),
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=SHARE_MIN_DAYS,
        max_value=SHARE_MAX_DAYS,
        initial=SHARE_DEFAULT_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("From 1 to 365 days. You can withdraw the link at any time."),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        min_length=ACCESS_CODE_MIN_LENGTH,
        max_length=ACCESS_CODE_MAX_LENGTH,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Optional, 4 to 64 characters. The person must type it to open the link: "
            "give it to them yourself, by phone or face to face. It is never emailed."
        ),
    )


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        max_length=ACCESS_CODE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("The person who shared this portfolio gave it to you."),
    )


class WorkspaceFilterForm(forms.Form):
    """The advisor workspace's filters (GET): choices come from the shared portfolios."""

    competence = forms.ChoiceField(label=_("Competence"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    min_level = forms.TypedChoiceField(
        label=_("Minimum endorsed level"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        competences: Sequence[tuple[str, str]],
        domains: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        competence = self.fields["competence"]
        domain = self.fields["domain"]
        assert isinstance(competence, forms.ChoiceField)
        assert isinstance(domain, forms.ChoiceField)
        competence.choices = [("", _("Any competence")), *competences]
        domain.choices = [("", _("Any domain")), *domains]
        level = self.fields["min_level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [("", _("Any level"))] + [
            (str(number), _("Level %(number)s or above") % {"number": number})
            for number in range(1, 5)
        ]


def workspace_filters(data: Mapping[str, str]) -> dict[str, Any]:
    """The filters asked in the query string; values that cannot be valid are ignored
    (an unknown competence or domain simply matches no portfolio)."""
    level = data.get("min_level", "")
    return {
        "competence": data.get("competence", "").strip()[:40],
        "domain": data.get("domain", "").strip()[:40],
        "min_level": int(level) if level in {"1", "2", "3", "4"} else None,
    }
