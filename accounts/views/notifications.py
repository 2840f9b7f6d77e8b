"""Notification pages: the list, reading, and email settings per kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms.notifications import NotificationSettingsForm
from accounts.models import Notification
from accounts.selectors import notifications as selectors
from accounts.services import notifications as services
from config.http import paginate, posted, signed_in_user

NOTIFICATIONS_PER_PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "accounts/notifications/list.html",
        {
            "page": paginate(
                request, selectors.notification_list(recipient=user), NOTIFICATIONS_PER_PAGE
            ),
            "unread_count": selectors.notification_unread_count(user=user),
        },
    )


def _own_notification(request: HttpRequest, pk: int) -> Notification:
    return get_object_or_404(selectors.notification_list(recipient=request.user), pk=pk)


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link; it counts as read."""
    notification = _own_notification(request, pk)
    services.notification_mark_read(notification=notification, user=signed_in_user(request))
    safe = url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None)
    return redirect(
        notification.link if notification.link and safe else "accounts:notification_list"
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _own_notification(request, pk)
    services.notification_mark_read(notification=notification, user=signed_in_user(request))
    return redirect("accounts:notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=signed_in_user(request))
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("accounts:notification_list")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = NotificationSettingsForm(
        posted(request), initial=selectors.notification_email_settings(user=user)
    )
    if request.method == "POST" and form.is_valid():
        services.notification_settings_update(user=user, email_by_kind=form.cleaned_data)
        messages.success(request, _("Your email settings are saved."))
        return redirect("accounts:notification_settings")
    return render(request, "accounts/notifications/settings.html", {"form": form})
