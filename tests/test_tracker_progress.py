"""Trackers and reading progress, both ways: `tracker import` records a filled-in tracker's
statuses in the library (per person with staff), and `export xlsx --prefill` starts a new
tracker from them, on the bundled Luton sample, through the command line."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from manualtui.library import open_store
from manualtui.library.progress import Progress, mark_read, progress
from tests.export_support import checklist_rows
from tests.tracker_support import fill, one_line_error, run

SELECTION = ("--council", "luton", "--from", "2023-01")
READ_ON = datetime.datetime(2024, 5, 6)


def export(target: Path, *options: str) -> Path:
    result = run("export", "xlsx", "-o", target, *SELECTION, *options)
    assert result.exit_code == 0, result.output
    return target


def staff_grid(path: Path) -> list[tuple[object, ...]]:
    """The Staff sheet's chapters: chapter, then each person's cell."""
    rows = list(load_workbook(path)["Staff"].iter_rows(min_row=3, values_only=True))
    return [row[:1] + row[3:5] for row in rows]


def row_entries(path: Path) -> dict[str, list[str]]:
    """The entry ids the format sheet lists for each row key."""
    lines = list(load_workbook(path)["manualtui"].iter_rows(values_only=True))
    start = lines.index(("row key", "entry id", None, None)) + 1
    entries: dict[str, list[str]] = {}
    for key, entry, *_ in lines[start:]:
        entries.setdefault(str(key), []).append(str(entry))
    return entries


def test_import_records_each_persons_column_and_prefill_shows_it(
    tmp_path: Path, library_home: Path
) -> None:
    tracker = export(tmp_path / "tracker.xlsx", "--staff", "A. Khan,B. Jones")
    grid = staff_grid(tracker)
    first, second, third = (str(row[0]) for row in grid[:3])
    fill(
        tracker,
        staff={first: {"A. Khan": "Read", "B. Jones": "Signed off"}, second: {"A. Khan": "Read"}},
        checklist={first: {"Date read": READ_ON}},
    )
    result = run("tracker", "import", "--json", tracker)
    assert result.exit_code == 0, result.output
    entries = row_entries(tracker)
    keys = [r["Row key"] for r in checklist_rows(tracker)]
    by_chapter = {r["Chapter"]: entries[r["Row key"]] for r in checklist_rows(tracker)}
    assert json.loads(result.stdout) == [
        {"user": "A. Khan", "rows": 2, "entries": len(by_chapter[first]) + len(by_chapter[second])},
        {"user": "B. Jones", "rows": 1, "entries": len(by_chapter[first])},
    ]
    today = datetime.date.today()
    with open_store() as store:
        assert progress(store, "A. Khan") == {
            **{e: Progress("Read", READ_ON.date()) for e in by_chapter[first]},
            **{e: Progress("Read", today) for e in by_chapter[second]},
        }
        assert set(progress(store, "B. Jones")) == set(by_chapter[first])
    assert len(keys) == len(entries)

    again = export(tmp_path / "again.xlsx", "--staff", "A. Khan,B. Jones", "--prefill")
    assert staff_grid(again)[:3] == [
        (first, "Read", "Signed off"),
        (second, "Read", None),
        (third, None, None),
    ]
    assert all(row[1:] == (None, None) for row in staff_grid(again)[3:])
    only_khan = export(
        tmp_path / "khan.xlsx", "--staff", "A. Khan,B. Jones", "--prefill", "--user", "a. khan"
    )
    assert staff_grid(only_khan)[0] == (first, "Read", None)

    alone = export(tmp_path / "alone.xlsx", "--prefill", "--user", "A. Khan")
    rows = {r["Chapter"]: (r["Status"], r["Date read"]) for r in checklist_rows(alone)}
    assert rows[first] == ("Read", READ_ON)
    assert rows[second][0] == "Read" and rows[second][1].date() == today
    assert {status for status, _ in rows.values()} == {"Read", "Pending"}


def test_import_without_staff_is_the_users_and_never_takes_progress_away(
    tmp_path: Path, library_home: Path
) -> None:
    tracker = export(tmp_path / "tracker.xlsx")
    rows = checklist_rows(tracker)
    read, signed, pending = rows[0], rows[1], rows[2]
    entries = row_entries(tracker)
    with open_store() as store:
        # Signed off before: a Read in the tracker does not lower it.
        mark_read(
            store,
            "alice",
            entries[signed["Row key"]],
            on=datetime.date(2024, 1, 2),
            status="Signed off",
        )
        mark_read(store, "alice", entries[pending["Row key"]], on=datetime.date(2024, 1, 3))
    fill(
        tracker,
        checklist={read["Chapter"]: {"Status": "Read"}, signed["Chapter"]: {"Status": "Read"}},
    )
    result = run("tracker", "import", tracker, "--user", "alice")
    assert result.exit_code == 0, result.output
    count = len(entries[read["Row key"]])
    assert (
        result.stdout.strip()
        == f"alice: 2 rows done in the tracker, {count} entries newly recorded"
    )
    with open_store() as store:
        recorded = progress(store, "alice")
    assert {e: recorded[e].status for e in entries[signed["Row key"]]} == dict.fromkeys(
        entries[signed["Row key"]], "Signed off"
    )
    assert all(recorded[e].status == "Read" for e in entries[pending["Row key"]])  # kept
    assert all(recorded[e].status == "Read" for e in entries[read["Row key"]])


def test_marks_from_the_explorer_prefill_a_chapter_only_when_all_its_entries_are_read(
    tmp_path: Path, library_home: Path
) -> None:
    from manualtui.load import load_manuals
    from manualtui.select import Selection

    library = load_manuals(())
    items = Selection(start="2023-01").apply(library)
    chapters: dict[str, list[str]] = {}
    for item in items:
        if item.manual.council.startswith("Luton") and item.chapter:
            chapters.setdefault(item.chapter_title, []).append(item.id)
    whole, part = [title for title, ids in chapters.items() if len(ids) > 1][:2]
    with open_store() as store:
        mark_read(store, "bob", chapters[whole])
        mark_read(store, "bob", chapters[part][:1])
    tracker = export(tmp_path / "t.xlsx", "--prefill", "--user", "bob")
    statuses = {r["Chapter"]: r["Status"] for r in checklist_rows(tracker)}
    assert statuses[whole] == "Read" and statuses[part] == "Pending"
    assert list(statuses.values()).count("Read") == 1


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (("--user", "x"), "--user applies to --prefill only"),
        (
            ("--prefill", "--staff", "A. Khan", "--user", "B. Jones"),
            "--user B. Jones is not among the staff",
        ),
    ],
)
def test_prefill_usage_errors(tmp_path: Path, options: tuple[str, ...], problem: str) -> None:
    result = run("export", "xlsx", "-o", tmp_path / "t.xlsx", *options)
    assert result.exit_code == 2 and problem in result.stderr
    assert not (tmp_path / "t.xlsx").exists()


def test_import_names_a_person_not_on_the_tracker(tmp_path: Path, library_home: Path) -> None:
    tracker = export(tmp_path / "tracker.xlsx", "--staff", "A. Khan")
    error = one_line_error(run("tracker", "import", tracker, "--user", "Z. Nobody"))
    assert error == f"Error: {tracker}: has no column for Z. Nobody (its staff: A. Khan)"
