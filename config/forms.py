"""Form helpers shared by every app: accessible rendering, and services' refusals on forms.

Each input points at its help text and its errors with ``aria-describedby``
and says ``aria-invalid`` when it has errors; the field template prints those
ids (templates/forms/field.html).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm, BoundField, Widget
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


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: each message on the field it names
    when the form has that field, on the whole form otherwise. What the person typed stays."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        known = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if known else None, errors)
