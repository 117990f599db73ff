"""The shipped reference geography and nomenclature, loaded for real into the test database."""

import pytest

from grappe.activities import nomenclature
from grappe.activities.models import Activity
from grappe.territories.models import Territory
from grappe.territories.reference import commune_cantons, reference_load


@pytest.mark.django_db
def test_reference_load_gives_the_whole_geography_and_is_idempotent():
    steps: list[str] = []
    counts = reference_load(progress=lambda step, done, total: steps.append(step))

    assert counts["regions"]["total"] == Territory.objects.filter(level="region").count() == 18
    assert Territory.objects.filter(level="departement").count() == 101
    assert Territory.objects.filter(level="commune").count() > 34_000
    assert Territory.objects.filter(level="intercommunality").count() > 1_200
    assert Territory.objects.filter(level="canton").count() > 2_000
    assert {"regions", "communes"} <= set(steps)  # progress is reported for the long steps

    agen = Territory.objects.select_related("parent__parent").get(key="commune:47001")
    assert agen.name == "Agen"
    assert agen.parent.key == "departement:47"
    assert agen.parent.parent.key == "region:75"
    assert agen.population > 30_000 and agen.area_km2 > 10
    lot_et_garonne = agen.parent
    assert lot_et_garonne.cantons_count == 21

    # Every NAF code with its chain of parents.
    sub_class = Activity.objects.get(code="26.11Z")
    assert sub_class.parent_id == "26.11"
    assert Activity.objects.count() == len(nomenclature.codes())

    again = reference_load()
    assert again["communes"]["created"] == again["communes"]["updated"] == 0
    assert again["activities"]["created"] == 0


def test_commune_to_canton_table():
    cantons = commune_cantons("47001")
    assert cantons and all(code.startswith("47") for code, _share in cantons)
