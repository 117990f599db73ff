"""Reference data for tests that import the shipped files without the 35,000 communes."""

from __future__ import annotations

from grappe.territories.reference import reference_load


def load_reference_subset() -> None:
    """France, its régions and départements and the NAF/NACE codes: all the shipped seed files
    need (they name no commune, canton or EPCI), in a second instead of a full load's ten."""
    reference_load(down_to="departements")
