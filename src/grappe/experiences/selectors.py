"""Reads on experiences: search with facets and relevance, detail (similar cases: similar.py).

Search: every word of the query must match (as a word prefix, accents and case ignored), or
one of its equivalents in the bilingual vocabulary (grappe.experiences.vocabulary); results are
ranked by where the words are found (title, then keywords and themes, then anywhere) and
their own form before their equivalents. The facets count the experiences of the current
result by theme, country, territory class, network kind, branch and decade.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable, RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grappe.activities.models import Activity
from grappe.activities.selectors import activity_codes_under
from grappe.directory.models import (
    Network,
    NetworkKind,
)
from grappe.experiences import rules
from grappe.experiences.enums import DensityClass, Theme
from grappe.experiences.models import TEXT_FIELDS, Experience, ExperienceFigure, ExperienceTheme
from grappe.experiences.similarity import branch_key
from grappe.experiences.vocabulary import QueryUnit, parse_query
from grappe.territories.models import Territory
from grappe.territories.selectors import territory_with_descendants

# Points of a query word found in the title in its own form (else as an equivalent), in the
# keywords and themes, and for being found at all.
TITLE_POINTS = 4
TITLE_EQUIVALENT_POINTS = 2
TAGS_POINTS = 3
FOUND_POINTS = 1
BATCH = 500

FACET_LABELS = {
    "theme": gettext_lazy("Theme"),
    "country": gettext_lazy("Country"),
    "density_class": gettext_lazy("Territory class"),
    "network_kind": gettext_lazy("Kind of network"),
    "branch": gettext_lazy("Branch"),
    "period": gettext_lazy("Period"),
}


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    themes: tuple[str, ...] = ()
    country: str = ""
    density_class: str = ""
    network_kind: str = ""
    branch: str = ""
    period: int | None = None  # first year of a decade: 1990 for the 1990s
    network: Network | None = None
    territory: Territory | None = None

    def selected(self) -> dict[str, set[str]]:
        return {
            "theme": set(self.themes),
            "country": {self.country} - {""},
            "density_class": {self.density_class} - {""},
            "network_kind": {self.network_kind} - {""},
            "branch": {self.branch} - {""},
            "period": {str(self.period)} if self.period is not None else set(),
        }


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]


@dataclass
class SearchResult:
    items: list[Experience]
    total: int
    offset: int
    limit: int
    facets: list[Facet] = field(default_factory=list)
    scores: dict[int, int] = field(default_factory=dict)


def _filtered(user: Any, filters: SearchFilters) -> QuerySet[Experience]:
    qs = rules.visible_experiences(user)
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.density_class:
        qs = qs.filter(density_class=filters.density_class)
    if filters.network_kind:
        qs = qs.filter(network__kind=filters.network_kind)
    for theme in filters.themes:
        qs = qs.filter(pk__in=ExperienceTheme.objects.filter(theme=theme).values("experience_id"))
    if filters.period is not None:
        start, end = filters.period, filters.period + 9
        qs = qs.filter(period_start__lte=end).filter(
            Q(period_end__gte=start) | Q(period_end__isnull=True, period_start__gte=start)
        )
    if filters.branch:
        codes = activity_codes_under(filters.branch)
        networks = Network.branches.through.objects.filter(activity_id__in=codes)
        qs = qs.filter(network_id__in=networks.values("network_id"))
    if filters.network is not None:
        qs = qs.filter(network=filters.network)
    if filters.territory is not None:
        qs = qs.filter(territory_id__in=territory_with_descendants(filters.territory))
    return qs


def _form(field: str, phrase: str) -> Q:
    """All the words of `phrase` in `field`, the last one as a word prefix."""
    *whole, last = phrase.split()
    condition = Q(**{f"{field}__contains": f" {last}"})
    for word in whole:
        condition &= Q(**{f"{field}__contains": f" {word} "})
    return condition


def _any_form(field: str, phrases: Sequence[str]) -> Q:
    condition = Q()
    for phrase in phrases:
        condition |= _form(field, phrase)
    return condition


def _tsform(phrase: str) -> str:
    words = phrase.split()
    return "(" + " & ".join([*words[:-1], words[-1] + ":*"]) + ")"


def _tsunit(unit: QueryUnit) -> str:
    return "(" + " | ".join(_tsform(p) for p in unit.patterns) + ")"


def _matching(qs: QuerySet[Experience], units: Sequence[QueryUnit]) -> QuerySet[Experience]:
    """The experiences where every unit of the query is found.

    A unit is found when one of its forms is: all the words of the form, the last one as a word
    prefix ("sous traitanc" finds "sous-traitance" and "sous-traitants"). PostgreSQL answers
    from the full-text index (migration 0002); other databases read the search text itself.
    Both find the same experiences.
    """
    if not units:
        return qs
    if connection.vendor == "postgresql":
        condition = RawSQL(
            f"{_column('search_vector')} @@ to_tsquery('simple', %s)",
            [" & ".join(_tsunit(u) for u in units)],
            output_field=BooleanField(),
        )
        return qs.filter(condition)
    for unit in units:
        qs = qs.filter(_any_form("search_text", unit.patterns))
    return qs


def _column(name: str) -> str:
    return f'"{Experience._meta.db_table}"."{name}"'


def _score(units: Sequence[QueryUnit]) -> Combinable:
    """Relevance: for each unit, the title (own form, else an equivalent), keywords and themes,
    and a point for being found. PostgreSQL ranks with the small vectors of titles and tags,
    other databases with their text; the points are the same."""
    score: Combinable = Value(0)
    for unit in units:
        if connection.vendor == "postgresql":
            score = score + RawSQL(
                f"CASE WHEN {_column('title_vector')} @@ to_tsquery('simple', %s) THEN %s "
                f"WHEN {_column('title_vector')} @@ to_tsquery('simple', %s) THEN %s ELSE 0 END"
                f" + CASE WHEN {_column('tags_vector')} @@ to_tsquery('simple', %s) THEN %s "
                "ELSE 0 END",
                [
                    _tsform(unit.literal),
                    TITLE_POINTS,
                    _tsunit(unit),
                    TITLE_EQUIVALENT_POINTS,
                    _tsunit(unit),
                    TAGS_POINTS,
                ],
                output_field=IntegerField(),
            )
        else:
            score = (
                score
                + Case(
                    When(_form("search_title", unit.literal), then=Value(TITLE_POINTS)),
                    When(
                        _any_form("search_title", unit.patterns),
                        then=Value(TITLE_EQUIVALENT_POINTS),
                    ),
                    default=Value(0),
                )
                + Case(
                    When(_any_form("search_tags", unit.patterns), then=Value(TAGS_POINTS)),
                    default=Value(0),
                )
            )
        score = score + Value(FOUND_POINTS)
    return ExpressionWrapper(score, output_field=IntegerField())


def search(*, user: Any, filters: SearchFilters, offset: int = 0, limit: int = 25) -> SearchResult:
    """One page of the experiences matching `filters`, best first, with the total and facets."""
    units = parse_query(filters.query)
    qs = _matching(_filtered(user, filters), units).annotate(score=_score(units))
    if connection.vendor == "postgresql":
        page, total, counts = _search_postgresql(qs, offset, limit, bool(units))
    else:
        ranked = qs.order_by("-score", "sort_title", "pk")
        page = list(ranked.values_list("pk", "score")[offset : offset + limit])
        total, counts = _counts(qs)
    return SearchResult(
        items=experiences_by_ids([pk for pk, _score in page]),
        total=total,
        offset=offset,
        limit=limit,
        facets=_facets(counts, filters),
        scores=dict(page),
    )


# What lists do not show (and what `Experience.title` does not need, given `languages`).
LONG_FIELDS = (
    *(f"{name}_{lang}" for name in TEXT_FIELDS for lang in ("fr", "en")),
    "search_title",
    "search_tags",
    "search_text",
    "profile_words",
    "network__achievements",
    "network__evaluation",
    "network__objectives",
    "network__composition",
    "network__search_text",
)


def experiences_by_ids(ids: Sequence[int]) -> list[Experience]:
    """The experiences of `ids`, in that order, with what a list shows."""
    found = {
        e.pk: e
        for e in Experience.objects.filter(pk__in=ids)
        .select_related("network", "territory")
        .defer(*LONG_FIELDS)
    }
    return [found[pk] for pk in ids if pk in found]


def _decades(start: int | None, end: int | None) -> Iterable[int]:
    if start is None:
        return ()
    last = end if end is not None and end >= start else start
    return range(start - start % 10, last - last % 10 + 1, 10)


FACET_COLUMNS = (
    "country",
    "density_class",
    "theme_codes",
    "network_id",
    "period_start",
    "period_end",
)

# On PostgreSQL one query finds the matching experiences once and counts them per country,
# class, combination of themes, period and network (the kinds and branches of the networks
# are added up in Python, from `network_facts`); with words to find, the same query returns
# the page (rank, id, score).
_GROUPS_SQL = """
g AS (
  SELECT GROUPING(country, density_class, theme_codes, period_start, period_end, network_id)
    AS grouping, country, density_class, theme_codes, period_start, period_end, network_id,
    count(*) AS n
  FROM m
  GROUP BY GROUPING SETS (
    (), (country), (density_class), (theme_codes), (period_start, period_end), (network_id)
  )
)
SELECT CASE grouping
    WHEN 63 THEN 'total' WHEN 31 THEN 'country' WHEN 47 THEN 'density_class'
    WHEN 55 THEN 'themes' WHEN 57 THEN 'periods' END,
  CASE grouping
    WHEN 31 THEN country WHEN 47 THEN density_class WHEN 55 THEN theme_codes
    WHEN 57 THEN concat(period_start, ':', period_end) ELSE '' END,
  n, NULL::bigint
  FROM g WHERE grouping <> 62
