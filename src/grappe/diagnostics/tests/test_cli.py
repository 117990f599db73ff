"""`grappe diagnose …` on the command line."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from grappe.cli import main
from grappe.diagnostics import selectors
from grappe.directory.models import Network
from grappe.testing.factories import MembershipFactory, NetworkFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def networks(db):
    NetworkFactory(
        slug="vimeu",
        name="Chambre syndicale du Vimeu",
        branch_scope="multiple",
        origin="Created by the area's employers themselves; no public body took part.",
        composition="100 firms with more than 10 employees (from 12 to 500).",
        perimeter_description="About 2 cantons of the Somme.",
    )
    NetworkFactory(slug="meito", name="MEITO", branch_scope="single")
    NetworkFactory(slug="secret", name="Secret club", published=False)


def test_diagnose_one_network_as_text(networks, capsys):
    assert main(["diagnose", "vimeu"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Chambre syndicale du Vimeu (vimeu)")
    assert "B2" in out and "Created by the area's employers" in out


def test_diagnose_by_id_or_name_as_json(networks, capsys):
    pk = Network.objects.get(slug="meito").pk
    assert main(["diagnose", str(pk), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["slug"] == "meito"
    assert next(c for c in data["classes"] if c["axis"] == "family")["value"] == "B1"
    assert main(["diagnose", "chambre syndicale", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["slug"] == "vimeu"


def test_diagnose_all_as_json(networks, capsys):
    assert main(["diagnose", "--all", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["slug"] for d in data] == ["vimeu", "meito"]
    assert main(["diagnose", "--all", "--include-unpublished"]) == 0
    assert "secret" in capsys.readouterr().out


def test_unknown_or_hidden_network_fails(networks, capsys):
    assert main(["diagnose", "secret"]) == 1
    assert "No network matches" in capsys.readouterr().err
    assert main(["diagnose"]) == 2


def test_ambiguous_name_lists_the_candidates(networks, capsys):
    NetworkFactory(slug="vimeu-2", name="Chambre syndicale du Vimeu bis")
    assert main(["diagnose", "chambre"]) == 1
    err = capsys.readouterr().err
    assert "vimeu" in err and "vimeu-2" in err


def test_diagnose_all_of_a_territory(networks, capsys):
    dep = TerritoryFactory(key="departement:80", code="80")
    Network.objects.get(slug="vimeu").perimeter.add(dep)
    assert main(["diagnose", "--all", "--territory", "departement:80", "--json"]) == 0
    assert [d["slug"] for d in json.loads(capsys.readouterr().out)] == ["vimeu"]
    assert main(["diagnose", "--all", "--territory", "departement:99"]) == 1


def test_batch_diagnosis_queries_do_not_grow_with_networks(django_assert_num_queries):
    def run() -> int:
        return len(list(selectors.diagnoses(user=AnonymousUser())))

    MembershipFactory(network=NetworkFactory(slug="one"))
    with django_assert_num_queries(5):
        assert run() == 1
    for slug in ("two", "three"):
        MembershipFactory(network=NetworkFactory(slug=slug))
    with django_assert_num_queries(5):
        assert run() == 3
