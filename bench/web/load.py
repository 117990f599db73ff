"""A small load generator on loopback: p50/p95/p99 of the list, search and detail pages.

python bench/web/load.py --base http://127.0.0.1:8765 --requests 300 --concurrency 4
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import threading
import time
from urllib.parse import urlencode, urlparse

WORDS = [
    "mecanique",
    "textile",
    "bois",
    "plasturgie",
    "vallee",
    "bassin",
    "emballage",
    "lunetterie",
]


def scenarios(rng: random.Random, n_networks: int) -> dict[str, list[str]]:
    def many(make, n=400):
        return [make() for _ in range(n)]

    return {
        "organisation list (page N)": many(lambda: f"/organisations/?page={rng.randint(1, 200)}"),
        "organisation search": many(
            lambda: "/organisations/?" + urlencode({"q": rng.choice(WORDS)})
        ),
        "organisation search + filters": many(
            lambda: (
                "/organisations/?"
                + urlencode({"q": rng.choice(WORDS), "size_band": rng.choice(["0_9", "10_49"])})
            )
        ),
        "organisations of a département": many(
            lambda: (
                "/organisations/?" + urlencode({"territory": f"departement:{rng.randint(10, 89)}"})
            )
        ),
        "network list": many(lambda: f"/networks/?page={rng.randint(1, 150)}"),
        "network search": many(lambda: "/networks/?" + urlencode({"q": rng.choice(WORDS)})),
        "network detail": many(lambda: f"/networks/bench-net-{rng.randrange(n_networks)}/"),
    }


def run(base: str, paths: list[str], concurrency: int) -> list[float]:
    url = urlparse(base)
    timings: list[float] = []
    lock = threading.Lock()
    queue = list(paths)

    def worker() -> None:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            started = time.perf_counter()
            conn.request("GET", path, headers={"Accept-Language": "fr"})
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            with lock:
                timings.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--requests", type=int, default=300, help="per scenario")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--networks", type=int, default=5000)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    rng = random.Random(7)
    rows = []
    for name, paths in scenarios(rng, args.networks).items():
        run(args.base, paths[:20], 1)  # warm-up
        timings = sorted(run(args.base, paths[: args.requests], args.concurrency))
        q = statistics.quantiles(timings, n=100)
        rows.append(
            {
                "scenario": name,
                "n": len(timings),
                "p50_ms": round(q[49] * 1000, 1),
                "p95_ms": round(q[94] * 1000, 1),
                "p99_ms": round(q[98] * 1000, 1),
            }
        )
        print(
            f"{name:34} n={len(timings):4}  p50 {rows[-1]['p50_ms']:7.1f} ms  "
            f"p95 {rows[-1]['p95_ms']:7.1f} ms  p99 {rows[-1]['p99_ms']:7.1f} ms",
            flush=True,
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
