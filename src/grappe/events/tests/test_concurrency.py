"""Concurrent last-minute bookings never double-book nor exceed tables (PostgreSQL).

Run with GRAPPE_DATABASE_URL=postgresql://… ; skipped on SQLite, which serialises writers.
"""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count

from grappe.events import services
from grappe.events.models import EventStatus, Meeting, Seat
from grappe.testing.factories import (
    EventFactory,
    OrganisationFactory,
    ParticipantFactory,
)

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_fifty_concurrent_bookings_of_the_same_slots(network):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set GRAPPE_DATABASE_URL)")
    event = EventFactory(network=network, tables=5, status=EventStatus.PUBLISHED)
    slots = list(event.slots.order_by("start"))[:2]
    stands = [
        ParticipantFactory(event=event, organisation=OrganisationFactory(), capacity=2, stand=True)
        for _ in range(3)
    ]
    visitors = [
        ParticipantFactory(event=event, organisation=OrganisationFactory()) for _ in range(40)
    ]
    # 60 bookings: every visitor at a stand in the first slot, and 20 of them again with the
    # same stand in the second slot (a pair meets once), all released at the same instant.
    jobs = [(v, stands[i % 3], slots[0]) for i, v in enumerate(visitors)]
    jobs += [(v, stands[i % 3], slots[1]) for i, v in enumerate(visitors[:20])]
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(source, target, slot):
        try:
            barrier.wait()
            services.meeting_book(
                actor=services.COMMAND_LINE, source=source, target=target, slot=slot
            )
            result = "booked"
        except ValidationError:
            result = "refused"
        except Exception as error:  # anything else is a failure of the test
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    counts = Counter(outcomes)
    assert set(counts) <= {"booked", "refused"}, counts
    assert len(outcomes) == len(jobs) == 60

    meetings = Meeting.objects.filter(event=event)
    assert meetings.count() == counts["booked"]
    # Tables: at most 5 meetings per slot, each at its own table.
    per_slot = meetings.values("slot").annotate(n=Count("pk"))
    assert all(row["n"] <= 5 for row in per_slot)
    first_slot = meetings.filter(slot=slots[0]).count()
    assert first_slot == 5  # 40 visitors for 6 places at the stands, but 5 tables
    assert meetings.values("slot", "table").distinct().count() == meetings.count()
    # Capacity: no stand above 2 meetings in a slot, no visitor above 1.
    load = (
        Seat.objects.filter(slot__event=event).values("participant", "slot").annotate(n=Count("pk"))
    )
    capacity = {p.pk: p.capacity for p in [*stands, *visitors]}
    assert all(row["n"] <= capacity[row["participant"]] for row in load)
    # A pair meets once.
    assert meetings.values("first", "second").distinct().count() == meetings.count()
