"""Background tasks of the accounts app (run through the django-tasks API)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from accounts.models import EXPORT_PENDING, DataExport
from accounts.services.export_run import data_export_run
from accounts.services.users import account_erase_due
from config.runs import run_kind_register


@task(queue_name="emails")
def send_email(*, subject: str, text: str, html: str, to: list[str]) -> int:
    """Send one email; the content is already rendered in the recipient's language."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def data_export_task(export_uuid: str) -> str:
    """Prepare one export of a person's data (safe to run again: it rebuilds the ZIP)."""
    return data_export_run(export_uuid=export_uuid)


def _data_export_arguments(export: DataExport) -> dict[str, str]:
    return {"export_uuid": str(export.uuid)}


def data_export_runs_register() -> None:
    """Exports are long runs (``config/runs.py``): how to queue their task, which are still to
    prepare. Called by ``AccountsConfig.ready``."""
    run_kind_register(
        model=DataExport,
        task=data_export_task,
        pending=EXPORT_PENDING,
        arguments=_data_export_arguments,
    )


@task()
def account_erase_task(*, user_id: int) -> str:
    """Erase an account whose closing is due (nothing if it was cancelled or already done;
    safe to run again after a crash: each step finds what is left)."""
    return account_erase_due(user_id=user_id)
