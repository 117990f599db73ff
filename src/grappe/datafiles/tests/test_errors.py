"""Bad input: every error names file, record and field; nothing is written."""

from __future__ import annotations

import pytest

from grappe.audit.models import ChangeLogEntry
from grappe.datafiles.report import DataFileError
from grappe.datafiles.tests.samples import counts, errors_of, sample
from grappe.directory.models import Organisation
from grappe.territories.models import Territory

pytestmark = pytest.mark.django_db


def one_error(paths) -> DataFileError:
    errors = errors_of(paths)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def org(**fields):
    return {"slug": "durand", "name": "Durand", "kind": "company", **fields}


def test_one_bad_record_among_good_ones_writes_nothing(activities, write_json):
    doc = sample()
    doc["organisations"].append(org(slug="bad", kind="firm"))

    error = one_error([write_json(doc)])

    assert (error.record, error.field) == ('organisations[2] (slug "bad")', "kind")
    assert all(n == 0 for n in counts().values())
    assert ChangeLogEntry.objects.count() == 0


def test_unknown_enumeration_value(write_json):
    path = write_json({"organisations": [org(), org(slug="dupont", kind="firm")]})

    error = one_error([path])

    assert error == DataFileError(
        str(path),
        'organisations[1] (slug "dupont")',
        "kind",
        'unknown value "firm" (expected one of: company, research_training, public_body, '
        "chamber, service_provider, association)",
    )
    assert str(error) == (
        f'{path}: organisations[1] (slug "dupont"): field "kind": unknown value "firm" '
        "(expected one of: company, research_training, public_body, chamber, service_provider, "
        "association)"
    )


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2001-13-01", 'not a valid date: "2001-13-01"'),
        ("01/02/2001", 'expected a date YYYY-MM-DD, found "01/02/2001"'),
        (20010201, "expected a string, found a number"),
    ],
)
def test_bad_date(write_json, since, message):
    doc = {
        "organisations": [org()],
        "networks": [{"slug": "club", "name": "Club", "kind": "business_club"}],
        "memberships": [{"organisation": "durand", "network": "club", "since": since}],
    }

    error = one_error([write_json(doc)])

    assert error.record.startswith('memberships[0] (organisation "durand", network "club"')
    assert (error.field, error.message) == ("since", message)


def test_until_before_since(write_json):
    doc = {
        "organisations": [org()],
        "networks": [{"slug": "club", "name": "Club", "kind": "business_club"}],
        "memberships": [
            {
                "organisation": "durand",
                "network": "club",
                "since": "2001-02-01",
                "until": "2000-01-01",
            }
        ],
    }
    assert one_error([write_json(doc)]).field == "until"


def test_unknown_references(activities, write_json):
    doc = {
        "organisations": [org(territory="departement:99", activity="99.99Z")],
        "people": [{"ref": "p-1", "last_name": "X", "organisation": "nobody"}],
        "networks": [
            {
                "slug": "club",
                "name": "Club",
                "kind": "cluster",
                "perimeter": ["departement:99"],
                "parents": ["ghost"],
            }
        ],
    }

    errors = {(e.record, e.field): e.message for e in errors_of([write_json(doc)])}

    assert errors == {
        ('organisations[0] (slug "durand")', "territory"): (
            'unknown territory "departement:99" (not in the import nor the database)'
        ),
        ('organisations[0] (slug "durand")', "activity"): (
            'unknown NAF/NACE code "99.99Z" (not in the import nor the database)'
        ),
        ('people[0] (ref "p-1")', "organisation"): (
            'unknown organisation "nobody" (not in the import nor the database)'
        ),
        ('networks[0] (slug "club")', "perimeter[0]"): (
            'unknown territory "departement:99" (not in the import nor the database)'
        ),
        ('networks[0] (slug "club")', "parents[0]"): (
            'unknown network "ghost" (not in the import nor the database)'
        ),
    }


def test_duplicate_keys_within_and_across_files(write_json):
    first = write_json({"organisations": [org(), org(name="Durand bis")]}, "a.json")
    second = write_json({"organisations": [org(name="Durand ter")]}, "b.json")

    errors = errors_of([first, second])

    assert [(e.file, e.record, e.field, e.message) for e in errors] == [
        (
            str(first),
            'organisations[1] (slug "durand")',
            "slug",
            "duplicate key (also organisations[0])",
        ),
        (
            str(second),
            'organisations[0] (slug "durand")',
            "slug",
            f"duplicate key (also {first} organisations[0])",
        ),
    ]


