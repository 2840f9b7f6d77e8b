"""Writes on accounts. Keyword-only, typed, atomic."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from accounts import emails
from accounts.data_rights import Erasure, blockers_of, sections
from accounts.models import AuditAction, User
from accounts.services.audit import audit_record
from accounts.signals import email_verified as email_verified_signal


@transaction.atomic
def user_sign_up(
    *,
    email: str,
    password: str,
    display_name: str = "",
    preferred_language: str = "fr",
    email_verified: bool = False,
) -> User | None:
    """Create an account and send the email-verification link.

    Returns ``None`` when the address already has an account: the owner of the
    address is told by email, and the page shows the same message either way,
    so that sign-up cannot be used to find out who has an account.

    ``email_verified=True`` is for callers that already proved the address
    (a link sent to it was opened, e.g. an invitation): the account is verified
    at once and no verification link is sent.
    """
    normalized = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=normalized).exists():
        transaction.on_commit(
            lambda: emails.account_exists(email=normalized, language=preferred_language)
        )
        return None
    user = User.objects.create_user(
        email=normalized,
        password=password,
        display_name=display_name.strip(),
        preferred_language=preferred_language,
        email_verified_at=timezone.now() if email_verified else None,
    )
    if not email_verified:
        transaction.on_commit(lambda: emails.email_verification(user=user))
    else:
        email_verified_signal.send(sender=User, user=user)
    return user


def user_send_verification(*, user: User) -> None:
    """Send a fresh verification link to an account that has not verified yet."""
    if user.email_verified or not user.is_active:
        return
    emails.email_verification(user=user)


@transaction.atomic
def user_verify_email(*, user: User) -> User:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        email_verified_signal.send(sender=User, user=user)
    return user


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if user.preferred_language != language:
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def user_grant_advisor(*, user: User, granted_by: User, organisation: str = "") -> User:
    """Give the advisor role; only stewards and staff may do so."""
    if not granted_by.can_grant_advisor:
        raise PermissionDenied
    was_advisor = user.is_advisor
    user.is_advisor = True
    user.advisor_granted_by = granted_by
    user.advisor_granted_at = timezone.now()
    user.advisor_organisation = organisation.strip()
    user.save(
        update_fields=[
            "is_advisor",
            "advisor_granted_by",
            "advisor_granted_at",
            "advisor_organisation",
        ]
    )
    if not was_advisor:
        audit_record(
            action=AuditAction.ROLE_GRANT,
            actor=granted_by,
            target_type="user",
            target_id=user.pk,
            details={"role": "advisor", "organisation": user.advisor_organisation},
        )
        transaction.on_commit(lambda: emails.advisor_role_granted(user=user))
    return user


@transaction.atomic
def user_revoke_advisor(*, user: User, revoked_by: User) -> User:
    if not revoked_by.can_grant_advisor:
        raise PermissionDenied
    was_advisor = user.is_advisor
    user.is_advisor = False
    user.advisor_granted_by = None
    user.advisor_granted_at = None
    user.save(update_fields=["is_advisor", "advisor_granted_by", "advisor_granted_at"])
    if was_advisor:
        audit_record(
            action=AuditAction.ROLE_REVOKE,
            actor=revoked_by,
            target_type="user",
            target_id=user.pk,
            details={"role": "advisor"},
        )
    return user


@transaction.atomic
def user_delete(*, user: User, by: User | None, keep_badges: bool = True) -> None:
    """Erase an account and what every app holds about the person (``by``: who did it; None:
    the platform), the apps in reverse order (``accounts.data_rights``); stored files go once
    the transaction commits. ``keep_badges``: their downloaded badges stay valid, or are
    revoked. The audit log keeps that it happened, by account number only."""
    proved = user.email_verified_at is not None
    names: set[str] = set()
    if proved:
        names = {value for value in (user.display_name.strip(), user.email) if value}
        for section in sections():
            if section.names is not None:
                names |= {name.strip() for name in section.names(user) if name.strip()}
    erasure = Erasure(keep_badges=keep_badges, names=frozenset(names), by_address=proved)
    for section in reversed(sections()):
        section.erase(user, erasure)
    audit_record(
        action=AuditAction.ACCOUNT_DELETE,
        actor=by if by is not None and by.pk != user.pk else None,
        target_type="user",
        target_id=user.pk,
        details={"by_themselves": by is not None and by.pk == user.pk},
    )
    user.delete()


def account_erase_due(*, user_id: int) -> str:
    """The erasure task's work: erase the account if its closing is (still) due."""
    user = User.objects.filter(
        pk=user_id, deletion_due_at__isnull=False, deletion_due_at__lte=timezone.now()
    ).first()
    if user is None:
        return "nothing to do"
    # Checked again: something may have changed since they asked (the other leader left).
    with translation.override(user.preferred_language):
        blockers = blockers_of(user)
    if blockers:
        User.objects.filter(pk=user.pk).update(deletion_requested_at=None, deletion_due_at=None)
        emails.account_deletion_postponed(user=user, reasons=blockers)
        return "blocked"
    user_delete(user=user, by=user, keep_badges=user.deletion_keep_badges)
    return "erased"


# The roles that platform staff set in the admin, by the flag that holds them.
ADMIN_ROLE_FLAGS = {
    "is_steward": "steward",
    "is_advisor": "advisor",
    "is_staff": "staff",
    "is_superuser": "superuser",
}


def user_roles_changed(*, user: User, by: User, before: dict[str, bool]) -> None:
    """Log the roles that staff gave or took back in the admin (``before``: the flags then)."""
    for flag, role in ADMIN_ROLE_FLAGS.items():
        was, now = before.get(flag, False), getattr(user, flag)
        if was != now:
            audit_record(
                action=AuditAction.ROLE_GRANT if now else AuditAction.ROLE_REVOKE,
                actor=by,
                target_type="user",
                target_id=user.pk,
                details={"role": role},
            )
