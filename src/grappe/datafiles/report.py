"""What an import reports: its errors (file, record, field) and its counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while an import or export runs."""


@dataclass(frozen=True)
class DataFileError:
    """One problem of an input: file, record (`networks[12] (slug "meito")`, `line 14`), field."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f'field "{self.field}"')
        parts.append(self.message)
        return ": ".join(parts)


class DataFilesInvalid(Exception):
    """The input has errors; nothing was written."""

    def __init__(self, errors: Sequence[DataFileError]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the data files; nothing was written")


@dataclass
class EntityCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    counts: dict[str, EntityCounts]
    dry_run: bool = False
    seconds: float = 0.0

    def lines(self) -> list[str]:
        lines = [
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.counts.items()
            if c.total
        ]
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return lines
