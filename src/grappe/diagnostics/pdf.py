"""The diagnosis as a PDF (reportlab): classes, a radar of the rules, the checklist, next steps.

It draws from `presentation.present()`, so the PDF says what the page says, in the language
active when it is built.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, BOLD = "Vera", "VeraBd"  # shipped with reportlab; covers French accents
VERDICT_COLOURS = {
    "met": colors.HexColor("#2a6f4f"),
    "not_met": colors.HexColor("#a33333"),
    "unknown": colors.HexColor("#9aa1ad"),
}
ACCENT = colors.HexColor("#2a6f4f")


def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9, leading=12)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=BOLD, fontSize=16),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=BOLD, fontSize=12),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "bold": ParagraphStyle("bold", parent=body, fontName=BOLD),
    }


def radar(picture: dict[str, Any], size: float = 70 * mm) -> Drawing:
    """The radar of the page as a reportlab drawing (y axis pointing up)."""
    scale = size / picture["size"]
    pad = 18 * mm  # room for the axis labels
    drawing = Drawing(size + 2 * pad, size + pad)

    def point(x: float, y: float) -> tuple[float, float]:
        return pad + x * scale, size + pad / 2 - y * scale

    cx, cy = point(picture["centre"], picture["centre"])
    for ring in picture["rings"]:
        drawing.add(Circle(cx, cy, ring * scale, strokeColor=colors.lightgrey, fillColor=None))
    for axis in picture["axes"]:
        x, y = point(axis["x"], axis["y"])
        drawing.add(Line(cx, cy, x, y, strokeColor=colors.lightgrey))
        lx, ly = point(axis["label_x"], axis["label_y"])
        label = f"{axis['label']} {axis['met']}/{axis['total']}"
        drawing.add(String(lx, ly, label, fontName=FONT, fontSize=6.5, textAnchor="middle"))
    for name, fill, stroke in (
        ("possible", None, colors.HexColor("#9aa1ad")),
        ("met", colors.Color(0.16, 0.44, 0.31, alpha=0.35), ACCENT),
    ):
        flat = [c for x, y in picture[name] for c in point(x, y)]
        drawing.add(Polygon(flat, fillColor=fill, strokeColor=stroke, strokeWidth=1))
    return drawing


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _checks_table(checks: list[dict[str, Any]], s: dict[str, ParagraphStyle]) -> Table:
    rows = [[_p(_("Rule"), s["bold"]), _p(_("Verdict"), s["bold"]), _p(_("Evidence"), s["bold"])]]
    styles: list[tuple[Any, ...]] = []
    for i, check in enumerate(checks, start=1):
        evidence = "; ".join(
            [r["text"] for r in check["reasons"]]
            + [
                f"«{e['quote']}»" if e["quote"] else e["value"]
                for r in check["reasons"]
                for e in r["evidence"][:1]
            ]
        )
        if not evidence and check["missing"]:
            evidence = _("Missing: %(facts)s") % {
                "facts": ", ".join(m["label"] for m in check["missing"])
            }
        rows.append(
            [
                _p(f"{check['title']} ({check['section']})", s["small"]),
                _p(check["verdict_label"], s["small"]),
                _p(evidence, s["small"]),
            ]
        )
        styles.append(("TEXTCOLOR", (1, i), (1, i), VERDICT_COLOURS[check["verdict"]]))
    table = Table(rows, colWidths=[62 * mm, 20 * mm, 98 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                *styles,
            ]
        )
    )
    return table


def diagnosis_pdf(presented: dict[str, Any], *, title: str) -> bytes:
    _fonts()
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
    )
    story: list[Any] = [_p(title, s["title"])]
    story.append(_p(_("Diagnosis by the rules of the AIMVER study (DATAR, 1998)"), s["small"]))
    story.append(_p(timezone.localdate().isoformat(), s["small"]))
    rows = []
    for c in presented["classes"]:
        value = c["value_label"] or _("unknown")
        if c["candidates"] and not c["value"]:
            value += " (" + ", ".join(c["candidates"]) + ")"
        why = "; ".join(r["text"] for r in c["reasons"])
        if c["missing"]:
            why += " " + _("Missing: %(facts)s") % {
                "facts": ", ".join(m["label"] for m in c["missing"])
            }
        rows.append([_p(c["label"], s["bold"]), _p(value, s["body"]), _p(why, s["small"])])
    table = Table(rows, colWidths=[45 * mm, 55 * mm, 80 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    story += [Spacer(1, 4 * mm), table, Spacer(1, 4 * mm)]
    story += [_p(_("Where it stands"), s["h2"]), radar(presented["picture"])]
    story.append(
        _p(
            _("Filled: rules met. Outline: rules met or still unknown."),
            s["small"],
        )
    )
    story += [_p(_("Rules of vitality"), s["h2"]), _checks_table(presented["checks"], s)]
    story += [_p(_("Factors of stunting"), s["h2"]), _checks_table(presented["stunting"], s)]
    story.append(_p(_("Next steps"), s["h2"]))
    for step in presented["recommendations"]:
        reasons = " ".join(r["text"] for r in step["reasons"])
        story.append(_p(f"{step['title']} ({step['section']})", s["bold"]))
        story.append(_p(step["text"], s["body"]))
        story.append(_p(_("Why: %(reasons)s") % {"reasons": reasons}, s["small"]))
    if presented["findings"]:
        story.append(_p(_("What the study found for networks like this one"), s["h2"]))
        for finding in presented["findings"]:
            story.append(_p(f"{finding['title']} ({finding['section']})", s["bold"]))
            story.append(_p(finding["text"], s["body"]))
    doc.build(story)
    return buffer.getvalue()
