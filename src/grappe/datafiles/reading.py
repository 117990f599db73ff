"""Phase 1 of an import: read every file and check every record, writing nothing.

Types, enumerations, required and unknown fields, formats, references (to records of the import,
in any order and any file, or of the database), duplicate keys, cycles, and the models' own
validation; every problem is collected as a `DataFileError`.
"""

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from grappe.activities.models import Activity
from grappe.datafiles.report import DataFileError
from grappe.datafiles.schema import (
    CSV_FILE_NAMES,
    ENTITIES,
    FORMAT_NAME,
    FORMAT_VERSION,
    MODELS,
    REFERENCE_LIST_TYPES,
    REFERENCE_TYPES,
    SUB_MODELS,
    Entity,
    Field,
)
from grappe.datafiles.sections import CheckContext, registered_sections
from grappe.datafiles.values import (
    BadValue,
    chunks,
    convert,
    json_object,
    json_type,
    model_default,
    reject_constant,
)
from grappe.directory.models import (
    Network,
    Organisation,
)
from grappe.territories.models import Territory

REFERENCE_LABELS = {
    "territory": "territory",
    "organisation": "organisation",
    "network": "network",
    "activity": "NAF/NACE code",
}


@dataclass
class Record:
    entity: str
    file: str
    locator: str
    key: tuple[Any, ...] | None = None
    # model attribute -> value
    values: dict[str, Any] = field(default_factory=dict)
    # reference attribute ("parent_id") -> (reference type, field path, natural key or None)
    refs: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    # list name ("perimeter") -> [(field path, natural key)]
    ref_lists: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # list name ("financing", "dues") -> [{model attribute: value}]
    sub_records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # model attribute -> field path, for errors
    paths: dict[str, str] = field(default_factory=dict)
    # attributes with an error already reported
    bad: set[str] = field(default_factory=set)


