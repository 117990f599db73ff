"""`manage.py load_reference` (and `grappe reference load`): load the reference geography and the
NAF/NACE nomenclature from the files shipped with Grappe. Safe to run again: it updates in place."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from grappe.territories.reference import reference_load


class Command(BaseCommand):
    help = "Load the French administrative geography and the NAF/NACE nomenclature (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options.get("verbosity", 1))
        last: dict[str, int] = {}

        def progress(step: str, done: int, total: int) -> None:
            if verbosity < 2 and done not in (0, total):
                return
            if last.get(step) == done:
                return
            last[step] = done
            self.stdout.write(f"  {step}: {done}/{total}")

        started = time.monotonic()
        counts = reference_load(progress=progress if verbosity >= 1 else None)
        elapsed = time.monotonic() - started
        for step, result in counts.items():
            if isinstance(result, dict):
                self.stdout.write(
                    f"{step}: {result['total']} "
                    f"({result['created']} created, {result['updated']} updated, "
                    f"{result['unchanged']} unchanged)"
                )
        if counts.get("stale"):
            self.stdout.write(
                self.style.WARNING(
                    f"{counts['stale']} territories at a reference level are no longer in the "
                    "reference files; they were kept."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {elapsed:.1f} s."))
