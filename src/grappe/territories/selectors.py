"""Reads on territories."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grappe.core.search import normalise
from grappe.territories import maps
from grappe.territories.density import DensityClass, DensityResult, classify_density
from grappe.territories.models import Territory, TerritoryLevel


def territory_with_descendants(territory: Territory) -> list[int]:
    """Ids of the territory and all territories below it (a few queries, one per level)."""
    ids = [territory.pk]
    frontier = [territory.pk]
    while frontier:
        frontier = list(
            Territory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def territory_list(
    *, query: str = "", level: str = "", parent: Territory | None = None
) -> QuerySet[Territory]:
    qs = Territory.objects.select_related("parent")
    for word in normalise(query).split():
        qs = qs.filter(search_text__contains=word)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.order_by("level", "name", "pk")


def territory_density(*, territory: Territory) -> DensityResult:
    return classify_density(territory.density_facts())


def territory_ancestors(*, territory: Territory) -> list[Territory]:
    chain: list[Territory] = []
    current = territory.parent
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


MEASURE_LABELS = {
    "inhabitants_per_km2": gettext_lazy("inhabitants per km²"),
    "firms_per_canton": gettext_lazy("firms per canton"),
    "firms_10_plus_per_canton": gettext_lazy("firms of 10+ staff per canton"),
}
MISSING_LABELS = {
    "population": gettext_lazy("population"),
    "area_km2": gettext_lazy("area"),
    "cantons": gettext_lazy("number of cantons"),
    "firms": gettext_lazy("establishment counts"),
    "firms_10_plus": gettext_lazy("counts of establishments of 10+ staff"),
}


def density_explanation(result: DensityResult) -> dict[str, object]:
    """The density class with a sentence saying why, and each threshold test, ready to show."""
    if result.klass in (DensityClass.T1, DensityClass.T2, DensityClass.T3):
        label = result.klass.value
        summary = _("Class %(klass)s: every threshold of the class is met.") % {"klass": label}
    elif result.klass is DensityClass.BETWEEN:
        label = _("between classes")
        summary = _(
            "No class of the AIMVER study fits: the figures fall in a gap between the "
            "thresholds. The territory is not forced into a class."
        )
    else:
        label = _("unknown")
        missing = ", ".join(str(MISSING_LABELS[m]) for m in result.missing)
        if result.candidates:
            summary = _(
                "Not enough data to decide (missing: %(missing)s); possible: %(classes)s."
            ) % {"missing": missing, "classes": ", ".join(c.value for c in result.candidates)}
        else:
            summary = _("Not enough data to decide (missing: %(missing)s).") % {"missing": missing}
    rows = []
    for c in result.criteria:
        if c.klass is DensityClass.T1:
            rule = _("more than %(n)s") % {"n": f"{c.low:g}"}
        elif c.klass is DensityClass.T3:
            rule = _("fewer than %(n)s") % {"n": f"{c.high:g}"}
        else:
            rule = _("from %(low)s to %(high)s") % {"low": f"{c.low:g}", "high": f"{c.high:g}"}
        rows.append(
            {
                "klass": c.klass.value,
                "measure": MEASURE_LABELS[c.measure],
                "rule": rule,
                "value": None if c.value is None else round(c.value, 1),
                "holds": c.holds,
            }
        )
    return {"klass": result.klass.value, "label": label, "summary": summary, "criteria": rows}


def _departement_codes(territory: Territory) -> list[str]:
    """INSEE codes of the départements a territory lies in or covers (for maps)."""
    if territory.level == TerritoryLevel.COUNTRY and territory.code in ("", "FR"):
        return list(maps.departement_outlines())
    if territory.level == TerritoryLevel.REGION:
        return maps.departements_of_regions([territory.code])
    if territory.level == TerritoryLevel.DEPARTEMENT:
        return [territory.code]
    for t in reversed(territory_ancestors(territory=territory)):  # nearest first
        if t.level == TerritoryLevel.DEPARTEMENT:
            return [t.code]
        if t.level == TerritoryLevel.REGION:
            return maps.departements_of_regions([t.code])
    return []


def perimeter_map(territories: list[Territory]) -> maps.MapPicture | None:
    """A map of the régions a set of territories lies in, their départements highlighted."""
    highlighted: list[str] = []
    for territory in territories:
        highlighted.extend(_departement_codes(territory))
    if not highlighted:
        return None
    outlines = maps.departement_outlines()
    regions = {outlines[code].region for code in highlighted if code in outlines}
    drawn = maps.departements_of_regions(regions) if len(regions) < 13 else list(outlines)
    return maps.outline_map(drawn, highlighted)
