"""Experiences in Grappe data files (docs/experiences-format.md): bulk write and export.

The `experiences` list is a section of the data files (grappe.datafiles.sections), registered
when the app is ready: grappe.datafiles.importer hands it the lists of the JSON files it reads,
checked in phase 1 by grappe.experiences.datacheck, then written in phase 2 by
`write_experiences(plan, ids, actor)`, inside the importer's transaction, matching records by
`ref`. A record describes the whole experience: fields it leaves out are emptied, its themes,
partners and figures replace the stored ones. The sheet importer (grappe.experiences.sheetimport)
writes through the same function. The exporter writes `export_records()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from grappe.audit.models import ChangeAction
from grappe.audit.services import log_change
from grappe.datafiles.exporter import decimal_text
from grappe.datafiles.report import EntityCounts
from grappe.datafiles.sections import CheckContext, Section, WriteContext
from grappe.datafiles.values import chunks
from grappe.directory.models import Network
from grappe.experiences import indexing
from grappe.experiences.datacheck import (
    STRING_KEYS,
    ExperiencePlan,
    ExperienceRecord,
    check_records,
)
from grappe.experiences.models import (
    Experience,
    ExperienceFigure,
    ExperiencePartner,
    ExperienceTheme,
)
from grappe.experiences.services import FIGURE_FIELDS, PARTNER_FIELDS
from grappe.territories.models import Territory

LOG_EACH_BELOW = 200
BATCH = 500


def _rows(objects: Sequence[Any], fields: Sequence[str]) -> list[tuple[Any, ...]]:
    return [
        tuple(getattr(o, name) if not isinstance(o, dict) else o.get(name) for name in fields)
        for o in objects
    ]


def write_experiences(
    plan: ExperiencePlan, *, ids: Mapping[str, Mapping[str, Any]], actor: Any
) -> EntityCounts:
    """Phase 2: create or update every checked record by `ref` (call inside a transaction).

    `ids` maps natural keys of what the same import wrote ({"network": {slug: pk}, "territory":
    {key: pk}}); the plan holds those found in the database.
    """
    records = plan.records
    network_ids = {**plan.network_ids, **ids.get("network", {})}
    territory_ids = {**plan.territory_ids, **ids.get("territory", {})}
    existing: dict[str, Experience] = {}
    themes: dict[int, list[str]] = defaultdict(list)
    partners: dict[int, list[ExperiencePartner]] = defaultdict(list)
    figures: dict[int, list[ExperienceFigure]] = defaultdict(list)
    for chunk in chunks([r.ref for r in records]):
        for exp in Experience.objects.filter(ref__in=chunk):
            existing[exp.ref] = exp
    old_ids = [e.pk for e in existing.values()]
    for chunk in chunks(old_ids):
        for experience_id, theme in ExperienceTheme.objects.filter(
            experience_id__in=chunk
        ).values_list("experience_id", "theme"):
            themes[experience_id].append(theme)
        for p in ExperiencePartner.objects.filter(experience_id__in=chunk).order_by(
            "position", "pk"
        ):
            partners[p.experience_id].append(p)
        for f in ExperienceFigure.objects.filter(experience_id__in=chunk).order_by(
            "position", "pk"
        ):
            figures[f.experience_id].append(f)
    networks: dict[int, Network] = {}
    for chunk in chunks(sorted({network_ids[r.network] for r in records if r.network})):
        networks.update({n.pk: n for n in Network.objects.filter(pk__in=chunk)})
    territories: dict[int, Territory] = {}
    for chunk in chunks(sorted({territory_ids[r.territory] for r in records if r.territory})):
        territories.update({t.pk: t for t in Territory.objects.filter(pk__in=chunk)})
    classes = {pk: indexing.territory_class(t) for pk, t in territories.items()}

    now = timezone.now()
    counts = EntityCounts()
    new: list[tuple[ExperienceRecord, Experience]] = []
    changed: list[tuple[ExperienceRecord, Experience, list[str], bool]] = []
    logged: list[tuple[Experience, bool, list[str]]] = []
    editable = ["network_id", "territory_id", "ref", *(k for k in _record_fields())]
    for rec in records:
        exp = existing.get(rec.ref)
        creating = exp is None
        exp = exp or Experience()
        values = {
            **rec.values,
            "ref": rec.ref,
            "network_id": network_ids[rec.network] if rec.network else None,
            "territory_id": territory_ids[rec.territory] if rec.territory else None,
        }
        fields_changed = [k.removesuffix("_id") for k, v in values.items() if getattr(exp, k) != v]
        for key, value in values.items():
            setattr(exp, key, value)
        children_changed = creating or (
            sorted(rec.themes) != sorted(themes.get(exp.pk, []))
            or _rows(rec.partners, PARTNER_FIELDS)
            != _rows(partners.get(exp.pk, []), PARTNER_FIELDS)
            or _rows(rec.figures, FIGURE_FIELDS) != _rows(figures.get(exp.pk, []), FIGURE_FIELDS)
        )
        if children_changed and not creating:
            fields_changed.append("themes/partners/figures")
        network = networks.get(exp.network_id) if exp.network_id else None
        territory = territories.get(exp.territory_id) if exp.territory_id else None
        klass = classes.get(exp.territory_id, "unknown") if exp.territory_id else "unknown"
        before = {name: getattr(exp, name) for name in indexing.DERIVED_FIELDS}
        indexing.derive(
            exp,
            themes=rec.themes,
            partners=rec.partners,
            figures=rec.figures,
            context=indexing.Context(network=network, territory=territory, territory_class=klass),
        )
        derived_changed = any(getattr(exp, n) != v for n, v in before.items())
        if creating:
            new.append((rec, exp))
            counts.created += 1
            logged.append((exp, True, []))
        elif fields_changed or children_changed or derived_changed:
            exp.updated_at = now
            changed.append((rec, exp, fields_changed, children_changed))
            if fields_changed:
                counts.updated += 1
                logged.append((exp, False, fields_changed))
            else:
                counts.unchanged += 1
        else:
            counts.unchanged += 1
    for chunk in chunks([exp for _rec, exp in new]):
        Experience.objects.bulk_create(chunk)
    update_fields = [*editable, *indexing.DERIVED_FIELDS, "updated_at"]
    for chunk in chunks([exp for _rec, exp, _f, _c in changed]):
        Experience.objects.bulk_update(chunk, update_fields)
    replace = [exp.pk for _rec, exp, _f, children in changed if children]
    for chunk in chunks(replace):
        for model in (ExperienceTheme, ExperiencePartner, ExperienceFigure):
            model.objects.filter(experience_id__in=chunk).delete()
    with_children = [(rec, exp) for rec, exp in new] + [
        (rec, exp) for rec, exp, _f, children in changed if children
    ]
    _create_children(with_children)
    _log(logged, actor)
    return counts


def _record_fields() -> list[str]:
    return [
        *STRING_KEYS,
        "country",
        "period_start",
        "period_end",
        "published",
        "declared_density_class",
        "keywords",
        "languages",
    ]


def _create_children(items: list[tuple[ExperienceRecord, Experience]]) -> None:
    theme_rows, partner_rows, figure_rows = [], [], []
    for rec, exp in items:
        theme_rows += [ExperienceTheme(experience_id=exp.pk, theme=t) for t in rec.themes]
        partner_rows += [
            ExperiencePartner(experience_id=exp.pk, position=i, **row)
            for i, row in enumerate(rec.partners)
        ]
        figure_rows += [
            ExperienceFigure(experience_id=exp.pk, position=i, **row)
            for i, row in enumerate(rec.figures)
        ]
    for model, rows in (
        (ExperienceTheme, theme_rows),
        (ExperiencePartner, partner_rows),
        (ExperienceFigure, figure_rows),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)


class _Summary:
    """Stands for many experiences in one change-log entry (no object id)."""

    def __init__(self, label: str) -> None:
        self._meta = Experience._meta
        self.pk = None
        self.label = label

    def __str__(self) -> str:
        return self.label


def _log(logged: list[tuple[Experience, bool, list[str]]], actor: Any) -> None:
    if not logged:
        return
    if len(logged) < LOG_EACH_BELOW:
        for exp, _created, fields in logged:
            log_change(
                actor=actor,
                action=ChangeAction.IMPORTED,
                instance=exp,
                fields=fields,
                public=exp.published,
            )
        return
    created = sum(1 for _exp, c, _f in logged if c)
    label = _("%(n)s experiences (%(created)s created, %(updated)s updated)") % {
        "n": len(logged),
        "created": created,
        "updated": len(logged) - created,
    }
    log_change(actor=actor, action=ChangeAction.IMPORTED, instance=_Summary(label))  # type: ignore[arg-type]


# Export --------------------------------------------------------------------------------------


def export_records() -> list[dict[str, Any]]:
    """Every experience as a record of the format, sorted by ref, empty values left out."""
    qs = (
        Experience.objects.select_related("network", "territory")
        .prefetch_related("themes", "partners", "figures")
        .order_by("ref")
    )
    out = []
    for exp in qs:
        record: dict[str, Any] = {"ref": exp.ref}
        if exp.network_id:
            record["network"] = exp.network.slug
        if exp.territory_id:
            record["territory"] = exp.territory.key
        for key in STRING_KEYS:
            if getattr(exp, key):
                record[key] = getattr(exp, key)
        record["country"] = exp.country
        for key in ("period_start", "period_end"):
            if getattr(exp, key) is not None:
                record[key] = getattr(exp, key)
        themes = sorted(t.theme for t in exp.themes.all())
        if themes:
            record["themes"] = themes
        if exp.keywords:
            record["keywords"] = list(exp.keywords)
        if exp.languages:
            record["languages"] = list(exp.languages)
        if exp.declared_density_class:
            record["density_class"] = exp.declared_density_class
        if not exp.published:
            record["published"] = False
        partners = [_plain_row(p, PARTNER_FIELDS) for p in exp.partners.all()]
        if partners:
            record["partners"] = partners
        figures = [_plain_row(f, FIGURE_FIELDS) for f in exp.figures.all()]
        if figures:
            record["figures"] = figures
        out.append(record)
    return out


def _plain_row(obj: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if value is None or value == "":
            continue
        row[name] = decimal_text(value) if isinstance(value, Decimal) else value
    return row


# The section of the data files -----------------------------------------------------------------


def _check_section(lists: Sequence[tuple[str, Any]], context: CheckContext) -> ExperiencePlan:
    return check_records(
        lists,
        error=context.error,
        networks_in_import=context.defined.get("network", ()),
        territories_in_import=context.defined.get("territory", ()),
    )


def _write_section(plan: ExperiencePlan, context: WriteContext) -> EntityCounts:
    return write_experiences(plan, ids=context.ids, actor=context.actor)


SECTION = Section(
    name="experiences",
    check=_check_section,
    size=lambda plan: len(plan.records),
    write=_write_section,
    export=export_records,
)
