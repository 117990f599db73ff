"""The HTTP API under /api/: JSON in and out, OpenAPI at /api/openapi.json, docs at /api/docs.

Who calls is found by grappe.accounts.auth (bearer API token, or session with CSRF; anonymous
for reads). Errors are JSON too:
- 401 `{"detail": …}` when nobody is signed in (or the token is wrong) and the call needs someone;
- 403 `{"detail": …}` when the rules (grappe.accounts.rules) refuse;
- 404 `{"detail": …}` for what does not exist or is not visible to the caller;
- 422 `{"detail": [{"field": "budget.currency", "message": …}, …]}` for invalid input, from the
  schemas as from the models' validation, one item per problem; `__all__` for the whole object.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError as NinjaValidationError

from grappe.accounts import auth
from grappe.diagnostics import api as diagnostics_api
from grappe.directory import api as directory_api
from grappe.directory.schemas import API_FIELD_NAMES
from grappe.events import api as events_api
from grappe.experiences import api as experiences_api
from grappe.territories import api as territories_api

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


def _error(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if not getattr(auth.actor(request), "is_authenticated", False):
        return _error(request, "Authentication required.", 401)
    return _error(request, str(exc) or "You do not have permission to do this.", 403)


@api.exception_handler(ObjectDoesNotExist)
def does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return _error(request, "Not found.", 404)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, "Not found.", 404)


@api.exception_handler(DjangoValidationError)
def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """Model and service validation: `{"field": …, "message": …}` for each message."""
    if hasattr(exc, "error_dict"):
        items = [
            {"field": API_FIELD_NAMES.get(field, field), "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        items = [{"field": NON_FIELD_ERRORS, "message": message} for message in exc.messages]
    return _error(request, items, 422)


# An error's location starts with where the parameter came from, then, for a parameter that is
# a whole schema, the name of the operation's argument (every body is called `payload`).
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_SCHEMA_ARGUMENTS = {"payload", "filters", "pagination"}


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Schema validation, in the same shape, `field` dotted inside the body or query."""
    items = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _SOURCES:
            loc = loc[1:]
            if len(loc) > 1 and loc[0] in _SCHEMA_ARGUMENTS:
                loc = loc[1:]
        loc = [part for part in loc if part != "[key]"]  # pydantic's marker of a bad dict key
        items.append({"field": ".".join(loc) or NON_FIELD_ERRORS, "message": error.get("msg", "")})
    return _error(request, items, 422)
