"""The scheduling service: the event as an engine instance, runs, storage, re-optimisation."""

import json
import time
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grappe.events import scheduler, selectors, services
from grappe.events.models import (
    EventStatus,
    Meeting,
    MeetingRequest,
    RunStatus,
    ScheduleRun,
    Seat,
)
from grappe.events.services import COMMAND_LINE
from grappe.events.tests import fake_engine
from grappe.scheduling.model import check_meetings_rules, parse_instance

pytestmark = pytest.mark.django_db


def real_engine():
    return scheduler.engine_module()


@pytest.fixture(params=["real", "fake"])
def engine(request):
    return real_engine() if request.param == "real" else fake_engine


def ask(fair, source, target, priority=2, accept=True):
    request = MeetingRequest.objects.create(
        event=fair.event,
        source=source,
        target=target,
        priority=priority,
        status="accepted" if accept else "pending",
    )
    return request


def every_visitor_asks_both_stands(fair):
    for v in fair.visitors:
        ask(fair, v, fair.stand, priority=3)
        ask(fair, v, fair.stand2)
    ask(fair, fair.visitors[0], fair.visitors[1], accept=False)  # pending: not scheduled


def assert_feasible(event):
    meetings = list(event.meetings.select_related("first", "second", "slot"))
    assert len({(m.first_id, m.second_id) for m in meetings}) == len(meetings)
    load = Counter()
    for m in meetings:
        load[(m.first_id, m.slot_id)] += 1
        load[(m.second_id, m.slot_id)] += 1
        assert not m.first.absent_slots.filter(pk=m.slot_id).exists()
        assert not m.second.absent_slots.filter(pk=m.slot_id).exists()
    capacity = dict(event.participants.values_list("pk", "capacity"))
    assert all(n <= capacity[p] for (p, _), n in load.items())
    if event.tables is not None:
        per_slot = Counter(m.slot_id for m in meetings)
        assert max(per_slot.values(), default=0) <= event.tables
        assert all(1 <= m.table <= event.tables for m in meetings)
    assert Seat.objects.filter(meeting__event=event).count() == 2 * len(meetings)


def test_instance_from_the_database(fair):
    every_visitor_asks_both_stands(fair)
    slots = list(fair.event.slots.order_by("start"))
    fair.visitors[2].absent_slots.add(slots[0], slots[1])
    data = scheduler.build_instance(fair.event)
    inst = data.instance
    assert [s.id for s in inst.slots] == [f"s{s.pk}" for s in slots]
    assert inst.tables == 4
    assert len(inst.requests) == 6  # the pending request is not scheduled
    by_id = {p.id: p for p in inst.participants}
    assert by_id[f"p{fair.stand.pk}"].capacity == 2
    assert by_id[f"p{fair.stand.pk}"].available is None
    assert by_id[f"p{fair.visitors[2].pk}"].available == frozenset(f"s{s.pk}" for s in slots[2:])
    weights = {r.weight for r in inst.requests if r.target == f"p{fair.stand.pk}"}
    assert weights == {3}
    # The JSON export is a valid instance for `grappe schedule`.
    exported = scheduler.export_instance(actor=COMMAND_LINE, event=fair.event)
    assert len(parse_instance(json.loads(json.dumps(exported))).requests) == 6


def test_only_the_organiser_schedules_and_exports(fair, outsider, member_user):
    for user in (fair.users["stand"], fair.users["v0"], outsider, member_user):
        with pytest.raises(PermissionDenied):
            scheduler.schedule_start(actor=user, event=fair.event, background=False)
        with pytest.raises(PermissionDenied):
            scheduler.export_instance(actor=user, event=fair.event)
    assert not ScheduleRun.objects.exists()


def test_time_limit_out_of_range_is_refused(fair, manager):
    for bad in (0, -1, 10_000, "soon"):
        with pytest.raises(ValidationError):
            scheduler.schedule_start(
                actor=manager, event=fair.event, time_limit=bad, background=False
            )


def test_schedule_a_small_fair_then_publish(fair, manager, engine):
    every_visitor_asks_both_stands(fair)
    run = scheduler.schedule_start(
        actor=manager, event=fair.event, time_limit=2, background=False, engine=engine
    )
    assert run.status == RunStatus.DONE, run.error
    event = fair.event
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED
    assert_feasible(event)
    # 3 slots-worth of work for 6 slots: every accepted pair fits.
    assert run.meetings == 6 == event.meetings.count()
    assert run.value == 3 * 3 + 3 * 2
    assert run.upper_bound >= run.value and run.gap == pytest.approx(0.0)
    assert run.stats["quality"]["without_meeting"] == 0
    assert not event.meetings.filter(published=True).exists()
    # Participants do not see the schedule under review; the organiser does.
    mine = selectors.timetable(user=fair.users["v0"], participant=fair.visitors[0])
    assert mine.meetings == 0
    assert selectors.timetable(user=manager, participant=fair.visitors[0]).meetings == 2

    assert services.schedule_publish(actor=manager, event=event) == 6
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.meetings.filter(published=True, locked=True).count() == 6
    assert selectors.timetable(user=fair.users["v0"], participant=fair.visitors[0]).meetings == 2


