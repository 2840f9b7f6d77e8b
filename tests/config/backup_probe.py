"""What an installation shows, to compare it with its restored copy (tests/config/test_backup.py).

``probe(paths)`` renders pages (anonymously, in English) and documents, checks every award's
stored OB 3.0 credential with the platform's own verifier, gathers what the independent JS
verifier needs to check them again (each credential with its issuer's documents and a status
list signed now: the restored signing keys must still sign), and hashes the stored files.

The test calls it in its own process for the original, and runs this module for the restored
copy, with that copy's ``DATABASE_URL`` and ``MEDIA_ROOT``::

    python -m tests.config.backup_probe [--write] PATH [PATH…]   # prints the probe as JSON

``--write`` then adds an account, and tells its number and the last one restored.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

PAGE_NOISE = [
    # What differs between two renderings of the same page: tokens and nonces.
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1…"),
    (re.compile(r'(nonce=")[^"]+'), r"\1…"),
]


def normalised(body: bytes, content_type: str) -> str:
    """Text pages with their tokens and nonces blanked; anything else as its SHA-256."""
    if content_type.startswith(("text/", "application/json", "application/ld+json")):
        text = body.decode("utf-8")
        for pattern, replacement in PAGE_NOISE:
            text = pattern.sub(replacement, text)
        return text
    return "sha256:" + hashlib.sha256(body).hexdigest()


def probe(paths: list[str], *, write: bool = False) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    from badges.api import credential_state
    from badges.models import Award
    from tests.portfolios.test_clr import inner_documents

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    pages = {}
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        pages[path] = {
            "status": response.status_code,
            "type": content_type,
            "body": normalised(body, content_type),
        }
    awards = {}
    for award in Award.objects.select_related("badge_class__issuer").order_by("pk"):
        awards[str(award.uuid)] = {
            "state": credential_state(award.credential).state,
            "credential": award.credential,
            "documents": inner_documents(award),
        }
    media = Path(settings.MEDIA_ROOT)
    files = {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }
    found = {"pages": pages, "awards": awards, "files": files}
    if write:
        # A new row after the restored ones (PostgreSQL's sequences were reset).
        from accounts.models import User

        latest = User.objects.order_by("pk").last()
        found["latest_account"] = latest.pk if latest else None
        found["new_account"] = User.objects.create_user(email="new-after-restore@example.org").pk
    return found


def main(paths: list[str]) -> None:
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment(debug=False)  # as pytest-django renders the original's pages
    write = "--write" in paths
    json.dump(probe([path for path in paths if path != "--write"], write=write), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
