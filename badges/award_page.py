"""What the public page of an award shows, computed from plain values (no database).

- ``first_sentence``: what a badge means, in one sentence of its description (or of its
  criteria), never cut inside a word.
- ``status_list_urls``: the status lists a credential points to (for specialists).
- ``linkedin_add_url``: LinkedIn's documented "add to profile" address for a certification
  (https://addtoprofile.linkedin.com/), filled with the badge's name, its issuer, the month
  it was issued (and expires) and the award's public page.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
# Longer than a sentence people read at a glance: cut at the last whole word before it.
SENTENCE_MAX_LENGTH = 240
# A sentence ends with . ! ? or … (French puts a non-breaking space before ! and ?),
# followed by a space or the end of the text.
SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
ELLIPSIS = "…"


def first_sentence(*texts: str, limit: int = SENTENCE_MAX_LENGTH) -> str:
    """The first sentence of the first non-empty text of ``texts``, whitespace collapsed.

    A text without a sentence end gives its first paragraph. Longer than ``limit``
    characters, it is cut after the last whole word that fits, and ``…`` marks the cut:
    a word is never cut.
    """
    text = next((text.strip() for text in texts if text and text.strip()), "")
    if not text:
        return ""
    paragraph = re.split(r"\n\s*\n", text, maxsplit=1)[0]
    end = SENTENCE_END.search(paragraph)
    sentence = paragraph[: end.end()] if end else paragraph
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - len(ELLIPSIS) + 1]
    # Drop the word the limit falls in (unless the limit falls right after it).
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[: limit - len(ELLIPSIS)]
    return cut.rstrip(" ,;:\u2013-") + ELLIPSIS


def status_list_urls(credential: dict[str, Any]) -> list[str]:
    """The ``statusListCredential`` addresses of a credential's ``credentialStatus`` (an
    object or a list of them), each once, in order."""
    entries = credential.get("credentialStatus")
    items = entries if isinstance(entries, list) else [entries]
    urls = [
        str(item["statusListCredential"])
        for item in items
        if isinstance(item, dict) and item.get("statusListCredential")
    ]
    return list(dict.fromkeys(urls))


def linkedin_add_url(
    *,
    name: str,
    organization_name: str,
    issued_at: datetime,
    cert_url: str,
    cert_id: str,
    expires_at: datetime | None = None,
) -> str:
    """The "Add to profile" address of LinkedIn for a certification (``CERTIFICATION_NAME``).

    ``organizationId`` (the issuer's LinkedIn page) is optional: the issuer is named by
    ``organizationName``. The expiry month is given only for a badge that expires.
    """
    fields: list[tuple[str, str | int]] = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", name),
        ("organizationName", organization_name),
        ("issueYear", issued_at.year),
        ("issueMonth", issued_at.month),
    ]
    if expires_at is not None:
        fields += [("expirationYear", expires_at.year), ("expirationMonth", expires_at.month)]
    fields += [("certUrl", cert_url), ("certId", cert_id)]
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(fields)}"
