"""A diagnosis as plain data in the reader's language: for the page, the PDF, the API and the CLI.

`present()` keeps every code beside its text, so scripts can rely on the codes while people read
the sentences. Evaluate it under `translation.override()` for another language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from grappe.diagnostics import lessons, texts, wording
from grappe.diagnostics.engine import Diagnosis
from grappe.diagnostics.engine.facts import Evidence
from grappe.diagnostics.engine.picture import dimension_scores, radar_points
from grappe.diagnostics.engine.results import Classification, Reason, evidence_data
from grappe.diagnostics.engine.vitality import RULES_BY_ID

RADAR_SIZE = 300
RADAR_RADIUS = 105


def _label(table: dict[str, Any], code: str | None) -> str:
    return "" if code is None else str(table.get(code, code))


def _param(key: str, value: Any) -> str:
    """A parameter as it should read: codes of the engine become words."""
    text = str(value)
    if key == "extent":
        return _label(texts.VALUES["P1"], text)
    if key == "initiator":
        return _label(texts.VALUES["P4"], text)
    if key == "aspect":
        return _label(texts.ASPECTS, text)
    if key == "kind":
        return _label(texts.LINKS, text)
    if key == "kinds":
        return ", ".join(_label(texts.LINKS, k.strip()) for k in text.split(",") if k.strip())
    if key == "rule":
        return str(wording.RULES[text][0]) if text in wording.RULES else text
    if key == "addressee":
        return _label(texts.ADDRESSEES, text)
    if key in ("met", "not_met", "unknown"):
        names = [_label(wording.CALL_RULES, r.strip()) for r in text.split(",") if r.strip()]
        return "; ".join(names) or "—"
    return text


def reason_text(reason: Reason) -> str:
    code = reason.code
    if code == "territory.unknown" and not any(k in MEASURE_UNITS for k in reason.params):
        code = "territory.no_figures"
    template = wording.REASONS.get(code)
    if template is None:
        return reason.code
    params: dict[str, str] = {k: _param(k, v) for k, v in reason.params.items()}
    if reason.code.startswith("territory."):
        measures = {k: v for k, v in reason.params.items() if k in MEASURE_UNITS}
        params["measures"] = (
            ", ".join(f"{v} {MEASURE_UNITS[k]}" for k, v in measures.items()) or "—"
        )
    if reason.code == "finding.applies":
        params["classes"] = ", ".join(str(v) for v in reason.params.values())
    try:
        return str(template) % params
    except (KeyError, ValueError):
        return str(template)


MEASURE_UNITS = {
    "inhabitants_per_km2": _("inhabitants per km²"),
    "firms_per_canton": _("firms per canton"),
    "firms_10_plus_per_canton": _("firms of 10+ staff per canton"),
}


def evidence(e: Evidence) -> dict[str, str]:
    data = evidence_data(e) | {"source_label": _label(texts.SOURCES, e.source)}
    if e.source == "fields":  # the names of the fields that describe ties
        data["value"] = ", ".join(_label(texts.SOURCES, v.strip()) for v in e.value.split(","))
    return data


def _reasons(reasons: list[Reason] | tuple[Reason, ...]) -> list[dict[str, Any]]:
    """Reasons with their evidence, each piece of evidence shown once per result."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in reasons:
        pieces = []
        for e in r.evidence:
            key = (e.source, e.quote, e.value)
            if key not in seen:
                seen.add(key)
                pieces.append(evidence(e))
        out.append(
            {"code": r.code, "params": dict(r.params), "text": reason_text(r), "evidence": pieces}
        )
    return out


def _missing(names: list[str]) -> list[dict[str, str]]:
    out = []
    for name in names:
        base = name.split(".", 1)[1] if name.startswith("territory.") else name
        label = _label(texts.FACTS, base)
        if name.startswith("territory."):
            label = f"{texts.AXES['territory']}: {label}"
        out.append({"code": name, "label": label})
    return out