UNION ALL SELECT 'networks', string_agg(concat(network_id, ' ', n), ' '), 0, NULL
  FROM g WHERE grouping = 62 AND network_id IS NOT NULL
"""
_PAGE_SQL = """
UNION ALL SELECT 'page', p.id::text, p.score, row_number() OVER () FROM (
  SELECT id, score FROM m ORDER BY score DESC, sort_title COLLATE "C", id
  LIMIT {limit} OFFSET {offset}
) p
"""


def _search_postgresql(
    qs: QuerySet[Experience], offset: int, limit: int, has_words: bool
) -> tuple[list[tuple[int, int]], int, dict[str, Counter[str]]]:
    if has_words:
        columns = qs.order_by().values("id", "score", "sort_title", *FACET_COLUMNS)
        inner, params = columns.query.sql_with_params()
        sql = f"WITH m AS MATERIALIZED ({inner}), {_GROUPS_SQL}"
        sql += _PAGE_SQL.format(limit=int(limit), offset=int(offset))
    else:
        # Without words every score is 0: the page is read in title order from its index.
        # `score` is annotated by the search (0 without words).
        ranked = qs.order_by("sort_title", "pk").values_list("pk", "score")  # type: ignore[misc]
        page = list(ranked[offset : offset + limit])
        inner, params = qs.order_by().values("id", *FACET_COLUMNS).query.sql_with_params()
        sql = f"WITH m AS ({inner}), {_GROUPS_SQL}"
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_LABELS}
    ranks: list[tuple[int, int, int]] = []
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # These queries are short: compiling them (JIT) costs more than it saves. With words to
        # find, the full-text index is the way (bitmap scans only): the planner, which does not
        # count the cost of reading the vectors, would otherwise read them row by row.
        setting = "SET LOCAL jit = off"
        if has_words:
            setting += "; SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off"
        cursor.execute(setting)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        # Back to the defaults, in case the caller's transaction goes on.
        cursor.execute(
            "SET LOCAL jit TO DEFAULT; SET LOCAL enable_seqscan TO DEFAULT; "
            "SET LOCAL enable_indexscan TO DEFAULT"
        )
    networks = np.zeros((0, 2), dtype=np.int64)
    for kind, value, n, position in rows:
        if kind == "page":
            ranks.append((position, int(value), n))
        elif kind == "total":
            total = n
        elif kind == "themes":
            for code in value.split():
                counts["theme"][code] += n
        elif kind == "periods":
            start, end = (int(v) if v else None for v in value.split(":"))
            for decade in _decades(start, end):
                counts["period"][str(decade)] += n
        elif kind == "networks":
            if value:
                networks = np.asarray(value.split(), dtype=np.int64).reshape(-1, 2)
        elif value is not None:
            counts[kind][str(value)] += n
    network_facts().add_up(networks[:, 0], networks[:, 1], counts)
    if has_words:
        page = [(pk, score) for _position, pk, score in sorted(ranks)]
    return page, total, counts


def _counts(qs: QuerySet[Experience]) -> tuple[int, dict[str, Counter[str]]]:
    """The number of experiences of `qs` and their counts per facet value (not PostgreSQL)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_LABELS}
    rows = list(qs.order_by().values_list(*FACET_COLUMNS))
    per_network: Counter[int] = Counter()
    for country, klass, codes, network_id, start, end in rows:
        counts["theme"].update(codes.split())
        counts["country"][country] += 1
        counts["density_class"][klass] += 1
        if network_id:
            per_network[network_id] += 1
        counts["period"].update(str(d) for d in _decades(start, end))
    ids = np.asarray(list(per_network), dtype=np.int64)
    network_facts().add_up(ids, np.asarray([per_network[i] for i in ids], dtype=np.int64), counts)
    return len(rows), counts


