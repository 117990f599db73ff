"""HTTP API of the knowledge base of cooperation experiences, under /api/experiences.

Each endpoint parses its input, makes one service or selector call and returns an output
schema; rights are checked by the services and the selectors (grappe.experiences.rules).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status

from grappe.accounts.auth import SIGNED_IN, actor
from grappe.directory.models import Network
from grappe.experiences import selectors, services, similar
from grappe.experiences.schemas import (
    ExperienceDetailOut,
    ExperienceIn,
    ExperiencePatch,
    FacetOut,
    SearchFiltersIn,
    SearchOut,
    SimilarOut,
    SituationIn,
)
from grappe.territories.models import Territory

router = Router(tags=["experiences"])

T = TypeVar("T")
# Model field names that the API calls otherwise, for the field names of error messages.
API_NAMES = {"declared_density_class": "density_class"}


def _renamed(call: Callable[[], T]) -> T:
    try:
        return call()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {API_NAMES.get(k, k): v for k, v in error.error_dict.items()}
        ) from None


def _children(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data.pop(name) for name in ("themes", "partners", "figures") if name in data}


@router.get("", response=SearchOut, summary="Search experiences, with facets")
def search_experiences(request: HttpRequest, filters: Query[SearchFiltersIn]) -> Any:
    user = actor(request)
    network = Network.objects.filter(slug=filters.network).first() if filters.network else None
    territory = (
        Territory.objects.filter(key=filters.territory).first() if filters.territory else None
    )
    if (filters.network and network is None) or (filters.territory and territory is None):
        raise ValidationError(
            {"network" if filters.network and network is None else "territory": ("Unknown key.")}
        )
    result = selectors.search(
        user=user,
        filters=selectors.SearchFilters(
            query=filters.q,
            themes=tuple(filters.theme),
            country=filters.country,
            density_class=filters.density_class,
            network_kind=filters.network_kind,
            branch=filters.branch,
            period=filters.period,
            network=network,
            territory=territory,
        ),
        offset=filters.offset,
        limit=filters.limit,
    )
    for item in result.items:
        item.score = result.scores.get(item.pk, 0)  # type: ignore[attr-defined]
    return {
        "count": result.total,
        "limit": result.limit,
        "offset": result.offset,
        "items": result.items,
        "facets": [FacetOut.from_facet(f) for f in result.facets],
    }


@router.get(
    "/similar",
    response=list[SimilarOut],
    summary="Experiences similar to a described situation, with the reasons",
)
def similar_to_situation(request: HttpRequest, situation: Query[SituationIn]) -> Any:
    territory = None
    if situation.territory:
        territory = Territory.objects.filter(key=situation.territory).first()
        if territory is None:
            raise ValidationError({"territory": f"Unknown territory key: {situation.territory}."})
    target = similar.situation_from(
        territory=territory,
        density_class=situation.density_class,
        region=situation.region,
        branches=situation.branch,
        firms=situation.firms,
        size_band=situation.size_band,
        origin=situation.origin.value if situation.origin else "",
        themes=[t.value for t in situation.theme],
        text=situation.text,
    )
    items = similar.similar_experiences(
        user=actor(request), situation=target, limit=situation.limit
    )
    return [SimilarOut.from_item(item) for item in items]


@router.post(
    "", response={201: ExperienceDetailOut}, auth=SIGNED_IN, summary="Create an experience"
)
def create_experience(request: HttpRequest, payload: ExperienceIn) -> Any:
    user = actor(request)
    data = payload.to_data(user)
    children = _children(data)
    experience = _renamed(lambda: services.experience_create(actor=user, data=data, **children))
    return Status(201, selectors.experience_detail(user=user, ref=experience.ref))


@router.get("/{ref}", response=ExperienceDetailOut, summary="Read an experience")
def get_experience(request: HttpRequest, ref: str) -> Any:
    return selectors.experience_detail(user=actor(request), ref=ref)


@router.get(
    "/{ref}/similar",
    response=list[SimilarOut],
    summary="Experiences similar to this one, with the reasons",
)
def similar_to_experience(request: HttpRequest, ref: str, limit: int = 10) -> Any:
    user = actor(request)
    experience = selectors.experience_detail(user=user, ref=ref)
    items = similar.similar_to(user=user, experience=experience, limit=max(1, min(limit, 50)))
    return [SimilarOut.from_item(item) for item in items]


@router.patch(
    "/{ref}", response=ExperienceDetailOut, auth=SIGNED_IN, summary="Update an experience"
)
def update_experience(request: HttpRequest, ref: str, payload: ExperiencePatch) -> Any:
    user = actor(request)
    experience = selectors.experience_detail(user=user, ref=ref)
    data = payload.to_data(user)
    children = _children(data)
    experience = _renamed(
        lambda: services.experience_update(actor=user, experience=experience, data=data, **children)
    )
    return selectors.experience_detail(user=user, ref=experience.ref)


@router.delete("/{ref}", response={204: None}, auth=SIGNED_IN, summary="Delete an experience")
def delete_experience(request: HttpRequest, ref: str) -> Any:
    user = actor(request)
    experience = selectors.experience_detail(user=user, ref=ref)
    services.experience_delete(actor=user, experience=experience)
    return Status(204, None)
