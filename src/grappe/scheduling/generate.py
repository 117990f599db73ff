"""Seeded generator of benchmark instances (pure Python `random`, reproducible across machines).

Families (see docs/scheduling.md):

- ``uniform-hard``: everyone capacity 1, no popular hubs (requests between uniformly drawn
  people), 60 % of the participants present in one contiguous window of 4 to 12 slots, tables
  limited to 35 % of n/2 per slot, where the limit just binds.
- ``fair``: 15 % stands (capacity 1-3, present all day, popularity skewed) and visitors
  (present all day, mornings only or afternoons only) who request stands; some stands request
  visitors. Meetings take place at the stands: no table limit.
- ``brokerage``: everyone may request everyone, popularity skewed (hubs), 10 % of the
  participants with two delegates (capacity 2), 25 % present in a window of 6 to 14 slots,
  tables for half of n/2.
- ``fair2001``: the size of the 2001 fair: 30 stands, 90 visitors, about 350 requests,
  16 slots of 30 minutes on 24 January 2001.
- ``fair2001-visitors``: the 2001 fair as the platform's demo exports it with every shipped
  network visiting: 30 stands (capacity 1 to 3), 330 visitors (60 % present in one window of
  3 slots or more), 347 requests from visitors to stands, 16 slots.

``per_participant`` is the mean number of requests a participant makes (about 6 at a real
brokerage event): about per_participant * n pairs (per_participant * visitors at a fair);
10 % of the pairs are requested by both sides too (two request records).
Weights (priorities) are 1, 2 or 3 with probabilities 0.5, 0.3, 0.2.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from grappe.scheduling.figures import compactness
from grappe.scheduling.model import Instance, Meeting, Participant, Request, Slot

FAMILIES = ("uniform-hard", "fair", "brokerage", "fair2001", "fair2001-visitors")
DAY = datetime(2001, 1, 24, 9, 0)


def make_slots(n_slots: int = 16, start: datetime = DAY, minutes: int = 30) -> tuple[Slot, ...]:
    width = max(2, len(str(n_slots)))
    step = timedelta(minutes=minutes)
    return tuple(
        Slot(f"s{i + 1:0{width}d}", start + i * step, start + (i + 1) * step)
        for i in range(n_slots)
    )


def _weight(rng: random.Random) -> int:
    x = rng.random()
    return 1 if x < 0.5 else 2 if x < 0.8 else 3


def _window(rng: random.Random, slots: tuple[Slot, ...], lo: int, hi: int) -> frozenset[str]:
    n = len(slots)
    length = rng.randint(min(lo, n), min(hi, n))
    first = rng.randint(0, n - length)
    return frozenset(s.id for s in slots[first : first + length])


def _zipf_cumulative(n: int, s: float) -> list[float]:
    acc = 0.0
    out: list[float] = []
    for k in range(1, n + 1):
        acc += 1.0 / k**s
        out.append(acc)
    return out


def generate(
    family: str,
    n: int = 400,
    seed: int = 0,
    n_slots: int = 16,
    per_participant: float = 6.0,
) -> Instance:
    """A reproducible instance of `family` with about `n` participants."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r} (expected one of {', '.join(FAMILIES)})")
    if family == "fair2001":  # fixed size: `n` and `per_participant` play no part
        n, per_participant = 120, 0.0
    if family == "fair2001-visitors":
        n, per_participant = 360, 0.0
    rng = random.Random(f"{family}/{n}/{seed}/{n_slots}/{per_participant}")
    slots = make_slots(n_slots)
    if family == "fair2001":
        return _fair(rng, slots, n_stands=30, n_visitors=90, n_pairs=320)
    if family == "fair2001-visitors":
        return _fair_visitors(rng, slots, n_stands=30, n_visitors=330, n_requests=347)
    if family == "fair":
        n_stands = max(1, round(0.15 * n))
        return _fair(rng, slots, n_stands, n - n_stands, round(per_participant * (n - n_stands)))
    if family == "uniform-hard":
        return _uniform_hard(rng, slots, n, round(per_participant * n))
    return _brokerage(rng, slots, n, round(per_participant * n))


def _pid(i: int, n: int) -> str:
    return f"p{i + 1:0{max(4, len(str(n)))}d}"


