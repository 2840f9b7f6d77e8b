"""Initiatives, their members, invitations and join requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.territory import Commune

INVITATION_VALID_DAYS = 14
LOGO_MAX_BYTES = 2 * 1024 * 1024

# French postcodes: five digits, from 01000 (Ain) to 98xxx (overseas).
postcode_validator = RegexValidator(
    r"^(?!00)\d{5}\Z",
    _("Enter a French postcode: five digits, for example 21000."),
    code="invalid_postcode",
)


class InitiativeKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    TIERS_LIEU = "tiers_lieu", _("Tiers-lieu")
    FABLAB = "fablab", _("Fablab")
    REPAIR_CAFE = "repair_cafe", _("Repair café")
    AMAP = "amap", _("AMAP / short food circuit")
    COWORKING = "coworking", _("Coworking space")
    LOCAL_CURRENCY = "local_currency", _("Local currency")
    SOLIDARITY_CANTEEN = "solidarity_canteen", _("Solidarity canteen")
    DIGITAL_PLATFORM = "digital_platform", _("Digital platform")
    OTHER = "other", _("Other")


class Sphere(models.TextChoices):
    """The four spheres of the collaborative economy (Dijon territorial study, 2018)."""

    PRODUCE = "produce", _("Produce")
    CONSUME = "consume", _("Consume")
    FINANCE = "finance", _("Finance")
    INNOVATE = "innovate", _("Innovate")


class Role(models.TextChoices):
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class Initiative(models.Model):
    """A collaborative project: a repair café, a fablab, a solidarity canteen…"""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    kind = models.CharField(_("kind"), max_length=32, choices=InitiativeKind.choices)
    commune = models.CharField(_("town"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    website = models.URLField(_("website"), blank=True, max_length=300)
    # Where it is: the commune chosen from the reference data (``commune`` and ``postcode``
    # above stay the typed address and are kept consistent with it), the street, and the
    # point on the map (typed, placed on the map, or the commune's centre).
    place = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    address = models.CharField(_("street address"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90.0), MaxValueValidator(90.0)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)],
    )
    opening_hours = models.TextField(_("opening hours"), blank=True, max_length=1000)
    access_transport = models.TextField(
        _("how to come by public transport"), blank=True, max_length=1000
    )
    step_free_access = models.BooleanField(_("step-free access"), null=True, blank=True)
    welcomes_newcomers = models.BooleanField(
        _("welcomes newcomers without prerequisites"), default=False
    )
    first_visit = models.TextField(_("how a first visit goes"), blank=True, max_length=1000)
    in_directory = models.BooleanField(
        _("listed in the public directory"),
        default=True,
        help_text=_("Shown in the directory, on the map and in the open data."),
    )
    impact_public = models.BooleanField(
        _("what it brings is public"),
        default=False,
        help_text=_("The leaders allow anyone to see the page of what the initiative brings."),
    )
    logo = models.ImageField(_("logo"), upload_to="initiatives/logos/", blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("A steward of the territory checked that this initiative exists."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified=False) | Q(verified_at__isnull=False),
                name="community_initiative_verified_has_date",
                violation_error_message=_("A verified initiative needs a verification date."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="community_initiative_point_complete",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
        ]
        indexes = [
            models.Index(fields=["in_directory", "name"], name="community_init_directory"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:initiative_detail", kwargs={"slug": self.slug})

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def sphere_values(self) -> list[str]:
        """The initiative's spheres in their canonical order (uses a prefetch when present)."""
        values = {item.sphere for item in self.spheres.all()}
        return [value for value in Sphere.values if value in values]

    @property
    def sphere_labels(self) -> list[str]:
        return [str(Sphere(value).label) for value in self.sphere_values]


class InitiativeSphere(models.Model):
    """One of the four spheres an initiative belongs to.

    A small child table rather than a JSON list: the four spheres are a fixed
    vocabulary (TextChoices, so their labels are translated), and a row per
    sphere can be filtered and indexed the same way on SQLite and PostgreSQL,
    which JSON containment cannot.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="spheres", verbose_name=_("initiative")
    )
    sphere = models.CharField(_("sphere"), max_length=16, choices=Sphere.choices)

    class Meta:
        verbose_name = _("sphere of an initiative")
        verbose_name_plural = _("spheres of initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "sphere"], name="community_initiative_sphere_unique"
            ),
        ]
        indexes = [models.Index(fields=["sphere"], name="community_sphere_idx")]

    def __str__(self) -> str:
        return str(self.get_sphere_display())


class Membership(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("initiative"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "user"], name="community_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.initiative} ({self.get_role_display()})"

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    REVOKED = "revoked", _("cancelled")
    EXPIRED = "expired", _("expired")


def default_invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A leader invites someone by email: a single-use link that expires.

    The link carries a random token of 256 bits; only its SHA-256 is stored.
    """

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("initiative"),
    )
    email = models.EmailField(_("email address"), max_length=254)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    language = models.CharField(
        _("language of the email"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=default_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["initiative", "email"], name="community_invit_email_idx")]

    def __str__(self) -> str:
        return f"{self.email} → {self.initiative}"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.declined_at:
            return InvitationStatus.DECLINED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class JoinRequest(models.Model):
    """Someone asks to join an initiative; a leader accepts or refuses."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("initiative"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("person"),
    )
    message = models.TextField(_("message"), blank=True, max_length=500)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "user"],
                condition=Q(status="pending"),
                name="community_one_pending_join_request",
                violation_error_message=_("You already asked to join this initiative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.initiative} ({self.get_status_display()})"
