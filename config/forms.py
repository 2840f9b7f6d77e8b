"""Accessible form rendering shared by every app.

Each input points at its help text and its errors with ``aria-describedby``
and says ``aria-invalid`` when it has errors; the field template prints those
ids (templates/forms/field.html).
"""

from __future__ import annotations

from typing import Any

from django.forms import BoundField, Widget
from django.forms.renderers import TemplatesSetting


class AccessibleBoundField(BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not self.auto_id or "aria-describedby" in widget.attrs:
            return attrs
        ids = []
        if self.help_text:
            ids.append(f"{self.auto_id}_helptext")
        if self.errors:
            ids.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        return attrs


class JalonsFormRenderer(TemplatesSetting):
    bound_field_class = AccessibleBoundField
    field_template_name = "forms/field.html"
