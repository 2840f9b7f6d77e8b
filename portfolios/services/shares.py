"""Writes on share links: creating, revoking, checking an access code, logging accesses.

A share link opens one portfolio, read-only, for one recipient, until it expires (1 to
365 days, 30 by default) or its owner revokes it. Its token has 256 random bits
(``secrets.token_urlsafe(32)``); the shared view finds a link by the token's SHA-256.
The token is also kept encrypted at rest, for its owner only, so that they can see and
share an open link again (portfolios/sealing.py); that copy is erased when the link is
revoked or expires. An optional access code (4 to 64 characters) is stored hashed like a
password, shown once to the owner and never emailed: the owner gives it separately.

When the owner gives the recipient's email address, the recipient gets the link by email
(after the transaction commits), in French unless they have an account in another
language.

Wrong access codes are logged (``ShareAccess.what = code_refused``). After
``CODE_MAX_FAILURES`` wrong codes within ``CODE_LOCK_MINUTES`` minutes, the link refuses
every code for ``CODE_LOCK_MINUTES`` minutes: the lock is computed from the log, no
other state is kept.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import AuditAction, User, audit_record, send_templated_email
from config.http import absolute_url
from config.tokens import token_hash
from portfolios.models import Portfolio
from portfolios.models.portfolios import SHARE_MAX_DAYS, AccessWhat, ShareAccess, ShareLink
from portfolios.sealing import share_token_seal, share_token_unseal

SHARE_MIN_DAYS = 1
ACCESS_CODE_MIN_LENGTH = 4
ACCESS_CODE_MAX_LENGTH = 64
CODE_MAX_FAILURES = 5
CODE_LOCK_MINUTES = 15


def share_token_new() -> str:
    """A fresh random token: 32 bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def share_url(token: str) -> str:
    """The absolute address of a share link, from its clear token."""
    return absolute_url(reverse("portfolios:shared_view", kwargs={"token": token}))


def share_urls_for_owner(
    *, portfolio: Portfolio, shares: Iterable[ShareLink], by: User
) -> dict[int, str]:
    """The addresses of ``by``'s own open links to ``portfolio`` (by link id), decrypted
    from their sealed tokens. Closed links, other people's, and tokens that no longer
    decrypt are left out. Never logged: the owner's share list and QR page only."""
    if portfolio.owner_id != by.pk or not by.is_active:
        return {}
    urls = {}
    for share in shares:
        if share.portfolio_id != portfolio.pk or not share.is_open() or not share.token_sealed:
            continue
        token = share_token_unseal(share.token_sealed, share_uuid=share.uuid)
        if token:
            urls[share.pk] = share_url(token)
    return urls


def _require_owner(*, portfolio: Portfolio, by: User) -> None:
    if portfolio.owner_id != by.pk or not by.is_active:
        raise PermissionDenied


def _clean_days(expires_in_days: int) -> int:
    if (
        not isinstance(expires_in_days, int)
        or isinstance(expires_in_days, bool)
        or not SHARE_MIN_DAYS <= expires_in_days <= SHARE_MAX_DAYS
    ):
        raise ValidationError(
            {
                "expires_in_days": ValidationError(
                    _("Choose between %(min)s and %(max)s days.")
                    % {"min": SHARE_MIN_DAYS, "max": SHARE_MAX_DAYS},
                    code="expiry",
                )
            }
        )
    return expires_in_days


def _clean_code(access_code: str) -> str:
    code = access_code.strip()
    if code and not ACCESS_CODE_MIN_LENGTH <= len(code) <= ACCESS_CODE_MAX_LENGTH:
        raise ValidationError(
            {
                "access_code": ValidationError(
                    _("The access code needs %(min)s to %(max)s characters.")
                    % {"min": ACCESS_CODE_MIN_LENGTH, "max": ACCESS_CODE_MAX_LENGTH},
                    code="access_code",
                )
            }
        )
    return code


def _clean_email(recipient_email: str) -> str:
    email = recipient_email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"recipient_email": error}) from error
    return email


