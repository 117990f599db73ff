"""Lists of the data files that apps above the directory read and write themselves.

The importer and the exporter know the lists of the format (docs/data-format.md: territories,
organisations, people, networks, memberships, offers and needs). An app above them adds its own
list (experiences: docs/experiences-format.md) by registering a `Section` from its
`AppConfig.ready()`; datafiles never imports it. For every import the importer then

1. collects the values of the section's key in each JSON file, as (file name, value) pairs;
2. after checking its own records, calls `check(lists, context)`: the section checks its
   records, reports every problem through `context.error` and returns its plan;
3. if no file had an error, calls `write(plan, context)` inside the import's transaction, after
   writing its own records, when `size(plan)` is not zero;

and the exporter writes `export()` under the section's key when it is not empty. Sections run
in the order they were registered (the order of INSTALLED_APPS).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grappe.datafiles.report import EntityCounts

ErrorSink = Callable[[str, str, str, str], None]
"""Called as error(file, record, field, message) for each problem found."""


@dataclass(frozen=True)
class CheckContext:
    """What a section's check may use of the import being checked."""

    error: ErrorSink
    # Natural keys the import's own records define, by reference type ("network": slugs,
    # "territory": keys, "organisation": slugs): a section's records may name them.
    defined: Mapping[str, Collection[str]]


@dataclass(frozen=True)
class WriteContext:
    """What a section's write may use of the import being written."""

    # Natural key -> primary key of what the import wrote or found, by reference type.
    ids: Mapping[str, Mapping[str, Any]]
    actor: Any


@dataclass(frozen=True)
class Section:
    name: str  # the key of the JSON document, e.g. "experiences"
    check: Callable[[Sequence[tuple[str, Any]], CheckContext], Any]
    size: Callable[[Any], int]  # records the plan would write
    write: Callable[[Any, WriteContext], EntityCounts]
    export: Callable[[], list[dict[str, Any]]]


_REGISTERED: dict[str, Section] = {}


def section_register(section: Section) -> None:
    """Add a list to the data files (called once per app, from its AppConfig.ready())."""
    if section.name in _REGISTERED and _REGISTERED[section.name] is not section:
        raise ValueError(f"a data-file section {section.name!r} is already registered")
    _REGISTERED[section.name] = section


def registered_sections() -> list[Section]:
    return list(_REGISTERED.values())
