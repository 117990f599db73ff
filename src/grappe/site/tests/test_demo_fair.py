"""The demo event: the 2001 exchange fair built from the shipped data, scheduled, published."""

from pathlib import Path

import pytest

import grappe.directory
from grappe.datafiles.importer import import_files
from grappe.events.models import Event, Meeting, MeetingRequest
from grappe.experiences.catalogue import catalogue_load
from grappe.site.demo_fair import FAIR_SLUG, fair_2001_load
from grappe.testing.reference import load_reference_subset

SEED_DIR = Path(grappe.directory.__file__).resolve().parent / "data" / "seed"


@pytest.mark.django_db
def test_the_2001_fair_is_built_scheduled_and_published_once():
    load_reference_subset()
    import_files(
        [
            SEED_DIR / name
            for name in (
                "territories.json",
                "aimver.json",
                "lot_et_garonne.json",
                "exchange_fair_2001.json",
            )
        ]
    )
    catalogue_load(progress=lambda line: None)

    event = fair_2001_load(progress=lambda line: None)

    assert event.slug == FAIR_SLUG and event.status == "published"
    assert event.participants.filter(stand=True).count() == 29  # the numbered experiences
    assert MeetingRequest.objects.filter(event=event).count() == 350
    meetings = Meeting.objects.filter(event=event)
    assert 300 <= meetings.count() <= 350
    assert not meetings.filter(published=False).exists()
    run = event.runs.get()
    assert run.value <= run.upper_bound and run.gap < 0.01
    # Nobody is in two meetings at once beyond capacity: the seats say so.
    for participant in event.participants.all():
        per_slot = {}
        for m in meetings.filter(first=participant) | meetings.filter(second=participant):
            per_slot[m.slot_id] = per_slot.get(m.slot_id, 0) + 1
        assert max(per_slot.values(), default=0) <= participant.capacity

    assert fair_2001_load(progress=lambda line: None).pk == event.pk  # idempotent
    assert Event.objects.filter(slug=FAIR_SLUG).count() == 1
