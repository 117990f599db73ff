"""The shipped catalogue of cooperation experiences (data/experiences.json), for the demo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from grappe.datafiles.importer import import_files
from grappe.datafiles.report import ImportReport

CATALOGUE = Path(__file__).resolve().parent / "data" / "experiences.json"


def catalogue_load(*, progress: Callable[[str], None] = print) -> ImportReport | None:
    """Import the shipped catalogue, if the package holds it (after the directory's seed data:
    the experiences name its networks and territories)."""
    if not CATALOGUE.exists():
        return None
    progress("Loading the catalogue of cooperation experiences…")
    report = import_files([CATALOGUE])
    for line in report.lines():
        progress(f"  {line}")
    return report
