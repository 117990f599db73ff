"""Outline maps: the engine on the shipped outlines, and the pages that show them."""

import pytest
from django.urls import reverse

from grappe.territories import maps
from grappe.testing.factories import NetworkFactory, TerritoryFactory


def test_outline_map_of_a_region_highlights_one_departement():
    aquitaine = maps.departements_of_regions(["75"])
    assert "47" in aquitaine and "33" in aquitaine and "75" not in aquitaine
    picture = maps.outline_map(aquitaine, ["47"])
    assert picture is not None
    assert {s.code for s in picture.shapes} == set(aquitaine)
    assert [s.code for s in picture.shapes if s.highlighted] == ["47"]
    assert 300 < picture.width < 1000 and 300 < picture.height < 1000  # about 5° by 5°
    assert len(picture.view_box.split()) == 4
    lot_et_garonne = next(s for s in picture.shapes if s.code == "47")
    assert lot_et_garonne.path.startswith("M") and lot_et_garonne.path.endswith("Z")


def test_outline_map_leaves_overseas_out_of_mainland_maps_and_knows_nothing_else():
    picture = maps.outline_map(["971", "47"])
    assert picture is not None and [s.code for s in picture.shapes] == ["47"]
    assert maps.outline_map(["nowhere"]) is None


@pytest.mark.django_db
def test_territory_and_network_pages_show_the_map(client):
    region = TerritoryFactory(key="region:75", level="region", code="75", name="Nouvelle-Aquitaine")
    departement = TerritoryFactory(
        key="departement:47", level="departement", code="47", name="Lot-et-Garonne", parent=region
    )
    commune = TerritoryFactory(
        key="commune:47001", level="commune", code="47001", name="Agen", parent=departement
    )
    page = client.get(reverse("territory-detail", args=[commune.key])).content.decode()
    assert "<svg" in page and 'class="on"' in page and "Lot-et-Garonne (47)" in page

    network = NetworkFactory()
    network.perimeter.set([departement])
    page = client.get(reverse("network-detail", args=[network.slug])).content.decode()
    assert page.count('class="on"') == 1 and "Gironde (33)" in page

    elsewhere = TerritoryFactory(key="custom:nowhere", level="custom", name="Nowhere")
    assert (
        "<svg" not in client.get(reverse("territory-detail", args=[elsewhere.key])).content.decode()
    )
