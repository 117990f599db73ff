"""`export_data DIR`: write grappe.json and the CSV tables into DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grappe.datafiles.exporter import export_all


class Command(BaseCommand):
    help = "Export everything as Grappe data files (grappe.json and CSV tables) into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        result = export_all(options["directory"])
        for name, count in result["counts"].items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write("wrote " + ", ".join(result["files"]) + f" in {options['directory']}")
