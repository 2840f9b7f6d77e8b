"""The form of the notification settings: which kinds of notification are emailed."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import NotificationKind


class NotificationSettingsForm(forms.Form):
    """One checkbox per kind of notification: email me, or not."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.BooleanField(label=kind.label, required=False)
