"""Checks that apps add to ``manage.py restore``, run before anything is changed.

``config`` imports no app, yet some archives can only be restored under conditions that an app
knows: the badges app stores its issuers' signing keys encrypted with
``SIGNING_KEY_ENCRYPTION_KEY``, so an archive restored under another key would hold keys
that nothing can decrypt (badges could no longer be signed). Such an app registers a check
once, in its ``AppConfig.ready``, with ``restore_check_register``; ``restore`` calls every
check with a way to read the archive's rows, and refuses the archive when one returns a
problem (a sentence for the operator).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

#: ``rows("badges.signingkey")``: the archive's rows of a model, as
#: ``{"model": …, "pk": …, "fields": {…}}`` dictionaries (nothing when it has none).
ArchiveRows = Callable[[str], Iterator[dict[str, Any]]]

#: ``check(rows)`` returns the problems that forbid restoring this archive here.
RestoreCheck = Callable[[ArchiveRows], list[str]]

_checks: list[RestoreCheck] = []


def restore_check_register(check: RestoreCheck) -> None:
    """Run ``check`` before every restore (once per check, however often it is called)."""
    if check not in _checks:
        _checks.append(check)


def restore_problems(rows: ArchiveRows) -> list[str]:
    """What every registered check finds, in registration order."""
    return [problem for check in _checks for problem in check(rows)]
