"""The diagnosis of the shipped AIMVER networks gives the study's own classes.

The study classifies the clubs it observed in two ways: its report's sections B1, B2 and B3
(chapter II-B) name the clubs of each class, and its annex files each association sheet under
a group of regions: R 1 high industrial density, R 2 moderately populated with diffuse
industry, R 3 low population and industrial density (classes T1, T2, T3 of chapter III-E).
The tables below are read from the study; the shipped records are imported as `grappe import`
does, and their text sentences that repeat the study's class are not read by the diagnosis.

Where the diagnosis does not give the study's class, the reason must be missing data: the
class is then unknown, the study's class is among those still possible, and the missing facts
are named. Any other difference fails.
"""

from __future__ import annotations

import json
import re

import pytest

from grappe.diagnostics import selectors
from grappe.diagnostics.engine import Diagnosis
from grappe.diagnostics.tests.shipped import FILES, import_shipped
from grappe.testing.factories import AdminFactory

pytestmark = pytest.mark.django_db

VENDEE_CANTONAL = [
    "l-hermenault-action",
    "pays-de-monts-entreprises",
    "pays-de-saint-fulgent-entreprises",
    "dephi-pays-herminois",
    "chantonnay-entreprises",
    "club-d-entreprises-de-pouzauges",
    "les-herbiers-entreprises",
    "achards-entreprises",
    "adpl-lucon",
    "nord-vendee-entreprises",
    "challenge-du-pays-de-mortagne",
    "association-du-pays-des-ollonnes",
    "activie",
    "pays-des-essarts-entreprises",
    "club-pme-fontenay-85",
    "association-du-pays-de-saint-gilles",
]

# Report, chapter II-B: the clubs each section names.
STUDY_FAMILY = {
    # B1 — firms grouped by professional branch
    "meito": ("B1", "B1-1"),
    "knitland": ("B1", "B1-2"),
    "roanne-centre-productique-textile": ("B1", "B1-2"),
    "roanne-operation-information-formation": ("B1", "B1-2"),
    "mecanergie": ("B1", "B1-2 bis"),
    "adibe-le-vigan": ("B1", "B1-3 a"),
    "route-du-textile-cevennes": ("B1", "B1-3 a"),
    "pole-metal-performance": ("B1", "B1-3 b"),
    "cher-capteurs-automatismes": ("B1", "B1-4 a"),
    "cite-de-l-or-saint-amand": ("B1", "B1-4 b"),
    "semvam-vallee-de-l-arve": ("B1", "B1-5"),
    # B2 — multi-branch, independent of any public body
    "cher-acteurs-sa": ("B2", "B2-1"),
    "club-des-entreprises-de-gatine": ("B2", "B2-2"),
    "vimeu-chambre-syndicale": ("B2", "B2-3"),
    "vendee-associations-chefs-entreprise": ("B2", "B2-4"),
    "antigny-entreprises": ("B2", "B2-4"),
    **{slug: ("B2", "B2-4") for slug in VENDEE_CANTONAL},
    "vi-ganges": ("B2", "B2-5"),
    "wissembourg-chefs-entreprise": ("B2", "B2-6"),
    # B3 — multi-branch, connected to a public body
    "club-de-developpement-du-pays-sabolien": ("B3", "B3-1"),
    "club-du-maine-normand": ("B3", "B3-1"),
    "club-des-entreprises-du-pays-flechois": ("B3", "B3-1"),
    "club-du-plateau-calaisien": ("B3", "B3-1"),
    "saint-laurent-de-chamousset-club-des-decideurs": ("B3", "B3-2"),
    "niederbronn-club-entreprendre": ("B3", "B3-3"),
    "giv-haute-bruche": ("B3", "B3-3"),
    "ceam-morvan": ("B3", "B3-4"),
    "comite-de-developpement-de-l-avallonnais": ("B3", "B3-4"),
    "uvea-avallonnais": ("B3", "B3-4"),
    "privas-entreprendre": ("B3", "B3-5"),
    "acti-teil": ("B3", "B3-5"),
    "groupe-initiative-dioise": ("B3", "B3-6"),
    "activ-zi-crest": ("B3", "B3-6"),
    "club-des-entreprises-du-canton-de-dieulefit": ("B3", "B3-6"),
}

# Annex: the group of regions each association sheet is filed under (R 1 → T1 …).
STUDY_TERRITORY = {
    **dict.fromkeys(
        [
            "wissembourg-chefs-entreprise",
            "niederbronn-club-entreprendre",
            "giv-haute-bruche",
            "mecanergie",
            "knitland",
            "maillage-roannais",
            "roanne-centre-productique-textile",
            "roanne-operation-information-formation",
            "vimeu-chambre-syndicale",
            "picardie-maritime-industries",
            "meito",
            "semvam-vallee-de-l-arve",
            "cotiere-plaine-de-l-ain",
            "palaiseau-audace-et-entreprise",
        ],
        "T1",
    ),
    **dict.fromkeys(
        [
            "adibe-le-vigan",
            "route-du-textile-cevennes",
            "pole-metal-performance",
            "vi-ganges",
            "cher-acteurs-sa",
            "cher-pole-mecanique",
            "cher-capteurs-automatismes",
            "cite-de-l-or-saint-amand",
            "saint-laurent-de-chamousset-club-des-decideurs",
            "antigny-entreprises",
            "vendee-associations-chefs-entreprise",
            *VENDEE_CANTONAL,
            "club-de-developpement-du-pays-sabolien",
            "club-des-entreprises-du-pays-flechois",
            "club-du-maine-normand",
            "club-du-plateau-calaisien",
            "club-des-entreprises-de-gatine",
            "club-des-industriels-du-pays-de-broceliande",
            "club-des-entreprises-du-pays-de-ploermel",
            "comite-de-bassin-d-emploi-est-charente",
        ],
        "T2",
    ),
    **dict.fromkeys(
        [
            "privas-entreprendre",
            "association-des-chefs-d-entreprises-du-bassin-d-annonay",
            "acti-teil",
            "groupe-initiative-dioise",
            "club-des-entreprises-du-canton-de-dieulefit",
            "activ-zi-crest",
            "uvea-avallonnais",
            "ceam-morvan",
            "comite-de-developpement-de-l-avallonnais",
            "plates-formes-d-initiative-de-l-aveyron",
            "plates-formes-d-initiative-cci-rodez",
            "plates-formes-d-initiative-cci-millau",
            "expansud-auberive",
        ],
        "T3",
    ),
}

