"""`manualtui tracker status`: completion by person, priority and chapter, and what is overdue,
from trackers filled in with openpyxl and rewritten by LibreOffice (which recalculates and
stores its own results: they must agree with what is read back, and are never trusted)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.export_support import LibreOffice
from tests.tracker_support import fill, later, run, write_tracker

STAFF_CELLS = {
    "Adoption": {"A. Khan": "Read", "B. Jones": "read", "C. Lee": "Discussed"},
    "Fostering": {"A. Khan": "Signed off", "B. Jones": "Not applicable"},
    "Kinship Care": {"A. Khan": "Read"},
}
CHECKLIST_CELLS = {"Contacts": {"Status": "Read"}, "Kinship Care": {"Due date": later()}}

PEOPLE = [
    {"name": "A. Khan", "rows": 3, "done": 3, "nothing_to_do": 0, "percent_done": 100.0},
    {"name": "B. Jones", "rows": 3, "done": 1, "nothing_to_do": 1, "percent_done": 50.0},
    {"name": "C. Lee", "rows": 3, "done": 1, "nothing_to_do": 0, "percent_done": 33.3},
]
PEOPLE_OVERDUE = [0, 0, 1]  # C. Lee has not read Fostering, due in 2020
PRIORITIES = [
    {"priority": "Re-read", "rows": 2, "done": 1, "nothing_to_do": 0, "percent_done": 50.0},
    {"priority": "Review", "rows": 1, "done": 0, "nothing_to_do": 0, "percent_done": 0.0},
    {"priority": "Note", "rows": 1, "done": 1, "nothing_to_do": 0, "percent_done": 100.0},
]
PRIORITIES_OVERDUE = [0, 1, 0]
# chapter: status, % done among staff, done by, waiting on, overdue
CHAPTERS = {
    "Adoption": ("Read", 100.0, ["A. Khan", "B. Jones", "C. Lee"], [], False),
    "Fostering": ("Pending", 50.0, ["A. Khan"], ["C. Lee"], True),
    "Contacts": ("Read", None, [], [], False),
    "Kinship Care": ("Pending", 33.3, ["A. Khan"], ["B. Jones", "C. Lee"], False),
}


def status_json(*paths: Path) -> list[dict[str, Any]]:
    result = run("tracker", "status", "--json", *paths)
    assert result.exit_code == 0, result.output
    reports: list[dict[str, Any]] = json.loads(result.stdout)
    return reports


def assert_completion(report: dict[str, Any]) -> None:
    assert report["people"] == [
        {**person, "overdue": overdue}
        for person, overdue in zip(PEOPLE, PEOPLE_OVERDUE, strict=True)
    ]
    assert report["priorities"] == [
        {**priority, "overdue": overdue}
        for priority, overdue in zip(PRIORITIES, PRIORITIES_OVERDUE, strict=True)
    ]
    assert report["total"] == {
        "rows": 4,
        "done": 2,
        "nothing_to_do": 0,
        "percent_done": 50.0,
        "overdue": 1,
    }
    chapters = {
        c["chapter"]: (c["status"], c["percent_done"], c["done_by"], c["waiting_on"], c["overdue"])
        for c in report["chapters"]
    }
    assert chapters == CHAPTERS
    assert [c["chapter"] for c in report["overdue"]] == ["Fostering"]
    assert report["overdue"][0]["due"] == "2020-01-01"
    assert all(
        c["key"].endswith("::" + c["chapter"].lower().replace(" ", "-")) for c in report["chapters"]
    )


def test_status_of_a_tracker_filled_in_with_openpyxl(tmp_path: Path) -> None:
    filled = fill(write_tracker(tmp_path), STAFF_CELLS, CHECKLIST_CELLS)
    (report,) = status_json(filled)
    assert report["file"] == str(filled) and report["grouping"] == "chapter"
    assert_completion(report)


def test_status_after_libreoffice_rewrote_and_recalculated_the_tracker(tmp_path: Path) -> None:
    filled = fill(write_tracker(tmp_path), STAFF_CELLS, CHECKLIST_CELLS)
    office = LibreOffice(tmp_path)
    converted = office.convert(filled, "xlsx") / filled.name
    (report,) = status_json(converted)
    assert_completion(report)
    # LibreOffice's own results of the tracker's formulas agree with what was read back.
    sheets = office.sheets(converted)
    checklist = {row[0]: row[1] for row in sheets["Checklist"][1:]}
    assert checklist == {chapter: values[0] for chapter, values in CHAPTERS.items()}
    assert sheets["Staff"][1][3:6] == ["100%", "50%", "33%"]


def test_several_trackers_are_reported_in_turn_and_as_text(tmp_path: Path) -> None:
    first = fill(write_tracker(tmp_path, "one.xlsx"), STAFF_CELLS, CHECKLIST_CELLS)
    second = write_tracker(tmp_path, "two.xlsx")
    reports = status_json(first, second)
    assert [r["total"]["done"] for r in reports] == [2, 0]
    text = run("tracker", "status", first).stdout
    assert text.splitlines()[0] == f"{first}: 2 of 4 rows done (50%), 1 overdue"
    people = text[text.index("By person") :].splitlines()[2:5]
    assert [line.split()[-5:] for line in people] == [
        ["3", "3", "0", "100", "0"],
        ["3", "1", "1", "50", "0"],
        ["3", "1", "0", "33.3", "1"],
    ]
    overdue = text[text.index("Overdue") :].splitlines()
    assert overdue[2].split() == ["2020-01-01", "Pending", "C.", "Lee", "Fostering"]


def test_without_staff_people_are_those_assigned(tmp_path: Path) -> None:
    tracker = write_tracker(tmp_path, staff=())
    fill(
        tracker,
        checklist={
            "Adoption": {"Status": "Read", "Assigned to": "A. Khan", "Date read": later()},
            "Fostering": {"Assigned to": "A. Khan"},
            "Kinship Care": {"Status": "Not applicable"},
        },
    )
    (report,) = status_json(tracker)
    assert report["people"] == [
        {
            "name": "A. Khan",
            "rows": 2,
            "done": 1,
            "nothing_to_do": 0,
            "percent_done": 50.0,
            "overdue": 1,
        },
        {
            "name": "(unassigned)",
            "rows": 2,
            "done": 0,
            "nothing_to_do": 1,
            "percent_done": 0.0,
            "overdue": 0,
        },
    ]
    chapters = {c["chapter"]: c for c in report["chapters"]}
    assert chapters["Fostering"]["waiting_on"] == ["A. Khan"]
    assert chapters["Adoption"]["read_on"] == later().date().isoformat()
    assert chapters["Kinship Care"]["status"] == "Not applicable"
