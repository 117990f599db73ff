"""Incremental schedule state and the local search that works on it.

`Board` holds a partial schedule of a `Problem` (pair -> slot) with the loads needed to test a
move in constant time: availability, "participant is full" and "slot has no free table" are
bit masks over slots, so the slots where a pair can go are one expression
(`common & ~full[u] & ~full[v] & ~tables_full`). Every change goes through `place`/`remove`,
which append to an undo log: a chain of moves is tried, and rolled back at once if it does not
pay.

The search never trades value for anything else: value-improving moves (`Board.improve`) are
kept only when the value rises; `polish_fairness` only accepts moves that keep the value and
lower the number of participants with requests but no meeting (compactness is compact.py's).
Meetings passed as `fixed` never move; meetings in `keep` (published meetings the caller
allows to move) may change slot but are never dropped.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from grappe.scheduling.figures import idle_slots
from grappe.scheduling.problem import Problem

# Guide for the rounding: per pair, (LP value, slot mask of the class) best first.
Guide = Sequence[Sequence[tuple[float, int]]]


def bits(mask: int) -> list[int]:
    """The positions of the set bits of `mask`, lowest first."""
    out: list[int] = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass
class SearchStats:
    chains: int = 0  # successful ejection chains (meetings moved to make room)
    improvements: int = 0  # accepted value-improving insertions
    fairness_moves: int = 0


class Board:
    """A feasible partial schedule with its loads, and an undo log."""

    def __init__(
        self,
        prob: Problem,
        fixed: Mapping[int, int] | None = None,
        keep: Iterable[int] = (),
        seed: int = 0,
        guide: Guide | None = None,
    ) -> None:
        self.prob = prob
        S = self.S = prob.n_slots
        P = prob.n_participants
        E = prob.n_pairs
        self.all_slots = (1 << S) - 1
        self.u = list(prob.pair_u)
        self.v = list(prob.pair_v)
        self.w = list(prob.pair_w)
        self.cap = list(prob.capacity)
        self.common = list(prob.pair_mask)
        # Units of one pair (a pair asked to meet twice) never share a slot.
        self.group = list(prob.pair_group)
        self.group_busy = [0] * len(prob.group_units)
        self.load = [0] * (P * S)
        self.full = [0] * P  # bit t: participant has `capacity` meetings in slot t
        self.busy = [0] * P  # bit t: participant has at least one meeting in slot t
        self.at: list[list[int]] = [[] for _ in range(P * S)]  # pairs of participant p in slot t
        self.slot = [-1] * E
        self.count = [0] * S
        self.in_slot: list[list[int]] = [[] for _ in range(S)]  # meetings of each slot
        self.pos = [-1] * E  # position of a meeting in its slot's list
        self.limited = prob.tables is not None
        self.tables = prob.tables if prob.tables is not None else E + 1
        self.tables_full = 0 if self.tables > 0 else self.all_slots
        self.met = [0] * P  # number of meetings of each participant
        self.value = 0.0
        self.movable = [True] * E
        self.keep = [False] * E
        self.guide = guide
        self.log: list[tuple[int, int]] = []
        self.rng = random.Random(seed)
        self.stats = SearchStats()
        self.pairs_of: list[list[int]] = [[] for _ in range(P)]
        for e in range(E):
            self.pairs_of[self.u[e]].append(e)
            self.pairs_of[self.v[e]].append(e)
        self.wants = [bool(self.pairs_of[p]) for p in range(P)]
        # Participants with requests and no meeting (a secondary objective), kept up to date.
        self.lonely = sum(self.wants)
        for e, t in (fixed or {}).items():
            self._place(e, t)
            self.movable[e] = False
            self.keep[e] = True
        for e in keep:
            self.keep[e] = True

    # ---------------------------------------------------------------------------------------
    # Elementary changes (logged)

    def place(self, e: int, t: int) -> None:
        self._place(e, t)
        self.log.append((e, -1))

    def remove(self, e: int) -> None:
        t = self.slot[e]
        self._remove(e)
        self.log.append((e, t))

    def _place(self, e: int, t: int) -> None:
        S = self.S
        self.slot[e] = t
        self.value += self.w[e]
        bit = 1 << t
        self.group_busy[self.group[e]] |= bit
        for p in (self.u[e], self.v[e]):
            k = p * S + t
            self.at[k].append(e)
            self.load[k] += 1
            self.busy[p] |= bit
            if self.load[k] >= self.cap[p]:
                self.full[p] |= bit
            if not self.met[p]:
                self.lonely -= 1
            self.met[p] += 1
        self.count[t] += 1
        pool = self.in_slot[t]
        self.pos[e] = len(pool)
        pool.append(e)
        if self.count[t] >= self.tables:
            self.tables_full |= bit

    def _remove(self, e: int) -> None:
        S = self.S
        t = self.slot[e]
        self.slot[e] = -1
        self.value -= self.w[e]
        keep = ~(1 << t)
        self.group_busy[self.group[e]] &= keep
        for p in (self.u[e], self.v[e]):
            k = p * S + t
            self.at[k].remove(e)
            self.load[k] -= 1
            self.full[p] &= keep
            if not self.load[k]:
                self.busy[p] &= keep
            self.met[p] -= 1
            if not self.met[p]:
                self.lonely += 1
        self.count[t] -= 1
        pool = self.in_slot[t]
        i = self.pos[e]
        last = pool.pop()
        if last != e:
            pool[i] = last
            self.pos[last] = i
        self.tables_full &= keep

    def mark(self) -> int:
        return len(self.log)

    def undo(self, mark: int) -> None:
        """Roll back every change made since `mark`."""
        log = self.log
        while len(log) > mark:
            e, before = log.pop()
            if before == -1:  # it was a placement
                self._remove(e)
            else:
                self._place(e, before)

    def commit(self) -> None:
        """Forget the undo log (nothing to roll back to any more)."""
        self.log.clear()

    # ---------------------------------------------------------------------------------------
    # Queries

    def free_slots(self, e: int) -> int:
        """Slots where pair e can be placed without moving anything."""
        return (
            self.common[e]
            & ~self.full[self.u[e]]
            & ~self.full[self.v[e]]
            & ~self.tables_full
            & ~self.group_busy[self.group[e]]
        )

    def meetings(self) -> dict[int, int]:
        return {e: t for e, t in enumerate(self.slot) if t >= 0}

    def idle(self) -> int:
        """Idle slots summed over participants (computed, not maintained: it is only needed
        when polishing)."""
        return sum(idle_slots(b) for b in self.busy)

    def key(self) -> tuple[float, int, int]:
        """What the search maximises, in lexicographic order."""
        return (round(self.value, 9), -self.lonely, -self.idle())

    def choose(self, e: int, mask: int) -> int:
        """The slot of `mask` to put e in.

        The class of slots the LP relaxation puts most of the pair in, if it has a free slot;
        within it, a slot next to an existing meeting of either side (no idle gap), else the
        earliest, which also packs the schedules and the tables of early slots first.
        """
        if self.guide is not None:
            for _x, cls in self.guide[e]:
                if mask & cls:
                    mask &= cls
                    break
        busy = self.busy[self.u[e]] | self.busy[self.v[e]]
        near = mask & ((busy << 1) | (busy >> 1))
        if near:
            mask = near
        return (mask & -mask).bit_length() - 1

    # ---------------------------------------------------------------------------------------
    # Ejection chains

    def insert(self, e: int, depth: int, banned: int = 0, drop_below: float = 0.0) -> bool:
        """Put the unmet pair e somewhere, moving other meetings out of the way if needed.

        `depth` bounds the length of the chain of moved meetings; `banned` slots are not used
        for e (the slot a meeting is being pushed out of). A pushed-out meeting that finds no
        other slot may be dropped if it weighs less than `drop_below` (and is not kept): the
        caller checks that the whole chain pays, and undoes it otherwise.
        """
        m = self.free_slots(e) & ~banned
        if m:
            self.place(e, self.choose(e, m))
            return True
        if depth <= 0:
            return False
        if drop_below <= 0.0 and self.tables_full == self.all_slots:
            # Every table is taken: no meeting can move to another slot to make room.
            return False
        u, v, S = self.u[e], self.v[e], self.S
        options = bits(self.common[e] & ~banned)
        self.rng.shuffle(options)
        for t in options:
            blockers: list[int] = []
            ok = True
            for p in (u, v):
                if self.full[p] >> t & 1:
                    cands = [f for f in self.at[p * S + t] if self.movable[f]]
                    if not cands:
                        ok = False
                        break
                    blockers.append(self.rng.choice(cands))
            if not ok:
                continue
            if not blockers and self.tables_full >> t & 1:
                # No free table in t: push out a meeting that can go elsewhere (or be dropped).
                f = self._table_blocker(t, drop_below)
                if f < 0:
                    continue
                blockers.append(f)
            if len(blockers) == 2 and blockers[0] == blockers[1]:
                blockers.pop()
            if depth == 1 and not all(
                self.free_slots(f) & ~(1 << t) or (self.w[f] < drop_below and not self.keep[f])
                for f in blockers
            ):
                # The last link must fit directly somewhere else (its own slot t aside,
                # which the move leaves unchanged elsewhere): test before touching anything.
                continue
            mk = self.mark()
            for f in blockers:
                self.remove(f)
            if self.free_slots(e) >> t & 1:
                self.place(e, t)
                for f in blockers:
                    if not self.insert(f, depth - 1, 1 << t, drop_below) and not (
                        self.w[f] < drop_below and not self.keep[f]
                    ):
                        break
                else:
                    self.stats.chains += 1
                    return True
            self.undo(mk)
        return False

    def _table_blocker(self, t: int, drop_below: float) -> int:
        """A movable meeting of slot t that fits in another slot, else a droppable one, or -1."""
        pool = self.in_slot[t]
        cands = self.rng.sample(pool, 24) if len(pool) > 24 else pool
        for f in cands:
            if self.movable[f] and self.free_slots(f) & ~(1 << t):
                return f
        if drop_below <= 0.0:
            return -1
        # Dropping: the lightest droppable meeting of the whole slot.
        lightest = -1
        for f in pool:
            if (
                self.movable[f]
                and not self.keep[f]
                and self.w[f] < drop_below
                and (lightest < 0 or self.w[f] < self.w[lightest])
            ):
                lightest = f
        return lightest

    def improve(self, e: int, depth: int) -> bool:
        """Insert the unmet pair e if a chain of moves (and lighter drops) raises the value."""
        before = self.value
        mk = self.mark()
        if self.insert(e, depth, 0, self.w[e]) and self.value > before + 1e-9:
            self.stats.improvements += 1
            return True
        self.undo(mk)
        return False


# -------------------------------------------------------------------------------------------
# Construction and improvement


def pair_order(board: Board, weight_of: Sequence[float] | None = None) -> list[int]:
    """Heaviest pairs first; among equals the LP's favourites, then pairs with fewer slots."""
    rng = board.rng
    w = board.w
    common = board.common
    keys = [
        (-w[e], -round(weight_of[e], 2) if weight_of is not None else 0.0, common[e].bit_count())
        for e in range(len(w))
    ]
    tie = [rng.random() for _ in range(len(w))]
    return sorted(range(len(w)), key=lambda e: (keys[e], tie[e]))


