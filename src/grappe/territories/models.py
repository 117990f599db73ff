"""Geographic units: regions, départements, employment areas, cantons, communes, perimeters."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from grappe.territories.density import DensityFacts


class TerritoryLevel(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    DEPARTEMENT = "departement", _("Département (county)")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement")
    EMPLOYMENT_AREA = "employment_area", _("Employment area")
    INTERCOMMUNALITY = "intercommunality", _("Intercommunality")
    CANTON = "canton", _("Canton")
    COMMUNE = "commune", _("Commune")
    CUSTOM = "custom", _("Custom perimeter")


class Territory(models.Model):
    """A geographic unit with the figures the density class and the observatory need.

    `key` is the natural key used by imports and URLs: "<level>:<official code>" where an
    official code exists (e.g. "departement:47", "commune:47001"), else "<level>:<slug>".
    """

    key = models.CharField(_("key"), max_length=120, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=TerritoryLevel.choices)
    code = models.CharField(_("official code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, default="FR")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cantons_count = models.PositiveIntegerField(
        _("number of cantons"),
        null=True,
        blank=True,
        help_text=_("Cantons covered, to express firm counts per canton (1 for a canton)."),
    )
    establishments_0_9 = models.PositiveIntegerField(
        _("establishments 0-9 staff"), null=True, blank=True
    )
    establishments_10_49 = models.PositiveIntegerField(
        _("establishments 10-49 staff"), null=True, blank=True
    )
    establishments_50_249 = models.PositiveIntegerField(
        _("establishments 50-249 staff"), null=True, blank=True
    )
    establishments_250_plus = models.PositiveIntegerField(
        _("establishments 250+ staff"), null=True, blank=True
    )
    establishments_year = models.PositiveSmallIntegerField(
        _("establishments year"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What `search_text` is made of (grappe.core.search), in this order.
    search_fields: ClassVar[tuple[str, ...]] = ("name", "code", "key")

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "code"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name

    @property
    def establishments_total(self) -> int | None:
        bands = self._bands()
        return None if any(b is None for b in bands) else sum(b for b in bands if b is not None)

    @property
    def establishments_10_plus(self) -> int | None:
        bands = self._bands()[1:]
        return None if any(b is None for b in bands) else sum(b for b in bands if b is not None)

    def _bands(self) -> list[int | None]:
        return [
            self.establishments_0_9,
            self.establishments_10_49,
            self.establishments_50_249,
            self.establishments_250_plus,
        ]

    def density_facts(self) -> DensityFacts:
        cantons = 1 if self.level == TerritoryLevel.CANTON else self.cantons_count
        return DensityFacts(
            population=self.population,
            area_km2=self.area_km2,
            firms=self.establishments_total,
            firms_10_plus=self.establishments_10_plus,
            cantons=cantons,
        )
