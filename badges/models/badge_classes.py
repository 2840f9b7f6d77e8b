"""Badge classes (OB 3.0 *Achievement*) and the rules the platform evaluates for them.

A badge class belongs to an issuer. Its public identifier is a URL built from a
UUID that never changes: ``SITE_URL/badges/classes/<uuid>``. Its criteria are
a narrative for people **and** rules (``BadgeRule``) that the platform checks
against the endorsements a volunteer received (``badges.rules``). Every rule
must hold; a badge class without rules is awarded by hand only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from badges.models.issuers import Issuer
from competences.models import MAX_LEVEL
from config.http import absolute_url

MAX_VALIDITY_DAYS = 36500
MAX_ENDORSERS = 50


class AchievementType(models.TextChoices):
    """The OB 3.0 ``achievementType`` vocabulary (values as the specification spells them)."""

    ACHIEVEMENT = "Achievement", _("Achievement")
    APPRENTICESHIP_CERTIFICATE = "ApprenticeshipCertificate", _("Apprenticeship certificate")
    ASSESSMENT = "Assessment", _("Assessment")
    ASSIGNMENT = "Assignment", _("Assignment")
    ASSOCIATE_DEGREE = "AssociateDegree", _("Associate degree")
    AWARD = "Award", _("Award")
    BADGE = "Badge", _("Badge")
    BACHELOR_DEGREE = "BachelorDegree", _("Bachelor's degree")
    CERTIFICATE = "Certificate", _("Certificate")
    CERTIFICATE_OF_COMPLETION = "CertificateOfCompletion", _("Certificate of completion")
    CERTIFICATION = "Certification", _("Certification")
    COMMUNITY_SERVICE = "CommunityService", _("Community service")
    COMPETENCY = "Competency", _("Competence")
    COURSE = "Course", _("Course")
    CO_CURRICULAR = "CoCurricular", _("Co-curricular activity")
    DEGREE = "Degree", _("Degree")
    DIPLOMA = "Diploma", _("Diploma")
    DOCTORAL_DEGREE = "DoctoralDegree", _("Doctoral degree")
    FIELDWORK = "Fieldwork", _("Fieldwork")
    GENERAL_EDUCATION_DEVELOPMENT = "GeneralEducationDevelopment", _("General education")
    JOURNEYMAN_CERTIFICATE = "JourneymanCertificate", _("Journeyman certificate")
    LEARNING_PROGRAM = "LearningProgram", _("Learning programme")
    LICENSE = "License", _("Licence")
    MEMBERSHIP = "Membership", _("Membership")
    PROFESSIONAL_DOCTORATE = "ProfessionalDoctorate", _("Professional doctorate")
    QUALITY_ASSURANCE_CREDENTIAL = "QualityAssuranceCredential", _("Quality assurance credential")
    MASTER_CERTIFICATE = "MasterCertificate", _("Master certificate")
    MASTER_DEGREE = "MasterDegree", _("Master's degree")
    MICRO_CREDENTIAL = "MicroCredential", _("Micro-credential")
    RESEARCH_DOCTORATE = "ResearchDoctorate", _("Research doctorate")
    SECONDARY_SCHOOL_DIPLOMA = "SecondarySchoolDiploma", _("Secondary school diploma")


class BadgeClass(models.Model):
    """What an issuer awards: an OB 3.0 Achievement (an OB 2.0 BadgeClass)."""

    issuer = models.ForeignKey(
        Issuer,
        verbose_name=_("issuer"),
        # Awards will name the badge class: it is never deleted with its issuer.
        on_delete=models.PROTECT,
        related_name="badge_classes",
    )
    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=80,
        help_text=_("Unique among the badges of the issuer."),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=2000)
    image = models.ImageField(_("image"), upload_to="badges/classes/", blank=True)
    image_svg = models.FileField(
        _("image (SVG)"),
        upload_to="badges/classes/",
        blank=True,
        help_text=_(
            "When the image was uploaded as SVG: the sanitised SVG (the image above is its PNG "
            "rendering)."
        ),
    )
    criteria_narrative = models.TextField(
        _("criteria"),
        max_length=4000,
        help_text=_("In words: what someone did or can do to receive this badge."),
    )
    achievement_type = models.CharField(
        _("type of achievement"),
        max_length=40,
        choices=AchievementType.choices,
        default=AchievementType.BADGE,
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    validity_days = models.PositiveIntegerField(
        _("validity (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VALIDITY_DAYS)],
        help_text=_("Optional. Awards expire this many days after they are issued."),
    )
    auto_award = models.BooleanField(
        _("award automatically"),
        default=False,
        help_text=_(
            "When someone meets the rules: award the badge directly "
            "instead of proposing it to a leader."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    rules_changed_at = models.DateTimeField(
        _("rules last changed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Empty while the rules are those the badge was created with."),
    )

    class Meta:
        verbose_name = _("badge class")
        verbose_name_plural = _("badge classes")
        ordering = ["issuer", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "slug"],
                name="badges_badgeclass_slug_unique_per_issuer",
                violation_error_message=_("This issuer already has a badge with this short name."),
            ),
            models.CheckConstraint(
                condition=Q(validity_days__isnull=True) | Q(validity_days__gte=1),
                name="badges_badgeclass_validity_positive",
                violation_error_message=_("A validity period is at least one day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("badges:badge_class_detail", kwargs={"uuid": self.uuid})

    @property
    def id_url(self) -> str:
        """The Achievement's ``id`` in OB 3.0 credentials and the address of its page."""
        return absolute_url(self.get_absolute_url())


class BadgeRule(models.Model):
    """ "Competence X at level ≥ N, endorsed by ≥ K people, of whom ≥ L initiative leaders"."""

    badge_class = models.ForeignKey(
        BadgeClass, verbose_name=_("badge class"), on_delete=models.CASCADE, related_name="rules"
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        related_name="badge_rules",
    )
    min_level = models.PositiveSmallIntegerField(
        _("minimum level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )
    min_endorsers = models.PositiveSmallIntegerField(
        _("minimum number of endorsers"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ENDORSERS)],
    )
    min_leaders = models.PositiveSmallIntegerField(
        _("of whom initiative leaders, at least"),
        default=0,
        validators=[MaxValueValidator(MAX_ENDORSERS)],
    )

    class Meta:
        verbose_name = _("badge rule")
        verbose_name_plural = _("badge rules")
        ordering = ["badge_class", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "competence"],
                name="badges_badgerule_one_per_competence",
                violation_error_message=_("This badge already has a rule for this competence."),
            ),
            models.CheckConstraint(
                condition=Q(min_level__gte=1) & Q(min_level__lte=MAX_LEVEL),
                name="badges_badgerule_level_in_range",
                violation_error_message=_("Choose a level of the scale."),
            ),
            models.CheckConstraint(
                condition=Q(min_endorsers__gte=1),
                name="badges_badgerule_endorsers_positive",
                violation_error_message=_("At least one person must endorse the competence."),
            ),
            models.CheckConstraint(
                condition=Q(min_leaders__lte=F("min_endorsers")),
                name="badges_badgerule_leaders_within_endorsers",
                violation_error_message=_(
                    "The leaders are counted among the endorsers: "
                    "there cannot be more leaders than endorsers."
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.competence_id} ≥ {self.min_level} "
            f"({self.min_endorsers} endorsers, {self.min_leaders} leaders)"
        )