def _email_recipient(*, share: ShareLink, token: str) -> None:
    """The link, in the instance's language (French) unless the recipient has an account in
    another language.
    Never the access code: the owner gives it separately."""
    owner = share.portfolio.owner
    account = User.objects.filter(email__iexact=share.recipient_email, is_active=True).first()
    send_templated_email(
        template="portfolio-shared",
        to=share.recipient_email,
        language=account.preferred_language if account else settings.LANGUAGE_CODE,
        context={
            "name": share.recipient_name,
            "owner": owner.display_name or owner.get_short_name(),
            "title": share.portfolio.title,
            "link": share_url(token),
            "expires_at": share.expires_at,
            "has_access_code": share.has_access_code,
            "workspace_link": absolute_url(reverse("portfolios:advisor_workspace"))
            if account is not None and account.is_advisor
            else "",
        },
    )


@transaction.atomic
def share_link_create(
    *,
    portfolio: Portfolio,
    by: User,
    recipient_name: str = "",
    recipient_organisation: str = "",
    recipient_email: str = "",
    expires_in_days: int = 30,
    access_code: str = "",
) -> tuple[ShareLink, str]:
    """A new link to ``portfolio`` and its clear token (also kept sealed for its owner)."""
    _require_owner(portfolio=portfolio, by=by)
    days = _clean_days(expires_in_days)
    code = _clean_code(access_code)
    email = _clean_email(recipient_email)
    token = share_token_new()
    share = ShareLink(
        portfolio=portfolio,
        token_hash=token_hash(token),
        recipient_name=recipient_name.strip(),
        recipient_organisation=recipient_organisation.strip(),
        recipient_email=email,
        access_code_hash=make_password(code) if code else "",
        expires_at=timezone.now() + timedelta(days=days),
    )
    share.token_sealed = share_token_seal(token, share_uuid=share.uuid)
    share.full_clean()
    share.save()
    # Who shared what with whom stays between the owner and the recipient: the log keeps the
    # link's number and how it is protected, never the portfolio's title or the recipient.
    audit_record(
        action=AuditAction.SHARE_CREATE,
        actor=by,
        target_type="share_link",
        target_id=share.uuid,
        details={
            "expires_at": share.expires_at.date().isoformat(),
            "with_code": bool(code),
            "to_a_recipient": bool(email),
        },
    )
    if email:
        transaction.on_commit(lambda: _email_recipient(share=share, token=token))
    return share, token


@transaction.atomic
def share_link_revoke(*, share: ShareLink, by: User) -> ShareLink:
    """Close the link now; revoking twice changes nothing."""
    _require_owner(portfolio=share.portfolio, by=by)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.token_sealed = ""  # a withdrawn link is never shown again
        share.save(update_fields=["revoked_at", "token_sealed"])
        audit_record(
            action=AuditAction.SHARE_REVOKE,
            actor=by,
            target_type="share_link",
            target_id=share.uuid,
        )
    return share


def share_code_locked_until(*, share: ShareLink) -> datetime | None:
    """When the link accepts codes again, if too many wrong codes were just tried."""
    recent = list(
        ShareAccess.objects.filter(share=share, what=AccessWhat.CODE_REFUSED)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)[:CODE_MAX_FAILURES]
    )
    if len(recent) < CODE_MAX_FAILURES:
        return None
    window = timedelta(minutes=CODE_LOCK_MINUTES)
    if recent[0] - recent[-1] > window:
        return None
    until = recent[0] + window
    return until if until > timezone.now() else None


def share_access_record(*, share: ShareLink, what: str, viewer: User | None = None) -> ShareAccess:
    """Log one access (what the owner sees in the access log)."""
    if what not in AccessWhat.values:
        raise ValueError(f"Unknown access: {what!r}")
    viewer = viewer if viewer is not None and viewer.is_authenticated else None
    return ShareAccess.objects.create(share=share, what=what, viewer=viewer)


@transaction.atomic
def share_access_code_check(*, share: ShareLink, code: str, viewer: User | None = None) -> bool:
    """True when ``code`` opens the link; a wrong code is logged, and while the link is
    locked after too many of them every code is refused (and not logged again)."""
    if not share.has_access_code:
        return True
    if share_code_locked_until(share=share) is not None:
        return False
    if check_password(code.strip(), share.access_code_hash):
        return True
    share_access_record(share=share, what=AccessWhat.CODE_REFUSED, viewer=viewer)
    return False
