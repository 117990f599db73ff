"""Import of experiences: JSON data files (through the general importer) and text sheets."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from grappe.audit.models import ChangeLogEntry
from grappe.datafiles.exporter import export_data
from grappe.datafiles.importer import import_files
from grappe.datafiles.report import DataFilesInvalid
from grappe.directory.models import Network
from grappe.experiences.models import Experience
from grappe.experiences.sheetimport import (
    SheetsInvalid,
    import_experience_files,
    import_sheets,
)
from grappe.testing.factories import NetworkFactory, TerritoryFactory

from .test_sheets import SEED_004, TWO_SHEETS

pytestmark = pytest.mark.django_db

RECORD = {
    "ref": "fair2001-07",
    "network": "prodiaa",
    "territory": "departement:47",
    "title_fr": "Formation inter-entreprises",
    "title_en": "Inter-firm training",
    "country": "FR",
    "region": "Aquitaine",
    "period_start": 1995,
    "period_end": 2001,
    "period_label": "since 1995",
    "themes": ["collaborative.training", "interclustering"],
    "context_en": "Agri-food firms of Lot-et-Garonne.",
    "partners": [{"name": "Regional council", "share_percent": "40", "note": ""}],
    "keywords": ["agri-food", "training"],
    "figures": [
        {"name": "firms", "kind": "count", "value": "38", "year": 2001, "source": "EN, exp. 7"},
        {"name": "firms", "kind": "count", "value": "40", "year": 2001, "source": "FR, exp. 7"},
        {"name": "budget", "kind": "money", "value": "120000", "currency": "EUR", "source": "p. 3"},
    ],
    "languages": ["fr", "en"],
    "source": "OECD/DATAR exchange fair catalogue, Paris 2001, experience 7",
}


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(json.dumps({"format": "grappe", "version": 1, **doc}), encoding="utf-8")
    return path


@pytest.fixture
def lot(db):
    return TerritoryFactory(key="departement:47", code="47", name="Lot-et-Garonne")


def test_json_import_with_networks_of_the_same_file(tmp_path, lot):
    path = write(
        tmp_path,
        "fair.json",
        {
            "experiences": [RECORD],
            "networks": [{"slug": "prodiaa", "name": "Prodiaa", "kind": "lps"}],
        },
    )
    report = import_files([path])
    assert "experiences: 1 created, 0 updated, 0 unchanged" in report.lines()
    experience = Experience.objects.get(ref="fair2001-07")
    assert (experience.network.slug, experience.territory.key) == ("prodiaa", "departement:47")
    assert [f.value for f in experience.figures.all()] == [
        Decimal("38.00"),
        Decimal("40.00"),
        Decimal("120000.00"),
    ]
    assert [f.source for f in experience.figures.all()][:2] == ["EN, exp. 7", "FR, exp. 7"]
    assert experience.firms == 38  # the first of the latest figures
    assert experience.partners.get().share_percent == Decimal("40.00")
    assert " prodiaa " in experience.search_title
    assert ChangeLogEntry.objects.filter(object_type="experience", action="imported").count() == 1

    # The same file again changes nothing; a changed record is updated, children replaced.
    assert "experiences: 0 created, 0 updated, 1 unchanged" in import_files([path]).lines()
    changed = dict(RECORD, themes=["collaborative.training"], figures=[], title_en="")
    report = import_files([write(tmp_path, "b.json", {"experiences": [changed]})])
    assert "experiences: 0 created, 1 updated, 0 unchanged" in report.lines()
    experience.refresh_from_db()
    assert (experience.theme_codes, experience.figures.count(), experience.title_en) == (
        "collaborative.training",
        0,
        "",
    )


def test_json_errors_name_file_record_and_field_and_nothing_is_written(tmp_path, lot):
    NetworkFactory(slug="prodiaa")
    bad = [
        RECORD,
        dict(RECORD, ref="fair2001-07"),
        {
            "ref": "x 1",
            "title_fr": "",
            "themes": ["tourism"],
            "period_start": "1995",
            "network": "nowhere",
            "partners": [{"name": "A", "share_percent": "70"}, {"name": "B", "share_percent": 50}],
            "figures": [{"name": "budget", "kind": "money", "value": "12,5"}],
            "colour": "blue",
        },
        {"ref": "y", "title_en": "Y", "figures": [{"name": "budget", "kind": "money", "value": 1}]},
        "not an object",
    ]
    path = write(tmp_path, "bad.json", {"experiences": bad})
    with pytest.raises(DataFilesInvalid) as info:
        import_files([path])
    found = [(e.record.split(" ")[0], e.field) for e in info.value.errors]
    assert found == [
        ("experiences[2]", "colour"),
        ("experiences[2]", "ref"),
        ("experiences[2]", "period_start"),
        ("experiences[2]", "themes.0"),
        ("experiences[2]", "partners"),
        ("experiences[2]", "figures.0.value"),
        ("experiences[3]", "figures.0.currency"),
        ("experiences[4]", ""),
        ("experiences[1]", "ref"),
        ("experiences[2]", "network"),
    ]
    assert all(e.file == str(path) for e in info.value.errors)
    assert not Experience.objects.exists()


def test_model_rules_are_checked_before_writing(tmp_path):
    path = write(
        tmp_path,
        "x.json",
        {
            "experiences": [
                {"ref": "a", "period_start": 2001, "period_end": 1990, "country": "fr"},
                {
                    "ref": "b",
                    "title_fr": "B",
                    "partners": [
                        {"name": "A", "share_percent": 60},
                        {"name": "B", "share_percent": 60},
                    ],
                },
            ]
        },
    )
    with pytest.raises(DataFilesInvalid) as info:
        import_files([path])
    assert sorted((e.record.split(" ")[0], e.field) for e in info.value.errors) == [
        ("experiences[0]", "country"),
        ("experiences[0]", "period_end"),
        ("experiences[0]", "title_fr"),
        ("experiences[1]", "partners"),
    ]


def test_export_and_import_round_trip(tmp_path, lot):
    NetworkFactory(slug="prodiaa", name="Prodiaa")
    import_files([write(tmp_path, "a.json", {"experiences": [RECORD]})])
    exported = export_data()["experiences"]
    expected = dict(RECORD)
    expected["partners"] = [{"name": "Regional council", "share_percent": "40"}]
    expected["themes"] = sorted(RECORD["themes"])
    assert exported == [expected]
    Experience.objects.all().delete()
    again = write(tmp_path, "b.json", {"experiences": exported})
    import_files([again])
    assert export_data()["experiences"] == exported


# Sheets --------------------------------------------------------------------------------------


def test_sheets_make_networks_and_experiences(tmp_path, admin_user):
    existing = NetworkFactory(
        slug="sous-traitants-rhone",
        name="Groupement des sous-traitants de la vallée du Rhône",
        kind="industrial_grouping",
        source="Curated",
    )
    path = tmp_path / "sheets.txt"
    path.write_text(TWO_SHEETS, encoding="utf-8")
    report = import_sheets([path], actor=admin_user)
    assert (report.networks_created, report.networks_updated, report.experiences.created) == (
        1,
        1,
        2,
    )
    assert [(w.line, w.severity) for w in report.warnings] == [(1, "warning"), (10, "warning")]
    assert "(lines 1 to 2)" in str(report.warnings[0])
    created = Network.objects.get(slug="club-des-entrepreneurs-du-haut-diois")
    assert (created.kind, created.founded_year, created.legal_status) == (
        "business_club",
        1993,
        "association",
    )
    assert (created.reported_members, created.reported_employees) == (20, 300)
    assert (created.budget_amount, created.budget_currency) == (Decimal("120000.00"), "FRF")
    assert (created.dues_amount, created.dues_currency) == (Decimal("800.00"), "FRF")
    assert created.governance == "Un bureau de 5 chefs d'entreprise"
    assert created.source == "sheets.txt, line 4"
    existing.refresh_from_db()
    assert existing.founded_year == 1989 and existing.kind == "industrial_grouping"
    assert existing.source == "Curated"  # a sheet without "Source" leaves it
    first = Experience.objects.get(ref="sheet-club-des-entrepreneurs-du-haut-diois")
    assert (first.region, first.period_start, first.density_class, first.languages) == (
        "Drôme",
        1993,
        "T3",
        ["fr"],
    )
    assert first.obstacles_fr == "Un animateur à mi-temps"
    assert [(f.name, f.value, f.source) for f in first.figures.all()] == [
        ("firms", Decimal("20.00"), "sheets.txt, line 8"),
        ("employees", Decimal("300.00"), "sheets.txt, line 8"),
        ("budget", Decimal("120000.00"), "sheets.txt, line 11"),
    ]
    second = Experience.objects.get(network=existing)
    assert second.ref == "sheet-sous-traitants-rhone"
    assert [(p.name, p.share_percent) for p in second.partners.all()] == [
        ("Conseil régional", Decimal("40.00")),
        ("Etat", Decimal("30.00")),
    ]
    # Importing again changes nothing.
    again = import_sheets([path])
    assert (again.networks_unchanged, again.experiences.unchanged) == (2, 2)


def test_a_bad_sheet_writes_nothing(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TWO_SHEETS, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "Club A\nAnnée de création\tjamais\nCouleur\tbleu\nType\tfanfare\n"
        "Territoire\tcanton:nowhere\n\nClub A\nOrigine\tdes industriels\n",
        encoding="utf-8",
    )
    with pytest.raises(SheetsInvalid) as info:
        import_sheets([good, bad])
    errors = [(p.file.rsplit("/", 1)[1], p.line, p.field) for p in info.value.errors]
    assert errors == [
        ("bad.txt", 2, "Année de création"),
        ("bad.txt", 3, "Couleur"),
        ("bad.txt", 4, "Type"),
        ("bad.txt", 5, "Territoire"),
        ("bad.txt", 7, ""),
    ]
    assert "same network (club-a)" in str(info.value.errors[-1])
    assert not Network.objects.exists() and not Experience.objects.exists()


def test_only_admins_import(tmp_path, manager):
    path = tmp_path / "s.txt"
    path.write_text(TWO_SHEETS, encoding="utf-8")
    for user in (manager, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            import_experience_files([path], actor=user)


def test_json_and_sheets_together_all_or_nothing(tmp_path, lot):
    sheet = tmp_path / "s.txt"
    sheet.write_text(TWO_SHEETS, encoding="utf-8")
    data = write(tmp_path, "x.json", {"experiences": [dict(RECORD, network="unknown-net")]})
    with pytest.raises(DataFilesInvalid):
        import_experience_files([sheet, data])
    assert not Network.objects.exists() and not Experience.objects.exists()
    data = write(tmp_path, "y.json", {"experiences": [dict(RECORD, network=None)]})
    report = import_experience_files([sheet, data], dry_run=True)
    assert report.lines[-1] == "dry run: nothing was written"
    assert not Experience.objects.exists()
    import_experience_files([sheet, data])
    assert Experience.objects.count() == 3


@pytest.mark.skipif(SEED_004 is None, reason="the source documents (shared/seeds) are not here")
def test_the_annex_of_the_aimver_study_imports(tmp_path):
    path = tmp_path / "aimver-annex.txt"
    path.write_text(SEED_004.read_text(encoding="utf-8"), encoding="utf-8")
    report = import_sheets([path])
    assert (report.networks_created, report.experiences.created) == (35, 35)
    classes = Experience.objects.values_list("density_class", flat=True)
    assert sorted(set(classes)) == ["T1", "T2", "T3"]
    knitland = Experience.objects.get(ref="sheet-knitland")
    assert (knitland.firms, knitland.employees, knitland.period_start) == (6, 150, 1992)
    assert knitland.region == "Roanne"
    assert not Network.objects.filter(governance__contains="03-88").exists()