def test_unknown_fields(write_json):
    path = write_json(
        {
            "organisations": [org(colour="blue")],
            "networks": [
                {
                    "slug": "c",
                    "name": "C",
                    "kind": "cluster",
                    "budget": {"amount": 1, "currency": "EUR", "cur": 1},
                }
            ],
            "firms": [],
        }
    )

    errors = {(e.record, e.field, e.message) for e in errors_of([path])}

    assert errors == {
        ('organisations[0] (slug "durand")', "colour", "unknown field"),
        ('networks[0] (slug "c")', "budget.cur", "unknown field"),
        (
            "",
            "firms",
            "unknown field (expected lists: territories, organisations, people, networks, "
            "memberships, offers_needs)",
        ),
    }


def test_missing_required_fields(write_json):
    path = write_json(
        {
            "networks": [{"slug": "club", "kind": "cluster"}],
            "people": [{"ref": "p-1", "last_name": ""}],
            "territories": [{"level": "region", "name": "Occitanie"}],
        }
    )

    errors = {(e.record, e.field, e.message) for e in errors_of([path])}

    assert errors == {
        ('networks[0] (slug "club")', "name", "missing (required)"),
        ('people[0] (ref "p-1")', "last_name", "missing (required)"),
        ("territories[0]", "key", "missing (required)"),
    }


def test_bad_currency_and_amount_without_currency(write_json):
    network = {
        "slug": "club",
        "name": "Club",
        "kind": "cluster",
        "budget": {"amount": "1000", "currency": "USD"},
        "dues": {"amount": "100"},
        "financing": [{"kind": "public", "amount": "10", "currency": "eur"}],
    }

    errors = {(e.field, e.message) for e in errors_of([write_json({"networks": [network]})])}

    assert errors == {
        ("budget.currency", 'unknown currency "USD" (expected EUR or FRF)'),
        ("dues.currency", "missing: an amount always carries its currency"),
        ("financing[0].currency", 'unknown currency "eur" (expected EUR or FRF)'),
    }


@pytest.mark.parametrize(
    ("header", "field", "message"),
    [
        (
            {"format": "grappe", "version": 2},
            "version",
            "unsupported version 2 (this Grappe reads version 1)",
        ),
        (
            {"format": "grappe", "version": "1"},
            "version",
            'unsupported version "1" (this Grappe reads version 1)',
        ),
        ({"format": "grappe"}, "version", "missing (expected 1)"),
        ({"format": "geojson", "version": 1}, "format", 'expected "grappe", found "geojson"'),
        ({"version": 1}, "format", 'expected "grappe", missing'),
    ],
)
def test_wrong_header(write_json, header, field, message):
    path = write_json({**header, "organisations": [org(kind="nonsense")]})

    assert one_error([path]) == DataFileError(str(path), "header", field, message)


def test_invalid_json_names_the_line(write_text):
    path = write_text("data.json", '{"format": "grappe",\n "version": 1,\n "people": [}\n')

    error = one_error([path])

    assert error.record == "line 3 column 13"
    assert error.message.startswith("invalid JSON")


def test_model_validation(write_json):
    path = write_json(
        {
            "organisations": [org(website="not a url", postcode="x" * 21, country="fr")],
            "people": [{"ref": "p-1", "last_name": "X", "email": "nobody-at-example"}],
            "networks": [{"slug": "c", "name": "C", "kind": "cluster", "staff_fte": "12345.5"}],
        }
    )

    errors = {(e.record.split(" ")[0], e.field) for e in errors_of([path])}

    assert errors == {
        ("organisations[0]", "website"),
        ("organisations[0]", "postcode"),
        ("organisations[0]", "country"),
        ("people[0]", "email"),
        ("networks[0]", "staff_fte"),
    }


def test_types_slugs_and_keys(write_json):
    path = write_json(
        {
            "territories": [
                {"key": "departement:47", "level": "region", "name": "Lot-et-Garonne"},
                {"key": "commune 47001", "level": "commune", "name": "Agen", "population": -3},
            ],
            "organisations": [org(slug="Durand_SA", employees="35", published="yes")],
            "networks": [{"slug": "c", "name": "C", "kind": "cluster", "founded_year": 95}],
        }
    )

    errors = {(e.record.split(" ")[0], e.field, e.message) for e in errors_of([path])}

    assert errors == {
        ("territories[0]", "key", 'must start with the level: "region:…"'),
        (
            "territories[1]",
            "key",
            '"commune 47001" is not a territory key such as "departement:47"',
        ),
        ("territories[1]", "population", "expected an integer from 0 to 2147483647, found -3"),
        (
            "organisations[0]",
            "slug",
            '"Durand_SA" is not a slug (lowercase letters, digits and hyphens)',
        ),
        ("organisations[0]", "employees", "expected an integer, found a string"),
        ("organisations[0]", "published", "expected true or false, found a string"),
        ("networks[0]", "founded_year", "expected a four-digit year, found 95"),
    }


