"""Portfolios: what a volunteer chooses to show an employment or training advisor.

- ``Portfolio``: a title, a target ("job in logistics"), a short statement, a language,
  and an ordered selection of items (``PortfolioItem``): competences, contributions,
  endorsements and badges of its owner. Private evidence never appears, whatever is
  selected.
- ``PortfolioRelease``: one generated version of a portfolio — the signed CLR 2.0
  credential (``clr``) and the PDF made from the same content, with their hashes. Its
  public verification page (``/portfolios/releases/<uuid>/verify/``, the URL printed in
  the PDF's footer) says whether that version is authentic and unchanged, and the state
  of each badge in it.
- ``ShareLink``: a revocable, expiring link to a portfolio for one recipient, with an
  optional access code. Links are found by the SHA-256 of their random token; the token
  itself is kept sealed (``token_sealed``, portfolios/sealing.py) so that its owner can see
  an open link again; the access code is stored hashed like a password (shown once).
- ``ShareAccess``: the access log the owner sees: when, which link, what was opened.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SHARE_DEFAULT_DAYS = 30
SHARE_MAX_DAYS = 365
STATEMENT_MAX_LENGTH = 1500


def default_share_expiry() -> datetime:
    return timezone.now() + timedelta(days=SHARE_DEFAULT_DAYS)


class PortfolioLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Portfolio(models.Model):
    """A selection of a volunteer's competences, contributions, endorsements and badges."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="portfolios",
    )
    title = models.CharField(_("title"), max_length=150)
    target = models.CharField(
        _("target"),
        max_length=150,
        blank=True,
        help_text=_("What it is for: a job in logistics, entering a training course…"),
    )
    statement = models.TextField(
        _("personal statement"),
        max_length=STATEMENT_MAX_LENGTH,
        blank=True,
        help_text=_("A few sentences in your own words: who you are, what you are looking for."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=PortfolioLanguage.choices,
        default=PortfolioLanguage.FRENCH,
    )
    # Option: the PDF gains a page "Lecture ROME 4.0" (docs/rome.md). Off by default: a
    # portfolio without it keeps the same content fingerprint (``portfolios.content``).
    rome_page = models.BooleanField(
        _("ROME 4.0 reading page"),
        default=False,
        help_text=_(
            "Add a page reading my competences in the words of the ROME 4.0 (for employment "
            "advisors)."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolios:portfolio_detail", kwargs={"uuid": self.uuid})


class ItemKind(models.TextChoices):
    COMPETENCE = "competence", _("competence")
    CONTRIBUTION = "contribution", _("contribution")
    ENDORSEMENT = "endorsement", _("endorsement")
    BADGE = "badge", _("badge")
    EXTERNAL = "external", _("badge from another organisation")


class PortfolioItem(models.Model):
    """One selected element of a portfolio, in the owner's order (``position``)."""

    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("competence"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    contribution = models.ForeignKey(
        "community.Contribution",
        verbose_name=_("contribution"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    endorsement = models.ForeignKey(
        "community.Endorsement",
        verbose_name=_("endorsement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    award = models.ForeignKey(
        "badges.Award",
        verbose_name=_("badge"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A badge issued by another organisation that the owner keeps here (badges'
    # ``ExternalCredential``): removing it from her badges removes it from the portfolio,
    # never from a release already generated (which holds its own copy).
    external = models.ForeignKey(
        "badges.ExternalCredential",
        verbose_name=_("badge from another organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("portfolio item")
        verbose_name_plural = _("portfolio items")
        ordering = ["portfolio", "kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=ItemKind.COMPETENCE,
                        competence__isnull=False,
                        contribution__isnull=True,
                        endorsement__isnull=True,
                        award__isnull=True,
                        external__isnull=True,
                    )
                    | Q(
                        kind=ItemKind.CONTRIBUTION,
                        competence__isnull=True,
                        contribution__isnull=False,
                        endorsement__isnull=True,
                        award__isnull=True,
                        external__isnull=True,
                    )
                    | Q(
                        kind=ItemKind.ENDORSEMENT,
                        competence__isnull=True,
                        contribution__isnull=True,
                        endorsement__isnull=False,
                        award__isnull=True,
                        external__isnull=True,
                    )
                    | Q(
                        kind=ItemKind.BADGE,
                        competence__isnull=True,
                        contribution__isnull=True,
                        endorsement__isnull=True,
                        award__isnull=False,
                        external__isnull=True,
                    )
                    | Q(
                        kind=ItemKind.EXTERNAL,
                        competence__isnull=True,
                        contribution__isnull=True,
                        endorsement__isnull=True,
                        award__isnull=True,
                        external__isnull=False,
                    )
                ),
                name="portfolios_item_one_target_of_its_kind",
            ),
            models.UniqueConstraint(
                fields=["portfolio", "competence"],
                condition=Q(competence__isnull=False),
                name="portfolios_item_competence_once",
            ),
            models.UniqueConstraint(
                fields=["portfolio", "contribution"],
                condition=Q(contribution__isnull=False),
                name="portfolios_item_contribution_once",
            ),
            models.UniqueConstraint(
                fields=["portfolio", "endorsement"],
                condition=Q(endorsement__isnull=False),
                name="portfolios_item_endorsement_once",
            ),
            models.UniqueConstraint(
                fields=["portfolio", "award"],
                condition=Q(award__isnull=False),
                name="portfolios_item_award_once",
            ),
            models.UniqueConstraint(
                fields=["portfolio", "external"],
                condition=Q(external__isnull=False),
                name="portfolios_item_external_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio_id} {self.kind} #{self.position}"


class PortfolioRelease(models.Model):
    """A generated version of a portfolio: its signed CLR credential and its PDF."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    # Empty once its owner closed their account (``owner_left_at``): the version's page
    # still answers from the fingerprints, without anything about the person.
    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="releases",
    )
    owner_left_at = models.DateTimeField(_("owner left on"), null=True, blank=True)
    created_at = models.DateTimeField(_("generated at"), default=timezone.now, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=PortfolioLanguage.choices)
    clr = models.JSONField(
        _("signed CLR credential"),
        default=dict,
        editable=False,
        help_text=_("The CLR 2.0 ClrCredential as it was signed."),
    )
    content_sha256 = models.CharField(
        _("fingerprint of the content"),
        max_length=64,
        help_text=_("Tells whether the portfolio changed since this version was generated."),
    )
    clr_sha256 = models.CharField(_("SHA-256 of the CLR credential"), max_length=64)
    pdf = models.FileField(_("PDF"), upload_to="portfolios/pdf/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("portfolio release")
        verbose_name_plural = _("portfolio releases")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.portfolio_id} @ {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:release_verify", kwargs={"uuid": self.uuid})

    @property
    def status_reference(self) -> str:
        """What names its CLR's position in the territory issuer's revocation list
        (``badges.api.status_reference_reserve``)."""
        return f"clr:{self.uuid}"


class ShareLink(models.Model):
    """A link that opens one portfolio, read-only, for one recipient, until it expires."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="shares"
    )
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True, editable=False)
    # The token encrypted at rest (portfolios/sealing.py), to show an open link again to its
    # owner; erased when the link is revoked or expired.
    token_sealed = models.TextField(_("token (encrypted)"), blank=True, editable=False)
    recipient_name = models.CharField(_("recipient's name"), max_length=150, blank=True)
    recipient_organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    recipient_email = models.EmailField(_("recipient's email address"), blank=True)
    access_code_hash = models.CharField(_("access code (hashed)"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_share_expiry)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient_email"], name="portfolios_share_email_idx"),
            # An advisor's workspace: links to their address (``iexact``: UPPER), not
            # withdrawn, newest first, page by page.
            models.Index(
                Upper("recipient_email"),
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(revoked_at__isnull=True),
                name="portfolios_share_advisor_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio_id} → {self.recipient_email or self.recipient_name or '…'}"

    @property
    def has_access_code(self) -> bool:
        return bool(self.access_code_hash)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, *, at: datetime | None = None) -> bool:
        return self.expires_at <= (at or timezone.now())

    def is_open(self, *, at: datetime | None = None) -> bool:
        return not self.is_revoked and not self.is_expired(at=at)

    def state(self, *, at: datetime | None = None) -> str:
        """``revoked``, ``expired`` or ``open``."""
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired(at=at) else "open"


class AccessWhat(models.TextChoices):
    PAGE = "page", _("portfolio page")
    PDF = "pdf", _("PDF")
    CLR = "clr", _("CLR credential (JSON)")
    CODE_REFUSED = "code_refused", _("wrong access code")
    CLOSED = "closed", _("attempt after expiry or revocation")


class ShareAccess(models.Model):
    """One access through a share link: what the owner sees in the access log."""

    share = models.ForeignKey(
        ShareLink, verbose_name=_("share link"), on_delete=models.CASCADE, related_name="accesses"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    what = models.CharField(_("what"), max_length=14, choices=AccessWhat.choices)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed-in viewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("share link access")
        verbose_name_plural = _("share link accesses")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.share_id} {self.what} {self.at:%Y-%m-%d %H:%M}"