# Multi-branch networks with no tie to a public body in their record: B2, except in a T3
# territory where the study files them with B3. Their territory's figures are missing, so
# the class stays undecided — each is named with the figures that would decide it.
FAMILY_UNDECIDED = {
    "cher-acteurs-sa": ["population", "area_km2", "cantons", "firms", "firms_10_plus"],
    "club-des-entreprises-de-gatine": ["area_km2", "firms", "firms_10_plus"],
    "vendee-associations-chefs-entreprise": ["population", "area_km2", "firms", "firms_10_plus"],
    "vi-ganges": ["population", "area_km2", "cantons", "firms", "firms_10_plus"],
    "wissembourg-chefs-entreprise": ["population", "area_km2", "cantons", "firms", "firms_10_plus"],
    "uvea-avallonnais": ["population", "area_km2", "firms", "firms_10_plus"],
    "activ-zi-crest": ["area_km2", "cantons", "firms", "firms_10_plus"],
}

# The territories whose records hold enough figures to decide the class.
TERRITORY_DECIDED = {
    "cotiere-plaine-de-l-ain": "T1",  # 70,000 inhabitants on 40 km × 10 km
    "club-du-maine-normand": "T2",  # 46 inhabitants per km²
    "expansud-auberive": "T3",  # 5 inhabitants per km²
}


@pytest.fixture
def shipped() -> dict[str, Diagnosis]:
    import_shipped()
    user = AdminFactory()
    return {n.slug: d for n, d in selectors.diagnoses(user=user) if n.source.startswith("AIMVER")}


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    return "\n".join(f"{a:50} {b:10} {c:10} {d}" for a, b, c, d in rows)


def test_tables_agree_with_the_classes_the_records_repeat():
    """The records repeat the study's classes in their text: the tables above say the same."""
    data = json.loads(FILES[1].read_text(encoding="utf-8"))
    for record in data["networks"]:
        text = " ".join(str(v) for v in record.values() if isinstance(v, str))
        family = re.findall(r"\(class (B[123])\)", text)
        group = re.findall(r"annex group R ?(\d)", text)
        assert family == ([STUDY_FAMILY[record["slug"]][0]] if family else [])
        if record["slug"] in STUDY_FAMILY:
            assert family, record["slug"]
        assert group == [STUDY_TERRITORY[record["slug"]][1]], record["slug"]


def test_families_of_the_study(shipped):
    rows, wrong = [], []
    for slug, (study, section) in STUDY_FAMILY.items():
        family = shipped[slug].classes["family"]
        if family.value == study:
            rows.append((slug, f"{study} {section}", study, ""))
            assert slug not in FAMILY_UNDECIDED
            continue
        missing = [m.removeprefix("territory.") for m in family.missing]
        rows.append((slug, f"{study} {section}", "unknown", "missing: " + ", ".join(missing)))
        expected = FAMILY_UNDECIDED.get(slug)
        if (
            family.value is not None
            or expected != missing
            or study not in family.detail["candidates"]
            or "family.t3_possible" not in [r.code for r in family.reasons]
        ):
            wrong.append((slug, study, str(family.value), str(family.missing)))
    print("\n" + _table(rows))
    assert wrong == []
    assert set(FAMILY_UNDECIDED) <= set(STUDY_FAMILY)


def test_territory_classes_of_the_study(shipped):
    rows, wrong = [], []
    for slug, study in STUDY_TERRITORY.items():
        territory = shipped[slug].classes["territory"]
        if territory.value == study:
            rows.append((slug, study, study, ""))
            if TERRITORY_DECIDED.get(slug) != study:
                wrong.append((slug, study, "decided but not listed", ""))
            continue
        rows.append((slug, study, "unknown", "missing: " + ", ".join(territory.missing)))
        if (
            territory.value is not None
            or not territory.missing
            or study not in territory.detail["candidates"]
            or slug in TERRITORY_DECIDED
        ):
            wrong.append((slug, study, str(territory.value), str(territory.missing)))
    print("\n" + _table(rows))
    assert wrong == []


def test_study_labels_in_the_records_are_not_read(shipped):
    """A record that only repeats the study's class still needs facts to be classified."""
    cantonal = shipped["l-hermenault-action"].classes["family"]
    assert "class" not in " ".join(r.code for r in cantonal.reasons)
    for diagnosis in shipped.values():
        for classification in diagnosis.classes.values():
            for reason in classification.reasons:
                for evidence in reason.evidence:
                    assert "The study files" not in evidence.quote
