"""Slot times from an event's days, opening hours, meeting length and breaks (no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def slot_times(
    *,
    start_date: dt.date,
    end_date: dt.date,
    day_start: dt.time,
    day_end: dt.time,
    minutes: int,
    breaks: list[tuple[dt.time, dt.time]],
    tz: ZoneInfo,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Consecutive meetings of `minutes` each day from `day_start`, none ending after `day_end`.

    A meeting that would overlap a break starts at the end of the break instead.
    """
    length = dt.timedelta(minutes=minutes)
    times = []
    day = start_date
    while day <= end_date:
        t = dt.datetime.combine(day, day_start)
        close = dt.datetime.combine(day, day_end)
        day_breaks = [(dt.datetime.combine(day, a), dt.datetime.combine(day, b)) for a, b in breaks]
        while t + length <= close:
            overlap = [b for a, b in day_breaks if a < t + length and t < b]
            if overlap:
                t = max(overlap)
                continue
            times.append((t.replace(tzinfo=tz), (t + length).replace(tzinfo=tz)))
            t += length
        day += dt.timedelta(days=1)
    return times
