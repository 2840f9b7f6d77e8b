"""Form of the stewards' decision on an issuer's recognition. It validates; the services of
``badges.services.recognition`` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from badges.models import RecognitionStatus

GRANT, SUSPEND, WITHDRAW = "grant", "suspend", "withdraw"
ACTIONS = {
    GRANT: _("Recognise this issuer in the territory's name"),
    SUSPEND: _("Suspend its recognition"),
    WITHDRAW: _("Withdraw its recognition"),
}
#: What a steward may do from each standing.
ALLOWED = {
    RecognitionStatus.PENDING: (GRANT,),
    RecognitionStatus.RECOGNISED: (SUSPEND, WITHDRAW),
    RecognitionStatus.SUSPENDED: (GRANT, WITHDRAW),
    RecognitionStatus.WITHDRAWN: (GRANT,),
}


class RecognitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Why (public)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown with the issuer and in the trust list: how the territory knows it, or why "
            "it suspends or withdraws its recognition."
        ),
    )

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED.get(RecognitionStatus(status), ())
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [(key, ACTIONS[key]) for key in allowed]
        if len(allowed) == 1:
            action.initial = allowed[0]
