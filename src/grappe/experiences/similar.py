"""Similar cases from the database: profiles of the experiences, ranked by the engine.

The engine (grappe.experiences.similarity) ranks `Case` profiles. Loading 50,000 profiles for
each question would be slow, so the profiles are kept in memory as a `CaseIndex`, rebuilt when
the experiences or the networks' branches change (one small query tells: counts, last change
times, last ids). What each reader may see is applied as a mask on every question.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.utils.translation import gettext as _

from grappe.activities.models import Activity
from grappe.directory.models import (
    Network,
    SizeBand,
)
from grappe.experiences import rules
from grappe.experiences.enums import DensityClass, OriginKind, Theme
from grappe.experiences.indexing import territory_class
from grappe.experiences.models import Experience
from grappe.experiences.selectors import experiences_by_ids
from grappe.experiences.similarity import (
    Case,
    CaseIndex,
    Match,
    Reason,
    ReasonKind,
    Situation,
    branch_key,
    build_index,
    rank_indexed,
    size_band,
)
from grappe.experiences.vocabulary import normalise, profile_tokens, token_label
from grappe.territories.models import Territory

BATCH = 2000


@dataclass
class SimilarItem:
    experience: Experience
    score: int
    reasons: tuple[Reason, ...]
    explanations: list[str]


# Profiles ------------------------------------------------------------------------------------


def _branches(network_ids: Sequence[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for i in range(0, len(network_ids), BATCH):
        rows = Network.branches.through.objects.filter(network_id__in=network_ids[i : i + BATCH])
        for network_id, code in rows.values_list("network_id", "activity_id"):
            found.setdefault(network_id, set()).add(branch_key(code))
    return found


@dataclass(frozen=True)
class Profiles:
    """All experiences as cases, with what the visibility rules need, in the index's order."""

    index: CaseIndex
    published: np.ndarray
    network_ids: np.ndarray


def _load() -> Profiles:
    rows = list(
        Experience.objects.values_list(
            "pk",
            "ref",
            "theme_codes",
            "density_class",
            "territory__key",
            "region",
            "network_id",
            "firms",
            "employees",
            "origin_kind",
            "profile_words",
            "published",
        )
    )
    branches = _branches(sorted({row[6] for row in rows if row[6]}))
    regions: dict[str, str] = {}
    flags: dict[int, tuple[bool, int]] = {}
    cases = []
    for (pk, ref, codes, klass, territory, region, network_id, firms, employees, origin, words,
         published) in rows:  # fmt: skip
        if region not in regions:
            regions[region] = normalise(region)
        flags[pk] = (published, network_id or 0)
        cases.append(
            Case(
                key=pk,
                ref=ref,
                themes=frozenset(codes.split()),
                density_class=klass,
                territory=territory or "",
                region=regions[region],
                branches=frozenset(branches.get(network_id, ())),
                firms=firms,
                size_band=size_band(firms, employees),
                origin=origin,
                words=frozenset(words.split()),
            )
        )
    index = build_index(cases)
    keys = index.keys
    return Profiles(
        index,
        np.asarray([flags[k][0] for k in keys], dtype=bool),
        np.asarray([flags[k][1] for k in keys], dtype=np.int64),
    )


_lock = threading.Lock()
_cache: dict[str, Any] = {"stamp": None, "profiles": None}


def _stamp() -> tuple[Any, ...]:
    """What tells that profiles changed: counts, last change time, last ids (one round trip,
    each part answered from an index)."""
    table = Experience._meta.db_table
    through = Network.branches.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {table}), (SELECT max(updated_at) FROM {table}), "
            f"(SELECT max(id) FROM {table}), (SELECT count(*) FROM {through}), "
            f"(SELECT max(id) FROM {through})"
        )
        return tuple(cursor.fetchone() or ())


def profiles() -> Profiles:
    """The profiles of all experiences, rebuilt only when something they hold has changed."""
    stamp = _stamp()
    with _lock:
        if _cache["stamp"] != stamp or _cache["profiles"] is None:
            _cache["profiles"], _cache["stamp"] = _load(), stamp
        result: Profiles = _cache["profiles"]
        return result


def _allowed(user: Any, loaded: Profiles) -> np.ndarray | None:
    if rules.is_admin(user):
        return None
    if getattr(user, "is_authenticated", False):
        managed = list(
            Network.managers.through.objects.filter(user=user).values_list("network_id", flat=True)
        )
        if managed:
            return loaded.published | np.isin(loaded.network_ids, managed)
    return loaded.published


# Situations ----------------------------------------------------------------------------------


