"""Similar cases: the experiences closest to a given one, or to a situation someone describes.

Plain Python, no Django: the app builds `Case` profiles from the database, this module ranks
them. Deterministic and explainable: the score of a case is the sum of the points of its
reasons, and ties are broken by reference.

Points (see the constants below):

- themes: `THEME_POINTS` per shared theme of the exchange-fair catalogue;
- territory: `TERRITORY_POINTS` for the same territory; `CLASS_POINTS` for the same density class
  (T1, T2 or T3 of the AIMVER study; "between classes" and "unknown" never match);
  `REGION_POINTS` for the same region when the territory differs;
- branches: `BRANCH_POINTS` per shared branch (NACE division, or section when that is all that
  is known), at most `BRANCH_MAX`;
- words: `WORD_POINTS` per shared word of titles, keywords and description (French and English
  words of one concept count as one word), at most `WORD_MAX`.

Supporting reasons count only for a case that already has one of the reasons above (two
experiences are not alike because they both have about thirty firms):

- firms: `FIRMS_CLOSE_POINTS` when the smaller number of firms is at least half the larger,
  `FIRMS_NEAR_POINTS` when it is at least a quarter;
- size: `SIZE_POINTS` for the same size band of firms (average staff per firm);
- origin: `ORIGIN_POINTS` for the same origin (craft, firms, public body, chamber…).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

THEME_POINTS = 3
TERRITORY_POINTS = 3
CLASS_POINTS = 2
REGION_POINTS = 1
BRANCH_POINTS = 2
BRANCH_MAX = 4
WORD_POINTS = 1
WORD_MAX = 5
FIRMS_CLOSE_POINTS = 2
FIRMS_NEAR_POINTS = 1
SIZE_POINTS = 1
ORIGIN_POINTS = 1

DENSITY_CLASSES = frozenset({"T1", "T2", "T3"})
SIZE_BANDS = ("0_9", "10_49", "50_249", "250_plus")


class ReasonKind(StrEnum):
    THEMES = "themes"
    TERRITORY = "territory"
    DENSITY_CLASS = "density_class"
    REGION = "region"
    BRANCHES = "branches"
    WORDS = "words"
    FIRMS = "firms"
    SIZE = "size"
    ORIGIN = "origin"


@dataclass(frozen=True, kw_only=True)
class Situation:
    """What is known of a situation; empty values are unknown and match nothing.

    `density_class` is "T1", "T2" or "T3" (anything else is ignored); `branches` are NACE codes
    (see `branch_key`); `words` are the tokens of grappe.experiences.vocabulary.profile_tokens.
    """

    themes: frozenset[str] = frozenset()
    density_class: str = ""
    territory: str = ""
    region: str = ""
    branches: frozenset[str] = frozenset()
    firms: int | None = None
    size_band: str = ""
    origin: str = ""
    words: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Case(Situation):
    """An experience as the engine sees it."""

    key: int
    ref: str


@dataclass(frozen=True)
class Reason:
    """Why a case is similar: the kind, the points it gave and what was shared or compared.

    `items` holds the shared themes, branches or words (sorted), the shared territory, region,
    class, size band or origin, or for `firms` the two numbers of firms (target, case).
    """

    kind: ReasonKind
    points: int
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    key: int
    ref: str
    score: int
    reasons: tuple[Reason, ...]


def branch_key(code: str) -> str:
    """The level branches are compared at: the NACE division ("25.62Z" → "25"), else the code."""
    code = code.strip().upper()
    if len(code) >= 2 and code[:2].isdigit():
        return code[:2]
    return code


def size_band(firms: int | None, employees: int | None) -> str:
    """The size band of the average firm ("0_9" … "250_plus"), or "" when unknown."""
    if not firms or employees is None or firms <= 0:
        return ""
    average = employees / firms
    if average < 10:
        return "0_9"
    if average < 50:
        return "10_49"
    if average < 250:
        return "50_249"
    return "250_plus"


def _evaluate(target: Situation, case: Situation, explain: bool) -> tuple[int, list[Reason]]:
    reasons: list[Reason] = []
    score = 0
    shared = target.themes & case.themes
    if shared:
        points = THEME_POINTS * len(shared)
        score += points
        if explain:
            reasons.append(Reason(ReasonKind.THEMES, points, tuple(sorted(shared))))
    if target.territory and target.territory == case.territory:
        score += TERRITORY_POINTS
        if explain:
            reasons.append(Reason(ReasonKind.TERRITORY, TERRITORY_POINTS, (case.territory,)))
    elif target.region and target.region == case.region:
        score += REGION_POINTS
        if explain:
            reasons.append(Reason(ReasonKind.REGION, REGION_POINTS, (case.region,)))
    if target.density_class in DENSITY_CLASSES and target.density_class == case.density_class:
        score += CLASS_POINTS
        if explain:
            reasons.append(Reason(ReasonKind.DENSITY_CLASS, CLASS_POINTS, (case.density_class,)))
    branches = target.branches & case.branches
    if branches:
        points = min(BRANCH_MAX, BRANCH_POINTS * len(branches))
        score += points
        if explain:
            reasons.append(Reason(ReasonKind.BRANCHES, points, tuple(sorted(branches))))
    common = target.words & case.words
    if common:
        points = min(WORD_MAX, WORD_POINTS * len(common))
        score += points
        if explain:
            reasons.append(Reason(ReasonKind.WORDS, points, tuple(sorted(common))))
    if score == 0:
        return 0, []
    if target.firms and case.firms:
        low, high = sorted((target.firms, case.firms))
        points = 0
        if 2 * low >= high:
            points = FIRMS_CLOSE_POINTS
        elif 4 * low >= high:
            points = FIRMS_NEAR_POINTS
        if points:
            score += points
            if explain:
                numbers = (str(target.firms), str(case.firms))
                reasons.append(Reason(ReasonKind.FIRMS, points, numbers))
    if target.size_band and target.size_band == case.size_band:
        score += SIZE_POINTS
        if explain:
            reasons.append(Reason(ReasonKind.SIZE, SIZE_POINTS, (case.size_band,)))
    if target.origin and target.origin == case.origin:
        score += ORIGIN_POINTS
        if explain:
            reasons.append(Reason(ReasonKind.ORIGIN, ORIGIN_POINTS, (case.origin,)))
    return score, reasons


def compare(target: Situation, case: Situation) -> tuple[int, tuple[Reason, ...]]:
    """The score of `case` for `target` and the reasons that make it up."""
    score, reasons = _evaluate(target, case, explain=True)
    return score, tuple(reasons)


def rank(
    target: Situation,
    cases: Iterable[Case],
    *,
    limit: int = 10,
    exclude: Collection[int] = (),
) -> list[Match]:
    """The `limit` most similar cases (score > 0), best first, ties by reference then key."""
    scored: list[tuple[int, str, int, Case]] = []
    for case in cases:
        if case.key in exclude:
            continue
        score, _ = _evaluate(target, case, explain=False)
        if score > 0:
            scored.append((-score, case.ref, case.key, case))
    best = heapq.nsmallest(limit, scored, key=lambda row: (row[0], row[1], row[2]))
    matches = []
    for _neg, _ref, _key, case in best:
        score, reasons = compare(target, case)
        matches.append(Match(case.key, case.ref, score, reasons))
    return matches


# Many cases at once ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseIndex:
    """Cases sorted by (ref, key), with posting lists, to rank tens of thousands at once.

    `rank_indexed` gives exactly what `rank` gives (a test holds it to that): the points are
    added with numpy over the posting lists of what the target has, then the best cases are
    explained one by one with `compare`.
    """

    cases: tuple[Case, ...]
    postings: dict[tuple[str, str], NDArray[np.intp]]
    firms: NDArray[np.int64]  # 0 when unknown

    def post(self, kind: str, value: str) -> NDArray[np.intp]:
        return self.postings.get((kind, value), _EMPTY)

    @property
    def keys(self) -> list[int]:
        return [case.key for case in self.cases]


_EMPTY: NDArray[np.intp] = np.zeros(0, dtype=np.intp)


def build_index(cases: Iterable[Case]) -> CaseIndex:
    ordered = tuple(sorted(cases, key=lambda c: (c.ref, c.key)))
    lists: dict[tuple[str, str], list[int]] = {}
    for i, case in enumerate(ordered):
        features = [
            *(("theme", t) for t in case.themes),
            *(("branch", b) for b in case.branches),
            *(("word", w) for w in case.words),
            ("territory", case.territory),
            ("region", case.region),
            ("class", case.density_class),
            ("size", case.size_band),
            ("origin", case.origin),
        ]
        for feature in features:
            if feature[1]:
                lists.setdefault(feature, []).append(i)
    postings = {k: np.asarray(v, dtype=np.intp) for k, v in lists.items()}
    firms = np.asarray([case.firms or 0 for case in ordered], dtype=np.int64)
    return CaseIndex(ordered, postings, firms)


def rank_indexed(
    target: Situation,
    index: CaseIndex,
    *,
    limit: int = 10,
    allowed: NDArray[np.bool_] | None = None,
    exclude: Collection[int] = (),
) -> list[Match]:
    """`rank(target, cases)` over an index; `allowed` masks the cases the reader may see."""
    n = len(index.cases)
    if n == 0:
        return []
    score = np.zeros(n, dtype=np.int64)
    for theme in target.themes:
        score[index.post("theme", theme)] += THEME_POINTS
    same_territory = np.zeros(n, dtype=bool)
    if target.territory:
        same_territory[index.post("territory", target.territory)] = True
        score[same_territory] += TERRITORY_POINTS
    if target.region:
        same_region = np.zeros(n, dtype=bool)
        same_region[index.post("region", target.region)] = True
        score[same_region & ~same_territory] += REGION_POINTS
    if target.density_class in DENSITY_CLASSES:
        score[index.post("class", target.density_class)] += CLASS_POINTS
    for kind, values, each, cap in (
        ("branch", target.branches, BRANCH_POINTS, BRANCH_MAX),
        ("word", target.words, WORD_POINTS, WORD_MAX),
    ):
        if values:
            shared = np.zeros(n, dtype=np.int64)
            for value in values:
                shared[index.post(kind, value)] += 1
            score += np.minimum(cap, each * shared)
    primary = score > 0
    if target.firms:
        firms = index.firms
        low = np.minimum(firms, target.firms)
        high = np.maximum(firms, target.firms)
        closeness = np.where(
            2 * low >= high, FIRMS_CLOSE_POINTS, np.where(4 * low >= high, FIRMS_NEAR_POINTS, 0)
        )
        score += np.where(primary & (firms > 0), closeness, 0)
    for kind, value, extra in (
        ("size", target.size_band, SIZE_POINTS),
        ("origin", target.origin, ORIGIN_POINTS),
    ):
        if value:
            match = np.zeros(n, dtype=bool)
            match[index.post(kind, value)] = True
            score[match & primary] += extra
    if allowed is not None:
        score[~allowed] = 0
    if exclude:
        score[np.isin(np.asarray(index.keys), list(exclude))] = 0
    candidates = np.flatnonzero(score > 0)
    if candidates.size == 0:
        return []
    # Best score first, then the index order, which is the order of references.
    order = candidates[np.lexsort((candidates, -score[candidates]))][:limit]
    matches = []
    for i in order:
        case = index.cases[int(i)]
        points, reasons = compare(target, case)
        matches.append(Match(case.key, case.ref, points, reasons))
    return matches
