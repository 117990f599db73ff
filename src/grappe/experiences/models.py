"""Cooperation experiences: what a network tried, where, with whom, with what result.

An experience follows the records of the exchange-fair catalogue (2001) and the association
sheets of the AIMVER study: context, objectives, approach and results, strong points and
obstacles, in French and/or English, with its themes, partners (and their funding shares),
keywords and figures, each figure with its source. The fields below `published` are derived
by grappe.experiences.indexing on every write: do not set them by hand.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from grappe.directory.models import CURRENCY_CHOICES
from grappe.experiences.enums import (
    DensityClass,
    FigureKind,
    FigureName,
    Language,
    OriginKind,
    Theme,
)

TEXT_FIELDS = ("context", "objectives", "approach", "strong_points", "obstacles")


def _languages_valid(value: object) -> None:
    allowed = {choice.value for choice in Language}
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValidationError(_("Languages must be a list of: fr, en."), code="invalid")


def _keywords_valid(value: object) -> None:
    if not isinstance(value, list) or any(not isinstance(v, str) or not v.strip() for v in value):
        raise ValidationError(_("Keywords must be a list of words."), code="invalid")
    if any(len(v) > 100 for v in value):
        raise ValidationError(_("A keyword has at most 100 characters."), code="max_length")


class Experience(models.Model):
    ref = models.CharField(
        _("reference"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used by imports, exports and links (e.g. fair2001-07)."),
    )
    network = models.ForeignKey(
        "directory.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    region = models.CharField(_("region"), max_length=120, blank=True)
    period_start = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    period_label = models.CharField(_("period as described"), max_length=100, blank=True)
    context_fr = models.TextField(_("context (French)"), blank=True)
    context_en = models.TextField(_("context (English)"), blank=True)
    objectives_fr = models.TextField(_("objectives (French)"), blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    approach_fr = models.TextField(_("approach and results (French)"), blank=True)
    approach_en = models.TextField(_("approach and results (English)"), blank=True)
    strong_points_fr = models.TextField(_("strong points (French)"), blank=True)
    strong_points_en = models.TextField(_("strong points (English)"), blank=True)
    obstacles_fr = models.TextField(_("obstacles (French)"), blank=True)
    obstacles_en = models.TextField(_("obstacles (English)"), blank=True)
    keywords = models.JSONField(
        _("keywords"), default=list, blank=True, validators=[_keywords_valid]
    )
    languages = models.JSONField(
        _("languages of the record"), default=list, blank=True, validators=[_languages_valid]
    )
    declared_density_class = models.CharField(
        _("density class given by the source"),
        max_length=7,
        blank=True,
        choices=[(c.value, c.label) for c in (DensityClass.T1, DensityClass.T2, DensityClass.T3)],
        help_text=_(
            "How the source classes the territory (AIMVER study); used when the territory's "
            "own figures do not give a class."
        ),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=True)
    # Derived on every write (grappe.experiences.indexing) --------------------------------
    density_class = models.CharField(
        _("density class"),
        max_length=7,
        choices=DensityClass.choices,
        default=DensityClass.UNKNOWN,
        editable=False,
    )
    origin_kind = models.CharField(
        _("origin"), max_length=10, choices=OriginKind.choices, blank=True, editable=False
    )
    firms = models.PositiveIntegerField(_("firms"), null=True, blank=True, editable=False)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True, editable=False)
    theme_codes = models.CharField(max_length=600, blank=True, editable=False)
    sort_title = models.CharField(max_length=300, blank=True, editable=False)
    search_title = models.TextField(blank=True, editable=False)
    search_tags = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    profile_words = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["sort_title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="experience_period_end_after_start",
            ),
        ]
        # No index on the facet columns (country, class, period): they select too many rows to
        # help, and on PostgreSQL they would lure the planner away from the full-text index.
        indexes = [
            models.Index(fields=["sort_title", "id"], name="experience_title_order"),
            # The similar-cases profiles are rebuilt when the last change time moves.
            models.Index(fields=["updated_at"], name="experience_updated_at"),
        ]

    def __str__(self) -> str:
        return self.title or self.ref

    def clean(self) -> None:
        errors = {}
        if not (self.title_fr.strip() or self.title_en.strip()):
            errors["title_fr"] = _("Give a title in French or in English.")
        if self.country and not (len(self.country) == 2 and self.country.isupper()):
            errors["country"] = _("Give an ISO 3166 alpha-2 code such as FR.")
        if (
            self.period_start is not None
            and self.period_end is not None
            and self.period_end < self.period_start
        ):
            errors["period_end"] = _("The period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    # Text in the reader's language, or in the other one when the record lacks it.

    def text_language(self, language: str | None = None) -> str:
        """The language the record is best read in: the one asked for if it has it."""
        wanted = (language or get_language() or "fr")[:2]
        held = [lang for lang in ("fr", "en") if lang in (self.languages or [])]
        held = held or self.held_languages()
        if wanted in held or not held:
            return wanted if wanted in ("fr", "en") else "fr"
        return held[0]

    def held_languages(self) -> list[str]:
        held = [
            lang
            for lang in ("fr", "en")
            if getattr(self, f"title_{lang}")
            or any(getattr(self, f"{name}_{lang}") for name in TEXT_FIELDS)
        ]
        return held

    def localized(self, name: str, language: str | None = None) -> str:
        lang = self.text_language(language)
        other = "en" if lang == "fr" else "fr"
        value: str = getattr(self, f"{name}_{lang}")
        return value or (getattr(self, f"{name}_{other}") if name == "title" else "")

    @property
    def title(self) -> str:
        return self.localized("title")

    def theme_list(self) -> list[str]:
        return self.theme_codes.split()

    @property
    def theme_choices(self) -> list[tuple[str, str]]:
        """(code, label) of the experience's themes, in the catalogue's order."""
        return [(code, str(label)) for code, label in Theme.choices if code in self.theme_list()]


class ExperienceTheme(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=40, choices=Theme.choices)

    class Meta:
        verbose_name = _("theme of an experience")
        verbose_name_plural = _("themes of experiences")
        ordering = ["experience", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["experience", "theme"], name="one_theme_per_experience")
        ]
        indexes = [models.Index(fields=["theme", "experience"])]

    def __str__(self) -> str:
        return self.get_theme_display()


class ExperiencePartner(models.Model):
    """A partner of an experience, with its share of the funding when the source gives it."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="partners")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    share_percent = models.DecimalField(
        _("funding share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["experience", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True)
                | Q(share_percent__gte=0, share_percent__lte=100),
                name="partner_share_0_100",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExperienceFigure(models.Model):
    """A figure (firms, jobs, budget, trainees…) as a typed value, with its source."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("figure"), max_length=20, choices=FigureName.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=FigureKind.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["experience", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_name_display()}: {self.value}"

    def clean(self) -> None:
        errors = {}
        if self.kind == FigureKind.MONEY and not self.currency:
            errors["currency"] = _("An amount of money needs its currency (EUR or FRF).")
        if self.kind != FigureKind.MONEY and self.currency:
            errors["currency"] = _("Only amounts of money have a currency.")
        if self.name == FigureName.OTHER and not self.note.strip():
            errors["note"] = _("Say in the note what this figure counts.")
        if self.kind == FigureKind.PERCENT and self.value is not None and self.value > 100:
            errors["value"] = _("A percentage is at most 100.")
        if self.value is not None and self.value < 0:
            errors["value"] = _("A figure cannot be negative.")
        if errors:
            raise ValidationError(errors)
