"""Generate a large knowledge base of cooperation experiences for the search benchmark.

    GRAPPE_DATABASE_URL=postgresql://… python bench/experiences/generate.py \
        --experiences 50000 --networks 5000 --seed 42 --file /tmp/experiences.json

Writes one Grappe data file (networks and experiences, docs/experiences-format.md) and imports
it with the general importer, the path `grappe import` and the demo take. Texts mix French and
English records (a third each language, a third both) built from the vocabulary of the field,
so that searches and similar cases have realistic work to do. Uses the reference geography and
the NAF codes when they are loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grappe.settings")
import django

django.setup()

from grappe.activities.models import Activity  # noqa: E402
from grappe.datafiles.importer import import_files  # noqa: E402
from grappe.experiences.vocabulary import THEME_CODES  # noqa: E402
from grappe.territories.models import Territory  # noqa: E402

KINDS = ["cluster", "lps", "business_club", "industrial_grouping", "employer_group", "other"]
TRADES = [
    ("mécanique", "mechanical engineering"),
    ("plasturgie", "plastics"),
    ("textile", "textile"),
    ("bois", "wood"),
    ("agroalimentaire", "agri-food"),
    ("électronique", "electronics"),
    ("robinetterie", "tap making"),
    ("décolletage", "bar turning"),
    ("lunetterie", "eyewear"),
    ("céramique", "ceramics"),
    ("chaussure", "footwear"),
    ("tourisme", "tourism"),
    ("logistique", "logistics"),
    ("bâtiment", "building"),
]
PLACES = [
    "Vallée de l'Arve",
    "Vimeu",
    "Choletais",
    "Pays basque",
    "Lot-et-Garonne",
    "Haut-Jura",
    "Cévennes",
    "Roannais",
    "Morvan",
    "Diois",
    "Bretagne centrale",
    "Sud-Aquitaine",
    "Emilia-Romagna",
    "Baden-Württemberg",
    "Catalunya",
    "Styria",
]
SUBJECTS = [
    ("la formation des apprentis", "apprentice training"),
    ("un groupement d'employeurs", "an employer group"),
    ("l'export vers les marchés étrangers", "exports to foreign markets"),
    ("la sous-traitance avec les donneurs d'ordres", "subcontracting with prime contractors"),
    ("un site internet commun", "a shared website"),
    ("la gestion des déchets", "waste management"),
    ("la recherche menée par les entreprises", "research run by firms"),
    ("un fonds d'investissement local", "a local investment fund"),
    ("une marque commune", "a common brand"),
    ("les achats groupés", "joint purchasing"),
    ("l'accompagnement des créateurs", "coaching business creators"),
    ("la qualité et la certification", "quality and certification"),
    ("les salons professionnels", "trade fairs"),
    ("un équipement partagé", "shared equipment"),
    ("le partenariat avec les collectivités locales", "partnership with local authorities"),
    ("l'innovation technologique", "technological innovation"),
]
VERBS_FR = ["organiser", "développer", "mutualiser", "lancer", "financer", "structurer"]
VERBS_EN = ["organise", "develop", "pool", "launch", "fund", "structure"]
OBSTACLES = [
    ("remplir les sessions de manière égale", "filling sessions evenly"),
    ("l'individualisme des chefs d'entreprise", "the individualism of business leaders"),
    ("le manque d'animateur permanent", "the lack of a permanent facilitator"),
    ("la méfiance envers les institutions", "distrust of institutions"),
    ("la concurrence entre membres", "competition between members"),
]
PARTNERS = ["Conseil régional", "Département", "État", "CCI", "Union européenne", "Communes"]


def _texts(rng: random.Random, trade: tuple[str, str], place: str) -> dict[str, str]:
    subject = rng.choice(SUBJECTS)
    other = rng.choice(SUBJECTS)
    obstacle = rng.choice(OBSTACLES)
    verb = rng.randrange(len(VERBS_FR))
    n = rng.randint(8, 120)
    return {
        "title_fr": f"{place} : {VERBS_FR[verb]} {subject[0]} dans la filière {trade[0]}",
        "title_en": f"{place}: {trade[1]} firms {VERBS_EN[verb]} {subject[1]}",
        "context_fr": (
            f"Dans le bassin {place}, {n} entreprises de la filière {trade[0]} se sont "
            f"regroupées. Le tissu industriel est fait de PME et de quelques donneurs d'ordres."
        ),
        "context_en": (
            f"In the {place} area, {n} {trade[1]} firms joined forces. The industrial fabric "
            f"is made of SMEs and a few prime contractors."
        ),
        "objectives_fr": f"{VERBS_FR[verb].capitalize()} {subject[0]} et {other[0]}.",
        "objectives_en": f"To {VERBS_EN[verb]} {subject[1]} and {other[1]}.",
        "approach_fr": (
            f"Un animateur a réuni les chefs d'entreprise chaque mois ; {subject[0]} a été "
            f"confié à un groupe de travail, puis étendu à {other[0]}."
        ),
        "approach_en": (
            f"A facilitator brought business leaders together every month; {subject[1]} was "
            f"given to a working group, then extended to {other[1]}."
        ),
        "strong_points_fr": "La confiance entre les membres et l'appui des élus.",
        "strong_points_en": "Trust between members and the support of elected representatives.",
        "obstacles_fr": f"La principale difficulté : {obstacle[0]}.",
        "obstacles_en": f"The main difficulty: {obstacle[1]}.",
    }


def generate(count: int, networks: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    territories = list(
        Territory.objects.filter(level__in=["departement", "canton"]).values_list("key", flat=True)
    ) or [None]
    divisions = list(Activity.objects.filter(level="division").values_list("code", flat=True))
    network_records = []
    for i in range(networks):
        trade = rng.choice(TRADES)
        record = {
            "slug": f"bench-network-{i}",
            "name": f"Réseau {trade[0]} {rng.choice(PLACES)} {i}",
            "kind": rng.choice(KINDS),
            "origin": rng.choice(
                [
                    "Un industriel du bassin et quelques patrons",
                    "Les élus de la communauté de communes",
                    "La chambre de commerce et d'industrie",
                    "Des artisans du métier",
                ]
            ),
        }
        if divisions:
            record["branches"] = rng.sample(divisions, k=rng.randint(1, 2))
        network_records.append(record)
    records = []
    for i in range(count):
        trade = rng.choice(TRADES)
        place = rng.choice(PLACES)
        texts = _texts(rng, trade, place)
        language = rng.choice(["fr", "en", "both"])
        if language != "both":
            drop = "en" if language == "fr" else "fr"
            texts = {k: v for k, v in texts.items() if not k.endswith(f"_{drop}")}
        start = rng.randint(1975, 2020)
        figures = [
            {"name": "firms", "kind": "count", "value": str(rng.randint(5, 250)), "year": start},
            {
                "name": "employees",
                "kind": "count",
                "value": str(rng.randint(50, 20000)),
                "year": start,
            },
        ]
        if rng.random() < 0.5:
            figures.append(
                {
                    "name": "budget",
                    "kind": "money",
                    "value": str(rng.randint(10, 5000) * 1000),
                    "currency": rng.choice(["EUR", "FRF"]),
                    "source": "generated",
                }
            )
        shares = sorted(rng.sample(range(5, 50), k=rng.randint(0, 3)))  # two add up to < 100
        records.append(
            {
                "ref": f"bench-{i}",
                "network": f"bench-network-{rng.randrange(networks)}",
                "territory": rng.choice(territories),
                "country": rng.choice(["FR"] * 6 + ["IT", "DE", "ES", "AT"]),
                "region": place,
                "period_start": start,
                "period_end": rng.choice([None, start + rng.randint(0, 12)]),
                "themes": rng.sample(THEME_CODES, k=rng.randint(1, 3)),
                "keywords": [trade[0], trade[1], rng.choice(SUBJECTS)[rng.randint(0, 1)]],
                "partners": [
                    {"name": rng.choice(PARTNERS), "share_percent": str(s)} for s in shares[:2]
                ],
                "figures": figures,
                "source": "generated for the benchmark",
                **texts,
            }
        )
    return {"format": "grappe", "version": 1, "networks": network_records, "experiences": records}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiences", type=int, default=50000)
    parser.add_argument("--networks", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--file", type=Path, default=Path("/tmp/grappe-bench-experiences.json"))
    args = parser.parse_args()
    started = time.monotonic()
    doc = generate(args.experiences, args.networks, args.seed)
    args.file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    print(f"generated {args.experiences} experiences in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    report = import_files([args.file])
    seconds = time.monotonic() - started
    for line in report.lines():
        print(line)
    print(f"imported in {seconds:.1f} s")
    Path(os.environ.get("GRAPPE_BENCH_IMPORT_SECONDS", "/dev/null")).write_text(f"{seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
