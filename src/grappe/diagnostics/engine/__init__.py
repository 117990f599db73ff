"""The diagnosis engine: plain Python, no Django (importable and testable alone).

`diagnose(facts)` classifies a network by the AIMVER study's typology, checks each of its rules
of vitality, picks the findings of the study that apply and the next steps of its programme.
"""

from __future__ import annotations

from grappe.diagnostics.engine.facts import NetworkFacts
from grappe.diagnostics.engine.programme import eligibility, findings, next_steps
from grappe.diagnostics.engine.results import Diagnosis
from grappe.diagnostics.engine.typology import classify
from grappe.diagnostics.engine.vitality import run_checks

__all__ = ["Diagnosis", "NetworkFacts", "diagnose"]


def diagnose(facts: NetworkFacts) -> Diagnosis:
    classes = classify(facts)
    checks = run_checks(facts, classes)
    return Diagnosis(
        name=facts.name,
        classes=classes,
        checks=checks,
        findings=findings(classes, facts),
        recommendations=next_steps(classes, facts, checks),
        eligibility=eligibility(classes, facts),
    )
