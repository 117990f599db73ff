"""Phase 1 of importing experiences from Grappe data files (docs/experiences-format.md).

`check_records(lists, error=…)` checks every record of the `experiences` lists (types,
enumerations, references to networks and territories of the import or of the database,
duplicate refs, the models' own validation), reports each problem through `error` and returns
the plan that grappe.experiences.dataimport writes. The sheet importer
(grappe.experiences.sheetimport) checks through it too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grappe.datafiles.sections import ErrorSink
from grappe.datafiles.values import chunks
from grappe.directory.models import Network
from grappe.experiences.enums import FigureKind, FigureName, Language, Theme
from grappe.experiences.models import (
    TEXT_FIELDS,
    Experience,
    ExperienceFigure,
    ExperiencePartner,
)
from grappe.experiences.services import FIGURE_FIELDS, PARTNER_FIELDS
from grappe.territories.models import Territory

TEXT_KEYS = tuple(f"{name}_{lang}" for name in ("title", *TEXT_FIELDS) for lang in ("fr", "en"))
STRING_KEYS = (*TEXT_KEYS, "region", "period_label", "source")
RECORD_KEYS = frozenset(
    {
        "ref",
        "network",
        "territory",
        "country",
        "period_start",
        "period_end",
        "themes",
        "partners",
        "keywords",
        "figures",
        "languages",
        "published",
        "density_class",
        *STRING_KEYS,
    }
)
THEMES = tuple(Theme.values)
FIGURE_NAMES = tuple(FigureName.values)
FIGURE_KINDS = tuple(FigureKind.values)
LANGUAGES = tuple(Language.values)
_SLUG = re.compile(r"^[a-z0-9]+(?:-+[a-z0-9]+)*$")
_KEY = re.compile(r"^[a-z_]+:\S+$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


class _Bad(Exception):
    pass


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float | Decimal):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


def _string(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(_("expected a string, found %(type)s") % {"type": _type_name(value)})
    return value


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(_("expected a year, found %(type)s") % {"type": _type_name(value)})
    if not 1000 <= value <= 9999:
        raise _Bad(_("expected a four-digit year, found %(value)s") % {"value": value})
    return value


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise _Bad(_('expected a decimal number such as "1234.56"'))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _Bad(_('expected a decimal number such as "1234.56"'))
        return value
    if not isinstance(value, str) or not _DECIMAL.match(value):
        raise _Bad(
            _('expected a decimal number such as "1234.56", found %(value)s')
            % {"value": json.dumps(value, default=str)}
        )
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise _Bad(_("expected a decimal number")) from None


def _choice(value: Any, choices: Sequence[str]) -> str:
    text = _string(value)
    if text not in choices:
        raise _Bad(
            _('unknown value "%(value)s" (expected one of: %(choices)s)')
            % {"value": text, "choices": ", ".join(choices)}
        )
    return text


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(_("expected a list, found %(type)s") % {"type": _type_name(value)})
    return value


@dataclass
class ExperienceRecord:
    file: str
    locator: str
    ref: str
    values: dict[str, Any] = field(default_factory=dict)
    network: str | None = None
    territory: str | None = None
    themes: list[str] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ExperiencePlan:
    """Checked records, and the ids of what they name that exists in the database."""

    records: list[ExperienceRecord]
    network_ids: dict[str, int] = field(default_factory=dict)
    territory_ids: dict[str, int] = field(default_factory=dict)


# Phase 1: checking ---------------------------------------------------------------------------


class _Checker:
    def __init__(self, error: ErrorSink) -> None:
        self.error = error
        self.failed = False

    def bad(self, rec: ExperienceRecord, path: str, message: str) -> None:
        self.error(rec.file, rec.locator, path, message)
        self.failed = True

    def record(self, file: str, index: int, raw: dict[str, Any]) -> tuple[ExperienceRecord, bool]:
        """The record as far as it could be read, and whether it is free of errors."""
        ref = raw.get("ref")
        locator = f"experiences[{index}]" + (f' (ref "{ref}")' if isinstance(ref, str) else "")
        rec = ExperienceRecord(file, locator, ref if isinstance(ref, str) else "")
        self.failed = False
        for key in getattr(raw, "twice", []):
            self.bad(rec, key, _("given twice"))
        for key in sorted(set(raw) - RECORD_KEYS):
            self.bad(rec, key, _("unknown field"))
        self._scalars(rec, raw)
        self._lists(rec, raw)
        if not self.failed:
            self._validate(rec)
        return rec, not self.failed

    def _field(self, rec: ExperienceRecord, path: str, convert: Callable[[], Any]) -> Any:
        try:
            return convert()
        except _Bad as error:
            self.bad(rec, path, str(error))
            return None

    def _scalars(self, rec: ExperienceRecord, raw: dict[str, Any]) -> None:
        ref = raw.get("ref")
        if not isinstance(ref, str) or not ref.strip():
            self.bad(rec, "ref", _('required: a stable reference such as "fair2001-07"'))
        elif not re.fullmatch(r"\S{1,80}", ref):
            self.bad(rec, "ref", _("at most 80 characters, without spaces"))
        values = rec.values
        for key in STRING_KEYS:
            values[key] = self._field(rec, key, lambda k=key: _string(raw.get(k))) or ""
        country = self._field(rec, "country", lambda: _string(raw.get("country")))
        values["country"] = country or "FR"
        for key in ("period_start", "period_end"):
            values[key] = self._field(rec, key, lambda k=key: _year(raw.get(k)))
        published = raw.get("published", True)
        if not isinstance(published, bool):
            self.bad(rec, "published", _("expected true or false"))
        values["published"] = published is not False
        density = raw.get("density_class")
        values["declared_density_class"] = (
            self._field(rec, "density_class", lambda: _choice(density, ("T1", "T2", "T3")))
            if density not in (None, "")
            else ""
        ) or ""
        for key, pattern, label in (
            ("network", _SLUG, _("a network slug")),
            ("territory", _KEY, _('a territory key such as "departement:47"')),
        ):
            value = raw.get(key)
            if value in (None, ""):
                continue
            if not isinstance(value, str) or not pattern.match(value):
                self.bad(rec, key, _("expected %(what)s") % {"what": label})
            else:
                setattr(rec, key, value)

    def _lists(self, rec: ExperienceRecord, raw: dict[str, Any]) -> None:
        themes = self._field(rec, "themes", lambda: _list(raw.get("themes"))) or []
        for i, code in enumerate(themes):
            theme = self._field(rec, f"themes.{i}", lambda c=code: _choice(c, THEMES))
            if theme is not None and theme not in rec.themes:
                rec.themes.append(theme)
        keywords = self._field(rec, "keywords", lambda: _list(raw.get("keywords"))) or []
        words = [
            self._field(rec, f"keywords.{i}", lambda w=w: _string(w))
            for i, w in enumerate(keywords)
        ]
        rec.values["keywords"] = [w for w in words if w]
        languages = self._field(rec, "languages", lambda: _list(raw.get("languages"))) or []
        rec.values["languages"] = [
            self._field(rec, f"languages.{i}", lambda v=v: _choice(v, LANGUAGES))
            for i, v in enumerate(languages)
        ]
        partners = self._field(rec, "partners", lambda: _list(raw.get("partners"))) or []
        for i, item in enumerate(partners):
            row = self._object(rec, f"partners.{i}", item, PARTNER_FIELDS)
            if row is None:
                continue
            rec.partners.append(
                {
                    "name": self._field(
                        rec, f"partners.{i}.name", lambda r=row: _string(r.get("name"))
                    )
                    or "",
                    "share_percent": self._field(
                        rec,
                        f"partners.{i}.share_percent",
                        lambda r=row: (
                            None
                            if r.get("share_percent") in (None, "")
                            else _decimal(r["share_percent"])
                        ),
                    ),
                    "note": self._field(
                        rec, f"partners.{i}.note", lambda r=row: _string(r.get("note"))
                    )
                    or "",
                }
            )
        shares = [p["share_percent"] for p in rec.partners if p["share_percent"] is not None]
        for i, partner in enumerate(rec.partners):
            share = partner["share_percent"]
            if share is not None and not 0 <= share <= 100:
                self.bad(rec, f"partners.{i}.share_percent", _("expected a share from 0 to 100"))
        total = sum(shares, Decimal(0))
        if total > 100:
            self.bad(
                rec,
                "partners",
                _("the funding shares add up to %(total)s %%, more than 100 %%") % {"total": total},
            )
        figures = self._field(rec, "figures", lambda: _list(raw.get("figures"))) or []
        for i, item in enumerate(figures):
            row = self._object(rec, f"figures.{i}", item, FIGURE_FIELDS)
            if row is None:
                continue
            p = f"figures.{i}"
            rec.figures.append(
                {
                    "name": self._field(
                        rec, f"{p}.name", lambda r=row: _choice(r.get("name"), FIGURE_NAMES)
                    ),
                    "kind": self._field(
                        rec, f"{p}.kind", lambda r=row: _choice(r.get("kind"), FIGURE_KINDS)
                    ),
                    "value": self._field(rec, f"{p}.value", lambda r=row: _decimal(r.get("value"))),
                    "currency": (
                        self._field(
                            rec,
                            f"{p}.currency",
                            lambda r=row: _choice(r["currency"], ("EUR", "FRF")),
                        )
                        if row.get("currency") not in (None, "")
                        else ""
                    )
                    or "",
                    "year": self._field(rec, f"{p}.year", lambda r=row: _year(r.get("year"))),
                    "source": self._field(
                        rec, f"{p}.source", lambda r=row: _string(r.get("source"))
                    )
                    or "",
                    "note": self._field(rec, f"{p}.note", lambda r=row: _string(r.get("note")))
                    or "",
                }
            )

    def _object(
        self, rec: ExperienceRecord, path: str, item: Any, allowed: Sequence[str]
    ) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            self.bad(
                rec, path, _("expected an object, found %(type)s") % {"type": _type_name(item)}
            )
            return None
        for key in sorted(set(item) - set(allowed)):
            self.bad(rec, f"{path}.{key}", _("unknown field"))
        return item

    def _validate(self, rec: ExperienceRecord) -> None:
        """The models' own rules (lengths, title, period, currencies, shares)."""
        experience = Experience(ref=rec.ref, **rec.values)
        if not experience.languages:
            experience.languages = experience.held_languages()
            rec.values["languages"] = experience.languages
        try:
            experience.full_clean(
                exclude=["network", "territory"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                path = "density_class" if name == "declared_density_class" else name
                for message in messages:
                    self.bad(rec, path if path != "__all__" else "", message)
        for prefix, model, rows in (
            ("partners", ExperiencePartner, rec.partners),
            ("figures", ExperienceFigure, rec.figures),
        ):
            for i, row in enumerate(rows):
                try:  # the share and value ranges are checked here, not by the constraints
                    model(**row).full_clean(exclude=["experience"], validate_constraints=False)
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        for message in messages:
                            self.bad(rec, f"{prefix}.{i}.{name}", message)


def check_records(
    lists: Sequence[tuple[str, Any]],
    *,
    error: ErrorSink,
    networks_in_import: Collection[str] = (),
    territories_in_import: Collection[str] = (),
) -> ExperiencePlan:
    """Check the `experiences` lists of data files; report every problem through `error`."""
    checker = _Checker(error)
    read: list[tuple[ExperienceRecord, bool]] = []
    for file, value in lists:
        if value is None:
            continue
        if not isinstance(value, list):
            error(
                file,
                "",
                "experiences",
                _("expected a list, found %(type)s") % {"type": _type_name(value)},
            )
            continue
        for index, raw in enumerate(value):
            if not isinstance(raw, dict):
                error(
                    file,
                    f"experiences[{index}]",
                    "",
                    _("expected an object, found %(type)s") % {"type": _type_name(raw)},
                )
                continue
            read.append(checker.record(file, index, raw))
    first: dict[str, ExperienceRecord] = {}
    for rec, _ok in read:
        if not rec.ref:
            continue
        other = first.setdefault(rec.ref, rec)
        if other is not rec:
            where = other.locator.split(" (", 1)[0]
            if other.file != rec.file:
                where = f"{other.file} {where}"
            error(
                rec.file, rec.locator, "ref", _("duplicate key (also %(where)s)") % {"where": where}
            )
    records = [rec for rec, ok in read if ok]
    plan = ExperiencePlan(records)
    everything = [rec for rec, _ok in read]
    wanted_networks = {
        r.network for r in everything if r.network and r.network not in networks_in_import
    }
    wanted_territories = {
        r.territory for r in everything if r.territory and r.territory not in territories_in_import
    }
    for chunk in chunks(sorted(wanted_networks)):
        plan.network_ids.update(Network.objects.filter(slug__in=chunk).values_list("slug", "pk"))
    for chunk in chunks(sorted(wanted_territories)):
        plan.territory_ids.update(Territory.objects.filter(key__in=chunk).values_list("key", "pk"))
    for rec in everything:
        if rec.network in wanted_networks and rec.network not in plan.network_ids:
            error(
                rec.file,
                rec.locator,
                "network",
                _('unknown network "%(key)s" (not in the import nor the database)')
                % {"key": rec.network},
            )
        if rec.territory in wanted_territories and rec.territory not in plan.territory_ids:
            error(
                rec.file,
                rec.locator,
                "territory",
                _('unknown territory "%(key)s" (not in the import nor the database)')
                % {"key": rec.territory},
            )
    return plan
