"""Time searches and similar cases on the generated knowledge base; write results.json.

    GRAPPE_DATABASE_URL=postgresql://… python bench/experiences/measure.py \
        --rounds 5 --similar 200 --json bench/experiences/results.json

Search: one call of the search selector as the catalogue page and the API make it (the ranked
first page, the total and all six facets), for French and English words, two-word queries,
queries with facet filters and no query at all; also the whole API request
(/api/experiences?q=…) through Django's test client, serialisation included.
Similar cases: the sheet's "similar experiences" (ten best, with their reasons) for randomly
chosen experiences, the experience's own loading included.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grappe.settings")
import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from grappe.experiences import similar  # noqa: E402
from grappe.experiences.models import Experience  # noqa: E402
from grappe.experiences.selectors import SearchFilters, experience_detail, search  # noqa: E402
from grappe.experiences.similar import similar_to  # noqa: E402

QUERIES = [
    {"query": "formation"},
    {"query": "training"},
    {"query": "sous-traitance"},
    {"query": "subcontracting"},
    {"query": "export"},
    {"query": "déchets"},
    {"query": "marque commune"},
    {"query": "robinetterie"},
    {"query": "décolletage Arve"},
    {"query": "apprentis mécanique"},
    {"query": "groupement d'employeurs"},
    {"query": "shared website"},
    {"query": "Cévennes textile"},
    {"query": "fonds investissement"},
    {"query": "formation", "themes": ("collaborative.training",)},
    {"query": "export", "country": "FR"},
    {"query": "innovation", "density_class": "unknown", "network_kind": "cluster"},
    {"query": "", "themes": ("interclustering",)},
    {"query": "", "country": "IT"},
    {"query": ""},
]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "n": len(ordered),
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


def timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--similar", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    user = AnonymousUser()
    rng = random.Random(args.seed)
    total = Experience.objects.count()

    search_ms: list[float] = []
    per_query: dict[str, dict[str, Any]] = {}
    for q in QUERIES:  # warm up: first connection, caches, plans
        search(user=user, filters=SearchFilters(**q))
    for _ in range(args.rounds):
        for q in QUERIES:
            ms, result = timed(lambda q=q: search(user=user, filters=SearchFilters(**q)))
            search_ms.append(ms)
            label = json.dumps(q, ensure_ascii=False)
            entry = per_query.setdefault(label, {"matches": result.total, "ms": []})
            entry["ms"].append(round(ms, 1))

    client = Client()
    for q in QUERIES[:3]:  # warm up: URL resolving, API schemas
        client.get("/api/experiences", {"q": q.get("query", "")})
    api_ms: list[float] = []
    for _ in range(args.rounds):
        for q in QUERIES:
            params = {"q": q.get("query", "")}
            if "themes" in q:
                params["theme"] = list(q["themes"])
            if "country" in q:
                params["country"] = q["country"]
            ms, response = timed(lambda p=params: client.get("/api/experiences", p))
            assert response.status_code == 200, response.content[:300]
            api_ms.append(ms)

    similar._cache["stamp"] = None  # the profiles of all experiences, built once per process
    cold_ms, _ = timed(similar.profiles)
    pks = list(Experience.objects.values_list("pk", flat=True))
    refs = dict(
        Experience.objects.filter(pk__in=rng.sample(pks, args.similar)).values_list("pk", "ref")
    )
    similar_ms: list[float] = []
    found: list[int] = []
    for ref in list(refs.values())[:5]:  # warm up
        similar_to(user=user, experience=experience_detail(user=user, ref=ref))
    for ref in refs.values():
        ms, items = timed(
            lambda ref=ref: similar_to(
                user=user, experience=experience_detail(user=user, ref=ref), limit=10
            )
        )
        similar_ms.append(ms)
        found.append(len(items))

    results = {
        "experiences": total,
        "database": f"{connection.vendor} {connection.cursor().connection.info.server_version}"
        if connection.vendor == "postgresql"
        else connection.vendor,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "debug": settings.DEBUG,
        "search": {
            "what": "ranked first page (25) + total + 6 facets, selector call; queries with "
            "words, with facet filters, and none (all 50,000)",
            **percentiles(search_ms),
            "target_p95_ms": 150,
        },
        "search_api": {
            "what": "GET /api/experiences?q=… through the test client, JSON included",
            **percentiles(api_ms),
        },
        "similar": {
            "what": "10 most similar with reasons for one experience (loading it included)",
            **percentiles(similar_ms),
            "target_ms": 300,
            "average_results": round(statistics.fmean(found), 1),
            "profiles_build_ms": round(cold_ms, 1),
            "profiles_note": "built at the first question of a process and after changes",
        },
        "queries": {
            k: {"matches": v["matches"], "median_ms": statistics.median(v["ms"])}
            for k, v in per_query.items()
        },
    }
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
