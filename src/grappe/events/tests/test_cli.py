"""`grappe events …` on the command line."""

import json

import pytest

from grappe.events.cli import main
from grappe.events.models import MeetingRequest, RunStatus, ScheduleRun
from grappe.scheduling.model import parse_instance

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(fair):
    for v in fair.visitors:
        MeetingRequest.objects.create(
            event=fair.event, source=v, target=fair.stand, status="accepted"
        )
    return fair


def test_export_schedule_publish_and_sheets(requests, tmp_path, capsys):
    fair = requests
    out = tmp_path / "instance.json"
    assert main(["export-instance", "bourse-2001", str(out)]) == 0
    instance = parse_instance(json.loads(out.read_text()))
    assert len(instance.requests) == 3 and instance.tables == 4
    names = {p.name for p in instance.participants}
    assert "Sotra Équipements" in names

    assert main(["schedule", "bourse-2001", "--time-limit", "2"]) == 0
    assert "3 meetings" in capsys.readouterr().out
    assert ScheduleRun.objects.get().status == RunStatus.DONE
    assert main(["publish", "bourse-2001"]) == 0
    assert fair.event.meetings.filter(published=True).count() == 3

    sheets = tmp_path / "sheets.pdf"
    assert main(["sheets", "bourse-2001", str(sheets)]) == 0
    assert sheets.read_bytes().startswith(b"%PDF")
    ics = tmp_path / "sotra.ics"
    assert main(["timetable", "bourse-2001", "sotra", str(ics)]) == 0
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 3
    assert main(["list"]) == 0
    assert "bourse-2001" in capsys.readouterr().out


def test_errors_name_the_problem(fair, tmp_path, capsys):
    assert main(["schedule", "nowhere"]) == 1
    assert "nowhere" in capsys.readouterr().err
    assert main(["publish", "bourse-2001"]) == 1  # nothing scheduled
    assert capsys.readouterr().err
    assert main(["schedule", "bourse-2001", "--time-limit", "0"]) == 1
    assert main(["timetable", "bourse-2001", "nobody", str(tmp_path / "x.pdf")]) == 1
