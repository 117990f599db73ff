"""Territory pages and the key suggestions used by forms (a territory's sheet, which lists the
networks in it, is served by grappe.directory.views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grappe.core.editing import delete_page, form_page
from grappe.core.listing import list_page
from grappe.territories import rules, selectors, services
from grappe.territories.forms import TerritoryForm
from grappe.territories.models import Territory, TerritoryLevel


def territory_list(request: HttpRequest) -> HttpResponse:
    parent_key = request.GET.get("parent", "").strip()
    parent = Territory.objects.filter(key=parent_key).first() if parent_key else None
    territories = selectors.territory_list(
        query=request.GET.get("q", ""), level=request.GET.get("level", ""), parent=parent
    )
    return list_page(
        request,
        territories,
        "territories/territory_list.html",
        {"levels": TerritoryLevel.choices, "parent": parent},
    )


def territory_suggest(request: HttpRequest) -> HttpResponse:
    """<option> elements for a form's territory key box (htmx)."""
    query = request.GET.get("q", "") or request.GET.get(request.GET.get("field", ""), "")
    items = selectors.territory_list(query=query)[:20] if len(query.strip()) >= 2 else []
    return render(request, "territories/suggest.html", {"items": items})


@login_required
def territory_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        form_class=TerritoryForm,
        instance=None,
        allowed=rules.can_manage_territories(request.user),
        save=lambda data: services.territory_create(actor=request.user, data=data),
        success_url=lambda t: reverse("territory-detail", args=[t.key]),
        title=_("New territory"),
        cancel_url=reverse("territory-list"),
    )


@login_required
def territory_edit(request: HttpRequest, key: str) -> HttpResponse:
    territory = get_object_or_404(Territory, key=key)
    return form_page(
        request,
        form_class=TerritoryForm,
        instance=territory,
        allowed=rules.can_manage_territories(request.user),
        save=lambda data: services.territory_update(
            actor=request.user, territory=territory, data=data
        ),
        success_url=lambda t: reverse("territory-detail", args=[t.key]),
        title=_("Edit %(name)s") % {"name": territory.name},
        cancel_url=reverse("territory-detail", args=[territory.key]),
    )


@login_required
def territory_delete(request: HttpRequest, key: str) -> HttpResponse:
    territory = get_object_or_404(Territory, key=key)
    return delete_page(
        request,
        instance=territory,
        allowed=rules.can_manage_territories(request.user),
        delete=lambda: services.territory_delete(actor=request.user, territory=territory),
        success_url=reverse("territory-list"),
        cancel_url=reverse("territory-detail", args=[territory.key]),
    )
