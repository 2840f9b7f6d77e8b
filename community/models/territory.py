"""Where initiatives are: the French communes (Etalab's administrative division data).

The rows are loaded by ``manage.py load_communes`` from ``community/data/communes/``
(origin and licence in its SOURCES.md); nothing is fetched at run time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """A current French commune, identified by its INSEE code."""

    code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.CharField(_("department"), max_length=3, db_index=True)
    region = models.CharField(_("region"), max_length=3)
    epci_code = models.CharField(
        _("intercommunality (SIREN)"), max_length=9, blank=True, db_index=True
    )
    epci_name = models.CharField(_("intercommunality"), max_length=150, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    postcodes = models.JSONField(_("postcodes"), default=list, blank=True)
    latitude = models.FloatField(_("latitude of the centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude of the centre"), null=True, blank=True)
    # The name without accents, case or punctuation, for matching what people type.
    search_name = models.CharField(max_length=100, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.department})"

    @property
    def has_centre(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def main_postcode(self) -> str:
        return self.postcodes[0] if self.postcodes else ""
