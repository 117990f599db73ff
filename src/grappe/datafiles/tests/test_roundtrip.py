"""Export, then import into an empty database, gives the same data back."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from grappe.activities.models import Activity
from grappe.audit.models import ChangeLogEntry
from grappe.datafiles.exporter import export_all
from grappe.datafiles.importer import import_files
from grappe.datafiles.tests.samples import ALL_MODELS, counts
from grappe.directory.models import (
    FinancingSource,
    Membership,
    MembershipDues,
    Network,
    OfferNeed,
    Organisation,
    Person,
)
from grappe.territories.models import Territory

pytestmark = pytest.mark.django_db

FILES = [
    "grappe.json",
    "territories.csv",
    "organisations.csv",
    "people.csv",
    "memberships.csv",
    "offers_needs.csv",
]


def build_dataset() -> None:
    """A varied data set written with the ORM, as the pages would have left it."""
    t = Territory.objects.create
    region = t(key="region:44", level="region", code="44", name="Grand Est")
    bas_rhin = t(
        key="departement:67",
        level="departement",
        code="67",
        name="Bas-Rhin",
        parent=region,
        population=1_140_939,
        population_year=2020,
        area_km2=Decimal("4755.00"),
        cantons_count=23,
        establishments_0_9=60000,
        establishments_10_49=5000,
        establishments_50_249=900,
        establishments_250_plus=150,
        establishments_year=2021,
        description="Département du nord de l'Alsace.\nDeuxième ligne, « guillemets », virgules.",
        source="INSEE, COG 2024",
    )
    wissembourg = t(
        key="employment_area:wissembourg",
        level="employment_area",
        name="Wissembourg",
        parent=bas_rhin,
    )
    t(key="commune:67544", level="commune", code="67544", name="Wissembourg", parent=wissembourg)
    t(key="custom:outre-forêt", level="custom", name="Outre-Forêt", country="FR")
    t(key="country:DE", level="country", code="DE", name="Deutschland", country="DE")

    code = Activity.objects.create
    code(code="C", level="section", label_fr="Industrie manufacturière")
    code(code="22", level="division", label_fr="Caoutchouc et plastique", parent_id="C")
    code(code="22.2", level="group", label_fr="Produits en plastique", parent_id="22")
    code(code="22.29A", level="subclass", label_fr="Pièces techniques en plastique")

    o = Organisation.objects.create
    plasturgie = o(
        name="Plasturgie du Nord Alsace",
        slug="plasturgie-nord-alsace",
        kind="company",
        legal_form="SAS",
        activity_id="22.29A",
        size_band="50_249",
        employees=120,
        territory=wissembourg,
        address="3 rue de l'Industrie",
        postcode="67160",
        city="Wissembourg",
        website="https://plasturgie.example.fr/",
        description='Injection "haute précision", pièces techniques',
        source="Annuaire CCI 2015",
    )
    lycee = o(name="Lycée Stanislas", slug="lycee-stanislas", kind="research_training")
    cci = o(name="CCI Alsace", slug="cci-alsace", kind="chamber", published=False, country="FR")
    o(name="Kunststoff GmbH", slug="kunststoff", kind="company", country="DE", employees=0)

    p = Person.objects.create
    p(
        ref="p-aa0001",
        first_name="Élise",
        last_name="Muller",
        role="Directrice",
        organisation=plasturgie,
        email="elise@plasturgie.example.fr",
        phone="+33 3 88 00 00 00",
        contact_consent=True,
    )
    p(ref="p-aa0002", last_name="Schmitt", organisation=lycee, email="s@lycee.example.fr")
    p(ref="p-aa0003", first_name="Jean", last_name="Sans-Organisation")

    n = Network.objects.create
    alsace = n(name="Alsace Clusters", slug="alsace-clusters", kind="inter_cluster")
    grand_est = n(name="Réseau Grand Est", slug="reseau-grand-est", kind="other", published=False)
    club = n(
        name="Club des entreprises de Wissembourg",
        slug="club-wissembourg",
        acronym="CEW",
        kind="lps",
        founded_year=1992,
        founding_stages="1992 : création.\n1996 : labellisation SPL.",
        perimeter_description="Le canton de Wissembourg et ses environs",
        origin="La CCI et dix chefs d'entreprise",
        legal_status="association",
        legal_status_detail="association de droit local",
        branch_scope="multiple",
        branches_description="Plasturgie, mécanique",
        composition="PME industrielles",
        governance="Conseil d'administration de 12 membres",
        staff_fte=Decimal("1.50"),
        staff_description="Un animateur à temps plein, une assistante à mi-temps",
        budget_amount=Decimal("2700000.00"),
        budget_currency="FRF",
        budget_year=1997,
        budget_description="Budget de fonctionnement",
        dues_amount=Decimal("2000.00"),
        dues_currency="FRF",
        dues_description="par entreprise et par an",
        relations_with_institutions="Conventions avec la Région",
        objectives="Mutualiser les achats",
        achievements="Groupement d'achat d'énergie",
        evaluation="Positive",
        outlook="Ouverture vers l'Allemagne",
        needs="Un second animateur",
        reported_members=38,
        reported_employees=2300,
        reported_year=1997,
        source="AIMVER study for DATAR, 1998, sheet R 11",
    )
    club.perimeter.set([bas_rhin, wissembourg])
    club.branches.set(["22", "22.29A"])
    club.parents.set([alsace, grand_est])
    alsace.parents.set([grand_est])
    n(name="Club sans budget", slug="club-sans-budget", kind="business_club", budget_currency="FRF")
    f = FinancingSource.objects.create
    f(network=club, kind="public", funder="DATAR", share_percent=Decimal("50.00"))
    f(
        network=club,
        kind="dues",
        share_percent=Decimal("30"),
        amount=Decimal("810000"),
        currency="FRF",
        year=1997,
        note="38 firms",
    )
    f(network=club, kind="other", currency="FRF")

    m = Membership.objects.create
    founding = m(
        organisation=plasturgie,
        network=club,
        membership_type="founding",
        role="president",
        since=dt.date(1992, 5, 4),
        renewal_date=dt.date(2016, 1, 1),
        note="membre fondateur",
    )
    MembershipDues.objects.create(
        membership=founding, year=1997, amount=Decimal("2000"), currency="FRF", paid=True
    )
    MembershipDues.objects.create(membership=founding, year=2015, amount=Decimal("300.50"))
    m(organisation=plasturgie, network=club, since=dt.date(1980, 1, 1), until=dt.date(1985, 1, 1))
    m(organisation=lycee, network=club, membership_type="partner")
    m(organisation=cci, network=alsace, role="board", since=dt.date(2001, 1, 1))

    on = OfferNeed.objects.create
    on(
        organisation=plasturgie,
        direction="offer",
        kind="production_capacity",
        title="Presses à injecter disponibles",
        description="Deux presses de 200 t, le week-end",
        activity_id="22.29A",
        territory=bas_rhin,
    )
    on(organisation=plasturgie, direction="need", kind="staff_sharing", title="Régleur partagé")
    on(organisation=lycee, direction="offer", kind="competence", title="Formation", published=False)


def flush() -> None:
    for model in reversed(ALL_MODELS):
        model.objects.all().delete()
    ChangeLogEntry.objects.all().delete()
    assert all(n == 0 for n in counts().values())


def read(directory):
    return {name: (directory / name).read_bytes() for name in FILES}


def test_round_trip_through_json(tmp_path):
    build_dataset()
    before = counts()
    first = export_all(tmp_path / "a")
    assert first["files"] == FILES
    assert first["counts"] == {
        "territories": 6,
        "organisations": 4,
        "people": 3,
        "networks": 4,
        "memberships": 4,
        "offers_needs": 3,
    }

    flush()
    report = import_files([tmp_path / "a" / "grappe.json"])
    assert counts() == before
    assert sum(c.created for c in report.counts.values()) == sum(first["counts"].values())
    export_all(tmp_path / "b")

    assert read(tmp_path / "b") == read(tmp_path / "a")
    # Importing the export over the same data changes nothing.
    again = import_files([tmp_path / "b" / "grappe.json"])
    assert all(c.created == c.updated == 0 for c in again.counts.values())


def test_export_format(tmp_path):
    build_dataset()
    export_all(tmp_path)
    doc = json.loads((tmp_path / "grappe.json").read_text(encoding="utf-8"))

    assert (doc["format"], doc["version"]) == ("grappe", 1)
    club = next(n for n in doc["networks"] if n["slug"] == "club-wissembourg")
    assert club["budget"] == {
        "amount": "2700000",
        "currency": "FRF",
        "year": 1997,
        "description": "Budget de fonctionnement",
    }
    assert club["staff_fte"] == "1.5"
    assert club["perimeter"] == ["departement:67", "employment_area:wissembourg"]
    assert club["parents"] == ["alsace-clusters", "reseau-grand-est"]
    assert club["financing"] == [
        {"kind": "public", "funder": "DATAR", "share_percent": "50"},
        {
            "kind": "dues",
            "share_percent": "30",
            "amount": "810000",
            "currency": "FRF",
            "year": 1997,
            "note": "38 firms",
        },
        {"kind": "other", "currency": "FRF"},
    ]
    assert next(n for n in doc["networks"] if n["slug"] == "club-sans-budget") == {
        "slug": "club-sans-budget",
        "name": "Club sans budget",
        "kind": "business_club",
        "legal_status": "unknown",
        "branch_scope": "unknown",
        "budget": {"currency": "FRF"},
        "published": True,
    }
    # Sorted by key (organisation, network, since); a missing `since` sorts first.
    assert [m.get("since") for m in doc["memberships"]] == [
        "2001-01-01",
        None,
        "1980-01-01",
        "1992-05-04",
    ]
    person = next(p for p in doc["people"] if p["ref"] == "p-aa0003")
    assert person == {
        "ref": "p-aa0003",
        "first_name": "Jean",
        "last_name": "Sans-Organisation",
        "contact_consent": False,
    }
    territories = (tmp_path / "territories.csv").read_text(encoding="utf-8").splitlines()
    assert territories[0] == (
        "key,level,code,name,country,parent,population,population_year,area_km2,cantons_count,"
        "establishments_0_9,establishments_10_49,establishments_50_249,establishments_250_plus,"
        "establishments_year,description,source"
    )


def test_round_trip_through_csv(tmp_path):
    """The flat tables (plus the networks, which come only in JSON) give the same data back."""
    build_dataset()
    export_all(tmp_path / "a")
    doc = json.loads((tmp_path / "a" / "grappe.json").read_text(encoding="utf-8"))
    networks = tmp_path / "networks.json"
    networks.write_text(
        json.dumps({"format": "grappe", "version": 1, "networks": doc["networks"]}),
        encoding="utf-8",
    )

    flush()
    csv_files = [tmp_path / "a" / name for name in reversed(FILES[1:])]  # any order
    report = import_files([*csv_files, networks])
    assert report.counts["memberships"].created == 4
    export_all(tmp_path / "b")

    first, second = read(tmp_path / "a"), read(tmp_path / "b")
    for name in FILES[1:]:
        assert second[name] == first[name], name
    # The CSV tables carry no membership dues: everything else is the same.
    for membership in doc["memberships"]:
        membership.pop("dues", None)
    assert json.loads(second["grappe.json"]) == doc


def test_commands(tmp_path, write_json, capsys):
    build_dataset()
    call_command("export_data", str(tmp_path / "out"))
    assert "territories: 6" in capsys.readouterr().out

    flush()
    call_command("import_data", str(tmp_path / "out" / "grappe.json"), "--dry-run")
    out = capsys.readouterr().out
    assert "organisations: 4 created, 0 updated, 0 unchanged" in out
    assert "dry run: nothing was written" in out
    assert Organisation.objects.count() == 0

    call_command("import_data", str(tmp_path / "out" / "grappe.json"))
    assert "networks: 4 created" in capsys.readouterr().out
    assert Network.objects.count() == 4

    bad = write_json(
        {
            "organisations": [
                {"slug": "x", "name": "X", "kind": "firm"},
                {"slug": "y", "kind": "chamber"},
            ]
        }
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_data", str(bad))
    assert raised.value.returncode == 1
    assert capsys.readouterr().err.splitlines() == [
        f'{bad}: organisations[0] (slug "x"): field "kind": unknown value "firm" (expected one of: '
        "company, research_training, public_body, chamber, service_provider, association)",
        f'{bad}: organisations[1] (slug "y"): field "name": missing (required)',
    ]