@dataclass(frozen=True)
class NetworkFacts:
    """Kind and branches (NACE divisions) of every network, as arrays to add up counts fast."""

    ids: np.ndarray  # sorted network ids
    kinds: tuple[str, ...]
    kind_of: np.ndarray  # per network, an index into `kinds`
    branches: tuple[str, ...]
    pair_network: np.ndarray  # (network position, branch index) pairs
    pair_branch: np.ndarray

    def add_up(self, ids: np.ndarray, ns: np.ndarray, counts: dict[str, Counter[str]]) -> None:
        """Add experiences per network (`ids`, `ns`) to the kind and branch counts."""
        if ids.size == 0 or self.ids.size == 0:
            return
        positions = np.searchsorted(self.ids, ids)
        known = (positions < self.ids.size) & (
            self.ids[np.minimum(positions, self.ids.size - 1)] == ids
        )
        per_network = np.zeros(self.ids.size, dtype=np.int64)
        per_network[positions[known]] = ns[known]
        by_kind = np.bincount(self.kind_of, weights=per_network, minlength=len(self.kinds))
        for i, n in enumerate(by_kind):
            if n:
                counts["network_kind"][self.kinds[i]] += int(n)
        by_branch = np.bincount(
            self.pair_branch, weights=per_network[self.pair_network], minlength=len(self.branches)
        )
        for i, n in enumerate(by_branch):
            if n:
                counts["branch"][self.branches[i]] += int(n)


