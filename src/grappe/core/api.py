"""How the HTTP API answers errors: JSON, in one shape, whichever app raised them.

- 401 `{"detail": …}` when nobody is signed in (or the token is wrong) and the call needs someone;
- 403 `{"detail": …}` when the rules refuse;
- 404 `{"detail": …}` for what does not exist or is not visible to the caller;
- 422 `{"detail": [{"field": "budget.currency", "message": …}, …]}` for invalid input, from the
  schemas as from the models' validation, one item per problem; `__all__` for the whole object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

# An error's location starts with where the parameter came from, then, for a parameter that is
# a whole schema, the name of the operation's argument (every body is called `payload`).
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_SCHEMA_ARGUMENTS = {"payload", "filters", "pagination"}


def install_error_handlers(api: NinjaAPI, *, field_names: Mapping[str, str]) -> None:
    """Answer the errors services and schemas raise as JSON; `field_names` maps model fields to
    the dotted names the API shows them under (`budget_currency` → `budget.currency`)."""

    def error(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # `request.auth` is the user the API's authentication found (grappe.accounts.auth).
        if not getattr(getattr(request, "auth", None), "is_authenticated", False):
            return error(request, "Authentication required.", 401)
        return error(request, str(exc) or "You do not have permission to do this.", 403)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error(request, "Not found.", 404)

    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        """Model and service validation: `{"field": …, "message": …}` for each message."""
        if hasattr(exc, "error_dict"):
            items = [
                {"field": field_names.get(field, field), "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            items = [{"field": NON_FIELD_ERRORS, "message": message} for message in exc.messages]
        return error(request, items, 422)

    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        """Schema validation, in the same shape, `field` dotted inside the body or query."""
        items = []
        for problem in exc.errors:
            loc = [str(part) for part in problem.get("loc", ())]
            if loc and loc[0] in _SOURCES:
                loc = loc[1:]
                if len(loc) > 1 and loc[0] in _SCHEMA_ARGUMENTS:
                    loc = loc[1:]
            loc = [part for part in loc if part != "[key]"]  # pydantic's marker of a bad dict key
            items.append(
                {"field": ".".join(loc) or NON_FIELD_ERRORS, "message": problem.get("msg", "")}
            )
        return error(request, items, 422)

    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(DjangoValidationError, invalid_data)
    api.add_exception_handler(NinjaValidationError, invalid_input)