def _classification(axis: str, c: Classification) -> dict[str, Any]:
    detail = dict(c.detail)
    candidates = [str(v) for v in detail.get("candidates", [])]
    return {
        "axis": axis,
        "label": str(texts.AXES[axis]),
        "value": c.value,
        "value_label": _label(texts.VALUES.get(axis, {}), c.value) if c.value else "",
        "mode": detail.get("mode"),
        "mode_label": _label(texts.MODES, detail.get("mode")) if detail.get("mode") else "",
        "candidates": candidates,
        "confidence": c.confidence.value if c.confidence else None,
        "confidence_label": _label(texts.CONFIDENCE, c.confidence.value) if c.confidence else "",
        "reasons": _reasons(c.reasons),
        "missing": _missing(c.missing),
        "detail": detail,
    }


def _check(rule: str, c: Any) -> dict[str, Any]:
    spec = RULES_BY_ID.get(rule)
    title, why = wording.RULES.get(rule, (wording.CALL_RULES.get(rule, rule), ""))
    return {
        "rule": rule,
        "title": str(title),
        "why": str(why),
        "section": spec.section if spec else "IV-B1",
        "dimension": spec.dimension if spec else "",
        "stunting": spec.stunting if spec else False,
        "verdict": c.verdict.value,
        "verdict_label": str(texts.VERDICTS[c.verdict.value]),
        "reasons": _reasons(c.reasons),
        "missing": _missing(c.missing),
    }


def picture(diagnosis: Diagnosis) -> dict[str, Any]:
    """The radar's corners (SVG coordinates) and each dimension's counts."""
    scores = dimension_scores(diagnosis.checks)
    centre = RADAR_SIZE / 2
    axes = radar_points([1.0] * len(scores), centre, centre, RADAR_RADIUS)
    labels = radar_points([1.22] * len(scores), centre, centre, RADAR_RADIUS)
    met = radar_points([s.score for s in scores], centre, centre, RADAR_RADIUS)
    possible = radar_points([s.possible for s in scores], centre, centre, RADAR_RADIUS)
    return {
        "size": RADAR_SIZE,
        "centre": centre,
        "rings": [round(RADAR_RADIUS * f, 1) for f in (0.25, 0.5, 0.75, 1.0)],
        "met": met,
        "possible": possible,
        "met_points": " ".join(f"{x},{y}" for x, y in met),
        "possible_points": " ".join(f"{x},{y}" for x, y in possible),
        "axes": [
            {
                "dimension": s.dimension,
                "label": str(texts.DIMENSIONS[s.dimension]),
                "x": axes[i][0],
                "y": axes[i][1],
                "label_x": labels[i][0],
                "label_y": labels[i][1],
                "met": s.met,
                "not_met": s.not_met,
                "unknown": s.unknown,
                "total": s.total,
                "score": round(s.score, 2),
                "possible": round(s.possible, 2),
            }
            for i, s in enumerate(scores)
        ],
    }


def present(diagnosis: Diagnosis) -> dict[str, Any]:
    checks = [_check(c.rule, c) for c in diagnosis.checks]
    return {
        "name": diagnosis.name,
        "classes": [_classification(a, c) for a, c in diagnosis.classes.items()],
        "checks": [c for c in checks if not c["stunting"]],
        "stunting": [c for c in checks if c["stunting"]],
        "findings": [
            {
                "id": f.id,
                "section": f.section,
                "title": str(lessons.FINDINGS[f.id][0]),
                "text": str(lessons.FINDINGS[f.id][1]),
                "because": reason_text(f.because),
            }
            for f in diagnosis.findings
        ],
        "recommendations": [
            {
                "id": r.id,
                "section": r.section,
                "title": str(lessons.STEPS[r.id][0]),
                "text": str(lessons.STEPS[r.id][1]),
                "reasons": _reasons(r.reasons),
            }
            for r in diagnosis.recommendations
        ],
        "eligibility": [_check(c.rule, c) for c in diagnosis.eligibility],
        "picture": picture(diagnosis),
        "counts": {
            v: sum(1 for c in diagnosis.checks if c.verdict.value == v)
            for v in ("met", "not_met", "unknown")
        },
    }
