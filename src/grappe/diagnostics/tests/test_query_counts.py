"""Diagnosis lists cost as many queries for three networks as for one.

Measured (SQLite, each request after an uncounted one) with networks of one perimeter and one
member: before, the report page made 8, 14 and 31 queries with 1, 3 and 20 networks in the
directory (the issue's 9 / 14 / 31 counted a first request), the list 7, 9 and 26, and the
report 34, 38 and 47 with 1, 3 and 10 similar experiences; now 8, 12 and 12 (the report has no
other network to compare with when it is alone), 6, 6 and 6, and 14, 14 and 14.
"""

import itertools

import pytest
from django.urls import reverse

from grappe.diagnostics.models import NetworkAnswers
from grappe.testing.factories import (
    ExperienceFactory,
    MembershipFactory,
    NetworkFactory,
    TerritoryFactory,
)
from grappe.testing.queries import one_versus_three

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _network(territory):
    """A network of `territory` with a member, half of them with saved questionnaire answers."""

    def make():
        n = next(_serial)
        network = NetworkFactory(name=f"Qc club {n}", slug=f"qc-club-{n}", branch_scope="multiple")
        network.perimeter.add(territory)
        MembershipFactory(network=network)
        if n % 2:
            NetworkAnswers.objects.create(network=network, answers={"members": 40})

    return make


@pytest.fixture
def territory(db):
    return TerritoryFactory(population=9000, area_km2=150, level="canton", cantons_count=1)


def test_diagnosis_list_page(client, territory):
    one, three = one_versus_three(
        lambda: client.get(reverse("diagnosis-index")),
        _network(territory),
        lambda response: response.content.decode().count(">Qc club "),
    )
    assert one == three


def test_api_diagnosis_list(client, territory):
    one, three = one_versus_three(
        lambda: client.get("/api/diagnostics/networks"),
        _network(territory),
        lambda response: len(response.json()["items"]),
    )
    assert one == three


def test_report_similar_networks(client, territory):
    base = NetworkFactory(name="Club de base", slug="base", branch_scope="multiple")
    base.perimeter.add(territory)
    one, three = one_versus_three(
        lambda: client.get(reverse("network-diagnosis", args=["base"])),
        _network(territory),
        lambda response: response.content.decode().count('<li><a href="/networks/qc-club-'),
    )
    assert one == three


def test_api_report_similar_networks(client, territory):
    base = NetworkFactory(name="Club de base", slug="base", branch_scope="multiple")
    base.perimeter.add(territory)

    def shown(response):
        similar = response.json()["similar_networks"]
        return sum(1 for s in similar if s["slug"].startswith("qc-club-"))

    one, three = one_versus_three(
        lambda: client.get("/api/diagnostics/networks/base"), _network(territory), shown
    )
    assert one == three


def test_report_similar_experiences(client, territory):
    base = NetworkFactory(name="Club de base", slug="base", objectives="Formation partagée")
    base.perimeter.add(territory)

    def experience():
        ExperienceFactory(
            ref=f"qc-{next(_serial)}",
            title_fr="Formation partagée",
            title_en="Qc shared training",
            network=NetworkFactory(),
            territory=territory,
            themes=["collaborative.training"],
        )

    one, three = one_versus_three(
        lambda: client.get(reverse("network-diagnosis", args=["base"])),
        experience,
        lambda response: response.content.decode().count("Qc shared training"),
    )
    assert one == three
