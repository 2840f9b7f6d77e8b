"""Signed, expiring tokens for the links Jalons emails to people."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """A token that becomes invalid once the email address is verified or changed."""

    key_salt = "jalons.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        verified_at = getattr(user, "email_verified_at", None)
        verified = "" if verified_at is None else verified_at.replace(microsecond=0).isoformat()
        email = getattr(user, "email", "")
        return f"{user.pk}{email}{verified}{timestamp}{user.is_active}"


email_verification_token = EmailVerificationTokenGenerator()
