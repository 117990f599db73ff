"""HTTP API of territories: /api/territories (the key, e.g. `departement:47`, is in the URL)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from grappe.accounts.auth import SIGNED_IN, actor
from grappe.core.schemas import paginated
from grappe.territories import selectors, services
from grappe.territories.models import Territory
from grappe.territories.schemas import (
    TerritoryDetailOut,
    TerritoryFilters,
    TerritoryIn,
    TerritoryOut,
    TerritoryPatch,
)

router = Router(tags=["territories"])


def _territory(key: str) -> Territory:
    return Territory.objects.select_related("parent").get(key=key)


@router.get("", response=list[TerritoryOut], summary="List territories")
@paginated
def list_territories(request: HttpRequest, filters: Query[TerritoryFilters]) -> Any:
    return selectors.territory_list(**filters.resolved(actor(request)))


@router.post("", response={201: TerritoryDetailOut}, auth=SIGNED_IN, summary="Create a territory")
def create_territory(request: HttpRequest, payload: TerritoryIn) -> Any:
    user = actor(request)
    return Status(201, services.territory_create(actor=user, data=payload.to_data(user)))


@router.get("/{key}", response=TerritoryDetailOut, summary="Read a territory")
def get_territory(request: HttpRequest, key: str) -> Any:
    return _territory(key)


@router.patch("/{key}", response=TerritoryDetailOut, auth=SIGNED_IN, summary="Update a territory")
def update_territory(request: HttpRequest, key: str, payload: TerritoryPatch) -> Any:
    user = actor(request)
    territory = _territory(key)
    return services.territory_update(actor=user, territory=territory, data=payload.to_data(user))


@router.delete("/{key}", response={204: None}, auth=SIGNED_IN, summary="Delete a territory")
def delete_territory(request: HttpRequest, key: str) -> Any:
    services.territory_delete(actor=actor(request), territory=_territory(key))
    return Status(204, None)
