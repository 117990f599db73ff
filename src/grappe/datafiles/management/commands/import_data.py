"""`import_data FILE... [--dry-run]`: import Grappe data files, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grappe.datafiles.importer import import_files
from grappe.datafiles.report import DataFilesInvalid


class Command(BaseCommand):
    help = "Import Grappe data files (JSON and CSV, see docs/data-format.md): all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            if options["verbosity"] >= 1 and done == total:
                self.stdout.write(f"{stage}: {done}/{total}")

        try:
            report = import_files(options["files"], progress=progress, dry_run=options["dry_run"])
        except DataFilesInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc), returncode=1) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"done in {report.seconds:.1f} s")
