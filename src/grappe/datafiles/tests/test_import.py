"""Importing good data: everything created, re-imports update instead of duplicating."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from grappe.audit.models import ChangeLogEntry
from grappe.datafiles import writing
from grappe.datafiles.importer import import_files
from grappe.datafiles.tests.samples import counts, sample
from grappe.directory.models import (
    Membership,
    MembershipDues,
    Network,
    OfferNeed,
    Organisation,
    Person,
)
from grappe.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_json_import_creates_everything(activities, write_json):
    report = import_files([write_json(sample())])

    assert {k: (c.created, c.updated, c.unchanged) for k, c in report.counts.items()} == {
        "territories": (4, 0, 0),
        "organisations": (2, 0, 0),
        "people": (2, 0, 0),
        "networks": (2, 0, 0),
        "memberships": (2, 0, 0),
        "offers_needs": (2, 0, 0),
    }
    agen = Territory.objects.get(key="commune:47001")
    assert agen.parent.key == "departement:47"
    assert agen.parent.parent.key == "region:75"
    dep = agen.parent
    assert dep.area_km2 == Decimal("5361.2")
    assert (dep.establishments_0_9, dep.establishments_50_249) == (20000, None)
    assert dep.country == "FR"

    durand = Organisation.objects.get(slug="decolletage-durand")
    assert durand.activity_id == "25.62A"
    assert durand.territory == agen
    assert durand.published is True
    assert durand.search_text == "decolletage durand sarl 47000 agen"
    assert Organisation.objects.get(slug="cci-47").published is False

    anne = Person.objects.get(ref="p-000001")
    assert anne.organisation == durand
    assert anne.contact_consent and anne.consent_at is not None
    assert Person.objects.get(ref="p-000002").consent_at is None

    meca = Network.objects.get(slug="meca-47")
    assert meca.kind == "lps"
    assert meca.budget_amount == Decimal("2700000") and meca.budget_currency == "FRF"
    assert meca.budget.in_euros().amount == Decimal("411612.35")
    assert meca.dues_description == "per firm and year"
    assert meca.staff_fte == Decimal("1.5")
    assert meca.reported_members == 38
    assert meca.search_text == "mecanique 47 m47"
    assert sorted(meca.perimeter.values_list("key", flat=True)) == [
        "departement:47",
        "employment_area:vallee-du-lot",
    ]
    assert sorted(meca.branches.values_list("code", flat=True)) == ["25", "25.62A"]
    assert list(meca.parents.values_list("slug", flat=True)) == ["aquitaine-industrie"]
    financing = list(meca.financing.order_by("pk").values_list("kind", "funder", "currency"))
    assert financing == [("dues", "", "EUR"), ("public", "DATAR", "FRF")]

    founding = Membership.objects.get(organisation=durand)
    assert (founding.membership_type, founding.role) == ("founding", "president")
    assert founding.since == dt.date(1995, 3, 1)
    dues = list(founding.dues.order_by("year").values_list("year", "amount", "currency", "paid"))
    assert dues == [(1997, Decimal("2000"), "FRF", True), (2015, Decimal("300"), "EUR", False)]
    partner = Membership.objects.get(organisation__slug="cci-47")
    assert (partner.role, partner.since) == ("member", None)

    offer = OfferNeed.objects.get(direction="offer")
    assert (offer.organisation, offer.activity_id, offer.territory) == (durand, "25.62A", dep)


def test_importing_twice_changes_nothing(activities, write_json):
    path = write_json(sample())
    import_files([path])
    before = counts()
    stamps = dict(Organisation.objects.values_list("slug", "updated_at"))
    log_size = ChangeLogEntry.objects.count()

    report = import_files([path])

    assert counts() == before
    assert all(c.created == 0 and c.updated == 0 for c in report.counts.values())
    assert report.counts["territories"].unchanged == 4
    assert dict(Organisation.objects.values_list("slug", "updated_at")) == stamps
    assert ChangeLogEntry.objects.count() == log_size


def test_reimport_updates_in_place(activities, write_json):
    import_files([write_json(sample())])
    ids = dict(Network.objects.values_list("slug", "pk"))
    doc = sample()
    meca = doc["networks"][0]
    meca["name"] = "Mécanique du Lot-et-Garonne"
    meca["perimeter"] = ["departement:47"]
    meca["financing"] = [{"kind": "public", "funder": "Région", "share_percent": "100"}]
    del meca["budget"]
    doc["memberships"][0]["dues"] = [{"year": 2015, "amount": "350", "currency": "EUR"}]
    doc["people"][0]["contact_consent"] = False

    report = import_files([write_json(doc, "v2.json")])

    assert report.counts["networks"].updated == 1
    assert report.counts["networks"].unchanged == 1
    assert report.counts["memberships"].updated == 1
    assert report.counts["people"].updated == 1
    network = Network.objects.get(slug="meca-47")
    assert network.pk == ids["meca-47"]
    assert network.search_text.startswith("mecanique du lot-et-garonne")
    assert list(network.perimeter.values_list("key", flat=True)) == ["departement:47"]
    assert list(network.financing.values_list("funder", flat=True)) == ["Région"]
    assert (network.budget_amount, network.budget_currency, network.budget_year) == (
        None,
        "EUR",
        None,
    )
    # Dues are matched by year; years the file does not list are kept.
    dues = Membership.objects.get(since="1995-03-01").dues.order_by("year")
    assert list(dues.values_list("year", "amount")) == [
        (1997, Decimal("2000")),
        (2015, Decimal("350")),
    ]
    assert MembershipDues.objects.count() == 2
    anne = Person.objects.get(ref="p-000001")
    assert not anne.contact_consent and anne.consent_at is None
    assert Network.objects.count() == 2


def test_files_may_refer_to_each_other_and_to_the_database(activities, write_json):
    Territory.objects.create(key="region:75", level="region", code="75", name="Nouvelle-Aquitaine")
    doc = sample()
    territories = write_json(
        {"territories": [t for t in doc["territories"] if t["key"] != "region:75"]}, "t.json"
    )
    rest = write_json({k: v for k, v in doc.items() if k != "territories"}, "rest.json")

    report = import_files([rest, territories])

    assert report.counts["territories"].created == 3
    assert Territory.objects.get(key="departement:47").parent.key == "region:75"
    assert Network.objects.get(slug="meca-47").perimeter.count() == 2


def test_dry_run_counts_but_writes_nothing(activities, write_json):
    report = import_files([write_json(sample())], dry_run=True)

    assert report.dry_run
    assert report.counts["organisations"].created == 2
    assert all(n == 0 for n in counts().values())
    assert ChangeLogEntry.objects.count() == 0


def test_csv_with_some_columns_leaves_the_others(activities, write_json, write_text):
    import_files([write_json(sample())])
    path = write_text(
        "organisations.csv",
        "slug,name,kind,employees\ndecolletage-durand,Décolletage Durand SA,company,40\n",
    )

    report = import_files([path])

    assert report.counts["organisations"].updated == 1
    durand = Organisation.objects.get(slug="decolletage-durand")
    assert (durand.name, durand.employees, durand.city) == ("Décolletage Durand SA", 40, "Agen")
    assert durand.activity_id == "25.62A"


def test_change_log_one_entry_per_record_for_small_imports(activities, write_json):
    import_files([write_json(sample())])

    entries = ChangeLogEntry.objects.filter(action="imported")
    assert entries.count() == 14
    person_entries = entries.filter(object_type="person")
    assert person_entries.count() == 2 and not any(e.public for e in person_entries)
    assert not entries.get(object_type="organisation", object_label="CCI de Lot-et-Garonne").public

    doc = sample()
    doc["organisations"][1]["city"] = "Agen"
    import_files([write_json(doc, "v2.json")])
    entry = ChangeLogEntry.objects.filter(action="imported").order_by("-id").first()
    assert (entry.object_label, entry.fields) == ("CCI de Lot-et-Garonne", ["city"])


def test_change_log_one_summary_entry_for_big_imports(write_json, monkeypatch):
    monkeypatch.setattr(writing, "LOG_EACH_BELOW", 3)
    orgs = [{"slug": f"firm-{i}", "name": f"Firm {i}", "kind": "company"} for i in range(5)]
    import_files([write_json({"organisations": orgs})])

    entry = ChangeLogEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == ("imported", "organisation", "")
    assert entry.object_label == "5 organisations (5 created, 0 updated)"


def test_only_admins_may_import(write_json):
    user = get_user_model().objects.create_user("someone", password="x")
    path = write_json({"organisations": [{"slug": "a", "name": "A", "kind": "company"}]})
    with pytest.raises(PermissionDenied):
        import_files([path], actor=user)
    admin = get_user_model().objects.create_superuser("boss", password="x")
    import_files([path], actor=admin)
    assert ChangeLogEntry.objects.get().actor == admin
