"""The values of data files: JSON and CSV cells to Python values, with the reason when they are
not what the format says (docs/data-format.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from grappe.datafiles.schema import Field
from grappe.directory.money import Currency

BATCH = 500

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


class BadValue(Exception):
    pass


class JsonObject(dict[str, Any]):
    """A JSON object that remembers keys given twice."""

    twice: list[str]


def json_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject()
    obj.twice = []
    for k, v in pairs:
        if k in obj:
            obj.twice.append(k)
        obj[k] = v
    return obj


def reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number of this format")


def json_type(value: Any) -> str:
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


def choices_text(values: Iterable[str]) -> str:
    return ", ".join(values)


def convert(f: Field, raw: Any, from_csv: bool) -> Any:
    """The Python value of one scalar or reference field; None when not given."""
    if raw is None or raw == "":
        return None
    t = f.type
    if t in ("int", "year"):
        if from_csv:
            if not INT_RE.match(raw.strip()):
                raise BadValue(f'expected an integer, found "{raw}"')
            value = int(raw)
        else:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise BadValue(f"expected an integer, found {json_type(raw)}")
            value = raw
        if t == "year":
            if not 1000 <= value <= 9999:
                raise BadValue(f"expected a four-digit year, found {value}")
        elif not 0 <= value <= MAX_INT:
            raise BadValue(f"expected an integer from 0 to {MAX_INT}, found {value}")
        return value
    if t == "decimal":
        return decimal_value(raw, from_csv)
    if t == "bool":
        if from_csv:
            low = raw.strip().lower()
            if low in CSV_TRUE:
                return True
            if low in CSV_FALSE:
                return False
            raise BadValue(f'expected true or false, found "{raw}"')
        if not isinstance(raw, bool):
            raise BadValue(f"expected true or false, found {json_type(raw)}")
        return raw
    if not isinstance(raw, str):
        raise BadValue(f"expected a string, found {json_type(raw)}")
    if t == "date":
        if not DATE_RE.match(raw):
            raise BadValue(f'expected a date YYYY-MM-DD, found "{raw}"')
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise BadValue(f'not a valid date: "{raw}"') from None
    if t == "enum":
        assert f.choices is not None
        if raw not in f.choices.values:
            raise BadValue(
                f'unknown value "{raw}" (expected one of: {choices_text(f.choices.values)})'
            )
    elif t == "currency":
        if raw not in Currency.__members__:
            raise BadValue(f'unknown currency "{raw}" (expected EUR or FRF)')
    elif t == "country":
        if not COUNTRY_RE.match(raw):
            raise BadValue(f'expected an ISO 3166 alpha-2 country code such as "FR", found "{raw}"')
    elif t in ("slug", "organisation", "network"):
        if not SLUG_RE.match(raw):
            raise BadValue(f'"{raw}" is not a slug (lowercase letters, digits and hyphens)')
    elif t in ("key", "territory"):
        if not KEY_RE.match(raw):
            raise BadValue(f'"{raw}" is not a territory key such as "departement:47"')
    elif t in ("ref", "activity") and not REF_RE.match(raw):
        raise BadValue(f'"{raw}" must not contain spaces')
    return raw


def decimal_value(raw: Any, from_csv: bool) -> Decimal:
    if isinstance(raw, bool):
        raise BadValue("expected a decimal number, found a boolean")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        raw = Decimal(str(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise BadValue("expected a decimal number")
        return raw
    if not isinstance(raw, str):
        raise BadValue(f"expected a decimal number, found {json_type(raw)}")
    text = raw.strip() if from_csv else raw
    if not DECIMAL_RE.match(text):
        raise BadValue(f'expected a decimal number such as "1234.56", found "{raw}"')
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise BadValue(f'expected a decimal number, found "{raw}"') from None


def chunks(seq: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def model_default(model: type[models.Model], attr: str) -> Any:
    return model._meta.get_field(attr).get_default()