def _requests(
    rng: random.Random, pairs: list[tuple[int, int]], ids: list[str]
) -> tuple[Request, ...]:
    out: list[Request] = []
    width = max(5, len(str(2 * len(pairs))))
    for a, b in pairs:
        out.append(Request(f"r{len(out) + 1:0{width}d}", ids[a], ids[b], _weight(rng)))
        if rng.random() < 0.10:  # the other side asked too
            out.append(Request(f"r{len(out) + 1:0{width}d}", ids[b], ids[a], _weight(rng)))
    return tuple(out)


def _uniform_hard(rng: random.Random, slots: tuple[Slot, ...], n: int, n_pairs: int) -> Instance:
    ids = [_pid(i, n) for i in range(n)]
    parts = []
    for i in range(n):
        avail = _window(rng, slots, 4, 12) if rng.random() < 0.6 else None
        parts.append(Participant(ids[i], f"Participant {i + 1}", 1, avail))
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    n_pairs = min(n_pairs, n * (n - 1) // 2)
    while len(pairs) < n_pairs:
        a, b = rng.randrange(n), rng.randrange(n)
        key = (min(a, b), max(a, b))
        if a == b or key in seen:
            continue
        seen.add(key)
        pairs.append((a, b))
    return Instance(
        slots=slots,
        participants=tuple(parts),
        requests=_requests(rng, pairs, ids),
        tables=max(1, round(0.35 * n / 2)),
    )


def _fair(
    rng: random.Random,
    slots: tuple[Slot, ...],
    n_stands: int,
    n_visitors: int,
    n_pairs: int,
) -> Instance:
    n = n_stands + n_visitors
    ids = [_pid(i, n) for i in range(n)]
    half = len(slots) // 2
    morning = frozenset(s.id for s in slots[:half])
    afternoon = frozenset(s.id for s in slots[half:])
    parts: list[Participant] = []
    for i in range(n_stands):
        x = rng.random()
        cap = 1 if x < 0.5 else 2 if x < 0.85 else 3
        parts.append(Participant(ids[i], f"Stand {i + 1}", cap, None))
    for j in range(n_visitors):
        x = rng.random()
        avail = None if x < 0.5 else morning if x < 0.75 else afternoon
        parts.append(Participant(ids[n_stands + j], f"Visitor {j + 1}", 1, avail))
    stand_order = list(range(n_stands))
    rng.shuffle(stand_order)
    cum = _zipf_cumulative(n_stands, 0.7)
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    n_pairs = min(n_pairs, n_stands * n_visitors)
    while len(pairs) < n_pairs:
        stand = stand_order[rng.choices(range(n_stands), cum_weights=cum)[0]]
        visitor = n_stands + rng.randrange(n_visitors)
        if (stand, visitor) in seen:
            continue
        seen.add((stand, visitor))
        pairs.append((stand, visitor) if rng.random() < 0.15 else (visitor, stand))
    return Instance(
        slots=slots,
        participants=tuple(parts),
        requests=_requests(rng, pairs, ids),
        tables=None,
    )


def _fair_visitors(
    rng: random.Random, slots: tuple[Slot, ...], n_stands: int, n_visitors: int, n_requests: int
) -> Instance:
    n = n_stands + n_visitors
    ids = [_pid(i, n) for i in range(n)]
    parts: list[Participant] = []
    for i in range(n_stands):
        parts.append(Participant(ids[i], f"Stand {i + 1}", rng.choice((1, 1, 2, 2, 3)), None))
    for j in range(n_visitors):
        avail = _window(rng, slots, 3, len(slots)) if rng.random() < 0.6 else None
        parts.append(Participant(ids[n_stands + j], f"Visitor {j + 1}", 1, avail))
    cum = _zipf_cumulative(n_stands, 0.6)
    seen: set[tuple[int, int]] = set()
    requests: list[Request] = []
    while len(requests) < min(n_requests, n_stands * n_visitors):
        visitor = n_stands + rng.randrange(n_visitors)
        stand = rng.choices(range(n_stands), cum_weights=cum)[0]
        if (visitor, stand) in seen:
            continue
        seen.add((visitor, stand))
        requests.append(
            Request(f"r{len(requests) + 1:05d}", ids[visitor], ids[stand], _weight(rng))
        )
    return Instance(slots=slots, participants=tuple(parts), requests=tuple(requests))


def _brokerage(rng: random.Random, slots: tuple[Slot, ...], n: int, n_pairs: int) -> Instance:
    ids = [_pid(i, n) for i in range(n)]
    parts = []
    for i in range(n):
        cap = 2 if rng.random() < 0.10 else 1
        avail = _window(rng, slots, 6, 14) if rng.random() < 0.25 else None
        parts.append(Participant(ids[i], f"Company {i + 1}", cap, avail))
    order = list(range(n))
    rng.shuffle(order)
    cum = _zipf_cumulative(n, 0.6)
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    n_pairs = min(n_pairs, n * (n - 1) // 2)
    while len(pairs) < n_pairs:
        a = rng.randrange(n)
        b = order[rng.choices(range(n), cum_weights=cum)[0]]
        key = (min(a, b), max(a, b))
        if a == b or key in seen:
            continue
        seen.add(key)
        pairs.append((a, b))
    return Instance(
        slots=slots,
        participants=tuple(parts),
        requests=_requests(rng, pairs, ids),
        tables=max(1, round(0.5 * n / 2)),
    )


def change_script(
    instance: Instance,
    meetings: Sequence[Meeting],
    seed: int = 0,
    late: float = 0.05,
    cancelled: float = 0.03,
    availability: float = 0.02,
) -> tuple[Instance, dict[str, list[str]]]:
    """The instance after late changes to a published schedule (reproducible).

    - `late` x (number of requests) new requests between participants not yet paired,
      appended at the end (arrival order), weights as in the generator;
    - `cancelled` x (number of meetings) meetings cancelled: every request of the pair is
      withdrawn;
    - `availability` x (number of participants) participants lose a block of 2 to 4
      consecutive slots (they leave early or arrive late), which cancels their meetings there.

    Returns the new instance and the ids touched: "late", "cancelled" (requests),
    "availability" (participants).
    """
    rng = random.Random(f"changes/{seed}/{len(instance.requests)}")
    p_idx = instance.participant_index
    prob = instance.problem
    ids = [p.id for p in instance.participants]
    n = len(ids)
    # Cancellations: whole pairs.
    met = sorted({m.request for m in meetings})
    n_cancel = round(cancelled * len(met))
    cancelled_pairs = {
        prob.request_pair[instance.request_index[r]]
        for r in rng.sample(met, min(n_cancel, len(met)))
    }
    requests = [
        r
        for r in instance.requests
        if prob.request_pair[instance.request_index[r.id]] not in cancelled_pairs
    ]
    gone = [r.id for r in instance.requests if r not in requests]
    # Late requests.
    paired = {
        (min(p_idx[r.source], p_idx[r.target]), max(p_idx[r.source], p_idx[r.target]))
        for r in instance.requests
    }
    n_late = round(late * len(instance.requests))
    new_ids: list[str] = []
    taken = {r.id for r in instance.requests}
    k = 0
    while len(new_ids) < n_late and n >= 2:
        a, b = rng.randrange(n), rng.randrange(n)
        key = (min(a, b), max(a, b))
        if a == b or key in paired:
            continue
        paired.add(key)
        k += 1
        rid = f"late{k:05d}"
        while rid in taken:
            k += 1
            rid = f"late{k:05d}"
        taken.add(rid)
        requests.append(Request(rid, ids[a], ids[b], _weight(rng)))
        new_ids.append(rid)
    # Availability changes.
    slots = instance.slots
    all_ids = [s.id for s in slots]
    parts = list(instance.participants)
    changed: list[str] = []
    for i in rng.sample(range(n), min(n, round(availability * n))):
        p = parts[i]
        length = rng.randint(2, min(4, len(slots)))
        first = rng.randint(0, len(slots) - length)
        lost = set(all_ids[first : first + length])
        before = set(all_ids) if p.available is None else set(p.available)
        parts[i] = Participant(p.id, p.name, p.capacity, frozenset(before - lost))
        changed.append(p.id)
    new = instance.replace(participants=tuple(parts), requests=tuple(requests))
    return new, {"late": new_ids, "cancelled": gone, "availability": changed}


# -------------------------------------------------------------------------------------------
# Forums with a planted timetable (issue 15): how compact a timetable can be is known.


@dataclass(frozen=True)
class PlantedForum:
    """A forum-shaped instance and the timetable it was derived from (hidden from the engine).

    Every meeting of `planted` is requested (weight 1), so the planted timetable places them
    all: its breaks bound the optimum of the instance from above."""

    instance: Instance
    planted: tuple[Meeting, ...]

    def figures(self) -> tuple[int, int, int]:
        """Breaks, idle slots and breaks spread of the planted timetable."""
        inst = self.instance
        p_idx = inst.participant_index
        r_idx = inst.request_index
        s_idx = inst.slot_index
        placed = []
        for m in self.planted:
            r = inst.requests[r_idx[m.request]]
            placed.append((p_idx[r.source], p_idx[r.target], s_idx[m.slot]))
        fig = compactness(len(inst.participants), placed)
        return fig.total_breaks, fig.total_idle, fig.spread


def planted_forum(
    n: int,
    meetings: int,
    sessions: tuple[int, int] = (8, 8),
    *,
    seed: int = 0,
    tables: bool = True,
    gap_share: float = 0.05,
    restricted_share: float = 0.15,
) -> PlantedForum:
    """A B2B forum of `n` participants and about `meetings` meetings in a morning and an
    afternoon session of `sessions` slots (20-minute meetings, lunch between).

    Planting: a quarter of the participants come in the morning only, a quarter in the
    afternoon only, the others all day; each gets a number of meetings and one run of
    consecutive slots for them (a share `gap_share` with one gap), placed where the slots are
    least busy; at every slot the participants busy then are paired (never twice the same
    pair). The requests are those pairs; `restricted_share` of them are restricted to the
    session of their planted meeting, as forums allow. With `tables`, there are as many
    tables as the busiest planted slot needs: they bind.
    """
    rng = random.Random(f"forum/{n}/{meetings}/{sessions}/{seed}")
    morning, afternoon = sessions
    S = morning + afternoon
    start = DAY
    slots = list(make_slots(morning, start, 20))
    lunch = start + timedelta(minutes=20 * morning + 90)
    slots += [
        Slot(f"s{morning + i + 1:02d}", lunch + timedelta(minutes=20 * i),
             lunch + timedelta(minutes=20 * (i + 1)))
        for i in range(afternoon)
    ]  # fmt: skip
    ids = [_pid(i, n) for i in range(n)]
    span: list[tuple[int, int]] = []  # first and last slot each participant attends
    for _ in range(n):
        x = rng.random()
        span.append((0, morning - 1) if x < 0.25 else (morning, S - 1) if x < 0.5 else (0, S - 1))
    mean = 2 * meetings / n
    load = [0] * S
    busy: list[set[int]] = []
    for p in range(n):
        lo, hi = span[p]
        room = hi - lo + 1
        k = max(2, min(room - 1, round(rng.gauss(mean, mean / 4))))
        gap = rng.random() < gap_share and k + 1 <= room
        length = k + (1 if gap else 0)
        # The run where the slots are least busy (ties at random): planted loads even out.
        starts = list(range(lo, hi - length + 2))
        rng.shuffle(starts)
        first = min(starts, key=lambda a: sum(load[a : a + length]))
        run = set(range(first, first + length))
        if gap:
            run.discard(first + rng.randrange(1, length - 1))
        for t in run:
            load[t] += 1
        busy.append(run)
    met: set[tuple[int, int]] = set()
    planted: list[tuple[int, int, int]] = []
    for t in range(S):
        here = [p for p in range(n) if t in busy[p]]
        rng.shuffle(here)
        while len(here) >= 2:
            a = here.pop()
            partner = next((b for b in reversed(here) if (min(a, b), max(a, b)) not in met), None)
            if partner is None:
                busy[a].discard(t)
                continue
            here.remove(partner)
            met.add((min(a, partner), max(a, partner)))
            planted.append((a, partner, t))
        for p in here:
            busy[p].discard(t)
    rng.shuffle(planted)
    slot_ids = [s.id for s in slots]
    session_of = [slot_ids[:morning] if t < morning else slot_ids[morning:] for t in range(S)]
    requests: list[Request] = []
    plan: list[Meeting] = []
    for a, b, t in planted:
        src, dst = (a, b) if rng.random() < 0.5 else (b, a)
        rid = f"r{len(requests) + 1:05d}"
        restricted = frozenset(session_of[t]) if rng.random() < restricted_share else None
        requests.append(Request(rid, ids[src], ids[dst], 1, restricted))
        plan.append(Meeting(rid, slot_ids[t]))
    parts = []
    for p in range(n):
        lo, hi = span[p]
        avail = None if (lo, hi) == (0, S - 1) else frozenset(slot_ids[lo : hi + 1])
        parts.append(Participant(ids[p], f"Company {p + 1}", 1, avail))
    per_slot = Counter(t for _, _, t in planted)
    inst = Instance(
        slots=tuple(slots),
        participants=tuple(parts),
        requests=tuple(requests),
        tables=max(per_slot.values(), default=0) if tables else None,
    )
    return PlantedForum(inst, tuple(plan))
