"""The HTTP API under /api/: JSON in and out, OpenAPI at /api/openapi.json, docs at /api/docs.

Who calls is found by grappe.accounts.auth (bearer API token, or session with CSRF; anonymous
for reads). Errors are JSON too, in the shapes grappe.core.api describes.
"""

from ninja import NinjaAPI, Swagger

from grappe.accounts import auth
from grappe.core.api import install_error_handlers
from grappe.diagnostics import api as diagnostics_api
from grappe.directory import api as directory_api
from grappe.directory.schemas import networks as network_schemas
from grappe.events import api as events_api
from grappe.experiences import api as experiences_api
from grappe.territories import api as territories_api
from grappe.territories import schemas as territory_schemas

api = NinjaAPI(
    title="Grappe API",
    version="1",
    description=(
        "Territories, organisations, people, networks of firms, memberships, offers and needs. "
        "Related objects are named by their natural keys (territory key, slug, NAF/NACE code). "
        "Authenticate with `Authorization: Bearer grp_…` (see /api/tokens) or a browser session."
    ),
    urls_namespace="api",
    docs_url="/docs",
    # Swagger UI from the files django-ninja ships (static/ninja/), no external resource.
    docs=Swagger(settings={"validatorUrl": None}),
    auth=auth.ANYONE,
)

api.add_router("/territories", territories_api.router)
api.add_router("/organisations", directory_api.organisations)
api.add_router("/people", directory_api.people)
api.add_router("/networks", directory_api.networks)
api.add_router("/memberships", directory_api.memberships)
api.add_router("/offers-needs", directory_api.offers_needs)
api.add_router("/tokens", auth.router)
api.add_router("/experiences", experiences_api.router)
api.add_router("/events", events_api.router)
api.add_router("/diagnostics", diagnostics_api.router)

install_error_handlers(
    api, field_names={**territory_schemas.API_FIELD_NAMES, **network_schemas.API_FIELD_NAMES}
)
