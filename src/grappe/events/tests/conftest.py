"""An open one-morning fair organised by `network` (managed by `manager`): two stands and
three visitors, each with an account acting for it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from grappe.events.models import Event, Participant
from grappe.testing.factories import (
    EventFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    UserFactory,
)


@dataclass
class Fair:
    event: Event
    stand: Participant
    stand2: Participant
    visitors: list[Participant]
    users: dict[str, object]  # participant key -> user acting for it


def _registered(event, name, slug, **kwargs):
    organisation = OrganisationFactory(name=name, slug=slug)
    user = UserFactory(username=f"u-{slug}")
    organisation.editors.add(user)
    person = PersonFactory(organisation=organisation, first_name="Anne", last_name=name[:10])
    participant = ParticipantFactory(event=event, organisation=organisation, **kwargs)
    participant.representatives.add(person)
    return participant, user


@pytest.fixture
def fair(network, manager):
    event = EventFactory(name="Bourse 2001", slug="bourse-2001", network=network, tables=4)
    stand, u_stand = _registered(
        event, "Sotra Équipements", "sotra", stand=True, capacity=2, location="Stand 1"
    )
    stand2, u_stand2 = _registered(event, "Promobois", "promobois", stand=True, location="Stand 2")
    visitors, users = [], {"stand": u_stand, "stand2": u_stand2}
    for i, name in enumerate(["Fonderie Martin", "Lycée Palissy", "Scierie Dubois"]):
        participant, user = _registered(event, name, f"visitor-{i}")
        visitors.append(participant)
        users[f"v{i}"] = user
    return Fair(event, stand, stand2, visitors, users)
