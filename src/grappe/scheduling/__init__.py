"""Meeting scheduling engine for exchange fairs and B2B meetings (plain Python, no Django).

Public API::

    instance = parse_instance(json.load(f))          # InstanceError names every bad record
    schedule = solve(instance, time_limit=10.0)      # meetings, value, upper_bound, gap, stats
    schedule = reoptimise(instance, previous, frozen={"r1", ...})
    schedule = compact(instance, schedule, frozen={"r1", ...})   # only the compactness phase
    value, violations = check_schedule(instance, schedule.to_json())
    bound = upper_bound(instance)

See docs/scheduling.md for the JSON formats, the method and the figures.
"""

from grappe.scheduling.baselines import cpsat_one_shot, first_come_first_served
from grappe.scheduling.figures import breaks, idle_slots
from grappe.scheduling.model import (
    Instance,
    InstanceError,
    MandatoryError,
    Meeting,
    Participant,
    Request,
    Schedule,
    Slot,
    instance_to_json,
    parse_instance,
)
from grappe.scheduling.solver import (
    check_schedule,
    compact,
    reoptimise,
    schedule_stats,
    solve,
    upper_bound,
)

__all__ = [
    "Instance",
    "InstanceError",
    "MandatoryError",
    "Meeting",
    "Participant",
    "Request",
    "Schedule",
    "Slot",
    "breaks",
    "check_schedule",
    "compact",
    "cpsat_one_shot",
    "first_come_first_served",
    "idle_slots",
    "instance_to_json",
    "parse_instance",
    "reoptimise",
    "schedule_stats",
    "solve",
    "upper_bound",
]
