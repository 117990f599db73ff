"""Reads on the NAF/NACE nomenclature."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from grappe.activities.models import Activity


def activity_codes_under(code: str) -> list[str]:
    """The code and every code below it in the NAF/NACE tree (e.g. "C" → all manufacturing)."""
    rows = list(Activity.objects.values_list("code", "parent_id"))
    children: dict[str | None, list[str]] = {}
    for child, parent in rows:
        children.setdefault(parent, []).append(child)
    found, stack = [], [code]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def activity_search(*, query: str) -> QuerySet[Activity]:
    """NAF/NACE codes whose code starts with, or whose label contains, the query."""
    query = query.strip()
    return Activity.objects.filter(
        Q(code__istartswith=query) | Q(label_fr__icontains=query) | Q(label_en__icontains=query)
    ).order_by("code")
