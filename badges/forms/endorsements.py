"""Forms of partner organisations and their endorsements. They validate; services write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from badges.forms.issuers import IssuerForm
from badges.models import Issuer
from badges.services.endorsements import COMMENT_MAX_LENGTH

_SEPARATORS = re.compile(r"[\s,;]+")
MAX_STAFF = 50


class StaffEmailsField(forms.CharField):
    """Email addresses, one per line (commas and semicolons work too), as a list."""

    widget = forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        addresses: list[str] = []
        for address in _SEPARATORS.split(text or ""):
            if address and address.lower() not in {known.lower() for known in addresses}:
                addresses.append(address)
        return addresses

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_STAFF:
            raise ValidationError(
                _("Name at most %(count)s people."), code="too_many", params={"count": MAX_STAFF}
            )
        invalid = []
        for address in value:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(
                [
                    ValidationError(
                        _("%(email)s is not a valid email address."),
                        code="invalid",
                        params={"email": address},
                    )
                    for address in invalid
                ]
            )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value


def _staff_field() -> StaffEmailsField:
    return StaffEmailsField(
        label=_("Staff (email addresses of their accounts)"),
        required=False,
        help_text=_(
            "One address per line. Each person must already have an account here, "
            "usually an advisor of the organisation. They will endorse badges in its name."
        ),
    )


class OrganisationForm(IssuerForm):
    """A partner organisation: its public profile and its staff (no image here)."""

    staff_emails = _staff_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["image"]
        self.fields["name"].label = _("Name of the organisation")
        self.fields["description"].help_text = _(
            "Optional. Who you are, in a few sentences: it appears with each endorsement."
        )


class OrganisationStaffForm(forms.Form):
    staff_emails = _staff_field()


class BadgeClassEndorseForm(forms.Form):
    """An organisation's endorsement of a badge class: which organisation, and why."""

    organisation = forms.ModelChoiceField(
        label=_("In the name of"),
        queryset=Issuer.objects.none(),
        empty_label=None,
    )
    comment = forms.CharField(
        label=_("Why your organisation endorses this badge"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Published with the endorsement and embedded in every badge awarded from now on. "
            "For example: we recognise this badge in our support for job seekers."
        ),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Issuer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
