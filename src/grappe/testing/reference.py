"""Reference data for tests that import the shipped files without the 35,000 communes."""

from __future__ import annotations

from django.utils import timezone

from grappe.territories import reference


def load_reference_subset() -> None:
    """France, its régions and départements and the NAF/NACE codes: all the shipped seed files
    need (they name no commune, canton or EPCI), in a second instead of a full load's ten."""
    ids: dict[str, int] = {}
    now = timezone.now()
    levels = reference._geography_rows()[:3]
    for step, rows in zip(reference.LEVEL_STEPS[:3], levels, strict=True):
        reference._upsert_territories(step, rows, ids, None, now)
    reference._upsert_activities(None)
