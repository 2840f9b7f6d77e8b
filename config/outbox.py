"""The development outbox: emails written as files in ``var/mail/``, each announced on stderr.

Development's default (``DJANGO_DEBUG`` on, neither ``EMAIL_URL`` nor ``EMAIL_HOST`` given;
config/env.py ``env_email``). Django's console backend printed every email on stdout, in the
middle of what a command prints for another program (``manage.py award_badge … | jq .``).
Here each message goes to a file of ``EMAIL_FILE_PATH``, in the format of Django's file backend
(the one ``make run`` selects with ``EMAIL_URL=file://…/var/mail``: one file per connection,
messages separated by a line of 79 dashes), and one line on stderr says where:

    Email to amina@example.org (“Your badge”) written to var/mail/20261207-093000-1407.log
"""

from __future__ import annotations

import os
import sys

from django.core.mail import EmailMessage
from django.core.mail.backends import filebased


def shown_path(path: str) -> str:
    """``path`` relative to the working folder when it is inside it, else absolute."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


class OutboxBackend(filebased.EmailBackend):
    """Django's file backend, and one line on stderr for each message written."""

    def write_message(self, message: EmailMessage) -> None:
        super().write_message(message)
        recipients = ", ".join(message.recipients()) or "nobody"
        subject = str(message.subject).replace("\n", " ")
        print(
            f"Email to {recipients} (“{subject}”) written to {shown_path(self.stream.name)}",
            file=sys.stderr,
            flush=True,
        )
