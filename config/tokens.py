"""Random tokens sent in links (invitations, endorsement requests, share links).

Only a token's SHA-256 is stored: the database alone never opens anything.
"""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    """The SHA-256 of a random token, in hexadecimal: what is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()
