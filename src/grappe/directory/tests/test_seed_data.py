"""The shipped seed files of the AIMVER study and of Lot-et-Garonne: they import cleanly and keep
the figures of their sources (shared/seeds 004 and 001)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import grappe.directory
from grappe.datafiles.importer import import_files
from grappe.directory.models import Network, Organisation, Person
from grappe.testing.reference import load_reference_subset

SEED_DIR = Path(grappe.directory.__file__).resolve().parent / "data" / "seed"
FILES = ["territories.json", "aimver.json", "lot_et_garonne.json"]

# One network per association sheet of the AIMVER annex (35 sheets) plus the Aveyron text (R 34).
AIMVER_SHEETS = {
    "R 11": ["wissembourg-chefs-entreprise", "niederbronn-club-entreprendre", "giv-haute-bruche"],
    "R 12": ["mecanergie", "knitland"],
    "R 13": ["vimeu-chambre-syndicale"],
    "R 14": ["meito"],
    "R 15": ["semvam-vallee-de-l-arve"],
    "R 16": ["cotiere-plaine-de-l-ain"],
    "R 17": ["palaiseau-audace-et-entreprise"],
    "R 21": ["adibe-le-vigan", "route-du-textile-cevennes", "pole-metal-performance"],
    "R 22": ["cher-acteurs-sa", "cher-capteurs-automatismes", "cite-de-l-or-saint-amand"],
    "R 23": ["saint-laurent-de-chamousset-club-des-decideurs"],
    "R 24": ["antigny-entreprises"],
    "R 25": [
        "club-de-developpement-du-pays-sabolien",
        "club-des-entreprises-du-pays-flechois",
        "club-du-maine-normand",
        "club-du-plateau-calaisien",
    ],
    "R 26": ["club-des-entreprises-de-gatine"],
    "R 27": [
        "club-des-industriels-du-pays-de-broceliande",
        "club-des-entreprises-du-pays-de-ploermel",
    ],
    "R 28": ["comite-de-bassin-d-emploi-est-charente"],
    "R 31": [
        "privas-entreprendre",
        "association-des-chefs-d-entreprises-du-bassin-d-annonay",
        "acti-teil",
    ],
    "R 32": [
        "groupe-initiative-dioise",
        "club-des-entreprises-du-canton-de-dieulefit",
        "activ-zi-crest",
    ],
    "R 33": ["uvea-avallonnais", "ceam-morvan"],
    "R 34": ["plates-formes-d-initiative-de-l-aveyron"],
    "R 35": ["expansud-auberive"],
}
CLUSTERS_47 = [
    "cluster-bois-et-energie-du-fumelois",
    "cluster-cinema-et-economie-creative",
    "cluster-demain",
    "cluster-eau-et-adaptation-au-changement-climatique",
    "cluster-eclair",
    "cluster-fruits-et-legumes-nutrition-sante",
    "cluster-inoo",
    "cluster-les-plantes-au-service-des-plantes",
    "cluster-machinisme-agricole",
    "cluster-pain-bio-local",
]
# Seed 001: the table of the CCI's industrial groupings (members, employees).
GROUPINGS_47 = {
    "prodiaa": (38, 2300),
    "sotra": (36, 1800),
    "promobois": (29, 1300),
    "gascogne-environnement": (139, 11000),
    "ciel-47": (40, 2000),
    "adebag": (114, 50000),
}


@pytest.fixture
def seeded(db):
    load_reference_subset()
    return import_files([SEED_DIR / name for name in FILES])


def _network(slug: str) -> Network:
    return Network.objects.get(slug=slug)


def test_files_follow_the_format_header():
    for name in FILES[1:]:
        doc = json.loads((SEED_DIR / name).read_text(encoding="utf-8"))
        assert doc["format"] == "grappe" and doc["version"] == 1
        assert doc["networks"] and doc["organisations"] and "people" not in doc


def test_no_contact_details_are_shipped():
    phone = re.compile(r"\b0\d[ .-]?\d\d[ .-]?\d\d[ .-]?\d\d[ .-]?\d\d\b")
    for name in FILES:
        text = (SEED_DIR / name).read_text(encoding="utf-8")
        assert not phone.search(text), name
        assert "@" not in text, name


@pytest.mark.django_db
def test_import_is_complete_and_idempotent(seeded):
    assert seeded.counts["networks"].created == 62 + 21
    again = import_files([SEED_DIR / name for name in FILES])
    for kind, counts in again.counts.items():
        assert counts.created == 0 and counts.updated == 0, kind
    assert not Person.objects.exists()


def _check_every_aimver_sheet_is_a_network():
    slugs = [slug for sheet in AIMVER_SHEETS.values() for slug in sheet]
    assert len(slugs) == 36  # 35 sheets and the Aveyron text
    found = Network.objects.filter(slug__in=slugs)
    assert found.count() == 36
    for network in found:
        assert network.source.startswith("AIMVER study for DATAR, 1998"), network.slug
        assert network.perimeter.exists(), network.slug
    assert Network.objects.filter(source__startswith="AIMVER").count() == 62


def _check_aimver_budgets_dues_and_staff_in_french_francs():
    meito = _network("meito")
    assert (meito.budget_amount, meito.budget_currency) == (Decimal("2700000"), "FRF")
    assert meito.staff_fte == 6 and meito.founded_year == 1982
    assert (meito.reported_members, meito.reported_employees) == (120, 10000)
    assert sorted(meito.perimeter.values_list("key", flat=True)) == ["region:52", "region:53"]
    shares = {f.kind: f.share_percent for f in meito.financing.all()}
    assert shares["dues"] == shares["services"] == 50

    vimeu = _network("vimeu-chambre-syndicale")
    assert (vimeu.budget_amount, vimeu.budget_currency) == (Decimal("8000000"), "FRF")
    assert (vimeu.reported_members, vimeu.reported_employees) == (100, 8000)
    assert vimeu.legal_status == "employers_union"

    wissembourg = _network("wissembourg-chefs-entreprise")
    assert (wissembourg.dues_amount, wissembourg.dues_currency) == (Decimal("2000"), "FRF")
    assert wissembourg.founded_year == 1987

    ain = _network("cotiere-plaine-de-l-ain")
    assert ain.budget_amount == Decimal("600000")
    assert ain.financing.count() == 3

    metal = _network("pole-metal-performance")
    assert metal.budget_amount == Decimal("200000")
    assert (metal.reported_members, metal.reported_employees) == (11, 200)
    assert set(metal.parents.values_list("slug", flat=True)) == {"vi-ganges"}

    gatine = _network("club-des-entreprises-de-gatine")
    assert (gatine.founded_year, gatine.budget_amount) == (1976, Decimal("135000"))
    assert (gatine.reported_members, gatine.reported_employees) == (210, 5000)


def _check_aimver_branches_and_platforms():
    assert _network("knitland").branch_scope == "single"
    assert set(_network("knitland").branches.values_list("code", flat=True)) == {"13", "14"}
    assert _network("club-de-developpement-du-pays-sabolien").branch_scope == "multiple"
    aveyron = _network("plates-formes-d-initiative-de-l-aveyron")
    assert set(aveyron.children.values_list("slug", flat=True)) == {
        "plates-formes-d-initiative-cci-rodez",
        "plates-formes-d-initiative-cci-millau",
    }
    vendee = _network("vendee-associations-chefs-entreprise")
    assert vendee.children.count() == 17


def _check_lot_et_garonne_groupings_keep_the_source_table():
    for slug, (members, employees) in GROUPINGS_47.items():
        network = _network(slug)
        assert (network.reported_members, network.reported_employees) == (members, employees)
        assert network.reported_year == 2015
    first_five = Network.objects.filter(slug__in=list(GROUPINGS_47)).exclude(slug="adebag")
    assert sum(n.reported_members for n in first_five) == 282
    assert sum(n.reported_employees for n in first_five) == 18400
    everything = Network.objects.filter(slug__in=list(GROUPINGS_47))
    assert sum(n.reported_members for n in everything) == 396
    assert sum(n.reported_employees for n in everything) == 68400


def _check_interclustering_47_is_the_parent_of_the_clusters_47():
    inter = _network("interclustering-47")
    assert inter.kind == "inter_cluster"
    children = set(inter.children.values_list("slug", flat=True))
    assert set(CLUSTERS_47) <= children
    assert {"prodiaa", "sotra", "promobois", "etic-47"} <= children
    for slug in ("prodiaa", "sotra", "promobois", "interclustering-47"):
        assert Network.objects.filter(slug=slug).exists()
    cci = Organisation.objects.get(slug="cci-lot-et-garonne")
    assert cci.kind == "chamber"
    assert cci.memberships.filter(network=inter, membership_type="partner").exists()


def _check_south_aquitaine_training_programme():
    adec = _network("adec-territorial-inter-clusters-sud-aquitaine")
    assert (adec.budget_amount, adec.budget_currency, adec.budget_year) == (
        Decimal("120000"),
        "EUR",
        2013,
    )
    assert "12 training modules" in adec.achievements
    assert "650" in adec.achievements
    assert set(adec.children.values_list("slug", flat=True)) == {"eurosima-cluster"}


@pytest.mark.django_db
def test_aimver_facts(seeded):
    _check_every_aimver_sheet_is_a_network()
    _check_aimver_budgets_dues_and_staff_in_french_francs()
    _check_aimver_branches_and_platforms()


@pytest.mark.django_db
def test_lot_et_garonne_facts(seeded):
    _check_lot_et_garonne_groupings_keep_the_source_table()
    _check_interclustering_47_is_the_parent_of_the_clusters_47()
    _check_south_aquitaine_training_programme()
