"""Every email the demo sends is in its recipient's language: their preference, else the
instance default (French), never the language active in the command that sends it."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from accounts.demo import DEMO_PASSWORD
from accounts.models import User

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([a-z-]+)"')


def _html(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


def test_each_demo_email_is_in_its_recipients_language(
    default_framework, mailoutbox, django_capture_on_commit_callbacks
):
    # Karim (advisor) and Sophie (leader) read English; everyone else keeps the default.
    for email in ("karim@example.org", "sophie@example.org"):
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
        user.preferred_language = "en"
        user.save()
    # The language active where the demo runs must not leak into the emails.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", "--quiet-logins")

    assert len(mailoutbox) >= 5
    languages = {
        user.email: user.preferred_language
        for user in User.objects.filter(email__in=[m.to[0] for m in mailoutbox])
    }
    seen = set()
    for message in mailoutbox:
        (to,) = message.to
        expected = languages.get(to, "fr")
        found = HTML_LANG.search(_html(message))
        assert found is not None and found[1] == expected, (to, message.subject)
        seen.add(expected)
        if to == "karim@example.org":
            assert "shares" in message.subject and "partage" not in message.subject
        if to == "amina@example.org":
            assert "Vous avez reçu" in message.subject
    assert seen == {"en", "fr"}