class Reader:
    def __init__(self) -> None:
        self.errors: list[DataFileError] = []
        self.recs: dict[str, list[Record]] = {name: [] for name in ENTITIES}
        # natural key -> id of referenced records that exist in the database and not in the import
        self.db_ids: dict[str, dict[str, Any]] = defaultdict(dict)
        self._exclude_cache: dict[tuple[type[models.Model], frozenset[str]], list[str]] = {}
        # The lists of registered sections (grappe.datafiles.sections): name -> [(file, value)],
        # and the plans their checks return.
        self.section_lists: dict[str, list[tuple[str, Any]]] = {}
        self.section_plans: dict[str, Any] = {}

    def error(self, file: str, record: str, field_name: str, message: str) -> None:
        self.errors.append(DataFileError(file, record, field_name, message))

    def rec_error(self, rec: Record, path: str, message: str, attr: str | None = None) -> None:
        self.error(rec.file, rec.locator, path, message)
        if attr:
            rec.bad.add(attr)

    # Files

    def read(self, path: Path) -> None:
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.error(name, "", "", f"cannot read the file: {exc.strerror or exc}")
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.error(name, "", "", f"not UTF-8 text (invalid byte at offset {exc.start})")
            return
        suffix = path.suffix.lower()
        if suffix == ".json":
            self._read_json(name, text)
        elif suffix == ".csv":
            entity = CSV_FILE_NAMES.get(path.name.lower())
            if entity is None:
                hint = (
                    "networks come only in JSON"
                    if path.name.lower() == "networks.csv"
                    else "a CSV file is named after its table: " + ", ".join(sorted(CSV_FILE_NAMES))
                )
                self.error(name, "", "", f"unknown table ({hint})")
                return
            self._read_csv(name, text, ENTITIES[entity])
        else:
            self.error(name, "", "", "unknown kind of file (expected .json or .csv)")

    def _read_json(self, name: str, text: str) -> None:
        try:
            doc = json.loads(
                text,
                object_pairs_hook=json_object,
                parse_float=Decimal,
                parse_constant=reject_constant,
            )
        except json.JSONDecodeError as exc:
            self.error(
                name, f"line {exc.lineno} column {exc.colno}", "", f"invalid JSON: {exc.msg}"
            )
            return
        except ValueError as exc:
            self.error(name, "", "", f"invalid JSON: {exc}")
            return
        if not isinstance(doc, dict):
            self.error(name, "", "", f'expected a JSON object with "format": "{FORMAT_NAME}"')
            return
        header_ok = True
        fmt = doc.get("format")
        if fmt != FORMAT_NAME:
            found = "missing" if fmt is None else f"found {json.dumps(fmt, default=str)}"
            self.error(name, "header", "format", f'expected "{FORMAT_NAME}", {found}')
            header_ok = False
        version = doc.get("version")
        if version is None:
            self.error(name, "header", "version", f"missing (expected {FORMAT_VERSION})")
            header_ok = False
        elif isinstance(version, bool) or version != FORMAT_VERSION:
            self.error(
                name,
                "header",
                "version",
                f"unsupported version {json.dumps(version, default=str)} "
                f"(this Grappe reads version {FORMAT_VERSION})",
            )
            header_ok = False
        if not header_ok:
            return
        for key in doc.twice:
            self.error(name, "header", key, "given twice")
        sections = {section.name for section in registered_sections()}
        for key, value in doc.items():
            if key in ("format", "version"):
                continue
            if key in sections:
                self.section_lists.setdefault(key, []).append((name, value))
                continue
            entity = ENTITIES.get(key)
            if entity is None:
                self.error(
                    name, "", key, "unknown field (expected lists: " + ", ".join(ENTITIES) + ")"
                )
                continue
            if value is None:
                continue
            if not isinstance(value, list):
                self.error(name, "", key, f"expected a list, found {json_type(value)}")
                continue
            for index, raw in enumerate(value):
                locator = f"{key}[{index}]"
                if not isinstance(raw, dict):
                    self.error(name, locator, "", f"expected an object, found {json_type(raw)}")
                    continue
                self._parse(entity, raw, name, locator, from_csv=False)

    def _read_csv(self, name: str, text: str, entity: Entity) -> None:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            if header is None:
                self.error(
                    name, "", "", "empty file (a header line with the field names is expected)"
                )
                return
            header = [h.strip() for h in header]
            columns = entity.csv_columns()
            known: list[tuple[int, str]] = []
            seen: set[str] = set()
            for index, column in enumerate(header):
                if column in seen:
                    self.error(name, "line 1", column, "column given twice")
                elif column not in columns:
                    hint = " (memberships carry no dues in CSV)" if column == "dues" else ""
                    self.error(name, "line 1", column, f"unknown field{hint}")
                else:
                    known.append((index, column))
                seen.add(column)
            for f in entity.fields:
                if f.required and f.name not in seen:
                    self.error(name, "line 1", f.name, "required column missing")
            previous = reader.line_num
            for row in reader:
                start, previous = previous + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                locator = f"line {start}"
                if len(row) != len(header):
                    self.error(
                        name, locator, "", f"{len(row)} cells where the header has {len(header)}"
                    )
                    continue
                self._parse(entity, {c: row[i] for i, c in known}, name, locator, from_csv=True)
        except csv.Error as exc:
            self.error(name, f"line {reader.line_num}", "", f"invalid CSV: {exc}")

    # Records

    def _parse(
        self, entity: Entity, raw: dict[str, Any], file: str, locator: str, *, from_csv: bool
    ) -> None:
        model = MODELS[entity.name]
        if not from_csv:
            described = [
                f'{k} "{raw[k]}"' for k in entity.key if isinstance(raw.get(k), str) and raw[k]
            ]
            if described:
                locator = f"{locator} ({', '.join(described)})"
        rec = Record(entity.name, file, locator)
        names = {f.name for f in entity.fields}
        if not from_csv:
            for key in raw:
                if key not in names:
                    self.rec_error(rec, key, "unknown field")
            for key in getattr(raw, "twice", ()):
                self.rec_error(rec, key, "given twice")

        for f in entity.fields:
            if f.type == "object":
                self._parse_object(rec, model, f, raw, from_csv)
            elif f.type == "records":
                if not from_csv:
                    self._parse_records(rec, f, raw.get(f.name))
            elif f.type in REFERENCE_LIST_TYPES:
                if not from_csv:
                    self._parse_ref_list(rec, f, raw.get(f.name))
            elif not from_csv or f.name in raw:
                self._parse_scalar(rec, model, f, raw.get(f.name), f.name, from_csv)

        self._check_record(rec, entity)
        rec.key = self._key(rec, entity)
        self._validate_model(rec, model, rec.values, rec.paths)
        self.recs[entity.name].append(rec)

    def _parse_scalar(
        self,
        rec: Record,
        model: type[models.Model],
        f: Field,
        raw: Any,
        path: str,
        from_csv: bool,
        target: dict[str, Any] | None = None,
    ) -> None:
        attr = f.model_attr
        try:
            value = convert(f, raw, from_csv)
        except BadValue as exc:
            self.rec_error(rec, path, str(exc), attr)
            return
        if value is None and f.required:
            self.rec_error(rec, path, "missing (required)", attr)
            return
        if target is None:
            rec.paths[attr] = path
        if f.type in REFERENCE_TYPES and target is None:
            rec.refs[attr] = (f.type, path, value)
            return
        if value is None:
            value = model_default(model, attr)
        (rec.values if target is None else target)[attr] = value

    def _parse_object(
        self, rec: Record, model: type[models.Model], f: Field, raw: dict[str, Any], from_csv: bool
    ) -> None:
        if from_csv:
            if not f.csv_flat:
                return
            for sub in f.sub:
                column = f"{f.name}_{sub.name}"
                if column in raw:
                    self._parse_scalar(rec, model, sub, raw[column], column, from_csv)
            return
        value = raw.get(f.name)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.rec_error(rec, f.name, f"expected an object, found {json_type(value)}")
            for sub in f.sub:
                rec.bad.add(sub.model_attr)
            return
        sub_names = {s.name for s in f.sub}
        for key in value:
            if key not in sub_names:
                self.rec_error(rec, f"{f.name}.{key}", "unknown field")
        for key in getattr(value, "twice", ()):
            self.rec_error(rec, f"{f.name}.{key}", "given twice")
        for sub in f.sub:
            self._parse_scalar(rec, model, sub, value.get(sub.name), f"{f.name}.{sub.name}", False)
        self._check_money(rec, f, value, f.name)

    def _check_money(self, rec: Record, f: Field, raw: dict[str, Any], prefix: str) -> None:
        """An amount always carries its currency (a required currency is checked as such)."""
        currency = next((s for s in f.sub if s.name == "currency"), None)
        if currency is None or currency.required:
            return
        if raw.get("amount") not in (None, "") and raw.get("currency") in (None, ""):
            self.rec_error(
                rec, f"{prefix}.currency", "missing: an amount always carries its currency"
            )

    def _parse_records(self, rec: Record, f: Field, value: Any) -> None:
        if value is None:
            value = []
        rec.sub_records[f.name] = []
        if not isinstance(value, list):
            self.rec_error(rec, f.name, f"expected a list, found {json_type(value)}", f.name)
            return
        model = SUB_MODELS[f.name]
        sub_names = {s.name for s in f.sub}
        for index, item in enumerate(value):
            prefix = f"{f.name}[{index}]"
            if not isinstance(item, dict):
                self.rec_error(rec, prefix, f"expected an object, found {json_type(item)}", f.name)
                continue
            for key in item:
                if key not in sub_names:
                    self.rec_error(rec, f"{prefix}.{key}", "unknown field", f.name)
            for key in getattr(item, "twice", ()):
                self.rec_error(rec, f"{prefix}.{key}", "given twice", f.name)
            values: dict[str, Any] = {}
            errors_before = len(self.errors)
            for sub in f.sub:
                self._parse_scalar(
                    rec, model, sub, item.get(sub.name), f"{prefix}.{sub.name}", False, values
                )
            self._check_money(rec, f, item, prefix)
            share = values.get("share_percent")
            if share is not None and not 0 <= share <= 100:
                self.rec_error(rec, f"{prefix}.share_percent", "a share is from 0 to 100")
            if len(self.errors) == errors_before:
                paths = {s.model_attr: f"{prefix}.{s.name}" for s in f.sub}
                self._validate_model(rec, model, values, paths)
            if len(self.errors) != errors_before:
                rec.bad.add(f.name)
            rec.sub_records[f.name].append(values)
        if f.name == "dues":
            seen: dict[int, int] = {}
            for index, values in enumerate(rec.sub_records[f.name]):
                year = values.get("year")
                if year is None:
                    continue
                if year in seen:
                    self.rec_error(
                        rec, f"dues[{index}].year", f"{year} given twice (also dues[{seen[year]}])"
                    )
                    rec.bad.add(f.name)
                seen.setdefault(year, index)

    def _parse_ref_list(self, rec: Record, f: Field, value: Any) -> None:
        if value is None:
            value = []
        items: list[tuple[str, str]] = []
        rec.ref_lists[f.name] = items
        if not isinstance(value, list):
            self.rec_error(rec, f.name, f"expected a list, found {json_type(value)}", f.name)
            return
        item_field = Field(f.name, REFERENCE_LIST_TYPES[f.type])
        seen: set[str] = set()
        for index, raw in enumerate(value):
            path = f"{f.name}[{index}]"
            try:
                key = convert(item_field, raw, False)
            except BadValue as exc:
                self.rec_error(rec, path, str(exc), f.name)
                continue
            if key is None:
                self.rec_error(rec, path, "empty", f.name)
            elif key in seen:
                self.rec_error(rec, path, f'"{key}" listed twice', f.name)
            else:
                seen.add(key)
                items.append((path, key))

    def _check_record(self, rec: Record, entity: Entity) -> None:
        if entity.name == "territories":
            key, level = rec.values.get("key"), rec.values.get("level")
            if key and level and "key" not in rec.bad and not key.startswith(f"{level}:"):
                self.rec_error(rec, "key", f'must start with the level: "{level}:…"')
        elif entity.name == "memberships":
            since, until = rec.values.get("since"), rec.values.get("until")
            if since and until and until < since:
                self.rec_error(rec, rec.paths.get("until", "until"), "before since")

    def _key(self, rec: Record, entity: Entity) -> tuple[Any, ...] | None:
        parts = []
        for name in entity.key:
            f = entity.field(name)
            attr = f.model_attr
            if attr in rec.bad:
                return None
            value = rec.refs[attr][2] if attr in rec.refs else rec.values.get(attr)
            if value is None and f.required:
                return None
            parts.append(value)
        return tuple(parts)

    def _validate_model(
        self,
        rec: Record,
        model: type[models.Model],
        values: dict[str, Any],
        paths: dict[str, str],
    ) -> None:
        """Run the model's field validation (lengths, URLs, e-mails, digits) on the given values."""
        checked = {a: v for a, v in values.items() if a not in rec.bad}
        cache_key = (model, frozenset(checked))
        exclude = self._exclude_cache.get(cache_key)
        if exclude is None:
            exclude = [
                f.name
                for f in model._meta.concrete_fields
                if f.attname not in checked or f.is_relation
            ]
            self._exclude_cache[cache_key] = exclude
        instance = model(**{a: v for a, v in checked.items() if not a.endswith("_id")})
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                attr = name if name == NON_FIELD_ERRORS else model._meta.get_field(name).attname
                path = "" if name == NON_FIELD_ERRORS else paths.get(attr, name)
                for message in messages:
                    self.rec_error(rec, path, str(message), attr)

    # Across records

    def check_keys(self) -> None:
        for name, recs in self.recs.items():
            entity = ENTITIES[name]
            first: dict[tuple[Any, ...], Record] = {}
            for rec in recs:
                if rec.key is None:
                    continue
                other = first.setdefault(rec.key, rec)
                if other is not rec:
                    where = other.locator.split(" (", 1)[0]  # the index is enough
                    if other.file != rec.file:
                        where = f"{other.file} {where}"
                    self.rec_error(rec, ", ".join(entity.key), f"duplicate key (also {where})")

    def defined_keys(self) -> dict[str, set[str]]:
        """The natural keys the import's own records define, by reference type."""
        return {
            "territory": {r.key[0] for r in self.recs["territories"] if r.key},
            "organisation": {r.key[0] for r in self.recs["organisations"] if r.key},
            "network": {r.key[0] for r in self.recs["networks"] if r.key},
            "activity": set(),
        }

    def resolve(self) -> None:
        """Check that every reference names a record of the import or of the database."""
        defined = self.defined_keys()
        uses: list[tuple[Record, str, str, str]] = []  # rec, type, path, key
        for recs in self.recs.values():
            for rec in recs:
                for ref_type, path, key in rec.refs.values():
                    if key is not None:
                        uses.append((rec, ref_type, path, key))
                for list_name, items in rec.ref_lists.items():
                    ref_type = REFERENCE_LIST_TYPES[ENTITIES[rec.entity].field(list_name).type]
                    uses.extend((rec, ref_type, path, key) for path, key in items)
        wanted: dict[str, set[str]] = defaultdict(set)
        for _rec, ref_type, _path, key in uses:
            if key not in defined[ref_type]:
                wanted[ref_type].add(key)
        lookups = {
            "territory": (Territory, "key", "pk"),
            "organisation": (Organisation, "slug", "pk"),
            "network": (Network, "slug", "pk"),
            "activity": (Activity, "code", "pk"),
        }
        for ref_type, keys in wanted.items():
            model, key_field, id_field = lookups[ref_type]
            found = self.db_ids[ref_type]
            for chunk in chunks(sorted(keys)):
                qs = model._default_manager.filter(**{f"{key_field}__in": chunk})
                found.update(qs.values_list(key_field, id_field))
        for rec, ref_type, path, key in uses:
            if key not in defined[ref_type] and key not in self.db_ids[ref_type]:
                label = REFERENCE_LABELS[ref_type]
                self.rec_error(
                    rec, path, f'unknown {label} "{key}" (not in the import nor the database)'
                )

    def check_cycles(self) -> None:
        # Territories: one parent each, from the import or else from the database.
        parent_of: dict[str, str | None] = {}
        imported = {r.key[0]: r for r in self.recs["territories"] if r.key}
        for key, rec in imported.items():
            if "parent_id" in rec.refs:
                parent_of[key] = rec.refs["parent_id"][2]
        pending = {k for k in imported if k not in parent_of} | {
            p for p in parent_of.values() if p and p not in parent_of
        }
        while pending:
            found: dict[str, str | None] = {}
            for chunk in chunks(sorted(pending)):
                found.update(
                    Territory.objects.filter(key__in=chunk).values_list("key", "parent__key")
                )
            for key in pending:
                parent_of[key] = found.get(key)
            pending = {p for p in found.values() if p and p not in parent_of}
        safe: set[str] = set()
        for key, rec in imported.items():
            chain: list[str] = []
            on_chain: set[str] = set()
            node: str | None = key
            while node is not None and node not in safe and node not in on_chain:
                chain.append(node)
                on_chain.add(node)
                node = parent_of.get(node)
            if node is not None and node in on_chain:
                cycle = [*chain[chain.index(node) :], node]
                if key in cycle:
                    self.rec_error(rec, "parent", "cycle of parents: " + " → ".join(cycle))
            else:
                safe.update(chain)

        # Networks: several parents each; a network may not be its own ancestor.
        net_recs = {r.key[0]: r for r in self.recs["networks"] if r.key}
        if not net_recs:
            return
        edges: dict[str, set[str]] = defaultdict(set)
        through = Network.parents.through.objects.values_list(
            "from_network__slug", "to_network__slug"
        )
        for child, parent in through:
            if child not in net_recs:
                edges[child].add(parent)
        for slug, rec in net_recs.items():
            edges[slug] = {key for _path, key in rec.ref_lists.get("parents", [])}
        for slug, rec in net_recs.items():
            path = self._network_cycle(slug, edges)
            if path:
                field_path = next(
                    (p for p, k in rec.ref_lists.get("parents", []) if k == path[1]), "parents"
                )
                self.rec_error(rec, field_path, "cycle of parent networks: " + " → ".join(path))

    @staticmethod
    def _network_cycle(start: str, edges: dict[str, set[str]]) -> list[str] | None:
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for parent in sorted(edges.get(node, ())):
                if parent == start:
                    return [*path, start]
                if parent not in seen:
                    seen.add(parent)
                    stack.append((parent, [*path, parent]))
        return None

    # Lists of other apps

    def check_sections(self) -> None:
        """Hand each registered section its lists; keep the plans they return for phase 2."""
        context = CheckContext(error=self.error, defined=self.defined_keys())
        for section in registered_sections():
            lists = self.section_lists.get(section.name)
            if lists:
                self.section_plans[section.name] = section.check(lists, context)
