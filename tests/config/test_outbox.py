"""The development outbox (config/outbox.py): each email a file, announced on stderr (#18)."""

from __future__ import annotations

import os
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

from config.outbox import OutboxBackend


def test_each_email_is_written_to_the_folder_and_announced_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    backend = OutboxBackend(file_path=str(tmp_path / "var" / "mail"))
    messages = [
        EmailMessage("Votre badge", "Bravo", "noreply@localhost", ["amina@example.org"]),
        EmailMessage("Second", "Encore", "noreply@localhost", ["marc@example.org", "k@x.fr"]),
    ]
    assert backend.send_messages(messages) == 2

    printed = capsys.readouterr()
    assert printed.out == ""  # never stdout: commands print their documents there
    [written] = list((tmp_path / "var" / "mail").iterdir())
    shown = os.path.join("var", "mail", written.name)
    assert printed.err.splitlines() == [
        f"Email to amina@example.org (“Votre badge”) written to {shown}",
        f"Email to marc@example.org, k@x.fr (“Second”) written to {shown}",
    ]
    # Django's file format, as `make run` writes it: messages separated by 79 dashes.
    chunks = [c for c in written.read_bytes().split(b"-" * 79) if c.strip()]
    parsed = [message_from_bytes(c.strip(), policy=policy.default) for c in chunks]
    assert [m["To"] for m in parsed] == ["amina@example.org", "marc@example.org, k@x.fr"]
    assert parsed[0].get_content().strip() == "Bravo"


def test_a_folder_outside_the_working_folder_is_shown_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    backend = OutboxBackend(file_path=str(tmp_path / "mail"))
    backend.send_messages([EmailMessage("S", "B", "noreply@localhost", ["a@example.org"])])
    assert f"written to {tmp_path / 'mail'}{os.sep}" in capsys.readouterr().err