def greedy(board: Board, order: Iterable[int], depth: int, deadline: float) -> None:
    """Insert the pairs of `order` one after the other, with ejection chains of `depth`."""
    n = 0
    for e in order:
        if board.slot[e] < 0 and board.common[e]:
            board.insert(e, depth)
            board.commit()
            n += 1
            if depth and n % 256 == 0 and time.perf_counter() > deadline:
                depth = 0  # out of time: finish with plain first-fit (fast)


class Improver:
    """Passes over the unmet pairs, each tried with value-raising chains (`Board.improve`).

    Runs in slices (`run(until)`) so that the caller can interleave other work; a pass that
    gains nothing makes the next one search deeper chains (up to depth 4).
    """

    def __init__(self, board: Board, weight_of: Sequence[float] | None) -> None:
        self.board = board
        self.weight_of = weight_of
        self.depth = 2
        self.order: list[int] = []
        self.position = 0
        self.gained = 0
        self.passes = 0
        self.lightest = 0.0

    def _new_pass(self) -> None:
        board = self.board
        if self.order and not self.gained:
            self.depth = min(self.depth + 1, 4)
        self.order = pair_order(board, self.weight_of)
        self.position = 0
        self.gained = 0
        self.passes += 1
        self.lightest = min(
            (board.w[f] for f, t in enumerate(board.slot) if t >= 0 and board.movable[f]),
            default=0.0,
        )

    def run(self, until: float) -> None:
        """Work until the clock passes `until` (checked every few pairs)."""
        board = self.board
        count = 0
        while time.perf_counter() < until:
            if self.position >= len(self.order):
                self._new_pass()
                if not self.order:
                    return
            e = self.order[self.position]
            self.position += 1
            if board.slot[e] >= 0 or not board.common[e]:
                continue
            # No free table anywhere and nothing lighter to drop: e cannot get in.
            if board.w[e] <= self.lightest and board.tables_full == board.all_slots:
                continue
            if board.improve(e, self.depth):
                self.gained += 1
            board.commit()
            count += 1
            if count % 16 == 0 and time.perf_counter() >= until:
                return


def _nothing() -> None:
    pass


def polish_fairness(board: Board, deadline: float, tick: Callable[[], None] = _nothing) -> None:
    """Give a meeting to participants who have none, without lowering the value."""
    for p in range(len(board.met)):
        if board.met[p] or not board.wants[p]:
            continue
        if time.perf_counter() > deadline:
            return
        tick()
        for e in sorted(board.pairs_of[p], key=lambda f: -board.w[f]):
            if board.slot[e] >= 0 or not board.common[e]:
                continue
            before = (round(board.value, 9), -board.lonely)
            mk = board.mark()
            # Dropping a meeting as heavy as e keeps the value: allowed if nobody is left out.
            if (
                board.insert(e, 2, 0, board.w[e] + 1e-9)
                and (
                    round(board.value, 9),
                    -board.lonely,
                )
                > before
            ):
                board.stats.fairness_moves += 1
                board.commit()
                break
            board.undo(mk)
            board.commit()
