"""Closing one's own account, from "Mes données".

- ``account_deletion``: GET says exactly what will happen (section by section, with counts,
  what stays and why) and asks what to do with the badges and for the password; POST asks
  for it (``accounts.services.deletion``). While closing is planned, the same address shows
  when it will happen and a button to cancel.
- ``account_deletion_cancel`` (POST): changed one's mind during the grace period.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms.deletion import AccountDeletionForm
from accounts.services.deletion import (
    account_deletion_cancel,
    account_deletion_request,
    deletion_blockers,
    deletion_consequences,
)
from config.forms import add_service_errors
from config.http import signed_in_user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_deletion(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = AccountDeletionForm(request.POST or None, user=user)
    if request.method == "POST" and user.deletion_due_at is None and form.is_valid():
        try:
            due = account_deletion_request(user=user, keep_badges=form.keep_badges)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if settings.ACCOUNT_DELETION_GRACE_DAYS == 0:
                messages.success(request, _("Your account is being closed."))
            else:
                messages.success(
                    request,
                    _("Your account will be closed on %(date)s. Until then you can cancel.")
                    % {"date": date_format(due, "DATE_FORMAT")},
                )
            return redirect("accounts:account_deletion")
    return render(
        request,
        "accounts/data/account_deletion.html",
        {
            "form": form,
            "consequences": deletion_consequences(user=user),
            "blockers": deletion_blockers(user=user),
            "grace_days": settings.ACCOUNT_DELETION_GRACE_DAYS,
            "scheduled": user.deletion_due_at,
        },
    )


@login_required
@require_POST
def account_deletion_cancel_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    try:
        account_deletion_cancel(user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You cancelled: your account stays open."))
    return redirect("accounts:my_data")