def test_reoptimise_keeps_published_meetings(fair, manager, engine):
    every_visitor_asks_both_stands(fair)
    scheduler.schedule_start(
        actor=manager, event=fair.event, time_limit=2, background=False, engine=engine
    )
    services.schedule_publish(actor=manager, event=fair.event)
    before = set(fair.event.meetings.values_list("pk", "slot_id", "table"))
    # A late request between two visitors.
    ask(fair, fair.visitors[1], fair.visitors[2], priority=1)
    run = scheduler.schedule_start(
        actor=manager, event=fair.event, time_limit=2, background=False, engine=engine
    )
    assert run.status == RunStatus.DONE, run.error
    assert run.reoptimise
    after = set(fair.event.meetings.values_list("pk", "slot_id", "table"))
    assert before <= after  # published meetings did not move
    assert fair.event.meetings.count() == 7
    assert fair.event.meetings.filter(published=False).count() == 1
    assert_feasible(fair.event)
    fair.event.refresh_from_db()
    assert fair.event.status == EventStatus.PUBLISHED


def test_tables_bind_the_schedule(fair, manager, engine):
    services.event_update(actor=manager, event=fair.event, data={"tables": 1})
    every_visitor_asks_both_stands(fair)
    run = scheduler.schedule_start(
        actor=manager, event=fair.event, time_limit=2, background=False, engine=engine
    )
    assert run.status == RunStatus.DONE, run.error
    assert run.meetings == 6  # 6 slots, one table: still room for all
    assert_feasible(fair.event)


def test_nothing_to_schedule_is_a_clean_empty_run(fair, manager):
    run = scheduler.schedule_start(actor=manager, event=fair.event, background=False)
    assert (run.status, run.meetings, run.value) == ("done", 0, 0)


def test_one_run_at_a_time_and_stale_runs_expire(fair, manager):
    active = ScheduleRun.objects.create(event=fair.event, status="running", time_limit=10)
    with pytest.raises(ValidationError):
        scheduler.schedule_start(actor=manager, event=fair.event, background=False)
    ScheduleRun.objects.filter(pk=active.pk).update(
        updated_at=timezone.now() - timezone.timedelta(hours=1)
    )
    run = scheduler.schedule_start(
        actor=manager, event=fair.event, background=False, engine=fake_engine
    )
    assert run.status == "done"
    active.refresh_from_db()
    assert active.status == "failed" and active.error


def test_engine_failure_ends_in_the_run(fair, manager):
    every_visitor_asks_both_stands(fair)

    class Broken:
        @staticmethod
        def solve(instance, **kwargs):
            raise RuntimeError("solver exploded")

    run = scheduler.schedule_start(actor=manager, event=fair.event, background=False, engine=Broken)
    assert run.status == "failed" and "solver exploded" in run.error
    assert not Meeting.objects.exists()


def test_storage_drops_what_no_longer_fits(fair, manager):
    """A meeting the engine placed where a booking landed meanwhile is dropped, not forced."""
    every_visitor_asks_both_stands(fair)
    stand2 = fair.stand2
    slots = list(fair.event.slots.order_by("start"))

    class Crowded:
        @staticmethod
        def solve(instance, **kwargs):
            from grappe.scheduling.model import Meeting as M
            from grappe.scheduling.model import Schedule

            # Every visitor at stand 2 in the first slot: stand 2 holds one at a time.
            ids = [r.id for r in instance.requests if r.target == f"p{stand2.pk}"]
            return Schedule(tuple(M(i, f"s{slots[0].pk}") for i in ids), 6.0, 6.0)

    run = scheduler.schedule_start(
        actor=manager, event=fair.event, background=False, engine=Crowded
    )
    assert run.status == "done"
    assert run.meetings == 1 and run.stats["dropped"] == 2
    assert_feasible(fair.event)


@pytest.mark.django_db(transaction=True)
def test_background_run_reports_progress_until_done(fair, manager):
    every_visitor_asks_both_stands(fair)
    run = scheduler.schedule_start(
        actor=manager, event=fair.event, time_limit=1, engine=fake_engine
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.active:
            break
        time.sleep(0.1)
    assert run.status == "done", run.error
    assert run.progress == 1.0 and run.meetings == 6
    assert_feasible(fair.event)


def test_engine_output_checks_against_the_instance(fair, manager, engine):
    """What is stored passes the engine's own rule check."""
    every_visitor_asks_both_stands(fair)
    fair.visitors[1].absent_slots.add(*fair.event.slots.order_by("start")[:3])
    scheduler.schedule_start(
        actor=manager, event=fair.event, time_limit=2, background=False, engine=engine
    )
    data = scheduler.build_instance(fair.event)
    from grappe.scheduling.model import Meeting as M

    stored = [M(f"r{m.request_id}", f"s{m.slot_id}", m.table) for m in fair.event.meetings.all()]
    assert check_meetings_rules(data.instance, stored) == []
