"""Export of everything as Grappe data files (docs/data-format.md): grappe.json and the CSV tables.

The output is deterministic: records sorted by their natural key (in Python, so that the order is
the same on every database), lists of references sorted, financing in the order it was entered,
dues by year. Empty optional values are left out (no nulls, no empty strings, lists or objects);
a currency is written with its amount, or alone when it is not the default (EUR). Booleans,
enumerations and countries are always written. Amounts and other decimals are strings without
trailing zeros ("2700000", "12.5").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models

from grappe.datafiles.report import Progress
from grappe.datafiles.schema import (
    ENTITIES,
    FORMAT_NAME,
    FORMAT_VERSION,
    MODELS,
    REFERENCE_LIST_TYPES,
    REFERENCE_TYPES,
    Entity,
    Field,
)
from grappe.datafiles.sections import registered_sections
from grappe.directory.models import FinancingSource, MembershipDues, Network, Organisation
from grappe.territories.models import Territory

JSON_FILE = "grappe.json"


def decimal_text(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros: "2700000", "12.5"."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _sub_object(fields: Iterable[Field], row: dict[str, Any], defaults: dict[str, Any]) -> dict:
    """A nested object (budget, dues, financing entry…), empty values left out."""
    out: dict[str, Any] = {}
    names = {f.name for f in fields}
    for f in fields:
        value = row.get(f.model_attr)
        if (
            f.type == "currency"
            and not f.required
            and "amount" in names
            and row.get(_amount_attr(fields)) is None
            and value == defaults.get(f.model_attr)
        ):
            continue
        if not _empty(value):
            out[f.name] = _plain(value)
    return out


def _amount_attr(fields: Iterable[Field]) -> str:
    return next(f.model_attr for f in fields if f.name == "amount")


class _Exporter:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.keys: dict[str, dict[Any, str]] = {
            "territory": dict(Territory.objects.values_list("pk", "key")),
            "organisation": dict(Organisation.objects.values_list("pk", "slug")),
            "network": dict(Network.objects.values_list("pk", "slug")),
        }

    def natural(self, ref_type: str, pk: Any) -> str | None:
        if pk is None:
            return None
        return str(pk) if ref_type == "activity" else self.keys[ref_type][pk]

    def records(self, entity: Entity) -> list[dict[str, Any]]:
        model = MODELS[entity.name]
        attrs = ["pk"]
        for f in entity.fields:
            if f.type == "object":
                attrs.extend(s.model_attr for s in f.sub)
            elif f.type not in ("records", *REFERENCE_LIST_TYPES):
                attrs.append(f.model_attr)
        defaults = {
            f.attname: f.get_default() for f in model._meta.concrete_fields if not f.is_relation
        }
        relations = self._relations(entity)
        out = []
        for row in model._default_manager.order_by().values(*attrs).iterator(chunk_size=2000):
            record: dict[str, Any] = {}
            for f in entity.fields:
                if f.type == "object":
                    value: Any = _sub_object(f.sub, row, defaults)
                elif f.type in REFERENCE_TYPES:
                    value = self.natural(f.type, row[f.model_attr])
                elif f.type in REFERENCE_LIST_TYPES or f.type == "records":
                    value = relations.get(f.name, {}).get(row["pk"], [])
                else:
                    value = _plain(row[f.model_attr])
                if not _empty(value):
                    record[f.name] = value
            out.append(record)
        out.sort(key=lambda r: _sort_key(entity, r))
        if self.progress:
            self.progress(f"exporting {entity.name}", len(out), len(out))
        return out

    def _relations(self, entity: Entity) -> dict[str, dict[Any, list[Any]]]:
        relations: dict[str, dict[Any, list[Any]]] = {}
        if entity.name == "networks":
            for name, own, other, ref_type in (
                ("perimeter", "network_id", "territory_id", "territory"),
                ("branches", "network_id", "activity_id", "activity"),
                ("parents", "from_network_id", "to_network_id", "network"),
            ):
                through = getattr(Network, name).through
                grouped: dict[Any, list[Any]] = defaultdict(list)
                for owner, target in through.objects.values_list(own, other):
                    grouped[owner].append(self.natural(ref_type, target))
                relations[name] = {k: sorted(v) for k, v in grouped.items()}
            relations["financing"] = self._sub_records(
                FinancingSource, "network_id", entity.field("financing").sub, ("pk",)
            )
        elif entity.name == "memberships":
            relations["dues"] = self._sub_records(
                MembershipDues, "membership_id", entity.field("dues").sub, ("year",)
            )
        return relations

    @staticmethod
    def _sub_records(
        model: type[models.Model], owner: str, fields: tuple[Field, ...], order: tuple[str, ...]
    ) -> dict[Any, list[dict[str, Any]]]:
        defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields}
        attrs = [f.model_attr for f in fields]
        grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in model._default_manager.order_by(owner, *order).values(owner, *attrs):
            grouped[row[owner]].append(_sub_object(fields, row, defaults))
        return grouped


def _sort_key(entity: Entity, record: dict[str, Any]) -> tuple[Any, ...]:
    # A missing part (a membership without `since`) sorts first.
    return tuple((k in record, str(record.get(k, ""))) for k in entity.key)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)


def csv_text(entity: Entity, records: list[dict[str, Any]]) -> str:
    """The CSV table of an entity (flattened objects, no lists)."""
    columns = entity.csv_columns()
    flat = {
        f"{f.name}_{s.name}": (f.name, s.name)
        for f in entity.fields
        if f.type == "object" and f.csv_flat
        for s in f.sub
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        row = []
        for column in columns:
            if column in flat:
                outer, inner = flat[column]
                row.append(_csv_cell(record.get(outer, {}).get(inner)))
            else:
                row.append(_csv_cell(record.get(column)))
        writer.writerow(row)
    return buffer.getvalue()


def export_data() -> dict[str, Any]:
    """Everything as the JSON document of the format (a dict ready for json.dumps)."""
    return _document(_Exporter(None))


def _document(exporter: _Exporter) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    for name, entity in ENTITIES.items():
        doc[name] = exporter.records(entity)
    for section in registered_sections():  # lists of other apps; left out when empty
        records = section.export()
        if records:
            doc[section.name] = records
    return doc


def export_all(directory: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Write grappe.json (everything) and the CSV tables into `directory` (created if needed).

    Returns {"files": [written file names], "counts": {entity: number of records}}.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    doc = _document(_Exporter(progress))
    files = [JSON_FILE]
    _write_text(directory / JSON_FILE, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    for name, entity in ENTITIES.items():
        if entity.in_csv:
            file_name = f"{name}.csv"
            _write_text(directory / file_name, csv_text(entity, doc[name]))
            files.append(file_name)
    if progress:
        progress("writing files", len(files), len(files))
    return {"files": files, "counts": {name: len(doc[name]) for name in ENTITIES}}
