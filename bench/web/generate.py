"""Generate a large directory for the web benchmark: organisations, networks, memberships.

    GRAPPE_DATABASE_URL=postgresql://… python bench/web/generate.py --organisations 100000 \
        --networks 5000 --memberships 300000 --seed 42

Uses the real reference geography when it is loaded (organisations land in real communes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grappe.settings")
import django

django.setup()

from django.db import transaction  # noqa: E402

from grappe.activities.models import Activity  # noqa: E402
from grappe.core.search import search_text_for  # noqa: E402
from grappe.directory.models import (  # noqa: E402
    Membership,
    Network,
    NetworkKind,
    Organisation,
    OrganisationKind,
    SizeBand,
)
from grappe.territories.models import Territory  # noqa: E402

TRADES = [
    "mécanique",
    "plasturgie",
    "textile",
    "bois",
    "agroalimentaire",
    "électronique",
    "robinetterie",
    "décolletage",
    "emballage",
    "lunetterie",
    "verrerie",
    "coutellerie",
    "chaussure",
    "imprimerie",
    "métallurgie",
    "logistique",
    "numérique",
    "bâtiment",
    "céramique",
    "nautisme",
]
PLACES = [
    "Vallée",
    "Plateau",
    "Pays",
    "Bassin",
    "Val",
    "Côte",
    "Monts",
    "Plaine",
    "Causse",
    "Bocage",
]
SUFFIXES = ["SA", "SARL", "SAS", "et fils", "Industrie", "Services", "Atelier", "Technologies"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--networks", type=int, default=5_000)
    parser.add_argument("--memberships", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()

    communes = list(Territory.objects.filter(level="commune").values_list("pk", flat=True))
    if not communes:
        print("load the reference geography first (grappe reference load)", file=sys.stderr)
        return 1
    activities = list(Activity.objects.filter(level="subclass").values_list("code", flat=True))
    divisions = list(Activity.objects.filter(level="division").values_list("code", flat=True))
    bands = [b.value for b in SizeBand]
    employees_by_band = {
        "0_9": (1, 9),
        "10_49": (10, 49),
        "50_249": (50, 249),
        "250_plus": (250, 3000),
    }

    with transaction.atomic():
        Membership.objects.filter(network__slug__startswith="bench-").delete()
        Network.objects.filter(slug__startswith="bench-").delete()
        Organisation.objects.filter(slug__startswith="bench-").delete()
        orgs = []
        for i in range(args.organisations):
            trade = rng.choice(TRADES)
            band = rng.choices(bands, weights=[70, 20, 8, 2])[0]
            org = Organisation(
                name=f"{trade.capitalize()} {rng.choice(PLACES)} {i} {rng.choice(SUFFIXES)}",
                slug=f"bench-org-{i}",
                kind=rng.choices([k.value for k in OrganisationKind], weights=[85, 3, 3, 2, 5, 2])[
                    0
                ],
                activity_id=rng.choice(activities) if activities else None,
                size_band=band,
                employees=rng.randint(*employees_by_band[band]),
                territory_id=rng.choice(communes),
                city=f"Ville {i % 997}",
                description=f"Entreprise de {trade}, sous-traitance et savoir-faire local.",
            )
            org.search_text = search_text_for(org)
            orgs.append(org)
        Organisation.objects.bulk_create(orgs, batch_size=5000)
        org_ids = list(
            Organisation.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)
        )
        print(f"{len(org_ids)} organisations in {time.perf_counter() - started:.1f} s", flush=True)

        networks = []
        for i in range(args.networks):
            trade = rng.choice(TRADES)
            net = Network(
                name=f"Club {trade} {rng.choice(PLACES)} {i}",
                slug=f"bench-net-{i}",
                kind=rng.choice([k.value for k in NetworkKind]),
                founded_year=rng.randint(1960, 2024),
                perimeter_description=f"{rng.choice(PLACES)} de la {trade}",
                objectives=f"Entraide et projets communs en {trade}.",
                achievements="Achats groupés, formation commune, salons.",
            )
            net.search_text = search_text_for(net)
            networks.append(net)
        Network.objects.bulk_create(networks, batch_size=2000)
        nets = list(Network.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        through = Network.perimeter.through
        through.objects.bulk_create(
            [through(network_id=n, territory_id=rng.choice(communes)) for n in nets],
            batch_size=5000,
        )
        if divisions:
            bthrough = Network.branches.through
            bthrough.objects.bulk_create(
                [bthrough(network_id=n, activity_id=rng.choice(divisions)) for n in nets],
                batch_size=5000,
            )

        seen: set[tuple[int, int]] = set()
        memberships = []
        while len(memberships) < args.memberships:
            pair = (rng.choice(org_ids), rng.choice(nets))
            if pair in seen:
                continue
            seen.add(pair)
            since = dt.date(rng.randint(1990, 2025), rng.randint(1, 12), 1)
            until = (
                since + dt.timedelta(days=rng.randint(365, 6000)) if rng.random() < 0.2 else None
            )
            memberships.append(
                Membership(organisation_id=pair[0], network_id=pair[1], since=since, until=until)
            )
        Membership.objects.bulk_create(memberships, batch_size=10000)
    print(
        f"generated {len(orgs)} organisations, {len(nets)} networks, "
        f"{len(memberships)} memberships in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
