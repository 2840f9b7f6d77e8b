"""The audit log page (``/audit/``): stewards and platform staff read who did which sensitive
action, when and on what; 403 for everyone else. Read-only: there is nothing to change."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.forms.audit import AuditFilterForm
from accounts.selectors.audit import audit_events, audit_rows, user_can_read_audit
from config.http import paginate

EVENTS_PER_PAGE = 50


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    if not user_can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    action = form.cleaned_data["action"] if form.is_valid() else ""
    page = paginate(request, audit_events(action=action), EVENTS_PER_PAGE)
    return render(
        request,
        "accounts/audit.html",
        {
            "form": form,
            "page": page,
            "rows": audit_rows(list(page.object_list)),
            "query": urlencode({"action": action}) if action else "",
        },
    )
