"""One function per email, rendered in the recipient's language and sent as a task.

Templates come in threes: ``emails/<name>-subject.txt``, ``emails/<name>-body.txt``
and ``emails/<name>-body.html``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import tasks
from accounts.models import DataExport, Notification, User
from accounts.tokens import email_verification_token
from config import typography
from config.http import absolute_url


def send_templated_email(*, template: str, to: str, language: str, context: dict[str, Any]) -> None:
    """Render ``emails/<template>-*`` in ``language`` (the recipient's preference; the
    instance default, ``LANGUAGE_CODE``, when it is empty or not offered) and queue it.
    Rendered here, never in the language of the request or command that sends it."""
    context = {**context, "SITE_URL": settings.SITE_URL}
    offered = {code for code, _name in settings.LANGUAGES}
    language = (language or "").split("-")[0].lower()
    if language not in offered:
        language = settings.LANGUAGE_CODE
    context["LANGUAGE_CODE"] = language  # <html lang> of the HTML part
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
        text: str = render_to_string(f"emails/{template}-body.txt", context)
        html: str = render_to_string(f"emails/{template}-body.html", context)
    # French typography once the names and dates are in (config/typography.py).
    subject = typography.finish(subject, language)
    text = typography.finish(text, language)
    html = typography.finish_html(html, language)
    tasks.send_email.enqueue(subject=subject, text=text, html=html, to=[to])


def email_verification(*, user: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    link = absolute_url(reverse("accounts:verify_email", kwargs={"uidb64": uid, "token": token}))
    send_templated_email(
        template="verify-email",
        to=user.email,
        language=user.preferred_language,
        context={"user": user, "link": link, "days": settings.PASSWORD_RESET_TIMEOUT // 86400},
    )


def password_reset(*, user: User, link: str) -> None:
    send_templated_email(
        template="password-reset",
        to=user.email,
        language=user.preferred_language,
        context={"user": user, "link": link, "days": settings.PASSWORD_RESET_TIMEOUT // 86400},
    )


def account_exists(*, email: str, language: str) -> None:
    """Tell someone who tried to sign up again that they already have an account."""
    send_templated_email(
        template="account-exists",
        to=email,
        language=language,
        context={
            "login_link": absolute_url(reverse("accounts:login")),
            "reset_link": absolute_url(reverse("accounts:password_reset")),
        },
    )


def advisor_role_granted(*, user: User) -> None:
    send_templated_email(
        template="advisor-granted",
        to=user.email,
        language=user.preferred_language,
        context={"user": user, "link": absolute_url(reverse("accounts:profile"))},
    )


def notification(*, notification: Notification) -> None:
    """A notification, in the recipient's language (the sentence is translated as it renders)."""
    recipient = notification.recipient
    send_templated_email(
        template="notification",
        to=recipient.email,
        language=recipient.preferred_language,
        context={
            "notification": notification,
            "link": absolute_url(notification.link) if notification.link else "",
            "settings_link": absolute_url(reverse("accounts:notification_settings")),
        },
    )


def data_export_ready(*, export: DataExport) -> None:
    """The person's data export is ready: where to download it, and until when."""
    user = export.user
    send_templated_email(
        template="data-export-ready",
        to=user.email,
        language=user.preferred_language,
        context={
            "user": user,
            "link": absolute_url(export.get_absolute_url()),
            "expires_at": export.expires_at,
            "days": settings.RETENTION_DAYS["exports"],
        },
    )


def account_deletion_scheduled(*, user: User) -> None:
    """The person asked to close their account: when it happens, and how to cancel."""
    send_templated_email(
        template="account-deletion-scheduled",
        to=user.email,
        language=user.preferred_language,
        context={
            "user": user,
            "due": user.deletion_due_at,
            "keep_badges": user.deletion_keep_badges,
            "link": absolute_url(reverse("accounts:my_data")),
        },
    )


def account_deletion_postponed(*, user: User, reasons: list[str]) -> None:
    """Their account could not be closed on the day: why, and how to ask again."""
    send_templated_email(
        template="account-deletion-blocked",
        to=user.email,
        language=user.preferred_language,
        context={
            "user": user,
            "reasons": reasons,
            "link": absolute_url(reverse("accounts:account_deletion")),
        },
    )
