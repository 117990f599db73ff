"""List pages with pagination and htmx-refreshed results, and detail lookups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 25


def list_page(
    request: HttpRequest, queryset: QuerySet[Any], template: str, context: dict[str, Any]
) -> HttpResponse:
    """A paginated list page; with htmx only its results part is rendered."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context |= {"page": page, "filters": request.GET, "querystring": query.urlencode()}
    # htmx asks only for the results when a filter changes.
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        template = template.replace(".html", "_results.html")
    return render(request, template, context)


def object_or_404(selector: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a detail selector; a missing or hidden object is a 404."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None
