"""Forms of the orientation pages. They validate; ``portfolios.services.orientations``
checks the rules and writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.api import Initiative
from portfolios.models import ORIENTATION_MESSAGE_MAX_LENGTH, ShareLink


class OrientationProposeForm(forms.Form):
    """The advisor proposes an initiative to a person whose portfolio they received."""

    share = forms.ModelChoiceField(
        label=_("Person"),
        queryset=ShareLink.objects.none(),
        to_field_name="uuid",
        empty_label=_("Choose a person"),
        help_text=_("The people whose portfolio is shared with you now."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by("name", "pk"),
        to_field_name="slug",
        empty_label=_("Choose an initiative"),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=ORIENTATION_MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why this initiative, what she or he could do there, who to ask for."),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        shares: Sequence[ShareLink],
        labels: Mapping[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["share"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ShareLink.objects.filter(pk__in=[share.pk for share in shares])
        field.label_from_instance = lambda obj: labels.get(obj.pk, "")  # type: ignore[method-assign]


class OrientationAcceptForm(forms.Form):
    """What the person gives the initiative's leaders when she accepts: her name always."""

    share_portfolio = forms.BooleanField(
        label=_("Also give them a link to my portfolio"),
        required=False,
        help_text=_(
            "A new link of yours, open for 30 days, that you can withdraw at any time from "
            "the portfolio’s share page."
        ),
    )
    introduction_message = forms.CharField(
        label=_("A word for the initiative"),
        max_length=ORIENTATION_MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. For example: when you are available."),
    )
