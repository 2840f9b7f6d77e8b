"""What a person holds, for the OB 3.0 API's ``getCredentials``: the badges awarded to her
here (their signed OB 3.0 credential, as served) and the credentials from elsewhere she
keeps here (as received; Verifiable Credentials only, not OB 2.0 Assertions), one page at a
time.

Her awards come first, newest first, then her credentials from elsewhere, newest first;
the page is cut across both lists. Three queries at most: two counts and the rows needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from accounts.api import User
from badges.models import (
    VERIFIABLE_CREDENTIAL_FORMATS,
    Award,
    CredentialFormat,
    ExternalCredential,
)


@dataclass(frozen=True)
class HeldCredential:
    format: str  # "json" or "jwt"
    text: str  # the credential exactly as stored


@dataclass(frozen=True)
class HeldPage:
    items: list[HeldCredential]
    total: int


def _awards(user: User, since: datetime | None) -> QuerySet[Award]:
    awards = Award.objects.filter(recipient=user).exclude(credential_text="")
    if since is not None:
        awards = awards.filter(issued_at__gt=since)
    return awards.order_by("-issued_at", "-pk")


def _external(user: User, since: datetime | None) -> QuerySet[ExternalCredential]:
    # Verifiable Credentials only: an Open Badges 2.0 Assertion kept here is no credential
    # of the OB 3.0 API.
    held = ExternalCredential.objects.filter(owner=user, format__in=VERIFIABLE_CREDENTIAL_FORMATS)
    if since is not None:
        held = held.filter(
            Q(valid_from__gt=since) | Q(valid_from__isnull=True, created_at__gt=since)
        )
    return held.order_by("-created_at", "-pk")


def held_credentials_page(
    *, user: User, limit: int, offset: int, since: datetime | None = None
) -> HeldPage:
    awards = _awards(user, since)
    external = _external(user, since)
    award_count = awards.count()
    total = award_count + external.count()
    items: list[HeldCredential] = []
    if offset < award_count:
        texts = awards.values_list("credential_text", flat=True)[offset : offset + limit]
        items.extend(HeldCredential(CredentialFormat.JSON, text) for text in texts)
    remaining = limit - len(items)
    if remaining > 0 and offset + len(items) < total:
        start = max(0, offset - award_count)
        for fmt, text in external.values_list("format", "original")[start : start + remaining]:
            items.append(HeldCredential(fmt, text))
    return HeldPage(items=items, total=total)
