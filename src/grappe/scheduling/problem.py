"""The compiled, index-based form of an instance that the solvers work on.

Requests between the same two participants (either direction) are merged into one *pair*: it
is worth the better weight (or the sum, `mutual="sum"`), meets at most `count` times (the
largest count asked), only in the slots every one of its requests allows (`slots`), and is
mandatory if any of its requests is. A pair asked to meet `count` times becomes `count`
*units* (one per meeting), which never share a slot; a unit is what the solvers place, and
what they call a pair (`n_pairs`, `pair_u`, ...). Availability and allowed slots are bit
masks over slots (bit t = slot t).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grappe.scheduling.model import Instance


@dataclass(frozen=True)
class Problem:
    n_slots: int
    capacity: tuple[int, ...]
    avail: tuple[int, ...]
    pair_u: tuple[int, ...]  # per unit
    pair_v: tuple[int, ...]
    pair_w: tuple[float, ...]
    pair_request: tuple[int, ...]  # representative request index (the one with best weight)
    request_pair: tuple[int, ...]  # first unit of the pair of every request
    tables: int | None
    locked: tuple[tuple[int, int], ...]  # (unit, slot), validated
    integral: bool  # all pair weights are integers
    # Slots a unit may take: both sides available, and allowed by the pair's requests.
    pair_mask: tuple[int, ...] = ()
    pair_group: tuple[int, ...] = ()  # the pair (group of units) of each unit
    group_units: tuple[tuple[int, ...], ...] = ()
    pair_mandatory: tuple[bool, ...] = ()

    @property
    def n_participants(self) -> int:
        return len(self.capacity)

    @property
    def n_pairs(self) -> int:
        """Number of units (one per meeting a pair may have)."""
        return len(self.pair_u)

    @property
    def all_slots(self) -> int:
        return (1 << self.n_slots) - 1

    def common(self, e: int) -> int:
        """Slots unit e may take (availability of both sides and the requests' restriction)."""
        return self.pair_mask[e]

    def siblings(self, e: int) -> tuple[int, ...]:
        """The other units of e's pair (the same two participants meeting again)."""
        return tuple(f for f in self.group_units[self.pair_group[e]] if f != e)

    def units_for(self, request_indexes: Iterable[int]) -> list[int]:
        """For each meeting (given by its request index, in order), the unit it takes: the
        next unused unit of its pair, or -1 when the pair already has all its meetings."""
        used: dict[int, int] = {}
        out: list[int] = []
        for r in request_indexes:
            g = self.pair_group[self.request_pair[r]]
            k = used.get(g, 0)
            units = self.group_units[g]
            out.append(units[k] if k < len(units) else -1)
            used[g] = k + 1
        return out

    @staticmethod
    def compile(inst: Instance) -> Problem:
        n_slots = len(inst.slots)
        full = (1 << n_slots) - 1
        s_idx = inst.slot_index
        p_idx = inst.participant_index
        capacity = tuple(p.capacity for p in inst.participants)
        avail_l: list[int] = []
        for p in inst.participants:
            avail_l.append(full if p.available is None else _mask(p.available, s_idx))
        key_to_group: dict[tuple[int, int], int] = {}
        gu: list[int] = []
        gv: list[int] = []
        gw: list[float] = []
        grep: list[int] = []
        gcount: list[int] = []
        gmask: list[int] = []
        gmand: list[bool] = []
        request_group: list[int] = []
        for ri, r in enumerate(inst.requests):
            a, b = p_idx[r.source], p_idx[r.target]
            key = (a, b) if a < b else (b, a)
            g = key_to_group.get(key)
            w = float(r.weight)
            allowed = full if r.slots is None else _mask(r.slots, s_idx)
            if g is None:
                g = len(gu)
                key_to_group[key] = g
                gu.append(key[0])
                gv.append(key[1])
                gw.append(w)
                grep.append(ri)
                gcount.append(r.count)
                gmask.append(allowed)
                gmand.append(r.mandatory)
            else:
                if inst.mutual == "sum":
                    gw[g] += w
                elif w > gw[g]:
                    gw[g] = w
                    grep[g] = ri
                gcount[g] = max(gcount[g], r.count)
                gmask[g] &= allowed
                gmand[g] = gmand[g] or r.mandatory
            request_group.append(g)
        pu: list[int] = []
        pv: list[int] = []
        pw: list[float] = []
        prep: list[int] = []
        pmask: list[int] = []
        pgroup: list[int] = []
        pmand: list[bool] = []
        group_units: list[tuple[int, ...]] = []
        for g in range(len(gu)):
            first = len(pu)
            for _ in range(gcount[g]):
                pu.append(gu[g])
                pv.append(gv[g])
                pw.append(gw[g])
                prep.append(grep[g])
                pmask.append(avail_l[gu[g]] & avail_l[gv[g]] & gmask[g])
                pgroup.append(g)
                pmand.append(gmand[g])
            group_units.append(tuple(range(first, len(pu))))
        request_pair = tuple(group_units[g][0] for g in request_group)
        partial = Problem(
            n_slots=n_slots,
            capacity=capacity,
            avail=tuple(avail_l),
            pair_u=tuple(pu),
            pair_v=tuple(pv),
            pair_w=tuple(pw),
            pair_request=tuple(prep),
            request_pair=request_pair,
            tables=inst.tables,
            locked=(),
            integral=all(float(w).is_integer() for w in pw),
            pair_mask=tuple(pmask),
            pair_group=tuple(pgroup),
            group_units=tuple(group_units),
            pair_mandatory=tuple(pmand),
        )
        r_idx = inst.request_index
        units = partial.units_for(r_idx[m.request] for m in inst.locked)
        locked = tuple(
            (e, s_idx[m.slot]) for e, m in zip(units, inst.locked, strict=True) if e >= 0
        )
        return Problem(**{**partial.__dict__, "locked": locked})


def _mask(slot_ids: Iterable[str], s_idx: dict[str, int]) -> int:
    mask = 0
    for sid in slot_ids:
        mask |= 1 << s_idx[sid]
    return mask
