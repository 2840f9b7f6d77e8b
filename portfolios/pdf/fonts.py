"""The fonts of the PDF: shipped in ``static/fonts/``, declared in ``portfolio.css``.

No WeasyPrint here: the system check imports this module at every start.

The print stylesheet is the only list of them: ``declared_font_files()`` reads its
``@font-face`` rules, and the system check ``portfolios.W001`` warns when one of those
files cannot be found among the static files.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation


def inside(root: Path, relative: str) -> Path | None:
    """``root / relative`` if it is an existing file inside ``root``, else None."""
    root = root.resolve()
    candidate = (root / relative).resolve()
    if candidate != root and root in candidate.parents and candidate.is_file():
        return candidate
    return None


def static_file(relative: str) -> Path | None:
    """A static file by its path under ``STATIC_URL``: from the finders, else STATIC_ROOT."""
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:  # a path that leaves the static folders
        return None
    if isinstance(found, list):  # pragma: no cover - find(all=False) gives one path
        found = found[0] if found else None
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        return inside(Path(settings.STATIC_ROOT), relative)
    return None


STYLESHEET = Path(__file__).with_name("portfolio.css")
FONT_FACE = re.compile(r"@font-face\s*{(?P<body>[^}]*)}", re.IGNORECASE)
SOURCE = re.compile(r"url\(\s*['\"]?(?P<url>[^'\")]+)['\"]?\s*\)", re.IGNORECASE)


def declared_font_files(stylesheet: Path = STYLESHEET) -> list[str]:
    """Paths, relative to the static files, of the fonts declared by ``@font-face``."""
    text = stylesheet.read_text(encoding="utf-8")
    files = []
    for face in FONT_FACE.finditer(text):
        for source in SOURCE.finditer(face.group("body")):
            files.append(source.group("url"))
    return files


def missing_font_files(stylesheet: Path = STYLESHEET) -> list[str]:
    """The declared font files that no static files finder (nor STATIC_ROOT) has."""
    return [name for name in declared_font_files(stylesheet) if static_file(name) is None]
