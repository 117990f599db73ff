"""The fields of Grappe data files (docs/data-format.md), shared by the importer and the exporter.

Each entity is a tuple of `Field`s in the order of the format (the CSV column order). A field
names its model attribute (`attr`, the `_id` attribute for a reference) and its type:

- scalars: "string", "int" (0 to 2^31-1), "year" (four digits), "decimal", "bool", "date",
  "enum" (with `choices`), "currency", "country", "slug", "key" (a territory key), "ref" (a
  stable person reference);
- references: "territory", "organisation", "network", "activity" (a natural key, resolved against
  the import and the database);
- lists of references (JSON only): "territories", "activities", "networks";
- nested objects (JSON only; flattened in CSV when `csv_flat`): "object" with `sub` fields;
- lists of nested records (JSON only): "records" with `sub` fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from grappe.directory.models import (
    BranchScope,
    FinancingKind,
    FinancingSource,
    LegalStatus,
    Membership,
    MembershipDues,
    MembershipRole,
    MembershipType,
    Network,
    NetworkKind,
    OfferNeed,
    OfferNeedDirection,
    OfferNeedKind,
    Organisation,
    OrganisationKind,
    Person,
    SizeBand,
)
from grappe.territories.models import Territory, TerritoryLevel

FORMAT_NAME = "grappe"
FORMAT_VERSION = 1

REFERENCE_TYPES = {"territory", "organisation", "network", "activity"}
REFERENCE_LIST_TYPES = {"territories": "territory", "activities": "activity", "networks": "network"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    attr: str | None = None
    choices: type[models.TextChoices] | None = None
    sub: tuple[Field, ...] = ()
    csv_flat: bool = False

    @property
    def model_attr(self) -> str:
        return self.attr or self.name


def _f(name: str, type_: str = "string", **kwargs: object) -> Field:
    return Field(name, type_, **kwargs)  # type: ignore[arg-type]


TERRITORY_FIELDS = (
    _f("key", "key", required=True),
    _f("level", "enum", required=True, choices=TerritoryLevel),
    _f("code"),
    _f("name", required=True),
    _f("country", "country"),
    _f("parent", "territory", attr="parent_id"),
    _f("population", "int"),
    _f("population_year", "year"),
    _f("area_km2", "decimal"),
    _f("cantons_count", "int"),
    _f(
        "establishments",
        "object",
        csv_flat=True,
        sub=(
            _f("0_9", "int", attr="establishments_0_9"),
            _f("10_49", "int", attr="establishments_10_49"),
            _f("50_249", "int", attr="establishments_50_249"),
            _f("250_plus", "int", attr="establishments_250_plus"),
        ),
    ),
    _f("establishments_year", "year"),
    _f("description"),
    _f("source"),
)

ORGANISATION_FIELDS = (
    _f("slug", "slug", required=True),
    _f("name", required=True),
    _f("kind", "enum", required=True, choices=OrganisationKind),
    _f("legal_form"),
    _f("activity", "activity", attr="activity_id"),
    _f("size_band", "enum", choices=SizeBand),
    _f("employees", "int"),
    _f("territory", "territory", attr="territory_id"),
    _f("address"),
    _f("postcode"),
    _f("city"),
    _f("country", "country"),
    _f("website"),
    _f("description"),
    _f("source"),
    _f("published", "bool"),
)

PERSON_FIELDS = (
    _f("ref", "ref", required=True),
    _f("first_name"),
    _f("last_name", required=True),
    _f("role"),
    _f("organisation", "organisation", attr="organisation_id"),
    _f("email"),
    _f("phone"),
    _f("contact_consent", "bool"),
)

FINANCING_FIELDS = (
    _f("kind", "enum", required=True, choices=FinancingKind),
    _f("funder"),
    _f("share_percent", "decimal"),
    _f("amount", "decimal"),
    _f("currency", "currency"),
    _f("year", "year"),
    _f("note"),
)

NETWORK_FIELDS = (
    _f("slug", "slug", required=True),
    _f("name", required=True),
    _f("acronym"),
    _f("kind", "enum", required=True, choices=NetworkKind),
    _f("founded_year", "year"),
    _f("founding_stages"),
    _f("perimeter", "territories"),
    _f("perimeter_description"),
    _f("origin"),
    _f("legal_status", "enum", choices=LegalStatus),
    _f("legal_status_detail"),
    _f("branch_scope", "enum", choices=BranchScope),
    _f("branches", "activities"),
    _f("branches_description"),
    _f("composition"),
    _f("governance"),
    _f("staff_fte", "decimal"),
    _f("staff_description"),
    _f(
        "budget",
        "object",
        sub=(
            _f("amount", "decimal", attr="budget_amount"),
            _f("currency", "currency", attr="budget_currency"),
            _f("year", "year", attr="budget_year"),
            _f("description", attr="budget_description"),
        ),
    ),
    _f(
        "dues",
        "object",
        sub=(
            _f("amount", "decimal", attr="dues_amount"),
            _f("currency", "currency", attr="dues_currency"),
            _f("description", attr="dues_description"),
        ),
    ),
    _f("financing", "records", sub=FINANCING_FIELDS),
    _f("relations_with_institutions"),
    _f("objectives"),
    _f("achievements"),
    _f("evaluation"),
    _f("outlook"),
    _f("needs"),
    _f(
        "reported",
        "object",
        sub=(
            _f("members", "int", attr="reported_members"),
            _f("employees", "int", attr="reported_employees"),
            _f("year", "year", attr="reported_year"),
        ),
    ),
    _f("parents", "networks"),
    _f("source"),
    _f("published", "bool"),
)

DUES_FIELDS = (
    _f("year", "year", required=True),
    _f("amount", "decimal", required=True),
    _f("currency", "currency", required=True),
    _f("paid", "bool"),
)

MEMBERSHIP_FIELDS = (
    _f("organisation", "organisation", required=True, attr="organisation_id"),
    _f("network", "network", required=True, attr="network_id"),
    _f("membership_type", "enum", choices=MembershipType),
    _f("role", "enum", choices=MembershipRole),
    _f("since", "date"),
    _f("until", "date"),
    _f("renewal_date", "date"),
    _f("note"),
    _f("dues", "records", sub=DUES_FIELDS),
)

OFFER_NEED_FIELDS = (
    _f("organisation", "organisation", required=True, attr="organisation_id"),
    _f("direction", "enum", required=True, choices=OfferNeedDirection),
    _f("kind", "enum", required=True, choices=OfferNeedKind),
    _f("title", required=True),
    _f("description"),
    _f("activity", "activity", attr="activity_id"),
    _f("territory", "territory", attr="territory_id"),
    _f("published", "bool"),
)


@dataclass(frozen=True)
class Entity:
    name: str  # the list name in JSON, the table name in CSV
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # the natural key's format field names
    in_csv: bool = True

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def csv_columns(self) -> list[str]:
        columns: list[str] = []
        for f in self.fields:
            if f.type == "object" and f.csv_flat:
                columns.extend(f"{f.name}_{s.name}" for s in f.sub)
            elif f.type not in ("object", "records", *REFERENCE_LIST_TYPES):
                columns.append(f.name)
        return columns


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity("territories", TERRITORY_FIELDS, ("key",)),
        Entity("organisations", ORGANISATION_FIELDS, ("slug",)),
        Entity("people", PERSON_FIELDS, ("ref",)),
        Entity("networks", NETWORK_FIELDS, ("slug",), in_csv=False),
        Entity("memberships", MEMBERSHIP_FIELDS, ("organisation", "network", "since")),
        Entity("offers_needs", OFFER_NEED_FIELDS, ("organisation", "direction", "title")),
    )
}

CSV_FILE_NAMES = {f"{name}.csv": name for name, e in ENTITIES.items() if e.in_csv}

# The model each entity and each list of nested records is written to.
MODELS: dict[str, type[models.Model]] = {
    "territories": Territory,
    "organisations": Organisation,
    "people": Person,
    "networks": Network,
    "memberships": Membership,
    "offers_needs": OfferNeed,
}
SUB_MODELS: dict[str, type[models.Model]] = {"financing": FinancingSource, "dues": MembershipDues}