def test_cycles_of_parents(write_json):
    Territory.objects.create(key="region:1", level="region", name="R")
    path = write_json(
        {
            "territories": [
                {"key": "region:1", "level": "region", "name": "R", "parent": "departement:2"},
                {"key": "departement:2", "level": "departement", "name": "D", "parent": "region:1"},
                {"key": "commune:3", "level": "commune", "name": "C", "parent": "commune:3"},
            ],
            "networks": [
                {"slug": "a", "name": "A", "kind": "cluster", "parents": ["b"]},
                {"slug": "b", "name": "B", "kind": "cluster", "parents": ["a"]},
            ],
        }
    )

    errors = {(e.record.split(" ")[0], e.field, e.message) for e in errors_of([path])}

    assert errors == {
        ("territories[0]", "parent", "cycle of parents: region:1 → departement:2 → region:1"),
        ("territories[1]", "parent", "cycle of parents: departement:2 → region:1 → departement:2"),
        ("territories[2]", "parent", "cycle of parents: commune:3 → commune:3"),
        ("networks[0]", "parents[0]", "cycle of parent networks: a → b → a"),
        ("networks[1]", "parents[0]", "cycle of parent networks: b → a → b"),
    }
    assert Territory.objects.get().parent is None


def test_dues_errors(write_json):
    doc = {
        "organisations": [org()],
        "networks": [{"slug": "club", "name": "Club", "kind": "business_club"}],
        "memberships": [
            {
                "organisation": "durand",
                "network": "club",
                "dues": [
                    {"year": 2015, "amount": "300", "currency": "EUR"},
                    {"year": 2015, "amount": "300"},
                    {"year": 2016, "amount": "3.333", "currency": "EUR"},
                ],
            }
        ],
    }

    errors = errors_of([write_json(doc)])

    assert sorted(e.field for e in errors) == ["dues[1].currency", "dues[1].year", "dues[2].amount"]
    messages = {e.field: e.message for e in errors}
    assert messages["dues[1].currency"] == "missing (required)"
    assert messages["dues[1].year"] == "2015 given twice (also dues[0])"


# CSV


def test_csv_errors_name_the_line(write_text):
    path = write_text(
        "organisations.csv",
        "slug,name,kind,employees,description\n"
        "durand,Durand,company,12,\n"
        '"dupont","Dupont",company,,"two\nlines"\n'
        "martin,Martin,firm,3,\n"
        "\n"
        "petit,Petit,company,douze,\n"
        "grand,Grand,company\n",
    )

    errors = [(e.file, e.record, e.field, e.message) for e in errors_of([path])]

    assert errors == [
        (
            str(path),
            "line 5",
            "kind",
            'unknown value "firm" (expected one of: company, research_training, public_body, '
            "chamber, service_provider, association)",
        ),
        (str(path), "line 7", "employees", 'expected an integer, found "douze"'),
        (str(path), "line 8", "", "3 cells where the header has 5"),
    ]
    assert Organisation.objects.count() == 0


def test_csv_header_errors(write_text):
    memberships = write_text("memberships.csv", "organisation,since,dues,colour\n")
    networks = write_text("networks.csv", "slug,name,kind\n")
    other = write_text("firms.csv", "slug\n")

    errors = [(e.record, e.field, e.message) for e in errors_of([memberships, networks, other])]

    assert errors == [
        ("line 1", "dues", "unknown field (memberships carry no dues in CSV)"),
        ("line 1", "colour", "unknown field"),
        ("line 1", "network", "required column missing"),
        ("", "", "unknown table (networks come only in JSON)"),
        (
            "",
            "",
            "unknown table (a CSV file is named after its table: memberships.csv, "
            "offers_needs.csv, organisations.csv, people.csv, territories.csv)",
        ),
    ]


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.json"
    error = one_error([path])
    assert (error.file, error.record, error.field) == (str(path), "", "")
    assert error.message.startswith("cannot read the file")
