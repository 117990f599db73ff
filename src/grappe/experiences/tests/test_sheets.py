"""Reading sheets in the AIMVER layout (plain Python): our own sheets, then the study's annex."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

from grappe.experiences.sheets import (
    Amount,
    Code,
    Counts,
    field_key,
    legal_status,
    parse_amounts,
    parse_counts,
    parse_sheets,
    parse_year,
    split_title,
)

# The source documents sit beside the repository (../shared/seeds), or where GRAPPE_SEEDS says.
SEEDS = Path(os.environ.get("GRAPPE_SEEDS", Path(__file__).resolve().parents[5] / "shared/seeds"))
SEED_004 = next(iter(sorted(SEEDS.glob("004_*.txt"))), None)

TWO_SHEETS = (
    "Fiches d'associations relatives aux\n"
    "Régions à faible densité de population et d'industrie\n"
    "\n"
    "DRÔME - Club des entrepreneurs du Haut-Diois\n"
    "\n"
    "Année de création\tvers 1993\n"
    "Implantation\tCanton de Luc-en-Diois\n"
    "Composition\tUne vingtaine d'entreprises, environ 300 emplois\n"
    "Statut\tAssociation loi de 1901\n"
    "Pilotage-contrôle\tUn bureau de 5 chefs d'entreprise (T) 04-75-00-00-00\n"
    "Budget\tCotisation annuelle de 800 F. ; budget de 120 K.F. / an\n"
    'Réalisations\t<ul style="list-style-type: none">- Formation des apprentis- Salon commun\n'
    "Besoins\tUn animateur à mi-temps\n"
    "\n"
    "**ARDÈCHE - Groupement des sous-traitants\n"
    "de la vallée du Rhône**\n"
    "\n"
    "Année de création (et étapes)\t1989, puis extension en 1995\n"
    "Volume\t12 entreprises de 10 à 200 salariés, soit 900 emplois\n"
    "Objectifs\tRépondre ensemble aux donneurs d'ordres\n"
    "suite de l'objectif sur une deuxième ligne\n"
    "Thèmes\tcollaborative.contractor_supplier, Joint market access and export\n"
    "Partenaires\tConseil régional (40 %) ; Etat (30 %)\n"
)


def test_two_sheets_are_read_with_their_values():
    result = parse_sheets(TWO_SHEETS, max_year=2026)
    assert [(p.line, p.code) for p in result.problems] == [
        (1, Code.TEXT_IGNORED),
        (10, Code.CONTACT_REMOVED),
    ]
    first, second = result.sheets
    assert (first.sheet.title, first.sheet.line, first.sheet.density_class) == (
        "DRÔME - Club des entrepreneurs du Haut-Diois",
        4,
        "T3",
    )
    assert (first.region, first.name, first.year, first.legal_status) == (
        "DRÔME",
        "Club des entrepreneurs du Haut-Diois",
        1993,
        "association",
    )
    assert first.counts == Counts(firms=20, employees=300)
    assert [a for a, _line in first.amounts] == [
        Amount(Decimal(800), "FRF", dues=True),
        Amount(Decimal(120000), "FRF", dues=False),
    ]
    assert first.sheet.first("governance").value == "Un bureau de 5 chefs d'entreprise"
    assert first.sheet.text("achievements") == "- Formation des apprentis\n- Salon commun"
    assert first.themes == ["collaborative.training", "collaborative.market_access"]
    assert first.themes_inferred
    assert second.sheet.title == "ARDÈCHE - Groupement des sous-traitants de la vallée du Rhône"
    assert (second.sheet.line, second.year, second.counts) == (
        15,
        1989,
        Counts(firms=12, employees=900),
    )
    assert second.sheet.text("objectives") == (
        "Répondre ensemble aux donneurs d'ordres\nsuite de l'objectif sur une deuxième ligne"
    )
    assert second.themes == ["collaborative.contractor_supplier", "collaborative.market_access"]
    assert not second.themes_inferred
    assert second.partners == [("Conseil régional", Decimal(40)), ("Etat", Decimal(30))]


def test_unknown_fields_and_bad_values_are_errors_with_their_lines():
    text = (
        "Un titre\n"
        "Année de création\tbientôt\n"
        "Couleur préférée\tvert\n"
        "Classe de territoire\tT4\n"
        "Pays\tFrance\n"
        "Réseau\tClub X\n"
        "Territoire\tWissembourg\n"
        "Thèmes\tformation, pêche\n"
        "Partenaires\tRégion (140 %)\n"
        "Statut\tAssociation\n"
        "Statut financement\tAssociation 1901, cotisations\n"
        "\tvaleur sans nom\n"
    )
    result = parse_sheets(text, max_year=2026)
    assert [(p.line, p.code, p.field, p.param("value")) for p in result.errors] == [
        (2, Code.BAD_YEAR, "Année de création", "bientôt"),
        (3, Code.UNKNOWN_FIELD, "Couleur préférée", ""),
        (4, Code.BAD_DENSITY_CLASS, "Classe de territoire", "T4"),
        (5, Code.BAD_COUNTRY, "Pays", "France"),
        (6, Code.BAD_SLUG, "Réseau", "Club X"),
        (7, Code.BAD_TERRITORY_KEY, "Territoire", "Wissembourg"),
        (8, Code.BAD_THEME, "Thèmes", "pêche"),
        (9, Code.BAD_SHARE, "Partenaires", "Région (140 %)"),
        (11, Code.FIELD_TWICE, "Statut financement", ""),
        (12, Code.EMPTY_FIELD_NAME, "", ""),
    ]
    assert result.sheets[0].themes == ["collaborative.training"]


def test_layout_errors():
    assert [p.code for p in parse_sheets("Statut\tAssociation\n").errors] == [
        Code.NO_SHEET,
        Code.FIELD_OUTSIDE_SHEET,
    ]
    assert [p.code for p in parse_sheets("Just a paragraph.\n").problems] == [
        Code.NO_SHEET,
        Code.TEXT_IGNORED,
    ]
    future = parse_sheets("T\nAnnée de création\t2090\n", max_year=2026)
    assert [p.code for p in future.errors] == [Code.BAD_YEAR]


def test_field_names_in_all_their_spellings():
    assert {
        field_key(name)
        for name in (
            "Branches d'activité",
            "Branche(s) d'activité",
            "Branches) d'activité",
            "Branche d'activité",
            "Branches d'activités",
        )
    } == {"branche activite"}
    assert (
        field_key("Permanent(s) Budget") == field_key("Permanents / Budget") == ("permanent budget")
    )
    assert field_key("Réalisation n°2") == "realisation"
    assert field_key("Pilotage, Contrôle") == field_key("Pilotage - contrôle")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1987 environ", (1987, True)),
        ("Vers 1990", (1990, True)),
        ("1985-90 (?)", (1985, True)),
        ("Lancement dans les années 80, + forte extension à partir de 1993", (1993, True)),
        ("Lancement dans les années 80", (1980, True)),
        ("Non signalé", (None, True)),
        ("?", (None, True)),
        ("récemment", (None, False)),
        ("1750", (None, False)),
    ],
)
def test_years(text, expected):
    assert parse_year(text, 2026) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 entreprises, environ 150 emplois", Counts(6, None, 150)),
        (
            "100 entreprises (dont 10 hors métallurgie) de plus de 10 salariés (12 à 500), "
            "soit 8 000 salariés (+ nombreuses petites entreprises représentant 5 000 salariés)",
            Counts(100, None, 8000),
        ),
        ("Une soixantaine de chefs d'entreprises de plus de 10 salariés", Counts(60, None, None)),
        ("100 adhérents dont 60 entreprises (2500 emplois)", Counts(60, 100, 2500)),
        ("25 entreprises (dont 20 de moins de 10 salariés) - 200 emplois", Counts(25, None, 200)),
        ("10 à 15 entreprises de 150 à 200 personnes", Counts(None, None, None)),
        ("90% des entreprises de la zone", Counts(None, None, None)),
    ],
)
def test_counts(text, expected):
    assert parse_counts(text) == expected


def test_amounts_and_status():
    assert parse_amounts("Budget de fonctionnement annuel de 2,7 M.F.") == [
        Amount(Decimal(2700000), "FRF", False)
    ]
    assert parse_amounts("600 K.F. / an et 1 500 € de cotisation") == [
        Amount(Decimal(600000), "FRF", False),
        Amount(Decimal(1500), "EUR", True),
    ]
    assert parse_amounts("Pas de budget") == []
    assert [
        legal_status(s)
        for s in (
            "Association loi de 1901",
            "Association de fait, sans statuts",
            "Club informel",
            "S.E.M.",
            "Organisme patronal pur",
            "Etablissement public (?)",
            "Non signalé",
            "Comité d'expansion indépendant",
        )
    ] == [
        "association",
        "informal",
        "informal",
        "company",
        "employers_union",
        "public_body",
        "unknown",
        "other",
    ]
    assert split_title("ROANNE - MECANERGIE") == ("ROANNE", "MECANERGIE")
    assert split_title("SEMVAM Société d'économie mixte") == ("", "SEMVAM Société d'économie mixte")


@pytest.mark.skipif(SEED_004 is None, reason="the source documents (shared/seeds) are not here")
def test_the_annex_of_the_aimver_study():
    result = parse_sheets(SEED_004.read_text(encoding="utf-8"), max_year=2026)
    assert result.errors == []
    sheets = result.sheets
    assert len(sheets) == 35
    assert [s.sheet.density_class for s in sheets].count("T1") == 10
    assert [s.sheet.density_class for s in sheets].count("T2") == 16
    assert [s.sheet.density_class for s in sheets].count("T3") == 9
    by_name = {s.name: s for s in sheets}
    wissembourg = by_name["Association des Chefs d'entreprise de Wissembourg"]
    assert (wissembourg.region, wissembourg.year, wissembourg.legal_status) == (
        "ALSACE",
        1987,
        "association",
    )
    assert [a for a, _line in wissembourg.amounts] == [Amount(Decimal(2000), "FRF", True)]
    knitland = by_name["KNITLAND"]
    assert (knitland.year, knitland.counts) == (1992, Counts(firms=6, employees=150))
    assert knitland.sheet.first("volume").line == knitland.sheet.line + 4
    vimeu = next(s for s in sheets if "VIMEU" in s.name)
    assert (vimeu.year, vimeu.counts.firms, vimeu.counts.employees) == (1993, 100, 8000)
    assert vimeu.legal_status == "employers_union"
    # no phone number of the annex survives
    values = " ".join(f.value for s in sheets for f in s.sheet.fields)
    assert "03-88-94-09-56" not in values and "02-99-84-85-00" not in values
    removed = [p for p in result.problems if p.code is Code.CONTACT_REMOVED]
    assert len(removed) == 12
