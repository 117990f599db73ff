"""Where a network stands, as numbers a picture can draw: one score per dimension of the rules.

A dimension's score is the share of its rules that are met; `possible` adds the rules still
unknown, so a picture can show both what is established and what is not yet known.
`radar_points` gives the polygon corners for an SVG page or a PDF drawing alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from grappe.diagnostics.engine.results import Check, Verdict
from grappe.diagnostics.engine.vitality import DIMENSIONS, RULES_BY_ID


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    met: int
    not_met: int
    unknown: int

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.unknown

    @property
    def score(self) -> float:
        return self.met / self.total if self.total else 0.0

    @property
    def possible(self) -> float:
        return (self.met + self.unknown) / self.total if self.total else 0.0


def dimension_scores(checks: list[Check]) -> list[DimensionScore]:
    counts = {d: {v: 0 for v in Verdict} for d in DIMENSIONS}
    for check in checks:
        counts[RULES_BY_ID[check.rule].dimension][check.verdict] += 1
    return [
        DimensionScore(d, c[Verdict.MET], c[Verdict.NOT_MET], c[Verdict.UNKNOWN])
        for d, c in counts.items()
    ]


def radar_points(
    values: list[float], cx: float, cy: float, radius: float, *, y_up: bool = False
) -> list[tuple[float, float]]:
    """Corners of a radar polygon, the first axis pointing up, clockwise (y down unless y_up)."""
    n = len(values)
    points = []
    for i, value in enumerate(values):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        x = cx + radius * value * math.cos(angle)
        dy = radius * value * math.sin(angle)
        points.append((round(x, 2), round(cy - dy if y_up else cy + dy, 2)))
    return points