def situation_of(experience: Experience) -> Situation:
    branches: frozenset[str] = frozenset()
    if experience.network_id is not None:
        branches = frozenset(_branches([experience.network_id]).get(experience.network_id, ()))
    return Situation(
        themes=frozenset(experience.theme_codes.split()),
        density_class=experience.density_class,
        territory=experience.territory.key if experience.territory_id else "",
        region=normalise(experience.region),
        branches=branches,
        firms=experience.firms,
        size_band=size_band(experience.firms, experience.employees),
        origin=experience.origin_kind,
        words=frozenset(experience.profile_words.split()),
    )


def situation_from(
    *,
    territory: Territory | None = None,
    density_class: str = "",
    region: str = "",
    branches: Iterable[str] = (),
    firms: int | None = None,
    size_band: str = "",
    origin: str = "",
    themes: Iterable[str] = (),
    text: str = "",
) -> Situation:
    """A described situation; a territory gives its density class when none is chosen."""
    klass = density_class
    if territory is not None and not klass:
        klass = territory_class(territory)
    return Situation(
        themes=frozenset(themes),
        density_class=klass,
        territory=territory.key if territory is not None else "",
        region=normalise(region),
        branches=frozenset(branch_key(b) for b in branches if b.strip()),
        firms=firms,
        size_band=size_band,
        origin=origin,
        words=frozenset(profile_tokens(text)),
    )


# Questions -----------------------------------------------------------------------------------


def similar_experiences(
    *,
    user: Any,
    situation: Situation,
    exclude: Sequence[int] = (),
    limit: int = 10,
) -> list[SimilarItem]:
    """The most similar experiences the user may see, best first, each with its reasons."""
    loaded = profiles()
    matches = rank_indexed(
        situation, loaded.index, limit=limit, allowed=_allowed(user, loaded), exclude=exclude
    )
    experiences = {e.pk: e for e in experiences_by_ids([m.key for m in matches])}
    shown = [m for m in matches if m.key in experiences]
    return [
        SimilarItem(experiences[m.key], m.score, m.reasons, reasons)
        for m, reasons in zip(shown, explain_all(shown), strict=True)
    ]


def similar_to(*, user: Any, experience: Experience, limit: int = 10) -> list[SimilarItem]:
    return similar_experiences(
        user=user, situation=situation_of(experience), exclude=[experience.pk], limit=limit
    )


def explain_all(matches: Sequence[Match]) -> list[list[str]]:
    """The reasons of each match as sentences, in the reader's language; the territories and
    activities they name are looked up once for all the matches."""
    keys = {r.items[0] for m in matches for r in m.reasons if r.kind is ReasonKind.TERRITORY}
    codes = {
        c for m in matches for r in m.reasons if r.kind is ReasonKind.BRANCHES for c in r.items
    }
    names = Names(
        territories=dict(Territory.objects.filter(key__in=keys).values_list("key", "name"))
        if keys
        else {},
        activities={a.code: a.label for a in Activity.objects.filter(code__in=codes)}
        if codes
        else {},
    )
    return [[reason_text(reason, names) for reason in m.reasons] for m in matches]


@dataclass(frozen=True)
class Names:
    """What reasons name, by key: territory names and activity labels."""

    territories: dict[str, str]
    activities: dict[str, str]


def reason_text(reason: Reason, names: Names) -> str:
    items = reason.items
    kind = reason.kind
    if kind is ReasonKind.THEMES:
        labels = dict(Theme.choices)
        names_text = ", ".join(str(labels.get(code, code)) for code in items)
        return _("shared themes: %(themes)s") % {"themes": names_text}
    if kind is ReasonKind.TERRITORY:
        name = names.territories.get(items[0], items[0])
        return _("same territory: %(name)s") % {"name": name}
    if kind is ReasonKind.REGION:
        return _("same region: %(region)s") % {"region": items[0]}
    if kind is ReasonKind.DENSITY_CLASS:
        label = dict(DensityClass.choices).get(items[0], items[0])
        return _("similar territory: class %(klass)s") % {"klass": label}
    if kind is ReasonKind.BRANCHES:
        branches = ", ".join(f"{c} {names.activities.get(c, '')}".strip() for c in items)
        return _("same branch: %(branches)s") % {"branches": branches}
    if kind is ReasonKind.WORDS:
        words = ", ".join(token_label(t) for t in items)
        return _("matching words: %(words)s") % {"words": words}
    if kind is ReasonKind.FIRMS:
        return _("close size: %(mine)s firms here, %(theirs)s there") % {
            "mine": items[0],
            "theirs": items[1],
        }
    if kind is ReasonKind.SIZE:
        label = dict(SizeBand.choices).get(items[0], items[0])
        return _("firms of the same size: %(band)s") % {"band": label}
    label = dict(OriginKind.choices).get(items[0], items[0])
    return _("same origin: %(origin)s") % {"origin": label}
