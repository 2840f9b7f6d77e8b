"""People who use Jalons, identified by their email address."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account.

    Roles: ``is_staff`` (platform administrators), ``is_steward`` (curates the
    shared framework and issues the territory's badges) and ``is_advisor``
    (employment or insertion advisor, granted by a steward or staff).
    Initiative leaders are not a global role: they come from memberships.
    """

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How your name appears to others, e.g. on your portfolio."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fr",
    )
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    # Closing the account (accounts/services/deletion.py): asked on, erased from ``due``
    # (after the grace period, during which the person can cancel), and what they chose
    # for their badges.
    deletion_requested_at = models.DateTimeField(
        _("account closing asked at"), null=True, blank=True
    )
    deletion_due_at = models.DateTimeField(_("account to be erased on"), null=True, blank=True)
    deletion_keep_badges = models.BooleanField(_("badges kept valid"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Can use the administration site.")
    )
    is_steward = models.BooleanField(
        _("steward"),
        default=False,
        help_text=_("Curates the shared competence framework and issues territorial badges."),
    )
    is_advisor = models.BooleanField(
        _("advisor"),
        default=False,
        help_text=_("Employment or insertion advisor: reads the portfolios shared with them."),
    )
    advisor_granted_by = models.ForeignKey(
        "self",
        verbose_name=_("advisor role granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    advisor_granted_at = models.DateTimeField(_("advisor role granted at"), null=True, blank=True)
    advisor_organisation = models.CharField(
        _("advisor organisation"),
        max_length=200,
        blank=True,
        help_text=_("For example: Mission locale de Dijon, France Travail Quetigny."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def can_curate_framework(self) -> bool:
        return self.is_active and (self.is_staff or self.is_steward)

    @property
    def can_grant_advisor(self) -> bool:
        return self.is_active and (self.is_staff or self.is_steward)
