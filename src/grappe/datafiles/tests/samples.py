"""Small data sets the data file tests build on."""

from __future__ import annotations

import copy
from typing import Any

from grappe.datafiles.importer import import_files
from grappe.datafiles.report import DataFileError, DataFilesInvalid
from grappe.directory.models import (
    FinancingSource,
    Membership,
    MembershipDues,
    Network,
    OfferNeed,
    Organisation,
    Person,
)
from grappe.territories.models import Territory

ALL_MODELS = (
    Territory,
    Organisation,
    Person,
    Network,
    FinancingSource,
    Membership,
    MembershipDues,
    OfferNeed,
)

_SAMPLE: dict[str, Any] = {
    "territories": [
        # The commune comes before its département and region: forward references.
        {
            "key": "commune:47001",
            "level": "commune",
            "code": "47001",
            "name": "Agen",
            "parent": "departement:47",
            "population": 32485,
            "population_year": 2020,
        },
        {
            "key": "departement:47",
            "level": "departement",
            "code": "47",
            "name": "Lot-et-Garonne",
            "parent": "region:75",
            "area_km2": "5361.2",
            "cantons_count": 21,
            "establishments": {"0_9": 20000, "10_49": 1500, "250_plus": 12},
            "establishments_year": 2021,
        },
        {"key": "region:75", "level": "region", "code": "75", "name": "Nouvelle-Aquitaine"},
        {
            "key": "employment_area:vallee-du-lot",
            "level": "employment_area",
            "name": "Vallée du Lot",
            "parent": "departement:47",
        },
    ],
    "memberships": [
        # Memberships before the organisations and networks they name.
        {
            "organisation": "decolletage-durand",
            "network": "meca-47",
            "membership_type": "founding",
            "role": "president",
            "since": "1995-03-01",
            "dues": [
                {"year": 1997, "amount": "2000", "currency": "FRF", "paid": True},
                {"year": 2015, "amount": 300, "currency": "EUR"},
            ],
        },
        {"organisation": "cci-47", "network": "meca-47", "membership_type": "partner"},
    ],
    "organisations": [
        {
            "slug": "decolletage-durand",
            "name": "Décolletage Durand",
            "kind": "company",
            "legal_form": "SARL",
            "activity": "25.62A",
            "size_band": "10_49",
            "employees": 35,
            "territory": "commune:47001",
            "postcode": "47000",
            "city": "Agen",
            "website": "https://durand.example.fr",
        },
        {
            "slug": "cci-47",
            "name": "CCI de Lot-et-Garonne",
            "kind": "chamber",
            "territory": "departement:47",
            "published": False,
        },
    ],
    "people": [
        {
            "ref": "p-000001",
            "first_name": "Anne",
            "last_name": "Durand",
            "role": "Gérante",
            "organisation": "decolletage-durand",
            "email": "anne@durand.example.fr",
            "contact_consent": True,
        },
        {"ref": "p-000002", "last_name": "Martin"},
    ],
    "networks": [
        {
            "slug": "meca-47",
            "name": "Mécanique 47",
            "acronym": "M47",
            "kind": "lps",
            "founded_year": 1995,
            "perimeter": ["departement:47", "employment_area:vallee-du-lot"],
            "legal_status": "association",
            "branch_scope": "multiple",
            "branches": ["25", "25.62A"],
            "staff_fte": "1.5",
            "budget": {"amount": "2700000", "currency": "FRF", "year": 1997},
            "dues": {"amount": "2000", "currency": "FRF", "description": "per firm and year"},
            "financing": [
                {"kind": "dues", "share_percent": 30},
                {
                    "kind": "public",
                    "funder": "DATAR",
                    "share_percent": 50,
                    "amount": "1350000",
                    "currency": "FRF",
                    "year": 1997,
                },
            ],
            "reported": {"members": 38, "employees": 2300, "year": 1997},
            "parents": ["aquitaine-industrie"],
            "source": "AIMVER study for DATAR, 1998, sheet R 11",
        },
        {"slug": "aquitaine-industrie", "name": "Aquitaine Industrie", "kind": "inter_cluster"},
    ],
    "offers_needs": [
        {
            "organisation": "decolletage-durand",
            "direction": "offer",
            "kind": "production_capacity",
            "title": "Décolletage de précision",
            "activity": "25.62A",
            "territory": "departement:47",
        },
        {
            "organisation": "cci-47",
            "direction": "need",
            "kind": "competence",
            "title": "Formateurs en usinage",
        },
    ],
}


def sample() -> dict[str, Any]:
    """A fresh copy of the sample document (without header)."""
    return copy.deepcopy(_SAMPLE)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def errors_of(paths: list[Any]) -> list[DataFileError]:
    try:
        import_files(paths)
    except DataFilesInvalid as exc:
        return exc.errors
    raise AssertionError("the import was expected to fail")
