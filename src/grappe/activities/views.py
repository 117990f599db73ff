"""The code suggestions the forms' NAF/NACE boxes ask for."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grappe.activities import selectors


def activity_suggest(request: HttpRequest) -> HttpResponse:
    """<option> elements for a form's NAF/NACE code box (htmx)."""
    query = request.GET.get("q", "") or request.GET.get(request.GET.get("field", ""), "")
    items = selectors.activity_search(query=query)[:20] if query.strip() else []
    return render(request, "activities/activity_suggest.html", {"items": items})
