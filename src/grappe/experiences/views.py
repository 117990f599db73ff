"""Pages of the knowledge base: catalogue with search and facets, sheets, similar situations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grappe.core.editing import delete_page, form_page
from grappe.core.listing import object_or_404
from grappe.directory.models import Network
from grappe.experiences import rules, selectors, services, similar
from grappe.experiences.forms import ExperienceForm, SituationForm
from grappe.experiences.models import TEXT_FIELDS
from grappe.territories.models import Territory

PAGE_SIZE = 20
SIMILAR_ON_SHEET = 5
MULTI_VALUED = {"theme"}


@dataclass(frozen=True)
class PageInfo:
    """What the pagination links need (the search returns one window, not a queryset)."""

    number: int
    num_pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def search_filters(params: QueryDict) -> selectors.SearchFilters:
    network = params.get("network", "").strip()
    territory = params.get("territory", "").strip()
    return selectors.SearchFilters(
        query=params.get("q", ""),
        themes=tuple(t for t in params.getlist("theme") if t),
        country=params.get("country", "").strip().upper(),
        density_class=params.get("density_class", "").strip(),
        network_kind=params.get("network_kind", "").strip(),
        branch=params.get("branch", "").strip(),
        period=_int(params.get("period")),
        network=Network.objects.filter(slug=network).first() if network else None,
        territory=Territory.objects.filter(key=territory).first() if territory else None,
    )


def _toggle(params: QueryDict, name: str, value: str) -> str:
    """The query string with `value` of facet `name` switched on or off (back to page 1)."""
    query = params.copy()
    query.pop("page", None)
    if name in MULTI_VALUED:
        values = [v for v in query.getlist(name) if v]
        query.setlist(
            name, [v for v in values if v != value] if value in values else [*values, value]
        )
    elif query.get(name) == value:
        query.pop(name)
    else:
        query[name] = value
    return query.urlencode()


def experience_list(request: HttpRequest) -> HttpResponse:
    filters = search_filters(request.GET)
    number = max(1, _int(request.GET.get("page"), 1) or 1)
    result = selectors.search(
        user=request.user, filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    pages = max(1, -(-result.total // PAGE_SIZE))
    if number > pages:
        number = pages
        result = selectors.search(
            user=request.user, filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
    facets = [
        {
            "name": facet.name,
            "label": facet.label,
            "options": [
                {"option": o, "href": "?" + _toggle(request.GET, facet.name, o.value)}
                for o in facet.options
            ],
        }
        for facet in result.facets
        if facet.options
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "result": result,
        "page": PageInfo(number, pages, result.total),
        "facets": facets,
        "filters": request.GET,
        "querystring": query.urlencode(),
        "can_create": rules.can_create_some_experience(request.user),
    }
    template = "experiences/experience_list.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        template = "experiences/experience_list_results.html"
    return render(request, template, context)


def experience_detail(request: HttpRequest, ref: str) -> HttpResponse:
    experience = object_or_404(selectors.experience_detail, user=request.user, ref=ref)
    language = experience.text_language(request.GET.get("text") or None)
    sections = [
        (name, getattr(experience, f"{name}_{language}"))
        for name in TEXT_FIELDS
        if getattr(experience, f"{name}_{language}")
    ]
    return render(
        request,
        "experiences/experience_detail.html",
        {
            "experience": experience,
            "language": language,
            "title": experience.localized("title", language),
            "other_languages": [lang for lang in experience.held_languages() if lang != language],
            "sections": sections,
            "similar": similar.similar_to(
                user=request.user, experience=experience, limit=SIMILAR_ON_SHEET
            ),
            "can_edit": rules.can_edit_experience(request.user, experience),
            "can_delete": rules.can_delete_experience(request.user, experience),
        },
    )


def experience_similar(request: HttpRequest) -> HttpResponse:
    form = SituationForm(request.GET or None)
    items = None
    if request.GET and form.is_valid() and not form.is_empty():
        situation = similar.situation_from(**form.situation_data())
        items = similar.similar_experiences(user=request.user, situation=situation)
    return render(request, "experiences/similar.html", {"form": form, "items": items})


def _save(request: HttpRequest, experience: Any = None) -> Any:
    def save(data: dict[str, Any]) -> Any:
        children = {name: data.pop(name) for name in ("themes", "partners", "figures")}
        if experience is None:
            return services.experience_create(actor=request.user, data=data, **children)
        return services.experience_update(
            actor=request.user, experience=experience, data=data, **children
        )

    return save


@login_required
def experience_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        form_class=ExperienceForm,
        instance=None,
        allowed=rules.can_create_some_experience(request.user),
        save=_save(request),
        success_url=lambda e: reverse("experience-detail", args=[e.ref]),
        title=_("New experience"),
        cancel_url=reverse("experience-list"),
        initial={"network": request.GET.get("network", "")},
    )


@login_required
def experience_edit(request: HttpRequest, ref: str) -> HttpResponse:
    experience = get_object_or_404(rules.visible_experiences(request.user), ref=ref)
    return form_page(
        request,
        form_class=ExperienceForm,
        instance=experience,
        allowed=rules.can_edit_experience(request.user, experience),
        save=_save(request, experience),
        success_url=lambda e: reverse("experience-detail", args=[e.ref]),
        title=_("Edit %(name)s") % {"name": experience.title},
        cancel_url=reverse("experience-detail", args=[experience.ref]),
    )


@login_required
def experience_delete(request: HttpRequest, ref: str) -> HttpResponse:
    experience = get_object_or_404(rules.visible_experiences(request.user), ref=ref)
    return delete_page(
        request,
        instance=experience,
        allowed=rules.can_delete_experience(request.user, experience),
        delete=lambda: services.experience_delete(actor=request.user, experience=experience),
        success_url=reverse("experience-list"),
        cancel_url=reverse("experience-detail", args=[experience.ref]),
    )
