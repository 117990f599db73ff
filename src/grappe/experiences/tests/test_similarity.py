"""The similar-cases engine on hand-made cases, scores worked out by hand from its rules."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from grappe.experiences.similarity import (
    Case,
    Reason,
    ReasonKind,
    Situation,
    branch_key,
    build_index,
    compare,
    rank,
    rank_indexed,
    size_band,
)

TRAINING = "collaborative.training"
EXPORT = "collaborative.market_access"
CRAFT = "emergence.craft"
PUBLIC = "partnership.public"

# A rural club of about 30 small metalworking firms that wants to train its staff together.
TARGET = Situation(
    themes=frozenset({TRAINING, PUBLIC}),
    density_class="T3",
    territory="canton:dieulefit-1997",
    region="drome",
    branches=frozenset({"25"}),
    firms=30,
    size_band="10_49",
    origin="firms",
    words=frozenset({"~training", "apprentic"}),
)

CASES = [
    # themes 2×3, same region (other territory) 1, class 2, branch 2, words 2×1,
    # firms 32 vs 30 → 2, size 1, origin 1 = 17
    Case(
        key=1,
        ref="twin",
        themes=frozenset({TRAINING, PUBLIC}),
        density_class="T3",
        territory="custom:diois",
        region="drome",
        branches=frozenset({"25", "28"}),
        firms=32,
        size_band="10_49",
        origin="firms",
        words=frozenset({"~training", "apprentic", "metal"}),
    ),
    # same territory 3 + class 2, nothing else shared except firms 12 vs 30 → 1 = 6
    Case(
        key=2,
        ref="neighbour",
        themes=frozenset({CRAFT}),
        density_class="T3",
        territory="canton:dieulefit-1997",
        region="drome",
        firms=12,
        origin="public",
    ),
    # theme 3, words 1; 200 firms is not close to 30; other size band, other class = 4
    Case(
        key=3,
        ref="big-city",
        themes=frozenset({TRAINING, EXPORT}),
        density_class="T1",
        region="rhone",
        firms=200,
        size_band="250_plus",
        words=frozenset({"~training"}),
    ),
    # only supporting reasons (size, origin, firms): not similar at all
    Case(key=4, ref="lookalike", firms=30, size_band="10_49", origin="firms"),
    # theme 3, same region but other territory 1 = 4, ties with big-city, sorted by ref
    Case(key=5, ref="another-drome", themes=frozenset({PUBLIC}), region="drome"),
]


def test_rank_orders_by_score_then_reference():
    matches = rank(TARGET, CASES)
    assert [(m.ref, m.score) for m in matches] == [
        ("twin", 17),
        ("neighbour", 6),
        ("another-drome", 4),
        ("big-city", 4),
    ]


def test_reasons_of_the_best_match():
    best = rank(TARGET, CASES)[0]
    assert best.reasons == (
        Reason(ReasonKind.THEMES, 6, (TRAINING, PUBLIC)),
        Reason(ReasonKind.REGION, 1, ("drome",)),
        Reason(ReasonKind.DENSITY_CLASS, 2, ("T3",)),
        Reason(ReasonKind.BRANCHES, 2, ("25",)),
        Reason(ReasonKind.WORDS, 2, ("apprentic", "~training")),
        Reason(ReasonKind.FIRMS, 2, ("30", "32")),
        Reason(ReasonKind.SIZE, 1, ("10_49",)),
        Reason(ReasonKind.ORIGIN, 1, ("firms",)),
    )
    assert best.score == sum(r.points for r in best.reasons) == 17


def test_same_territory_outweighs_same_region():
    score, reasons = compare(TARGET, CASES[1])
    assert [(r.kind, r.points) for r in reasons] == [
        (ReasonKind.TERRITORY, 3),
        (ReasonKind.DENSITY_CLASS, 2),
        (ReasonKind.FIRMS, 1),
    ]
    assert score == 6


def test_supporting_reasons_alone_make_nothing_similar():
    assert compare(TARGET, CASES[3]) == (0, ())
    assert "lookalike" not in [m.ref for m in rank(TARGET, CASES)]


def test_unknown_classes_never_match():
    target = Situation(density_class="unknown")
    assert compare(target, Case(key=1, ref="a", density_class="unknown")) == (0, ())
    target = Situation(density_class="between")
    assert compare(target, Case(key=1, ref="a", density_class="between")) == (0, ())


def test_caps_on_branches_and_words():
    target = Situation(branches=frozenset({"10", "11", "13"}), words=frozenset("abcdefgh"))
    case = Case(key=1, ref="x", branches=frozenset({"10", "11", "13"}), words=frozenset("abcdefg"))
    score, reasons = compare(target, case)
    assert [(r.kind, r.points, len(r.items)) for r in reasons] == [
        (ReasonKind.BRANCHES, 4, 3),
        (ReasonKind.WORDS, 5, 7),
    ]
    assert score == 9


def test_rank_excludes_and_limits():
    assert [m.ref for m in rank(TARGET, CASES, exclude={1}, limit=2)] == [
        "neighbour",
        "another-drome",
    ]


def test_firms_closeness_thresholds():
    base = Situation(themes=frozenset({TRAINING}), firms=40)
    points = {}
    for firms in (20, 19, 10, 9, 80, 81, 160, 161):
        case = Case(key=firms, ref=str(firms), themes=frozenset({TRAINING}), firms=firms)
        points[firms] = compare(base, case)[0] - 3
    assert points == {20: 2, 19: 1, 10: 1, 9: 0, 80: 2, 81: 1, 160: 1, 161: 0}


def test_branch_key_and_size_band():
    assert [branch_key(c) for c in ("25.62Z", "25", "c", "C", " 14.1 ")] == [
        "25",
        "25",
        "C",
        "C",
        "14",
    ]
    assert [size_band(10, 50), size_band(10, 100), size_band(4, 1000), size_band(0, 5)] == [
        "0_9",
        "10_49",
        "250_plus",
        "",
    ]
    assert size_band(None, 100) == "" and size_band(10, None) == ""


sets = st.frozensets(st.sampled_from(["a", "b", "c", "d"]), max_size=3)
situations = st.builds(
    Situation,
    themes=sets,
    density_class=st.sampled_from(["", "T1", "T2", "T3", "between"]),
    territory=st.sampled_from(["", "x", "y"]),
    region=st.sampled_from(["", "r", "s"]),
    branches=sets,
    firms=st.one_of(st.none(), st.integers(1, 300)),
    size_band=st.sampled_from(["", "0_9", "10_49"]),
    origin=st.sampled_from(["", "firms", "public"]),
    words=sets,
)


@given(situations, st.lists(situations, max_size=8))
def test_rank_is_deterministic_and_scores_add_up(target, profiles):
    cases = [
        Case(key=i, ref=f"r{i % 3}", **{k: getattr(p, k) for k in Situation.__dataclass_fields__})
        for i, p in enumerate(profiles)
    ]
    first = rank(target, cases, limit=5)
    assert first == rank(target, list(reversed(cases)), limit=5)
    for match in first:
        assert match.score == sum(r.points for r in match.reasons) > 0
    keys = [(-m.score, m.ref, m.key) for m in first]
    assert keys == sorted(keys)


@given(situations, st.lists(situations, max_size=12), st.integers(1, 6))
def test_the_index_ranks_exactly_like_the_engine(target, profiles, limit):
    cases = [
        Case(key=i, ref=f"r{i % 4}", **{k: getattr(p, k) for k in Situation.__dataclass_fields__})
        for i, p in enumerate(profiles)
    ]
    index = build_index(cases)
    assert rank_indexed(target, index, limit=limit) == rank(target, cases, limit=limit)
    assert rank_indexed(target, index, limit=limit, exclude={0, 3}) == rank(
        target, cases, limit=limit, exclude={0, 3}
    )
    allowed = np.asarray([c.key % 2 == 0 for c in index.cases])
    assert rank_indexed(target, index, limit=limit, allowed=allowed) == rank(
        target, [c for c in cases if c.key % 2 == 0], limit=limit
    )


def test_the_index_on_the_hand_made_cases():
    assert rank_indexed(TARGET, build_index(CASES)) == rank(TARGET, CASES)
    assert rank_indexed(TARGET, build_index([])) == []
