"""`PORT=8811 make run` for a newcomer: the steps the Makefile runs, as real processes.

The migrate and demo_data commands are taken from ``make -n`` (so the test follows the
Makefile) and run on a throwaway SQLite database and outbox: every printed link and every
demo email points at port 8811, the demo badges are signed for it and pass every check of
the project's verifier, the output is short, and a database made for another address is
refused rather than mixed.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://127.0.0.1:8811"
LINK = re.compile(r"https?://[^\s\"'<>)]+")

VERIFY_DEMO_BADGES = """
import json
from badges.models import Award
from badges.verifier import verify_bytes
out = []
for award in Award.objects.exclude(credential=None).order_by("pk"):
    report = verify_bytes(json.dumps(award.credential).encode())
    out.append({
        "id": award.credential["id"],
        "issuer": award.credential["issuer"]["id"],
        "revoked": award.revoked_at is not None,
        "failed": [c.key for c in report.checks if c.status not in ("passed", "not_applicable")],
        "ok": report.ok,
    })
print(json.dumps(out))
"""


def _make_steps(*targets: str, **variables: str) -> list[str]:
    """The manage.py commands ``make -n`` prints for the targets, with this Python."""
    assignments = [f"{name}={value}" for name, value in variables.items()]
    printed = subprocess.run(
        ["make", "-n", "--no-print-directory", *assignments, *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    steps = []
    for line in printed.splitlines():
        if "manage.py migrate" in line or "manage.py demo_data" in line:
            steps.append(line.replace(".venv/bin/python", shlex.quote(sys.executable)))
    return steps


def _run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _environment(tmp: Path) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SITE_URL", "EMAIL_", "LOG_"))
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp / "media"),
        TASKS_BACKEND="immediate",
    )
    return environment


def _emails(outbox: Path) -> list:
    messages = []
    for path in sorted(outbox.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip(), policy=policy.default))
    return messages


def test_port_8811_makes_a_demo_signed_and_linked_for_8811(tmp_path):
    env = _environment(tmp_path)
    outbox = tmp_path / "mail"
    steps = _make_steps("demo", PORT="8811", EMAIL_URL=f"file://{outbox}")
    assert [("migrate" in s, "demo_data" in s) for s in steps] == [(True, False), (False, True)]
    assert f"SITE_URL='{SITE}'" in steps[1]

    printed = ""
    for step in steps:
        result = _run(step, env)
        assert result.returncode == 0, result.stderr
        printed += result.stdout + result.stderr
    lines = [line for line in printed.splitlines() if line.strip()]
    assert 5 < len(lines) <= 15, printed  # the logins and the share link, no progress
    assert "INFO" not in printed
    links = LINK.findall(printed)
    assert any("/s/" in link for link in links)
    assert links and all(link.startswith(f"{SITE}/") for link in links), links

    emails = _emails(outbox)
    assert len(emails) >= 5
    for email in emails:
        for part in email.walk():
            if part.get_content_maintype() == "text":
                for link in LINK.findall(part.get_content()):
                    if "127.0.0.1" in link or "localhost" in link:
                        assert link.startswith(SITE), (email["Subject"], link)
    assert any(SITE in email.get_body(("plain",)).get_content() for email in emails)

    checked = _run(
        f"{shlex.quote(sys.executable)} manage.py shell -c {shlex.quote(VERIFY_DEMO_BADGES)}",
        {**env, "SITE_URL": SITE, "LOG_LEVEL": "warning"},
    )
    assert checked.returncode == 0, checked.stderr
    badges = json.loads(checked.stdout.strip().splitlines()[-1])
    assert len(badges) >= 3
    for badge in badges:
        assert badge["id"].startswith(f"{SITE}/") and badge["issuer"].startswith(f"{SITE}/")
        if badge["revoked"]:
            assert badge["failed"] == ["status"], badge
        else:
            assert badge["ok"] and badge["failed"] == [], badge
    assert any(not badge["revoked"] for badge in badges)

    # The same database, served on another port: refused, with the way out.
    again = _make_steps("demo", PORT="8000", EMAIL_URL=f"file://{outbox}")[1]
    refused = _run(again, env)
    assert refused.returncode != 0
    assert SITE in refused.stderr and "make reset" in refused.stderr
