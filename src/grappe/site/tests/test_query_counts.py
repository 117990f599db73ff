"""The home page's lists (networks by kind, recent changes) cost as many queries for three
items as for one."""

import itertools

import pytest
from django.urls import reverse

from grappe.directory import services
from grappe.directory.models import NetworkKind
from grappe.testing.queries import one_versus_three

pytestmark = pytest.mark.django_db

_serial = itertools.count()
KINDS = iter([NetworkKind.CLUSTER, NetworkKind.BUSINESS_CLUB, NetworkKind.EMPLOYER_GROUP])


def test_home_page_kinds_and_changes(client, admin_user):
    def network():  # a network of a new kind, created through its service: logged
        n = next(_serial)
        services.network_create(
            actor=admin_user,
            data={"name": f"Qc réseau {n}", "slug": f"qc-{n}", "kind": next(KINDS)},
        )

    one, three = one_versus_three(
        lambda: client.get(reverse("home")),
        network,
        lambda response: response.content.decode().count("Qc réseau "),
    )
    assert one == three
