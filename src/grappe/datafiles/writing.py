"""Phase 2 of an import: write what phase 1 checked, in the caller's transaction, matching
records to existing ones by their natural key, and log the changes."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from grappe.audit.models import ChangeAction
from grappe.audit.services import log_change
from grappe.core.search import search_text_for
from grappe.datafiles.reading import Reader, Record
from grappe.datafiles.report import EntityCounts, Progress
from grappe.datafiles.schema import (
    ENTITIES,
    MODELS,
    REFERENCE_LIST_TYPES,
)
from grappe.datafiles.sections import WriteContext, registered_sections
from grappe.datafiles.values import (
    BATCH,
    chunks,
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
from grappe.territories.models import Territory

LOG_EACH_BELOW = 200


@dataclass
class _Item:
    rec: Record
    obj: Any
    created: bool
    changed: set[str] = field(default_factory=set)  # what the log and the counts call a change
    dirty: set[str] = field(default_factory=set)  # fields to write after creation


class Writer:
    def __init__(self, reader: Reader, actor: Any, progress: Progress | None) -> None:
        self.recs = reader.recs
        self.ids: dict[str, dict[str, Any]] = defaultdict(dict)
        for ref_type, ids in reader.db_ids.items():
            self.ids[ref_type].update(ids)
        self.actor = actor
        self.progress = progress
        self.now = timezone.now()
        self.items: dict[str, list[_Item]] = {}
        self.section_plans = reader.section_plans

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
        section_counts: dict[str, EntityCounts] = {}
        context = WriteContext(ids=self.ids, actor=self.actor)
        for section in registered_sections():
            plan = self.section_plans.get(section.name)
            total = section.size(plan) if plan is not None else 0
            if not total:
                continue
            if self.progress:
                self.progress(f"writing {section.name}", 0, total)
            section_counts[section.name] = section.write(plan, context)
            if self.progress:
                self.progress(f"writing {section.name}", total, total)
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
        counts.update(section_counts)
        return counts

    # Helpers

    def _ref(self, rec: Record, attr: str) -> Any:
        ref_type, _path, key = rec.refs[attr]
        if key is None:
            return None
        return key if ref_type == "activity" else self.ids[ref_type][key]

    def _values(self, rec: Record, skip: Iterable[str] = ()) -> dict[str, Any]:
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
        recs: list[Record],
        existing: dict[Any, Any],
        key_of: Callable[[Record], Any],
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
        for chunk in chunks(sorted(set(values))):
            for obj in model._default_manager.filter(**{f"{field_name}__in": chunk}).order_by("pk"):
                found.setdefault(getattr(obj, field_name), obj)
        return found

    # Entities

    def _territories(self, recs: list[Record]) -> list[_Item]:
        existing = self._fetch(Territory, "key", (r.key[0] for r in recs))
        items = self._prepare(Territory, recs, existing, lambda r: r.key[0], skip=("parent_id",))
        self._create(Territory, items)
        self.ids["territory"].update({i.obj.key: i.obj.pk for i in items})
        for item in items:
            if "parent_id" in item.rec.refs:
                self._set(item, "parent_id", self._ref(item.rec, "parent_id"))
        self._update(Territory, items)
        return items

    def _organisations(self, recs: list[Record]) -> list[_Item]:
        existing = self._fetch(Organisation, "slug", (r.key[0] for r in recs))
        items = self._prepare(Organisation, recs, existing, lambda r: r.key[0])
        self._create(Organisation, items)
        self.ids["organisation"].update({i.obj.slug: i.obj.pk for i in items})
        self._update(Organisation, items)
        return items

    def _people(self, recs: list[Record]) -> list[_Item]:
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

    def _networks(self, recs: list[Record]) -> list[_Item]:
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
        for chunk in chunks(old_ids):
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
        for chunk in chunks(to_delete):
            through.objects.filter(pk__in=chunk).delete()
        through.objects.bulk_create(to_add, batch_size=BATCH)

    def _sync_financing(self, items: list[_Item]) -> None:
        attrs = [f.model_attr for f in ENTITIES["networks"].field("financing").sub]
        covered = [i for i in items if "financing" in i.rec.sub_records]
        current: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        old_ids = [i.obj.pk for i in covered if not i.created]
        for chunk in chunks(old_ids):
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
        for chunk in chunks(replace):
            FinancingSource.objects.filter(network_id__in=chunk).delete()
        FinancingSource.objects.bulk_create(new_rows, batch_size=BATCH)

    def _memberships(self, recs: list[Record]) -> list[_Item]:
        def key_of(rec: Record) -> tuple[Any, ...]:
            org, net, since = rec.key or (None, None, None)
            return (self.ids["organisation"][org], self.ids["network"][net], since)

        existing: dict[tuple[Any, ...], Membership] = {}
        network_ids = sorted({key_of(r)[1] for r in recs})
        for chunk in chunks(network_ids):
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
        for chunk in chunks([i.obj.pk for i in covered if not i.created]):
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

    def _offers_needs(self, recs: list[Record]) -> list[_Item]:
        def key_of(rec: Record) -> tuple[Any, ...]:
            org, direction, title = rec.key or (None, None, None)
            return (self.ids["organisation"][org], direction, title)

        existing: dict[tuple[Any, ...], OfferNeed] = {}
        org_ids = sorted({key_of(r)[0] for r in recs})
        for chunk in chunks(org_ids):
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
