"""`grappe experiences search|similar|import|reindex` for people who script their catalogue."""

import json

import pytest

from grappe.cli import main as grappe
from grappe.experiences.models import Experience
from grappe.testing.factories import ExperienceFactory

from .test_sheets import TWO_SHEETS

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(network):
    ExperienceFactory(
        ref="fr-1",
        title_fr="Formation des apprentis",
        network=network,
        themes=["collaborative.training"],
        period_start=1994,
    )
    ExperienceFactory(ref="en-1", title_en="Joint training plan", themes=["collaborative.training"])
    ExperienceFactory(ref="en-2", title_en="Export desk", themes=["collaborative.market_access"])


def test_search_prints_a_list_or_json(capsys, catalogue):
    assert grappe(["experiences", "search", "formation"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2 experience(s) found"
    assert [line.split()[0] for line in out[1:]] == ["fr-1", "en-1"]
    assert (
        grappe(["experiences", "search", "--theme", "collaborative.market_access", "--json"]) == 0
    )
    body = json.loads(capsys.readouterr().out)
    assert (body["count"], body["items"][0]["ref"], body["items"][0]["score"]) == (1, "en-2", 0)


def test_similar_by_reference_or_number(capsys, catalogue):
    assert grappe(["experiences", "similar", "fr-1", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [s["ref"] for s in body["similar"]] == ["en-1"]
    assert body["similar"][0]["reasons"][0]["text"] == "shared themes: Training"
    pk = Experience.objects.get(ref="fr-1").pk
    assert grappe(["experiences", "similar", str(pk)]) == 0
    out = capsys.readouterr().out
    assert "Similar to fr-1" in out and "· shared themes: Training" in out
    assert grappe(["experiences", "similar", "nope"]) == 1
    assert "no experience nope" in capsys.readouterr().err


def test_import_sheets_and_json(tmp_path, capsys):
    sheet = tmp_path / "clubs.txt"
    sheet.write_text(TWO_SHEETS, encoding="utf-8")
    data = tmp_path / "more.json"
    data.write_text(
        json.dumps(
            {"format": "grappe", "version": 1, "experiences": [{"ref": "j1", "title_fr": "J"}]}
        ),
        encoding="utf-8",
    )
    assert grappe(["experiences", "import", str(sheet), str(data), "--dry-run"]) == 0
    assert not Experience.objects.exists()
    assert grappe(["experiences", "import", str(sheet), str(data)]) == 0
    captured = capsys.readouterr()
    assert "experiences: 1 created, 0 updated, 0 unchanged" in captured.out
    assert "networks: 2 created, 0 updated, 0 unchanged" in captured.out
    assert "warning:" in captured.err and "line 10" in captured.err
    assert Experience.objects.count() == 3


def test_import_reports_errors_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("Club\nCouleur\tbleu\n", encoding="utf-8")
    assert grappe(["experiences", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f'{bad}: line 2: "Couleur": unknown field name' in err
    assert "nothing was written" in err
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "grappe", "version": 1, "experiences": [{"ref": 1}]}')
    assert grappe(["experiences", "import", str(broken)]) == 1
    assert 'experiences[0]: field "ref"' in capsys.readouterr().err


def test_reindex(capsys, catalogue):
    assert grappe(["experiences", "reindex"]) == 0
    assert capsys.readouterr().out.strip() == "3 experiences reindexed"
