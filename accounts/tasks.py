"""Background tasks of the accounts app (run through the django-tasks API)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task(queue_name="emails")
def send_email(*, subject: str, text: str, html: str, to: list[str]) -> int:
    """Send one email; the content is already rendered in the recipient's language."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
