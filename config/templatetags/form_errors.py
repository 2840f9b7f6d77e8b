"""Failed submits, site-wide: the page title says "Error:" and the error summary links work.

``{% error_title_prefix %}`` (on the ``<title>`` line of templates/base.html) prints
"Error: " when the page shows a form that was submitted and refused: a bound form
with errors (or a formset with errors) anywhere in the template's context, under
any name (``form``, ``decline_form``, a ``forms`` list…). Views need no code for it.

``field|error_target`` is the id an error summary link points at: the input of a
field, or the first input of a group of radio buttons or checkboxes (whose label
points at no single input).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.forms import BaseForm, BoundField
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext

register = template.Library()


def _refused(value: Any) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


def _values(context: template.Context) -> Iterable[Any]:
    for layer in context.dicts:
        if not isinstance(layer, dict):
            continue
        for value in layer.values():
            if isinstance(value, list | tuple):
                yield from value
            else:
                yield value


def form_refused(context: template.Context) -> bool:
    """Whether the page shows a submitted form with errors."""
    return any(_refused(value) for value in _values(context))


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    """ "Error: " before the page title after a failed submit, else nothing."""
    return f"{gettext('Error:')} " if form_refused(context) else ""


@register.filter
def error_target(field: BoundField) -> str:
    """The id a summary link leads to: the field's input, or its first choice."""
    if field.id_for_label:
        return field.id_for_label
    for widget in field.subwidgets:
        if widget.id_for_label:
            return str(widget.id_for_label)
    return str(field.auto_id or "")
