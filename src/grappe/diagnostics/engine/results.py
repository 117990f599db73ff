"""What the engine returns: classes, checks, findings and next steps, each with its reasons.

Nothing here is worded for people: a `Reason` is a message code with parameters and the
evidence it rests on; `grappe.diagnostics.texts` turns codes into translated sentences.
`Diagnosis.as_data()` gives the same as plain JSON-ready data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from grappe.diagnostics.engine.facts import Evidence

Param = str | int | float


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Confidence(StrEnum):
    HIGH = "high"  # read from structured data that decides alone
    MEDIUM = "medium"  # read from text, or some facts are missing but none could change it
    LOW = "low"  # a default: the facts that would decide are missing


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Param] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Classification:
    axis: str  # "family", "P1", "P2", "P3", "P4", "territory", "ambition"
    value: str | None  # None: unknown
    confidence: Confidence | None
    reasons: list[Reason] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Check:
    rule: str
    verdict: Verdict
    reasons: list[Reason] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """A lesson of the study that applies to networks of this class."""

    id: str
    section: str
    because: Reason


@dataclass
class Recommendation:
    id: str
    section: str
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Diagnosis:
    name: str
    classes: dict[str, Classification]
    checks: list[Check]
    findings: list[Finding]
    recommendations: list[Recommendation]
    eligibility: list[Check]  # the call-for-projects rules (study IV-B1)

    def klass(self, axis: str) -> str | None:
        return self.classes[axis].value

    def check(self, rule: str) -> Check:
        return next(c for c in self.checks if c.rule == rule)

    def as_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "classes": {axis: _classification(c) for axis, c in self.classes.items()},
            "checks": [_check(c) for c in self.checks],
            "findings": [
                {"id": f.id, "section": f.section, "because": _reason(f.because)}
                for f in self.findings
            ],
            "recommendations": [
                {"id": r.id, "section": r.section, "reasons": [_reason(x) for x in r.reasons]}
                for r in self.recommendations
            ],
            "eligibility": [_check(c) for c in self.eligibility],
        }


def evidence_data(e: Evidence) -> dict[str, str]:
    return {"source": e.source, "quote": e.quote, "value": e.value}


def _reason(r: Reason) -> dict[str, Any]:
    return {
        "code": r.code,
        "params": dict(r.params),
        "evidence": [evidence_data(e) for e in r.evidence],
    }


def _classification(c: Classification) -> dict[str, Any]:
    return {
        "value": c.value,
        "confidence": c.confidence.value if c.confidence else None,
        "reasons": [_reason(r) for r in c.reasons],
        "missing": list(c.missing),
        "detail": dict(c.detail),
    }


def _check(c: Check) -> dict[str, Any]:
    return {
        "rule": c.rule,
        "verdict": c.verdict.value,
        "reasons": [_reason(r) for r in c.reasons],
        "missing": list(c.missing),
    }
