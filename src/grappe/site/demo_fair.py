"""The 2001 exchange fair as the demo event, already scheduled and published.

The World Congress on Local Clusters (OECD and DATAR, Paris, 23-24 January 2001) held its
exchange fair on 24 January: the catalogue's experiences each had a stand, and about 350
bilateral 30-minute appointments were arranged in advance. The stands here are the networks of
the catalogue's numbered experiences (shipped in `directory/data/seed/exchange_fair_2001.json`).
Who visited and what they asked for is not in the sources: the visitors are the associations
behind the other shipped networks, and their requests are generated with a fixed seed, so the
demo is the same at every run. Everything goes through the events services, as a user's actions
would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction

from grappe.directory.models import Network, Organisation, OrganisationKind
from grappe.events import scheduler, services
from grappe.events.models import Event, EventStatus, Priority
from grappe.experiences.models import Experience

FAIR_SLUG = "exchange-fair-2001"
ORGANISER_SLUG = "world-congress-local-clusters-2001"
APPOINTMENTS = 350  # arranged in advance, as the catalogue says
SEED = 2001
# The experiences' networks are those of the seed file; the visitors come from these files.
VISITOR_NETWORK_PREFIXES = ("aimver", "lot-et-garonne")


def fair_2001_load(*, progress: Callable[[str], None] = print) -> Event | None:
    """Create the demo fair once (idempotent: an existing event is left as it is)."""
    existing = Event.objects.filter(slug=FAIR_SLUG).first()
    if existing is not None:
        return existing
    stands = _stand_networks()
    if not stands:
        return None  # the shipped networks are not loaded: nothing to build the fair from
    rng = random.Random(SEED)
    with transaction.atomic():
        organiser = _organiser()
        event = services.event_create(
            actor=services.COMMAND_LINE,
            data={
                "name": "Bourse d'échange du Congrès mondial des SPL (OCDE/DATAR, 2001)",
                "slug": FAIR_SLUG,
                "network": organiser,
                "description": (
                    "Replay of the exchange fair of 24 January 2001 at the Cité des sciences et "
                    "de l'industrie, Paris: one stand per experience of the catalogue, 30-minute "
                    "appointments arranged in advance, last-minute bookings on each stand's "
                    "free slots. Visitors and requests are generated for the demo."
                ),
                "venue": "Cité des sciences et de l'industrie, La Villette",
                "address": "Paris",
                "start_date": dt.date(2001, 1, 24),
                "end_date": dt.date(2001, 1, 24),
                "day_start": dt.time(9, 0),
                "day_end": dt.time(18, 0),
                "meeting_minutes": 30,
                "breaks": "12:30-14:00",
                "auto_accept": True,
                "status": EventStatus.OPEN,
            },
        )
        slots = list(event.slots.order_by("start"))
        morning = [s for s in slots if s.start.hour < 13]
        afternoon = [s for s in slots if s.start.hour >= 13]
        stand_participants = []
        for number, network in enumerate(stands, start=1):
            stand_participants.append(
                services.participant_register(
                    actor=services.COMMAND_LINE,
                    event=event,
                    data={
                        "organisation": _organisation_of(network),
                        "stand": True,
                        "location": f"Stand {number}",
                        "capacity": 2 if rng.random() < 0.3 else 1,
                        "profile": f"Experience presented: {network.name}.",
                    },
                )
            )
        visitors = []
        for network in _visitor_networks():
            presence = rng.random()
            absent = afternoon if presence < 0.2 else morning if presence < 0.35 else []
            visitors.append(
                services.participant_register(
                    actor=services.COMMAND_LINE,
                    event=event,
                    data={
                        "organisation": _organisation_of(network),
                        "capacity": 1,
                        "looking_for": "Experiences to transfer to our own territory.",
                    },
                    absent_slots=absent,
                )
            )
        progress(f"  demo fair: {len(stand_participants)} stands, {len(visitors)} visitors")
        _requests(rng, stand_participants, visitors)
    run = scheduler.schedule_start(
        actor=services.COMMAND_LINE, event=event, time_limit=5.0, background=False
    )
    event.refresh_from_db()
    if event.meetings.exists():
        services.schedule_publish(actor=services.COMMAND_LINE, event=event)
    progress(
        f"  demo fair: {run.meetings} meetings scheduled (value {run.value:g}, "
        f"upper bound {run.upper_bound:g})"
    )
    return event


def _stand_networks() -> list[Network]:
    """The networks of the catalogue's numbered experiences, in catalogue order."""
    refs = (
        Experience.objects.filter(ref__regex=r"^fair2001-\d+$", network__isnull=False)
        .select_related("network")
        .order_by("ref")
    )
    return [e.network for e in refs]


def _visitor_networks() -> list[Network]:
    fair = set(
        Experience.objects.filter(ref__startswith="fair2001-").values_list("network_id", flat=True)
    )
    aimver = Experience.objects.filter(ref__startswith="aimver-").values_list(
        "network_id", flat=True
    )
    lot_et_garonne = Network.objects.filter(parents__slug="interclustering-47")
    visitors = Network.objects.filter(pk__in=aimver) | lot_et_garonne
    return list(visitors.exclude(pk__in=fair).distinct().order_by("slug"))


def _organiser() -> Network:
    network, _ = Network.objects.get_or_create(
        slug=ORGANISER_SLUG,
        defaults={
            "name": "Congrès mondial des systèmes productifs locaux (OCDE/DATAR, 2001)",
            "kind": "other",
            "objectives": (
                "The OECD and DATAR brought clusters of many countries together in Paris on "
                "23-24 January 2001; the second day held the exchange fair."
            ),
        },
    )
    return network


def _organisation_of(network: Network) -> Organisation:
    """The association behind a network, as the organisation that registers for the fair."""
    organisation, _ = Organisation.objects.get_or_create(
        slug=f"association-{network.slug}"[:100],
        defaults={
            "name": network.name,
            "kind": OrganisationKind.ASSOCIATION,
            "territory": network.perimeter.first(),
            "description": f"The association that runs the network {network.name}.",
        },
    )
    return organisation


def _requests(rng: random.Random, stands: list, visitors: list) -> None:
    """About 350 requests from visitors to stands, some stands far more wanted than others."""
    popularity = [1.0 / (rank + 1) ** 0.6 for rank in range(len(stands))]
    rng.shuffle(popularity)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < APPOINTMENTS:
        visitor = rng.choice(visitors)
        stand = rng.choices(stands, weights=popularity)[0]
        if (visitor.pk, stand.pk) in pairs:
            continue
        pairs.add((visitor.pk, stand.pk))
        services.request_create(
            actor=services.COMMAND_LINE,
            source=visitor,
            target=stand,
            data={
                "priority": rng.choices(
                    [Priority.HIGH, Priority.NORMAL, Priority.LOW], weights=[2, 5, 3]
                )[0],
                "message": "We would like to hear how the experience was set up.",
            },
        )
