from decimal import Decimal

import pytest
from django.urls import reverse

from grappe.testing.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_territory_detail_shows_density_class_with_reason(client):
    canton = TerritoryFactory(
        key="canton:x",
        level="canton",
        name="Canton dense",
        population=30_000,
        area_km2=Decimal("100"),
        establishments_0_9=50,
        establishments_10_49=20,
        establishments_50_249=5,
        establishments_250_plus=1,
    )
    response = client.get(reverse("territory-detail", args=[canton.key]))
    assert response.status_code == 200
    assert response.context["density"]["klass"] == "T1"


def test_territory_between_classes_is_labelled_so(client):
    canton = TerritoryFactory(
        key="canton:y",
        level="canton",
        population=3_500,
        area_km2=Decimal("100"),
        establishments_0_9=20,
        establishments_10_49=10,
        establishments_50_249=0,
        establishments_250_plus=0,
    )
    response = client.get(reverse("territory-detail", args=[canton.key]))
    assert response.context["density"]["klass"] == "between"


def test_territory_search_and_level_filter(client):
    TerritoryFactory(name="Lot-et-Garonne", code="47", key="departement:47")
    TerritoryFactory(name="Agen", code="47001", key="commune:47001", level="commune")
    content = client.get(reverse("territory-list"), {"q": "agen", "level": "commune"}).content
    assert b"Agen" in content and b"Lot-et-Garonne" not in content


def test_only_admin_edits_territories(client, manager, admin_user):
    territory = TerritoryFactory()
    client.force_login(manager)
    assert client.get(reverse("territory-edit", args=[territory.key])).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("territory-edit", args=[territory.key])).status_code == 200


def test_territory_suggestions(client):
    TerritoryFactory(name="Wissembourg", key="employment_area:wissembourg", level="employment_area")
    response = client.get(reverse("territory-suggest"), {"q": "wiss"})
    assert b'value="employment_area:wissembourg"' in response.content
