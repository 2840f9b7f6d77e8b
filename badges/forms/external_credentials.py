"""Form of "add a badge earned elsewhere" (My badges). It validates; ``badges.received``
reads the badge and ``badges.services.external_credentials`` keeps it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from badges.forms.verify import VerifyForm

ACCEPT = (
    ".png,.svg,.json,.jwt,.jws,.txt,image/png,image/svg+xml,application/json,"
    "application/ld+json,text/plain"
)


class ExternalBadgeForm(VerifyForm):
    """A badge file or its web address, as on the "verify a badge" page (no email: the
    badge is hers)."""

    file = forms.FileField(
        label=_("A badge file"),
        required=False,
        help_text=_(
            "A badge image (PNG or SVG) or a badge file (.json or .jwt), as you received it. "
            "5 MB at most."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    email = None  # type: ignore[assignment]
