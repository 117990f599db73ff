"""The words of the diagnosis: every code the engine returns, as translatable text.

The engine speaks in codes (`family.public_links`, `motor_individual`, `t2_multi`…); this module
is the one place they are worded. The study's findings and programme are summarised in our own
words, with the section of the study each comes from.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AXES = {
    "family": _("Class of network"),
    "P1": _("P1 — extent of the perimeter"),
    "P2": _("P2 — density of the firm fabric"),
    "P3": _("P3 — weight of a dominant branch"),
    "P4": _("P4 — origin and ties with development bodies"),
    "territory": _("Territory class"),
    "ambition": _("Ambition level"),
}

VALUES = {
    "family": {
        "B1": _("B1 — firms of one professional branch"),
        "B2": _("B2 — several branches, independent of any public body"),
        "B3": _("B3 — several branches, connected to a public body"),
    },
    "P1": {
        "small": _("small: a town, a canton, up to five cantons"),
        "intermediate": _("intermediate: six cantons or more"),
        "large": _("large: a département, a region or more"),
    },
    "P2": {
        "high": pgettext_lazy("density", "high"),
        "medium": pgettext_lazy("density", "medium"),
        "low": pgettext_lazy("density", "low"),
    },
    "P3": {
        "single": _("a single branch"),
        "dominant": _("one branch dominates"),
        "none": _("no dominant branch"),
    },
    "P4": {
        "entrepreneur": _("heads of firms"),
        "elected_official": _("an elected official"),
        "public_body": _("a local authority or public body"),
        "chamber": _("a chamber of commerce"),
        "development_agency": _("a development agency or expansion committee"),
        "professional_body": _("a professional body"),
        "other": _("someone else (see the evidence)"),
    },
    "territory": {
        "T1": _("T1 — dense population and industry"),
        "T2": _("T2 — medium density, diffuse industry"),
        "T3": _("T3 — low density of population and industry"),
        "between": _("between classes"),
    },
    "ambition": {
        "N1": _("N1 — conviviality and information exchange"),
        "N2": _("N2 — defence of common interests"),
        "N3": _("N3 — professional development"),
    },
}
MODES = {
    "autonomous": _("the heads of firms remain an autonomous group"),
    "incorporated": _("the firms are part of a wider body steered by the public side"),
}
CONFIDENCE = {
    "high": _("sure: from structured data"),
    "medium": _("probable: read from the text, or some figures missing"),
    "low": _("uncertain: a default, the deciding facts are missing"),
}
VERDICTS = {"met": _("met"), "not_met": _("not met"), "unknown": _("unknown")}
DIMENSIONS = {
    "leadership": _("Leadership"),
    "membership": _("Membership"),
    "means": _("Means"),
    "relations": _("Relations"),
    "activity": _("Activity"),
}
LINKS = {
    "initiated": _("started by"),
    "hosted": _("secretariat or logistics provided by"),
    "steered": _("steered by"),
    "supported": _("supported by"),
    "funded": _("mostly funded by"),
    "public_status": _("itself a public body"),
}
ASPECTS = {
    "conviviality": _("conviviality"),
    "information": _("information exchange"),
    "physical_environment": _("physical environment (transport, water, waste…)"),
    "human_environment": _("human environment (training, jobs, young people…)"),
    "administrative_environment": _("administrative environment (regulations, authorities…)"),
    "image": _("image and promotion of the area"),
    "management_progress": _("shared management progress (quality, certification…)"),
    "business_cooperation": _("business cooperation (joint bids, brand, subsidiaries…)"),
}
ADDRESSEES = {
    "a": _("an existing grouping of firms"),
    "b": _("firms not yet organised that form a collective for the project"),
    "c": _("a public body cooperating with local firms, the firms being the majority"),
}

# What a missing fact is called.
FACTS = {
    "branches": _("branches"),
    "origin": _("origin and initiator"),
    "relations_with_institutions": _("relations with institutions"),
    "financing": _("financing"),
    "perimeter": _("perimeter"),
    "population": _("population"),
    "area_km2": _("area"),
    "cantons": _("number of cantons"),
    "firms": _("establishment counts of the area"),
    "firms_10_plus": _("counts of the area's establishments of 10+ staff"),
    "area_firms": _("establishment counts of the area"),
    "area_firms_10_plus": _("counts of the area's establishments of 10+ staff"),
    "member_firms_10_plus": _("member firms of 10+ staff"),
    "dominant_branch_share": _("share of the main branch"),
    "objectives": _("objectives"),
    "achievements": _("achievements"),
    "governance": _("steering and governance"),
    "composition": _("composition"),
    "member_sizes": _("sizes of the member firms"),
    "member_firms": _("number of member firms"),
    "evaluation": _("evaluation"),
    "political_distance": _("attitude towards party politics"),
    "budget": _("budget"),
    "dues": _("dues"),
    "staff": _("permanent staff"),
    "project": _("the project itself"),
}
# Where a piece of evidence comes from.
SOURCES = {
    "origin": _("origin"),
    "founding_stages": _("founding and stages"),
    "perimeter_description": _("perimeter as described"),
    "branches_description": _("branches as described"),
    "composition": _("composition"),
    "governance": _("steering and governance"),
    "staff_description": _("permanent staff"),
    "budget_description": _("budget"),
    "dues_description": _("dues"),
    "relations_with_institutions": _("relations with institutions"),
    "objectives": _("objectives"),
    "achievements": _("achievements"),
    "evaluation": _("evaluation"),
    "outlook": _("outlook"),
    "needs": _("needs"),
    "territory": _("description of the territory"),
    "perimeter": _("perimeter (territories)"),
    "branch_scope": _("branches (single or several)"),
    "branches": _("branches (NACE/NAF codes)"),
    "reported.members": _("member firms as reported"),
    "reported.employees": _("employees as reported"),
    "memberships": _("memberships"),
    "membership notes": _("notes of the memberships"),
    "financing": _("financing"),
    "budget": _("budget"),
    "dues": _("dues"),
    "staff_fte": _("permanent staff (full-time equivalent)"),
    "founded_year": _("founding year"),
    "legal_status": _("legal status"),
    "fields": _("fields describing ties"),
    "public_links": _("ties with public bodies"),
    "questionnaire": _("answer to the questionnaire"),
}
