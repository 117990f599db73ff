"""Experience lists (catalogue, similar cases), pages and API, cost as many queries for three
items as for one."""

import itertools

import pytest
from django.urls import reverse

from grappe.testing.factories import ExperienceFactory, NetworkFactory, TerritoryFactory
from grappe.testing.queries import html_count, one_versus_three

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _experience():
    """A training experience with what the lists show: network, territory, themes, partners."""
    n = next(_serial)
    ExperienceFactory(
        ref=f"qc-{n}",
        title_fr=f"Formation partagée {n}",
        title_en=f"Shared training {n}",
        network=NetworkFactory(),
        territory=TerritoryFactory(),
        themes=["collaborative.training"],
        partners=[{"name": "Région", "share_percent": 40}],
        figures=[{"name": "budget", "kind": "money", "value": 1000, "currency": "EUR"}],
    )


@pytest.fixture
def reader(client, outsider):
    client.force_login(outsider)
    return client


def test_catalogue_page(reader):
    one, three = one_versus_three(
        lambda: reader.get(reverse("experience-list"), {"q": "formation"}),
        _experience,
        html_count('href="/experiences/qc-'),
    )
    assert one == three


def test_api_search(reader):
    def count(response):
        assert response.status_code == 200, response.content
        return len(response.json()["items"])

    one, three = one_versus_three(
        lambda: reader.get("/api/experiences", {"q": "formation"}), _experience, count
    )
    assert one == three


def test_similar_cases_page(reader):
    one, three = one_versus_three(
        lambda: reader.get(reverse("experience-similar"), {"text": "formation partagée"}),
        _experience,
        html_count('href="/experiences/qc-'),
    )
    assert one == three


def test_api_similar_to_a_situation(reader):
    one, three = one_versus_three(
        lambda: reader.get("/api/experiences/similar", {"text": "formation partagée"}),
        _experience,
        lambda response: len(response.json()),
    )
    assert one == three


def test_api_similar_to_an_experience(reader):
    ExperienceFactory(ref="base", title_fr="Formation partagée du bassin")
    one, three = one_versus_three(
        lambda: reader.get("/api/experiences/base/similar"),
        _experience,
        lambda response: len(response.json()),
    )
    assert one == three


def test_sheet_similar_cases(reader):
    ExperienceFactory(ref="base", title_fr="Formation partagée du bassin")
    one, three = one_versus_three(
        lambda: reader.get(reverse("experience-detail", args=["base"])),
        _experience,
        html_count('href="/experiences/qc-'),
    )
    assert one == three
