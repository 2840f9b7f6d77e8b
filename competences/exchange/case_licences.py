"""The text of a framework's licence, for the ``licenseText`` of a CASE ``CFLicense``.

Known licences are kept in ``competences/data/licences/`` (origin in SOURCES.md there) and
recognised by their address, whatever its form (``http``/``https``, ``www.``, a final
``/``, ``legalcode`` or a translated ``legalcode.fr``). Never fetched over the network.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

LICENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "licences"

#: Licence address (normalised by ``licence_key``) → file in ``LICENCE_DIR``.
KNOWN_LICENCES = {
    "creativecommons.org/licenses/by/4.0": "CC-BY-4.0.txt",
}

_LEGALCODE = re.compile(r"/legalcode(?:\.[a-z]{2}(?:[-_][a-z]{2,4})?)?$")


def licence_key(url: str) -> str:
    """The address without its variations.

    ``https://www.creativecommons.org/licenses/by/4.0/legalcode.fr`` →
    ``creativecommons.org/licenses/by/4.0``.
    """
    key = url.strip().lower().split("#", 1)[0].split("?", 1)[0]
    key = re.sub(r"^[a-z]+://", "", key).removeprefix("www.").rstrip("/")
    return _LEGALCODE.sub("", key).rstrip("/")


@cache
def _read(name: str) -> str:
    return (LICENCE_DIR / name).read_text(encoding="utf-8")


def licence_text(*, url: str, name: str = "") -> str:
    """The licence's own text when it is known, else its name and address."""
    known = KNOWN_LICENCES.get(licence_key(url))
    if known is not None:
        return _read(known)
    return f"{name}: {url}" if name and name != url else url
