"""Run ``manage.py`` as scripts do: a real process, in the default development settings.

The environment holds nothing of Jalons' configuration (no ``DJANGO_*``, ``EMAIL_*``,
``TASKS_*``…: development's defaults, the thread task backend and the development outbox),
only where the throwaway installation lives: its SQLite file and its media folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a process needs to run at all; nothing that configures Jalons.
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "SYSTEMROOT")

# config/outbox.py's line: "Email to … (“…”) written to var/mail/….log".
OUTBOX_LINE = re.compile(r"^Email to (?P<to>.+) \(“.*”\) written to (?P<path>\S+)$")


@dataclass(frozen=True)
class Installation:
    """A migrated SQLite database with the demo data, and its media folder."""

    database: Path
    media: Path

    def environment(self, **extra: str) -> dict[str, str]:
        env = {key: os.environ[key] for key in KEPT if key in os.environ}
        env.update(
            DATABASE_URL=f"sqlite:///{self.database}",
            MEDIA_ROOT=str(self.media),
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.update(extra)
        return env


def manage(
    installation: Installation, *args: str | Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python manage.py *args`` in its own process; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *map(str, args)],
        cwd=ROOT,
        env=installation.environment(**env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def manage_bytes(
    installation: Installation, *args: str | Path, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """The same, stdout and stderr as bytes: what a file written from stdout would hold."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *map(str, args)],
        cwd=ROOT,
        env=installation.environment(**env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
        check=False,
    )


def outbox_files(stderr: str) -> list[tuple[str, Path]]:
    """The emails that the development outbox announced on stderr: (recipients, file)."""
    found = []
    for line in stderr.splitlines():
        match = OUTBOX_LINE.match(line)
        if match:
            path = Path(match["path"])
            found.append((match["to"], path if path.is_absolute() else ROOT / path))
    return found
