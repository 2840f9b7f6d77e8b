"""The ROME 4.0 of France Travail: savoir-être, job sheets, job titles (reference data).

Loaded from ``competences/data/rome/`` by ``manage.py load_rome`` (docs/rome.md); not part of
a framework version. A framework version relates its competences to savoir-être through
:class:`~competences.models.ExternalAlignment` rows whose ``target_framework`` is
``ROME 4.0`` (the crosswalk), so that they are versioned, published and exported with it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RomeSoftSkill(models.Model):
    """One of the 16 savoir-être professionnels (a macro-competence of the ROME 4.0)."""

    code = models.CharField(_("code OGR"), max_length=12, primary_key=True)
    macro_code = models.CharField(_("macro-competence code"), max_length=12)
    label = models.CharField(_("label"), max_length=300)
    definition = models.TextField(_("definition"))
    sheet_count = models.PositiveIntegerField(_("job sheets that ask for it"), default=0)

    class Meta:
        verbose_name = _("ROME savoir-être")
        verbose_name_plural = _("ROME savoir-être")
        ordering = ["macro_code"]

    def __str__(self) -> str:
        return f"{self.macro_code} {self.label}"


class RomeJobSheet(models.Model):
    """A job sheet (fiche métier) of the ROME 4.0, e.g. M1601."""

    code = models.CharField(_("ROME code"), max_length=8, primary_key=True)
    label = models.CharField(_("label"), max_length=300)
    grand_domain_code = models.CharField(_("grand domaine code"), max_length=2, db_index=True)
    grand_domain_label = models.CharField(_("grand domaine"), max_length=300)
    domain_code = models.CharField(_("domaine professionnel code"), max_length=4)
    domain_label = models.CharField(_("domaine professionnel"), max_length=300)
    #: How many savoir-être the sheet asks for (the links below, counted by the loader).
    soft_skill_count = models.PositiveSmallIntegerField(_("savoir-être asked for"), default=0)
    soft_skills = models.ManyToManyField(
        RomeSoftSkill,
        through="RomeJobSheetSoftSkill",
        related_name="job_sheets",
        verbose_name=_("savoir-être asked for"),
    )

    class Meta:
        verbose_name = _("ROME job sheet")
        verbose_name_plural = _("ROME job sheets")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class RomeJobSheetSoftSkill(models.Model):
    """A savoir-être a job sheet asks for (the ROME link table, bloc 5 / rubrique 2)."""

    sheet = models.ForeignKey(RomeJobSheet, on_delete=models.CASCADE, related_name="links")
    soft_skill = models.ForeignKey(RomeSoftSkill, on_delete=models.CASCADE, related_name="links")

    class Meta:
        verbose_name = _("savoir-être of a job sheet")
        verbose_name_plural = _("savoir-être of job sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "soft_skill"], name="competences_rome_sheet_skill_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["soft_skill", "sheet"], name="competences_rome_skill_sheet")
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} {self.soft_skill_id}"


class RomeJobTitle(models.Model):
    """A job title (appellation) of the ROME 4.0 and the job sheet it belongs to."""

    code = models.CharField(_("code OGR"), max_length=12, primary_key=True)
    label = models.CharField(_("label"), max_length=300)
    sheet = models.ForeignKey(
        RomeJobSheet, verbose_name=_("job sheet"), on_delete=models.CASCADE, related_name="titles"
    )
    # Normalised words of the label and the codes (competences/search_text.py).
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("ROME job title")
        verbose_name_plural = _("ROME job titles")
        ordering = ["label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.sheet_id})"
