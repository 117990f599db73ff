"""The compactness phase: the same meetings, in slots that leave participants fewer breaks.

What is lowered, in this order: the excess of the breaks spread over the fairness bound d
(`max_breaks_spread`, when set), the total number of breaks, the total of idle slots
(definitions in figures.py). The set of placed meetings never changes, so the value never
does; meetings that must stay (locks, frozen or pinned meetings) never move, and every move
keeps every rule (availability, requests' slots, capacity, tables, a pair's meetings in
distinct slots): each goes through the Board, which refuses what breaks one.

Moves, all undone at once when they do not pay:

- a meeting to another free slot;
- Kempe chains: a meeting moves to slot b, the meetings of b it collides with (same
  participant) move to its slot a, and so on; the whole chain swaps between a and b, so that
  nobody is double-booked (the classic repair of an edge colouring, here with availabilities,
  requests' slots and tables checked);
- slot swaps: every meeting of slot a goes to b and back (whole groups of participants close
  their gaps at once);
- CP-SAT: on the whole event when it is small (with the current slots as a hint, or without),
  else on neighbourhoods (a window of consecutive slots, or the participants around those with
  the most breaks) with the rest fixed: large-neighbourhood search.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from grappe.scheduling.cpsat import CompactCp, compact_cpsat
from grappe.scheduling.figures import breaks, idle_slots
from grappe.scheduling.search import Board, bits

# Events whose whole compactness model has at most this many x[e, t] go to CP-SAT whole.
WHOLE_MAX_VARIABLES = 12_000
# Neighbourhoods for the large-neighbourhood search: about this many variables each.
LNS_VARIABLES = 3_000
EQUAL_MOVE_ACCEPTANCE = 0.2  # plateau moves accepted, to wander among equal timetables
# Simulated annealing: cost = excess * ANNEAL_EXCESS + breaks * ANNEAL_BREAK + idle slots;
# the temperature falls linearly from ANNEAL_START + ANNEAL_END to ANNEAL_END.
ANNEAL_EXCESS, ANNEAL_BREAK = 1000, 8
ANNEAL_START, ANNEAL_END = 6.0, 0.3

Key = tuple[int, int, int]  # (fairness excess, breaks, idle slots), lexicographic


@dataclass
class CompactStats:
    moves: int = 0
    kempe_chains: int = 0
    slot_swaps: int = 0
    neighbourhoods: int = 0
    neighbourhoods_improved: int = 0
    cpsat_whole: str = ""
    cpsat_seconds: float = 0.0
    log: list[dict[str, object]] = field(default_factory=list)


class Compactor:
    """Lowers the breaks of the schedule on `board`, in place."""

    def __init__(
        self,
        board: Board,
        *,
        stay: Collection[int] = (),
        max_spread: int | None = None,
        seed: int = 0,
    ) -> None:
        self.board = board
        prob = board.prob
        self.prob = prob
        self.max_spread = max_spread
        self.rng = random.Random(f"compact/{seed}")
        stay_set = set(stay)
        self.can_move = [board.movable[e] and e not in stay_set for e in range(prob.n_pairs)]
        P = len(board.busy)
        self.brk = [breaks(board.busy[p]) for p in range(P)]
        self.idl = [idle_slots(board.busy[p]) for p in range(P)]
        self.present = [board.met[p] > 0 for p in range(P)]
        self.total_breaks = sum(self.brk)
        self.total_idle = sum(self.idl)
        self.hist = Counter(self.brk[p] for p in range(P) if self.present[p])
        self.stats = CompactStats()
        self.lower_bound = 0  # on the total breaks, proven
        self.idle_lower_bound = 0  # on the idle slots, once breaks are at their bound
        self.bound_method = "trivial (0)"
        self.proven = False

    # ---------------------------------------------------------------------------------------
    # The objective

    def spread(self) -> int:
        present = [b for b, n in self.hist.items() if n > 0]
        return max(present) - min(present) if present else 0

    def excess(self) -> int:
        if self.max_spread is None:
            return 0
        return max(0, self.spread() - self.max_spread)

    def key(self) -> Key:
        return (self.excess(), self.total_breaks, self.total_idle)

    def optimal(self) -> bool:
        """Proven: no schedule of these meetings has fewer breaks (and idle slots)."""
        if self.excess():
            return False
        if self.total_breaks == 0:
            return True  # no breaks: no idle slot either
        return self.proven or (
            self.total_breaks <= self.lower_bound and self.total_idle <= self.idle_lower_bound
        )

    def _refresh(self, parts: Collection[int]) -> list[tuple[int, int, int]]:
        """Update the figures of `parts`; what they were (to restore)."""
        old = []
        busy = self.board.busy
        for p in parts:
            b, i = breaks(busy[p]), idle_slots(busy[p])
            old.append((p, self.brk[p], self.idl[p]))
            if b != self.brk[p]:
                self.hist[self.brk[p]] -= 1
                self.hist[b] += 1
                self.total_breaks += b - self.brk[p]
                self.brk[p] = b
            self.total_idle += i - self.idl[p]
            self.idl[p] = i
        return old

    def _restore(self, old: list[tuple[int, int, int]]) -> None:
        for p, b, i in reversed(old):
            self.hist[self.brk[p]] -= 1
            self.hist[b] += 1
            self.total_breaks += b - self.brk[p]
            self.total_idle += i - self.idl[p]
            self.brk[p], self.idl[p] = b, i

    def attempt(self, change: Callable[[], bool], parts: Collection[int]) -> bool:
        """Make `change` (board moves) and keep it if the key does not get worse (strictly
        better, or equal now and then); undo it otherwise."""
        board = self.board
        before = self.key()
        mark = board.mark()
        if not change():
            board.undo(mark)
            return False
        old = self._refresh(parts)
        after = self.key()
        if after < before or (after == before and self.rng.random() < EQUAL_MOVE_ACCEPTANCE):
            board.commit()
            return after < before
        board.undo(mark)
        self._restore(old)
        return False

    # ---------------------------------------------------------------------------------------
    # Moves

    def _relocate(self, f: int, t: int) -> Callable[[], bool]:
        board = self.board

        def change() -> bool:
            board.remove(f)
            if not board.free_slots(f) >> t & 1:
                return False
            board.place(f, t)
            return True

        return change

    def chain(self, f: int, b: int) -> list[int] | None:
        """The Kempe chain of meeting f between its slot and slot b (None if it cannot
        swap: a meeting of it must stay, or is not allowed in the other slot)."""
        board = self.board
        a = board.slot[f]
        S = board.S
        seen = {f}
        todo = [f]
        while todo:
            g = todo.pop()
            if not self.can_move[g]:
                return None
            other = b if board.slot[g] == a else a
            if not board.common[g] >> other & 1:
                return None
            for p in (board.u[g], board.v[g]):
                for t in (a, b):
                    for h in board.at[p * S + t]:
                        if h not in seen:
                            seen.add(h)
                            todo.append(h)
        if board.limited:
            # The chain swaps between a and b: the tables of both must hold what comes in.
            into_b = sum(1 for g in seen if board.slot[g] == a)
            into_a = len(seen) - into_b
            if (
                board.count[a] - into_b + into_a > board.tables
                or board.count[b] - into_a + into_b > board.tables
            ):
                return None
        return list(seen)

    def _swap_chain(self, members: list[int], a: int, b: int) -> Callable[[], bool]:
        board = self.board

        def change() -> bool:
            where = [(g, b if board.slot[g] == a else a) for g in members]
            for g in members:
                board.remove(g)
            for g, t in where:
                if not board.free_slots(g) >> t & 1:
                    return False
                board.place(g, t)
            return True

        return change

    def _parts_of(self, units: Collection[int]) -> set[int]:
        board = self.board
        return {p for g in units for p in (board.u[g], board.v[g])}

    def slot_swaps(self, deadline: float) -> bool:
        """Swap whole slots where that pays; True if anything improved."""
        board = self.board
        S = board.S
        improved = False
        pairs = [(a, b) for a in range(S) for b in range(a + 1, S)]
        self.rng.shuffle(pairs)
        for a, b in pairs:
            if time.perf_counter() > deadline:
                break
            members = list(board.in_slot[a]) + list(board.in_slot[b])
            if not members or not all(
                self.can_move[g] and board.common[g] >> (b if board.slot[g] == a else a) & 1
                for g in members
            ):
                continue
            if self.attempt(self._swap_chain(members, a, b), self._parts_of(members)):
                self.stats.slot_swaps += 1
                improved = True
        return improved

    def participant_moves(self, deadline: float) -> bool:
        """For participants with breaks: move one of their meetings next to their others
        (directly, or by a Kempe chain); True if anything improved."""
        board = self.board
        S = board.S
        improved = False
        order = [p for p in range(len(self.brk)) if self.brk[p] or self.idl[p]]
        self.rng.shuffle(order)
        for n, p in enumerate(order):
            if n % 8 == 0 and time.perf_counter() > deadline:
                break
            if not self.brk[p]:
                continue
            busy = board.busy[p]
            near = ((busy << 1) | (busy >> 1)) & ~busy & board.all_slots
            for t0 in bits(busy):
                for f in list(board.at[p * S + t0]):
                    if not self.can_move[f] or board.slot[f] != t0:
                        continue
                    q = board.v[f] if board.u[f] == p else board.u[f]
                    qbusy = board.busy[q]
                    targets = (near | (((qbusy << 1) | (qbusy >> 1)) & ~qbusy)) & board.common[f]
                    targets &= ~(1 << t0)
                    for t in bits(targets):
                        if board.free_slots(f) >> t & 1:
                            if self.attempt(self._relocate(f, t), (p, q)):
                                self.stats.moves += 1
                                improved = True
                                break
                            continue
                        members = self.chain(f, t)
                        if members is None or len(members) > 60:
                            continue
                        if self.attempt(self._swap_chain(members, t0, t), self._parts_of(members)):
                            self.stats.kempe_chains += 1
                            improved = True
                            break
                    if board.slot[f] != t0:
                        break
                busy = board.busy[p]
                near = ((busy << 1) | (busy >> 1)) & ~busy & board.all_slots
        return improved

    def descend(self, deadline: float) -> None:
        """Local search until nothing improves (or the deadline)."""
        for _ in range(50):
            if self.optimal() or time.perf_counter() > deadline:
                return
            a = self.slot_swaps(deadline)
            b = self.participant_moves(deadline)
            if not (a or b):
                return

    def anneal(self, deadline: float) -> None:
        """Simulated annealing over relocations and Kempe chains of the meetings of
        participants with breaks; the best timetable seen is kept.

        A move is priced before it is made: a relocation changes two participants' busy
        slots, a Kempe chain between slots a and b exchanges bits a and b of the busy slots of
        everyone in it (their loads swap). Only accepted moves touch the board."""
        board = self.board
        S = board.S
        rng = self.rng
        load = board.load
        start = time.perf_counter()
        span = max(1e-3, deadline - start)
        best_key = self.key()
        best_slots = list(board.slot)
        with_breaks: list[int] = []
        # The placed meetings stay placed: each participant's, once (those that may move).
        mine_of: dict[int, list[int]] = {}
        for e, t in enumerate(board.slot):
            if t >= 0 and self.can_move[e]:
                mine_of.setdefault(board.u[e], []).append(e)
                mine_of.setdefault(board.v[e], []).append(e)
        temperature = ANNEAL_START + ANNEAL_END
        k = 0
        while True:
            if k % 64 == 0:
                now = time.perf_counter()
                if now > deadline or self.optimal():
                    break
                temperature = ANNEAL_START * (1.0 - (now - start) / span) + ANNEAL_END
                if k % 512 == 0:
                    with_breaks = [p for p, b in enumerate(self.brk) if b]
                    if not with_breaks:
                        break
            k += 1
            p = with_breaks[rng.randrange(len(with_breaks))]
            mine = mine_of.get(p)
            if not self.brk[p] or not mine:
                continue
            f = mine[rng.randrange(len(mine))]
            a = board.slot[f]
            busy = board.busy[p]
            near = ((busy << 1) | (busy >> 1)) & ~busy & board.common[f]
            options = near if near and rng.random() < 0.8 else board.common[f] & ~(1 << a)
            if not options:
                continue
            choices = bits(options)
            t = choices[rng.randrange(len(choices))]
            new_masks: dict[int, int] = {}
            if board.free_slots(f) >> t & 1:
                members = [f]
                for q in (board.u[f], board.v[f]):
                    m = board.busy[q]
                    if load[q * S + a] == 1:
                        m &= ~(1 << a)
                    new_masks[q] = m | (1 << t)
            else:
                chain = self.chain(f, t)
                if chain is None or len(chain) > 80:
                    continue
                members = chain
                swap = (1 << a) | (1 << t)
                for g in chain:
                    for q in (board.u[g], board.v[g]):
                        if q not in new_masks:
                            m = board.busy[q]
                            new_masks[q] = m ^ swap if (m >> a & 1) != (m >> t & 1) else m
            delta = self._price(new_masks)
            if delta > 0 and rng.random() >= math.exp(-delta / temperature):
                continue
            change = self._relocate(f, t) if len(members) == 1 else self._swap_chain(members, a, t)
            mark = board.mark()
            if not change():  # (priced as feasible: cannot happen)
                board.undo(mark)
                continue
            board.commit()
            self._refresh(new_masks)
            if len(members) > 1:
                self.stats.kempe_chains += 1
            else:
                self.stats.moves += 1
            key = self.key()
            if key < best_key:
                best_key, best_slots = key, list(board.slot)
        if self.key() > best_key:
            self._set_slots(best_slots)

    def _price(self, new_masks: dict[int, int]) -> int:
        """Change of the annealing cost if these participants had these busy slots."""
        d_breaks = d_idle = 0
        changed: list[tuple[int, int]] = []
        for q, m in new_masks.items():
            b = breaks(m)
            d_breaks += b - self.brk[q]
            d_idle += idle_slots(m) - self.idl[q]
            if b != self.brk[q]:
                changed.append((self.brk[q], b))
        d_excess = 0
        if self.max_spread is not None and changed:
            before = self.excess()
            for old, new in changed:
                self.hist[old] -= 1
                self.hist[new] += 1
            d_excess = self.excess() - before
            for old, new in changed:
                self.hist[new] -= 1
                self.hist[old] += 1
        return ANNEAL_EXCESS * d_excess + ANNEAL_BREAK * d_breaks + d_idle

    def _cost(self) -> int:
        return ANNEAL_EXCESS * self.excess() + ANNEAL_BREAK * self.total_breaks + self.total_idle

    def _set_slots(self, slots: list[int]) -> None:
        """Move the meetings to the slots of a timetable seen before (all of them feasible)."""
        board = self.board
        moved = [e for e, t in enumerate(slots) if board.slot[e] != t]
        for e in moved:
            board.remove(e)
        for e in moved:
            board.place(e, slots[e])
        board.commit()
        self._refresh(self._parts_of(moved))

    # ---------------------------------------------------------------------------------------
    # CP-SAT

    def movable_units(self) -> list[int]:
        return [e for e, t in enumerate(self.board.slot) if t >= 0 and self.can_move[e]]

    def model_size(self, units: Collection[int]) -> int:
        return sum(self.board.common[e].bit_count() for e in units)

    def apply(self, result: CompactCp) -> bool:
        """Put the units where CP-SAT says, if that is better (else leave the board)."""
        if not result.slots:
            return False
        board = self.board

        def change() -> bool:
            for e in result.slots:
                board.remove(e)
            for e, t in result.slots.items():
                if not board.free_slots(e) >> t & 1:
                    return False
                board.place(e, t)
            return True

        return self.attempt(change, self._parts_of(result.slots))

    def whole(self, seconds: float, hint: bool = True, seed: int = 0) -> CompactCp:
        """CP-SAT on every movable meeting at once; its bound becomes ours."""
        units = self.movable_units()
        fixed_parts = {
            p
            for e, t in enumerate(self.board.slot)
            if t >= 0 and not self.can_move[e]
            for p in (self.board.u[e], self.board.v[e])
        }
        result = compact_cpsat(
            self.prob,
            self.board.slot,
            units,
            seconds,
            max_spread=self.max_spread,
            spread_floor=min((b for b, n in self.hist.items() if n > 0), default=0),
            hint=hint,
            seed=seed,
        )
        self.stats.cpsat_whole = result.status
        self.stats.cpsat_seconds += result.seconds
        self.apply(result)
        in_model = self._parts_of(units)
        outside = sum(self.brk[p] for p in range(len(self.brk)) if p not in in_model)
        if result.breaks_bound + outside > self.lower_bound:
            self.lower_bound = result.breaks_bound + outside
            self.bound_method = "CP-SAT (compactness model)"
        if result.proven and not fixed_parts & in_model:
            self.proven = True
        if result.breaks_bound + outside >= self.total_breaks:
            outside_idle = sum(self.idl[p] for p in range(len(self.idl)) if p not in in_model)
            self.idle_lower_bound = max(self.idle_lower_bound, result.idle_bound + outside_idle)
        return result

    def neighbourhood(self) -> tuple[list[int], dict[int, int] | None]:
        """Units to re-solve: a window of consecutive slots, or the participants around one
        with many breaks; and the slots each may take (None: any of its pair's)."""
        board = self.board
        S = board.S
        units = self.movable_units()
        per_slot = max(1, len(units) // max(1, S))
        if self.rng.random() < 0.5:
            width = max(2, min(S, LNS_VARIABLES // max(1, per_slot * 3)))
            width = min(width, max(2, S // 2))
            first = self.rng.randrange(0, max(1, S - width + 1))
            window = sum(1 << t for t in range(first, min(S, first + width)))
            chosen = [e for e in units if window >> board.slot[e] & 1]
            return chosen, {e: window for e in chosen}
        weights = [b + 1 for b in self.brk]
        chosen_parts: set[int] = set()
        chosen_units: set[int] = set()
        budget = LNS_VARIABLES
        while budget > 0 and len(chosen_parts) < len(weights):
            p = self.rng.choices(range(len(weights)), weights=weights)[0]
            if p in chosen_parts:
                continue
            chosen_parts.add(p)
            for t in bits(board.busy[p]):
                for e in board.at[p * S + t]:
                    if self.can_move[e] and e not in chosen_units:
                        chosen_units.add(e)
                        budget -= board.common[e].bit_count()
            if not any(self.brk):
                break
        return sorted(chosen_units), None

    def lns(self, deadline: float, seed: int = 0) -> None:
        """Large-neighbourhood search until the deadline (or a proof)."""
        k = 0
        while not self.optimal():
            left = deadline - time.perf_counter()
            if left < 0.15:
                return
            units, allowed = self.neighbourhood()
            if not units:
                return
            k += 1
            result = compact_cpsat(
                self.prob,
                self.board.slot,
                units,
                min(left - 0.05, 0.5),
                allowed=allowed,
                max_spread=self.max_spread,
                spread_floor=min((b for b, n in self.hist.items() if n > 0), default=0),
                seed=seed + k,
                workers=1,
            )
            self.stats.neighbourhoods += 1
            self.stats.cpsat_seconds += result.seconds
            if self.apply(result):
                self.stats.neighbourhoods_improved += 1
            if k % 4 == 0:
                self.descend(min(deadline, time.perf_counter() + 0.3))


def individual_bound(board: Board, can_move: list[bool]) -> int:
    """Participants that cannot have their meetings in one run of slots even alone (their
    meetings' allowed slots force a gap): each has at least one break, whatever the others
    do. Checked for participants of capacity 1 (each meeting its own slot)."""
    prob = board.prob
    S = board.S
    total = 0
    for p in range(len(board.busy)):
        if prob.capacity[p] != 1 or board.met[p] < 2:
            continue
        masks = []
        for t in bits(board.busy[p]):
            for e in board.at[p * S + t]:
                masks.append(board.common[e] if can_move[e] else 1 << t)
        k = len(masks)
        if not any(_matches(masks, ((1 << k) - 1) << a) for a in range(S - k + 1)):
            total += 1
    return total


def _matches(masks: list[int], window: int) -> bool:
    """Whether each mask can take its own slot of `window` (bipartite matching)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for t in bits(masks[i] & window):
            if t in seen:
                continue
            seen.add(t)
            if t not in owner or augment(owner[t], seen):
                owner[t] = i
                return True
        return False

    return all(augment(i, set()) for i in range(len(masks)))
