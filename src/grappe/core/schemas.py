"""What every app's HTTP API builds on: natural keys, inputs, filters, pagination.

Inputs name related objects as the data files do (docs/data-format.md): a territory by its key,
an organisation or network by its slug, an activity by its NAF/NACE code, a user by user name.
Each app declares a `Ref` for the objects it owns (which model field, which rows the caller may
name). `Input.to_data(actor)` returns the model fields a service takes, with those keys
resolved, and raises ValidationError naming every field whose key is unknown. `partial(Schema)`
is the PATCH variant of an input: every field optional, and only the fields sent are changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import AfterValidator, ConfigDict, create_model

# Natural keys --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """How an input field names related objects: by which model field, among which rows."""

    label: str
    lookup: str
    rows: Callable[[Any], QuerySet[Any]]  # actor -> the rows the actor may refer to
    many: bool = False


def resolve_keys(data: Mapping[str, Any], refs: Mapping[str, Ref], actor: Any) -> dict[str, Any]:
    """`data` with the natural keys of `refs` fields replaced by instances.

    None stays None (a cleared link; an empty list for many-valued fields). Raises
    ValidationError naming every field that holds a key no row answers to.
    """
    out = dict(data)
    errors: dict[str, str] = {}
    for field, ref in refs.items():
        value = data.get(field)
        if field not in data or (value is None and not ref.many):
            continue
        keys = list(dict.fromkeys(value or [])) if ref.many else [value]
        rows = ref.rows(actor).filter(**{f"{ref.lookup}__in": keys}) if keys else []
        found = {getattr(row, ref.lookup): row for row in rows}
        missing = [str(k) for k in keys if k not in found]
        if missing:
            errors[field] = f"Unknown {ref.label}: {', '.join(missing)}."
        else:
            out[field] = [found[k] for k in keys] if ref.many else found[value]
    if errors:
        raise ValidationError(errors)
    return out


# Input ---------------------------------------------------------------------------------------

Slug = Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=120)]
Key = Annotated[str, Field(min_length=1, max_length=120)]
Code = Annotated[str, Field(min_length=1, max_length=10)]
UserName = Annotated[str, Field(min_length=1, max_length=150)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Count = Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=1000, le=9999)]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def decimal(max_digits: int, **constraints: Any) -> Any:
    """A non-negative decimal as the models store it: two decimal places, `max_digits` in all."""
    return Annotated[
        Decimal,
        Field(ge=0, max_digits=max_digits, decimal_places=2, **constraints),
        AfterValidator(_cents),
    ]


Amount = decimal(14)


class Input(Schema):
    """Base of the bodies of POST and PATCH: unknown fields are refused, keys are resolved."""

    model_config = ConfigDict(extra="forbid")
    model: ClassVar[type[models.Model]]
    refs: ClassVar[dict[str, Ref]] = {}

    def to_data(self, actor: Any) -> dict[str, Any]:
        """The model fields sent, keys resolved, ready for the service."""
        data = self.to_fields(self.model_dump(exclude_unset=True))
        for name, value in data.items():
            field = self._model_field(name)
            if value is None and isinstance(field, models.CharField | models.TextField):
                data[name] = ""  # text fields are blank, never null
        return resolve_keys(data, self.refs, actor)

    def to_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        """Flatten nested API objects into model fields (a hook for subclasses)."""
        return data

    def _model_field(self, name: str) -> Any:
        try:
            return self.model._meta.get_field(name)
        except Exception:
            return None


InputT = TypeVar("InputT", bound=Input)


def partial(schema: type[InputT]) -> type[InputT]:
    """The PATCH variant of an input schema: every field optional, none with a default."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[name] = (annotation | None, Field(None, description=info.description))
    name = schema.__name__.removesuffix("In") + "Patch"
    return create_model(name, __base__=schema, **fields)  # type: ignore[call-overload,no-any-return]


# List filters --------------------------------------------------------------------------------


class Filters(Schema):
    """Query parameters of a list; `resolved(actor)` gives the selector's keyword arguments."""

    refs: ClassVar[dict[str, Ref]] = {}

    def resolved(self, actor: Any) -> dict[str, Any]:
        data = {k: v for k, v in self.model_dump().items() if v not in (None, "")}
        if "q" in data:
            data["query"] = data.pop("q")
        return resolve_keys(data, self.refs, actor)


# Output --------------------------------------------------------------------------------------


def request_memo(request: Any, name: str, key: Any, compute: Callable[[], Any]) -> Any:
    """A per-request cache, for permission checks repeated over the items of a list."""
    cache = request.__dict__.setdefault("_api_cache", {}).setdefault(name, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class Detail(Schema):
    detail: str


class FieldError(Schema):
    field: str = Field(description="Dotted name of the field, or `__all__`.")
    message: str


class FieldErrors(Schema):
    detail: list[FieldError]


# Lists are paginated with `limit` and `offset` and give the total `count`.
MAX_PAGE_SIZE = 200
paginated = paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
