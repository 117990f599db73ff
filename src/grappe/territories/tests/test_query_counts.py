"""Territory lists, page and API, cost as many queries for three items as for one."""

import itertools

import pytest
from django.urls import reverse

from grappe.testing.factories import TerritoryFactory
from grappe.testing.queries import one_versus_three

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _territory():
    """A territory inside another one, as the list shows its parent."""
    TerritoryFactory(name=f"Qc canton {next(_serial)}", level="canton", parent=TerritoryFactory())


def test_territory_list_page(client):
    one, three = one_versus_three(
        lambda: client.get(reverse("territory-list"), {"q": "qc canton"}),
        _territory,
        lambda response: response.content.decode().count(">Qc canton "),
    )
    assert one == three


def test_api_territories(client):
    one, three = one_versus_three(
        lambda: client.get("/api/territories", {"q": "qc canton"}),
        _territory,
        lambda response: len(response.json()["items"]),
    )
    assert one == three


def test_territory_sheet_children_and_networks(client, network):
    parent = TerritoryFactory(name="Département")
    network.perimeter.add(parent)

    def child():
        TerritoryFactory(name=f"Qc canton {next(_serial)}", level="canton", parent=parent)

    one, three = one_versus_three(
        lambda: client.get(reverse("territory-detail", args=[parent.key])),
        child,
        lambda response: response.content.decode().count(">Qc canton "),
    )
    assert one == three


def test_territory_suggestions(client):
    one, three = one_versus_three(
        lambda: client.get(reverse("territory-suggest"), {"q": "qc canton"}),
        _territory,
        lambda response: response.content.decode().count("<option"),
    )
    assert one == three
