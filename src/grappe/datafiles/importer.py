"""Import of Grappe data files (docs/data-format.md): check everything, then write all or nothing.

Phase 1 reads every file and checks every record without writing: types, enumerations, required
and unknown fields, formats, references (to records of the import, in any order and any file, or
of the database), duplicate keys, cycles, and the models' own validation. Any error raises
`DataFilesInvalid` with all of them. Phase 2 writes everything in one transaction, matching
records to existing ones by their natural key.

A record describes the whole object as far as the format goes: a field it does not give (a
missing JSON key, a null, an empty string or CSV cell) takes its default (empty, or the default of
the format). A CSV file only covers the columns of its header: a column it lacks is left as it is.
Membership dues are matched by year and dues the file does not list are kept; a network's
financing list is replaced as a whole; perimeter, branches and parents are set to the file's lists.

The change log gets one `imported` entry per created or changed record when fewer than
`LOG_EACH_BELOW` records of a kind changed, else one summary entry for that kind (its object id
left empty): a national import must not bury the recent changes under thousands of lines.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import transaction

from grappe.accounts.rules import is_admin, require
from grappe.datafiles.reading import Reader
from grappe.datafiles.report import DataFilesInvalid, ImportReport, Progress
from grappe.datafiles.writing import Writer


def check_files(paths: Sequence[Path], *, progress: Progress | None = None) -> Reader:
    """Phase 1: read and check every file; raise DataFilesInvalid with every error found."""
    reader = Reader()
    for index, path in enumerate(paths):
        if progress:
            progress("reading", index, len(paths))
        reader.read(Path(path))
    if progress:
        progress("reading", len(paths), len(paths))
        progress("checking references", 0, 1)
    reader.check_keys()
    reader.resolve()
    reader.check_cycles()
    reader.check_sections()
    if progress:
        progress("checking references", 1, 1)
    if reader.errors:
        raise DataFilesInvalid(reader.errors)
    return reader


def import_files(
    paths: Sequence[Path],
    *,
    actor: Any = None,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import Grappe data files (JSON and CSV) all or nothing; see docs/data-format.md.

    `actor` is the user the change log names (None for the command line); when given it must be
    a platform admin. With `dry_run` everything is checked and written in a transaction that is
    rolled back, so the report's counts are exact and nothing is kept.
    """
    if actor is not None:
        require(is_admin(actor))
    started = time.monotonic()
    reader = check_files(paths, progress=progress)
    with transaction.atomic():
        counts = Writer(reader, actor, progress).write()
        if dry_run:
            transaction.set_rollback(True)
    return ImportReport(counts=counts, dry_run=dry_run, seconds=time.monotonic() - started)