_networks_lock = threading.Lock()
_networks: dict[str, Any] = {"stamp": None, "facts": None}


def network_facts() -> NetworkFacts:
    """The kinds and branches of the networks, rebuilt when networks or their branches change."""
    through = Network.branches.through.objects
    networks_table = Network._meta.db_table
    branches_table = Network.branches.through._meta.db_table
    with connection.cursor() as cursor:  # one round trip: this runs at every search
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {networks_table}),"
            f" (SELECT max(updated_at) FROM {networks_table}),"
            f" (SELECT count(*) FROM {branches_table}), (SELECT max(id) FROM {branches_table})"
        )
        stamp = tuple(cursor.fetchone() or ())
    with _networks_lock:
        if _networks["stamp"] != stamp:
            rows = sorted(Network.objects.values_list("pk", "kind"))
            ids = np.asarray([pk for pk, _kind in rows], dtype=np.int64)
            kinds = tuple(sorted({kind for _pk, kind in rows}))
            kind_index = {kind: i for i, kind in enumerate(kinds)}
            pairs = sorted(
                {
                    (network_id, branch_key(code))
                    for network_id, code in through.values_list("network_id", "activity_id")
                }
            )
            branches = tuple(sorted({key for _n, key in pairs}))
            branch_index = {key: i for i, key in enumerate(branches)}
            _networks["facts"] = NetworkFacts(
                ids=ids,
                kinds=kinds,
                kind_of=np.asarray([kind_index[k] for _pk, k in rows], dtype=np.int64),
                branches=branches,
                pair_network=np.searchsorted(ids, [n for n, _k in pairs]).astype(np.int64),
                pair_branch=np.asarray([branch_index[k] for _n, k in pairs], dtype=np.int64),
            )
            _networks["stamp"] = stamp
        facts: NetworkFacts = _networks["facts"]
        return facts


