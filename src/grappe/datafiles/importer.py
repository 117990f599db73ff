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

import csv
import datetime as dt
import io
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from grappe.accounts.rules import is_admin, require
from grappe.activities.models import Activity
from grappe.audit.models import ChangeAction
from grappe.audit.services import log_change
from grappe.core.search import search_text_for
from grappe.datafiles.schema import (
    CSV_FILE_NAMES,
    ENTITIES,
    FORMAT_NAME,
    FORMAT_VERSION,
    REFERENCE_LIST_TYPES,
    REFERENCE_TYPES,
    Entity,
    Field,
)
from grappe.directory.models import (
    FinancingSource,
    Membership,
    MembershipDues,
    Network,
    OfferNeed,
    Organisation,
    Person,
)
from grappe.directory.money import Currency
from grappe.territories.models import Territory

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while an import or export runs."""

LOG_EACH_BELOW = 200
BATCH = 500

MODELS: dict[str, type[models.Model]] = {
    "territories": Territory,
    "organisations": Organisation,
    "people": Person,
    "networks": Network,
    "memberships": Membership,
    "offers_needs": OfferNeed,
}
SUB_MODELS: dict[str, type[models.Model]] = {"financing": FinancingSource, "dues": MembershipDues}
REFERENCE_LABELS = {
    "territory": "territory",
    "organisation": "organisation",
    "network": "network",
    "activity": "NAF/NACE code",
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-+[a-z0-9]+)*$")
KEY_RE = re.compile(r"^([a-z_]+):(\S+)$")
REF_RE = re.compile(r"^\S+$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
INT_RE = re.compile(r"^[+-]?\d+$")
DECIMAL_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_INT = 2**31 - 1
CSV_TRUE = {"true", "1", "yes"}
CSV_FALSE = {"false", "0", "no"}


# --- Errors and report ---------------------------------------------------------------------------


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


# --- Parsed records ------------------------------------------------------------------------------


@dataclass
class _Rec:
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


class _Bad(Exception):
    pass


class _Obj(dict[str, Any]):
    """A JSON object that remembers keys given twice."""

    twice: list[str]


def _json_object(pairs: list[tuple[str, Any]]) -> _Obj:
    obj = _Obj()
    obj.twice = []
    for k, v in pairs:
        if k in obj:
            obj.twice.append(k)
        obj[k] = v
    return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number of this format")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _choices_text(values: Iterable[str]) -> str:
    return ", ".join(values)


def _convert(f: Field, raw: Any, from_csv: bool) -> Any:
    """The Python value of one scalar or reference field; None when not given."""
    if raw is None or raw == "":
        return None
    t = f.type
    if t in ("int", "year"):
        if from_csv:
            if not INT_RE.match(raw.strip()):
                raise _Bad(f'expected an integer, found "{raw}"')
            value = int(raw)
        else:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise _Bad(f"expected an integer, found {_json_type(raw)}")
            value = raw
        if t == "year":
            if not 1000 <= value <= 9999:
                raise _Bad(f"expected a four-digit year, found {value}")
        elif not 0 <= value <= MAX_INT:
            raise _Bad(f"expected an integer from 0 to {MAX_INT}, found {value}")
        return value
    if t == "decimal":
        return _decimal(raw, from_csv)
    if t == "bool":
        if from_csv:
            low = raw.strip().lower()
            if low in CSV_TRUE:
                return True
            if low in CSV_FALSE:
                return False
            raise _Bad(f'expected true or false, found "{raw}"')
        if not isinstance(raw, bool):
            raise _Bad(f"expected true or false, found {_json_type(raw)}")
        return raw
    if not isinstance(raw, str):
        raise _Bad(f"expected a string, found {_json_type(raw)}")
    if t == "date":
        if not DATE_RE.match(raw):
            raise _Bad(f'expected a date YYYY-MM-DD, found "{raw}"')
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise _Bad(f'not a valid date: "{raw}"') from None
    if t == "enum":
        assert f.choices is not None
        if raw not in f.choices.values:
            raise _Bad(
                f'unknown value "{raw}" (expected one of: {_choices_text(f.choices.values)})'
            )
    elif t == "currency":
        if raw not in Currency.__members__:
            raise _Bad(f'unknown currency "{raw}" (expected EUR or FRF)')
    elif t == "country":
        if not COUNTRY_RE.match(raw):
            raise _Bad(f'expected an ISO 3166 alpha-2 country code such as "FR", found "{raw}"')
    elif t in ("slug", "organisation", "network"):
        if not SLUG_RE.match(raw):
            raise _Bad(f'"{raw}" is not a slug (lowercase letters, digits and hyphens)')
    elif t in ("key", "territory"):
        if not KEY_RE.match(raw):
            raise _Bad(f'"{raw}" is not a territory key such as "departement:47"')
    elif t in ("ref", "activity") and not REF_RE.match(raw):
        raise _Bad(f'"{raw}" must not contain spaces')
    return raw


def _decimal(raw: Any, from_csv: bool) -> Decimal:
    if isinstance(raw, bool):
        raise _Bad("expected a decimal number, found a boolean")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        raw = Decimal(str(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _Bad("expected a decimal number")
        return raw
    if not isinstance(raw, str):
        raise _Bad(f"expected a decimal number, found {_json_type(raw)}")
    text = raw.strip() if from_csv else raw
    if not DECIMAL_RE.match(text):
        raise _Bad(f'expected a decimal number such as "1234.56", found "{raw}"')
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise _Bad(f'expected a decimal number, found "{raw}"') from None


def _chunks(seq: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _default(model: type[models.Model], attr: str) -> Any:
    return model._meta.get_field(attr).get_default()


# --- Phase 1: reading and checking ----------------------------------------------------------------


class _Reader:
    def __init__(self) -> None:
        self.errors: list[DataFileError] = []
        self.recs: dict[str, list[_Rec]] = {name: [] for name in ENTITIES}
        # natural key -> id of referenced records that exist in the database and not in the import
        self.db_ids: dict[str, dict[str, Any]] = defaultdict(dict)
        self._exclude_cache: dict[tuple[type[models.Model], frozenset[str]], list[str]] = {}
        # `experiences` lists, checked and written by grappe.experiences.dataimport
        self.experience_lists: list[tuple[str, Any]] = []
        self.experiences: Any = None

    def error(self, file: str, record: str, field_name: str, message: str) -> None:
        self.errors.append(DataFileError(file, record, field_name, message))

    def rec_error(self, rec: _Rec, path: str, message: str, attr: str | None = None) -> None:
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
                object_pairs_hook=_json_object,
                parse_float=Decimal,
                parse_constant=_reject_constant,
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
        for key, value in doc.items():
            if key in ("format", "version"):
                continue
            if key == "experiences":
                self.experience_lists.append((name, value))
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
                self.error(name, "", key, f"expected a list, found {_json_type(value)}")
                continue
            for index, raw in enumerate(value):
                locator = f"{key}[{index}]"
                if not isinstance(raw, dict):
                    self.error(name, locator, "", f"expected an object, found {_json_type(raw)}")
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
        rec = _Rec(entity.name, file, locator)
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
        rec: _Rec,
        model: type[models.Model],
        f: Field,
        raw: Any,
        path: str,
        from_csv: bool,
        target: dict[str, Any] | None = None,
    ) -> None:
        attr = f.model_attr
        try:
            value = _convert(f, raw, from_csv)
        except _Bad as exc:
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
            value = _default(model, attr)
        (rec.values if target is None else target)[attr] = value

    def _parse_object(
        self, rec: _Rec, model: type[models.Model], f: Field, raw: dict[str, Any], from_csv: bool
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
            self.rec_error(rec, f.name, f"expected an object, found {_json_type(value)}")
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

    def _check_money(self, rec: _Rec, f: Field, raw: dict[str, Any], prefix: str) -> None:
        """An amount always carries its currency (a required currency is checked as such)."""
        currency = next((s for s in f.sub if s.name == "currency"), None)
        if currency is None or currency.required:
            return
        if raw.get("amount") not in (None, "") and raw.get("currency") in (None, ""):
            self.rec_error(
                rec, f"{prefix}.currency", "missing: an amount always carries its currency"
            )

    def _parse_records(self, rec: _Rec, f: Field, value: Any) -> None:
        if value is None:
            value = []
        rec.sub_records[f.name] = []
        if not isinstance(value, list):
            self.rec_error(rec, f.name, f"expected a list, found {_json_type(value)}", f.name)
            return
        model = SUB_MODELS[f.name]
        sub_names = {s.name for s in f.sub}
        for index, item in enumerate(value):
            prefix = f"{f.name}[{index}]"
            if not isinstance(item, dict):
                self.rec_error(rec, prefix, f"expected an object, found {_json_type(item)}", f.name)
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

    def _parse_ref_list(self, rec: _Rec, f: Field, value: Any) -> None:
        if value is None:
            value = []
        items: list[tuple[str, str]] = []
        rec.ref_lists[f.name] = items
        if not isinstance(value, list):
            self.rec_error(rec, f.name, f"expected a list, found {_json_type(value)}", f.name)
            return
        item_field = Field(f.name, REFERENCE_LIST_TYPES[f.type])
        seen: set[str] = set()
        for index, raw in enumerate(value):
            path = f"{f.name}[{index}]"
            try:
                key = _convert(item_field, raw, False)
            except _Bad as exc:
                self.rec_error(rec, path, str(exc), f.name)
                continue
            if key is None:
                self.rec_error(rec, path, "empty", f.name)
            elif key in seen:
                self.rec_error(rec, path, f'"{key}" listed twice', f.name)
            else:
                seen.add(key)
                items.append((path, key))

    def _check_record(self, rec: _Rec, entity: Entity) -> None:
        if entity.name == "territories":
            key, level = rec.values.get("key"), rec.values.get("level")
            if key and level and "key" not in rec.bad and not key.startswith(f"{level}:"):
                self.rec_error(rec, "key", f'must start with the level: "{level}:…"')
        elif entity.name == "memberships":
            since, until = rec.values.get("since"), rec.values.get("until")
            if since and until and until < since:
                self.rec_error(rec, rec.paths.get("until", "until"), "before since")

    def _key(self, rec: _Rec, entity: Entity) -> tuple[Any, ...] | None:
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
        rec: _Rec,
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
            first: dict[tuple[Any, ...], _Rec] = {}
            for rec in recs:
                if rec.key is None:
                    continue
                other = first.setdefault(rec.key, rec)
                if other is not rec:
                    where = other.locator.split(" (", 1)[0]  # the index is enough
                    if other.file != rec.file:
                        where = f"{other.file} {where}"
                    self.rec_error(rec, ", ".join(entity.key), f"duplicate key (also {where})")

    def resolve(self) -> None:
        """Check that every reference names a record of the import or of the database."""
        defined: dict[str, set[str]] = {
            "territory": {r.key[0] for r in self.recs["territories"] if r.key},
            "organisation": {r.key[0] for r in self.recs["organisations"] if r.key},
            "network": {r.key[0] for r in self.recs["networks"] if r.key},
            "activity": set(),
        }
        uses: list[tuple[_Rec, str, str, str]] = []  # rec, type, path, key
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
            for chunk in _chunks(sorted(keys)):
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
            for chunk in _chunks(sorted(pending)):
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


# --- Phase 2: writing -----------------------------------------------------------------------------


@dataclass
class _Item:
    rec: _Rec
    obj: Any
    created: bool
    changed: set[str] = field(default_factory=set)  # what the log and the counts call a change
    dirty: set[str] = field(default_factory=set)  # fields to write after creation


class _Writer:
    def __init__(self, reader: _Reader, actor: Any, progress: Progress | None) -> None:
        self.recs = reader.recs
        self.ids: dict[str, dict[str, Any]] = defaultdict(dict)
        for ref_type, ids in reader.db_ids.items():
            self.ids[ref_type].update(ids)
        self.actor = actor
        self.progress = progress
        self.now = timezone.now()
        self.items: dict[str, list[_Item]] = {}
        self.experiences = reader.experiences

    def write(self) -> dict[str, EntityCounts]:
        steps = [
            ("territories", self._territories),
            ("organisations", self._organisations),
            ("people", self._people),
            ("networks", self._networks),
            ("memberships", self._memberships),
            ("offers_needs", self._offers_needs),
        ]
        for name, step in steps:
            total = len(self.recs[name])
            if total:
                if self.progress:
                    self.progress(f"writing {name}", 0, total)
                self.items[name] = step(self.recs[name])
                if self.progress:
                    self.progress(f"writing {name}", total, total)
        experience_counts = None
        if self.experiences is not None and self.experiences.records:
            from grappe.experiences.dataimport import write_experiences

            total = len(self.experiences.records)
            if self.progress:
                self.progress("writing experiences", 0, total)
            experience_counts = write_experiences(self.experiences, ids=self.ids, actor=self.actor)
            if self.progress:
                self.progress("writing experiences", total, total)
        self._log()
        counts: dict[str, EntityCounts] = {}
        for name in ENTITIES:
            c = counts[name] = EntityCounts()
            for item in self.items.get(name, []):
                if item.created:
                    c.created += 1
                elif item.changed:
                    c.updated += 1
                else:
                    c.unchanged += 1
        if experience_counts is not None:
            counts["experiences"] = EntityCounts(
                experience_counts.created, experience_counts.updated, experience_counts.unchanged
            )
        return counts

    # Helpers

    def _ref(self, rec: _Rec, attr: str) -> Any:
        ref_type, _path, key = rec.refs[attr]
        if key is None:
            return None
        return key if ref_type == "activity" else self.ids[ref_type][key]

    def _values(self, rec: _Rec, skip: Iterable[str] = ()) -> dict[str, Any]:
        values = dict(rec.values)
        for attr in rec.refs:
            if attr not in skip:
                values[attr] = self._ref(rec, attr)
        return values

    @staticmethod
    def _set(item: _Item, attr: str, value: Any, *, logged: bool = True) -> None:
        if getattr(item.obj, attr) == value:
            return
        setattr(item.obj, attr, value)
        item.dirty.add(attr)
        if logged and not item.created:
            item.changed.add(attr)

    def _prepare(
        self,
        model: type[models.Model],
        recs: list[_Rec],
        existing: dict[Any, Any],
        key_of: Callable[[_Rec], Any],
        skip: Iterable[str] = (),
    ) -> list[_Item]:
        items = []
        for rec in recs:
            obj = existing.get(key_of(rec))
            item = _Item(rec, obj if obj is not None else model(), obj is None)
            for attr, value in self._values(rec, skip).items():
                self._set(item, attr, value)
            if model in (Territory, Organisation, Network):
                self._set(item, "search_text", search_text_for(item.obj), logged=False)
            items.append(item)
        return items

    def _create(self, model: type[models.Model], items: list[_Item]) -> None:
        new = [i for i in items if i.created]
        if new:
            model._default_manager.bulk_create([i.obj for i in new], batch_size=BATCH)
        for item in new:
            item.dirty.clear()

    def _update(self, model: type[models.Model], items: list[_Item]) -> None:
        groups: dict[frozenset[str], list[Any]] = defaultdict(list)
        for item in items:
            if not item.created and item.changed:
                item.obj.updated_at = self.now
                item.dirty.add("updated_at")
            if item.dirty:
                groups[frozenset(item.dirty)].append(item.obj)
        for fields, objs in groups.items():
            model._default_manager.bulk_update(objs, sorted(fields), batch_size=BATCH)

    @staticmethod
    def _fetch(model: type[models.Model], field_name: str, values: Iterable[Any]) -> dict[Any, Any]:
        found: dict[Any, Any] = {}
        for chunk in _chunks(sorted(set(values))):
            for obj in model._default_manager.filter(**{f"{field_name}__in": chunk}).order_by("pk"):
                found.setdefault(getattr(obj, field_name), obj)
        return found

    # Entities

    def _territories(self, recs: list[_Rec]) -> list[_Item]:
        existing = self._fetch(Territory, "key", (r.key[0] for r in recs))
        items = self._prepare(Territory, recs, existing, lambda r: r.key[0], skip=("parent_id",))
        self._create(Territory, items)
        self.ids["territory"].update({i.obj.key: i.obj.pk for i in items})
        for item in items:
            if "parent_id" in item.rec.refs:
                self._set(item, "parent_id", self._ref(item.rec, "parent_id"))
        self._update(Territory, items)
        return items

    def _organisations(self, recs: list[_Rec]) -> list[_Item]:
        existing = self._fetch(Organisation, "slug", (r.key[0] for r in recs))
        items = self._prepare(Organisation, recs, existing, lambda r: r.key[0])
        self._create(Organisation, items)
        self.ids["organisation"].update({i.obj.slug: i.obj.pk for i in items})
        self._update(Organisation, items)
        return items

    def _people(self, recs: list[_Rec]) -> list[_Item]:
        existing = self._fetch(Person, "ref", (r.key[0] for r in recs))
        items = self._prepare(Person, recs, existing, lambda r: r.key[0])
        for item in items:
            consent = item.obj.contact_consent
            if consent and item.obj.consent_at is None:
                self._set(item, "consent_at", self.now, logged=False)
            elif not consent and item.obj.consent_at is not None:
                self._set(item, "consent_at", None, logged=False)
        self._create(Person, items)
        self._update(Person, items)
        return items

    def _networks(self, recs: list[_Rec]) -> list[_Item]:
        existing = self._fetch(Network, "slug", (r.key[0] for r in recs))
        items = self._prepare(Network, recs, existing, lambda r: r.key[0])
        self._create(Network, items)
        self.ids["network"].update({i.obj.slug: i.obj.pk for i in items})
        self._sync_m2m(items, "perimeter", Network.perimeter.through, "network_id", "territory_id")
        self._sync_m2m(items, "branches", Network.branches.through, "network_id", "activity_id")
        self._sync_m2m(
            items, "parents", Network.parents.through, "from_network_id", "to_network_id"
        )
        self._sync_financing(items)
        self._update(Network, items)
        return items

    def _sync_m2m(self, items: list[_Item], name: str, through: Any, own: str, other: str) -> None:
        ref_type = REFERENCE_LIST_TYPES[ENTITIES["networks"].field(name).type]
        covered = [i for i in items if name in i.rec.ref_lists]
        old_ids = [i.obj.pk for i in covered if not i.created]
        current: dict[Any, dict[Any, Any]] = defaultdict(dict)  # owner -> {target: row id}
        for chunk in _chunks(old_ids):
            rows = through.objects.filter(**{f"{own}__in": chunk}).values_list("pk", own, other)
            for pk, owner, target in rows:
                current[owner][target] = pk
        to_add, to_delete = [], []
        for item in covered:
            wanted = {
                key if ref_type == "activity" else self.ids[ref_type][key]
                for _path, key in item.rec.ref_lists[name]
            }
            have = current.get(item.obj.pk, {})
            added = [t for t in wanted if t not in have]
            removed = [pk for t, pk in have.items() if t not in wanted]
            to_add.extend(through(**{own: item.obj.pk, other: t}) for t in sorted(added))
            to_delete.extend(removed)
            if (added or removed) and not item.created:
                item.changed.add(name)
        for chunk in _chunks(to_delete):
            through.objects.filter(pk__in=chunk).delete()
        through.objects.bulk_create(to_add, batch_size=BATCH)

    def _sync_financing(self, items: list[_Item]) -> None:
        attrs = [f.model_attr for f in ENTITIES["networks"].field("financing").sub]
        covered = [i for i in items if "financing" in i.rec.sub_records]
        current: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        old_ids = [i.obj.pk for i in covered if not i.created]
        for chunk in _chunks(old_ids):
            rows = FinancingSource.objects.filter(network_id__in=chunk).order_by("pk")
            for row in rows.values_list("network_id", *attrs):
                current[row[0]].append(tuple(row[1:]))
        replace, new_rows = [], []
        for item in covered:
            wanted = [
                tuple(
                    values.get(a, FinancingSource._meta.get_field(a).get_default()) for a in attrs
                )
                for values in item.rec.sub_records["financing"]
            ]
            if wanted == current.get(item.obj.pk, []):
                continue
            if not item.created:
                replace.append(item.obj.pk)
                item.changed.add("financing")
            new_rows.extend(
                FinancingSource(network_id=item.obj.pk, **dict(zip(attrs, row, strict=True)))
                for row in wanted
            )
        for chunk in _chunks(replace):
            FinancingSource.objects.filter(network_id__in=chunk).delete()
        FinancingSource.objects.bulk_create(new_rows, batch_size=BATCH)

    def _memberships(self, recs: list[_Rec]) -> list[_Item]:
        def key_of(rec: _Rec) -> tuple[Any, ...]:
            org, net, since = rec.key or (None, None, None)
            return (self.ids["organisation"][org], self.ids["network"][net], since)

        existing: dict[tuple[Any, ...], Membership] = {}
        network_ids = sorted({key_of(r)[1] for r in recs})
        for chunk in _chunks(network_ids):
            for m in Membership.objects.filter(network_id__in=chunk).order_by("pk"):
                existing.setdefault((m.organisation_id, m.network_id, m.since), m)
        items = self._prepare(Membership, recs, existing, key_of)
        self._create(Membership, items)
        self._sync_dues(items)
        self._update(Membership, items)
        return items

    def _sync_dues(self, items: list[_Item]) -> None:
        covered = [i for i in items if "dues" in i.rec.sub_records]
        current: dict[tuple[Any, int], MembershipDues] = {}
        for chunk in _chunks([i.obj.pk for i in covered if not i.created]):
            for d in MembershipDues.objects.filter(membership_id__in=chunk):
                current[(d.membership_id, d.year)] = d
        new, changed = [], []
        for item in covered:
            for values in item.rec.sub_records["dues"]:
                dues = current.get((item.obj.pk, values["year"]))
                if dues is None:
                    new.append(MembershipDues(membership_id=item.obj.pk, **values))
                    if not item.created:
                        item.changed.add("dues")
                    continue
                diff = [a for a, v in values.items() if getattr(dues, a) != v]
                if diff:
                    for a in diff:
                        setattr(dues, a, values[a])
                    changed.append(dues)
                    item.changed.add("dues")
        MembershipDues.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            MembershipDues.objects.bulk_update(
                changed, ["amount", "currency", "paid"], batch_size=BATCH
            )

    def _offers_needs(self, recs: list[_Rec]) -> list[_Item]:
        def key_of(rec: _Rec) -> tuple[Any, ...]:
            org, direction, title = rec.key or (None, None, None)
            return (self.ids["organisation"][org], direction, title)

        existing: dict[tuple[Any, ...], OfferNeed] = {}
        org_ids = sorted({key_of(r)[0] for r in recs})
        for chunk in _chunks(org_ids):
            for o in OfferNeed.objects.filter(organisation_id__in=chunk).order_by("pk"):
                existing.setdefault((o.organisation_id, o.direction, o.title), o)
        items = self._prepare(OfferNeed, recs, existing, key_of)
        self._create(OfferNeed, items)
        self._update(OfferNeed, items)
        return items

    # Change log

    def _log(self) -> None:
        for name, items in self.items.items():
            model = MODELS[name]
            touched = [i for i in items if i.created or i.changed]
            if not touched:
                continue
            private = model is Person
            if len(touched) < LOG_EACH_BELOW:
                for item in touched:
                    public = not private and getattr(item.obj, "published", True)
                    fields = sorted(a.removesuffix("_id") for a in item.changed)
                    log_change(
                        actor=self.actor,
                        action=ChangeAction.IMPORTED,
                        instance=item.obj,
                        fields=fields,
                        public=public,
                    )
                continue
            created = sum(1 for i in touched if i.created)
            label = (
                f"{len(touched)} {model._meta.verbose_name_plural} "
                f"({created} created, {len(touched) - created} updated)"
            )
            log_change(
                actor=self.actor,
                action=ChangeAction.IMPORTED,
                instance=_Batch(model, label),  # type: ignore[arg-type]
                public=not private,
            )


class _Batch:
    """Stands for many records of one model in a single change-log entry (no object id)."""

    def __init__(self, model: type[models.Model], label: str) -> None:
        self._meta = model._meta
        self.pk = None
        self.label = label

    def __str__(self) -> str:
        return self.label


# --- Entry point ----------------------------------------------------------------------------------


def check_files(paths: Sequence[Path], *, progress: Progress | None = None) -> _Reader:
    """Phase 1: read and check every file; raise DataFilesInvalid with every error found."""
    reader = _Reader()
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
    if reader.experience_lists:
        from grappe.experiences.dataimport import check_experiences

        reader.experiences = check_experiences(reader)
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
        counts = _Writer(reader, actor, progress).write()
        if dry_run:
            transaction.set_rollback(True)
    return ImportReport(counts=counts, dry_run=dry_run, seconds=time.monotonic() - started)