def _facets(counts: dict[str, Counter[str]], filters: SearchFilters) -> list[Facet]:
    selected = filters.selected()
    themes, countries = counts["theme"], counts["country"]
    classes, kinds, periods = counts["density_class"], counts["network_kind"], counts["period"]
    theme_labels = dict(Theme.choices)
    class_labels = dict(DensityClass.choices)
    kind_labels = dict(NetworkKind.choices)
    country_labels = dict(
        Territory.objects.filter(level="country", code__in=list(countries)).values_list(
            "code", "name"
        )
    )

    def options(name: str, counts: Counter[Any], labels: dict[Any, Any], top: int = 20) -> Facet:
        chosen = selected[name]
        items = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
        values = {str(v) for v, _n in items}
        opts = [FacetOption(str(v), str(labels.get(v, v)), n, str(v) in chosen) for v, n in items]
        opts += [FacetOption(v, str(labels.get(v, v)), 0, True) for v in chosen - values]
        return Facet(name, str(FACET_LABELS[name]), opts)

    decade_labels = {d: _("%(decade)ss") % {"decade": d} for d in periods}
    return [
        options("theme", themes, theme_labels),
        options("country", countries, country_labels),
        options("density_class", classes, class_labels),
        options("network_kind", kinds, kind_labels),
        _branch_facet(counts["branch"], selected["branch"]),
        Facet(
            "period",
            str(FACET_LABELS["period"]),
            [
                FacetOption(str(d), decade_labels[d], n, str(d) in selected["period"])
                for d, n in sorted(periods.items())
            ],
        ),
    ]


def _branch_facet(counts: Counter[str], chosen: set[str], top: int = 15) -> Facet:
    """Experiences per branch (NACE division) of their networks."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    codes = [k for k, _n in items] + sorted(chosen)
    labels = {a.code: a.label for a in Activity.objects.filter(code__in=codes)}
    opts = [FacetOption(k, f"{k} {labels.get(k, '')}".strip(), n, k in chosen) for k, n in items]
    opts += [
        FacetOption(k, f"{k} {labels.get(k, '')}".strip(), 0, True) for k in chosen - set(counts)
    ]
    return Facet("branch", str(FACET_LABELS["branch"]), opts)


# Detail --------------------------------------------------------------------------------------


def experience_detail(*, user: Any, ref: str) -> Experience:
    """A visible experience with what its sheet shows, in a fixed number of queries."""
    return (
        rules.visible_experiences(user)
        .select_related("network", "territory", "territory__parent")
        .prefetch_related(
            "partners",
            Prefetch("figures", queryset=ExperienceFigure.objects.order_by("position", "pk")),
        )
        .get(ref=ref)
    )


def experience_by_id_or_ref(*, user: Any, key: str) -> Experience:
    """An experience by its reference, or by its number (the command line takes both)."""
    qs = rules.visible_experiences(user)
    if key.isdigit() and not qs.filter(ref=key).exists():
        return experience_detail(user=user, ref=qs.get(pk=int(key)).ref)
    return experience_detail(user=user, ref=key)
