"""`manualtui tracker merge`: three staff copies combined into one working tracker, conflicts
listed, the output never replaced without --force."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.export_support import LibreOffice
from tests.test_tracker_status import CHAPTERS, assert_completion, status_json
from tests.tracker_support import fill, later, one_line_error, run, write_tracker


def three_copies(folder: Path) -> list[Path]:
    """Each person fills in their own column of a copy; C. Lee also fills in A. Khan's
    Fostering, and B. Jones and C. Lee the Checklist's Contacts, differently."""
    tracker = write_tracker(folder)
    return [
        fill(
            tracker,
            staff={
                "Adoption": {"A. Khan": "Read"},
                "Fostering": {"A. Khan": "Signed off"},
                "Kinship Care": {"A. Khan": "Read"},
            },
            checklist={"Kinship Care": {"Due date": later()}},
            out=folder / "khan.xlsx",
        ),
        fill(
            tracker,
            staff={"Adoption": {"B. Jones": "Read"}, "Fostering": {"B. Jones": "Not applicable"}},
            checklist={"Contacts": {"Status": "Read"}},
            out=folder / "jones.xlsx",
        ),
        fill(
            tracker,
            staff={"Adoption": {"C. Lee": "Discussed"}, "Fostering": {"A. Khan": "Read"}},
            checklist={"Contacts": {"Status": "Not applicable"}},
            out=folder / "lee.xlsx",
        ),
    ]


def merge(output: Path, copies: list[Path], *options: str) -> dict[str, Any]:
    result = run("tracker", "merge", "--json", "-o", output, *copies, *options)
    assert result.exit_code == 0, result.output
    merged: dict[str, Any] = json.loads(result.stdout)
    return merged


def test_three_copies_give_the_union_with_conflicts_listed(tmp_path: Path) -> None:
    copies = three_copies(tmp_path)
    combined = tmp_path / "combined.xlsx"
    merged = merge(combined, copies)
    assert merged["output"] == str(combined)
    assert [c["filled"] for c in merged["copies"]] == [0, 3, 1]
    assert merged["conflicts"] == [
        {
            "key": merged["conflicts"][0]["key"],
            "chapter": "Contacts",
            "person": None,
            "column": "Status",
            "values": [
                {"file": "jones.xlsx", "value": "Read"},
                {"file": "lee.xlsx", "value": "Not applicable"},
            ],
            "kept": "Read",
        },
        {
            "key": merged["conflicts"][1]["key"],
            "chapter": "Fostering",
            "person": "A. Khan",
            "column": None,
            "values": [
                {"file": "khan.xlsx", "value": "Signed off"},
                {"file": "lee.xlsx", "value": "Read"},
            ],
            "kept": "Signed off",
        },
    ]
    assert merged["conflicts"][1]["key"].endswith("::fostering")
    # The union is what one tracker filled in by all three would say.
    (report,) = status_json(combined)
    assert_completion(report)


def test_the_combined_tracker_works_in_libreoffice(tmp_path: Path) -> None:
    combined = tmp_path / "combined.xlsx"
    merge(combined, three_copies(tmp_path))
    sheets = LibreOffice(tmp_path).sheets(combined)
    checklist = {row[0]: row[1] for row in sheets["Checklist"][1:]}
    assert checklist == {chapter: values[0] for chapter, values in CHAPTERS.items()}
    assert sheets["Staff"][1][3:6] == ["100%", "50%", "33%"]
    summary = {row[0]: row[1:5] for row in sheets["Summary"] if row}
    assert summary["All"] == ["4", "2", "0", "50%"]


def test_the_text_report_names_each_conflict(tmp_path: Path) -> None:
    copies = three_copies(tmp_path)
    result = run("tracker", "merge", "-o", tmp_path / "combined.xlsx", *copies)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"Wrote {tmp_path / 'combined.xlsx'} from 3 copies "
        "(cells filled in: 3 from jones.xlsx, 1 from lee.xlsx)"
    )
    assert lines[1] == "2 conflicts"
    assert lines[3].split() == [
        "Status",
        "Read",
        "jones.xlsx:",
        "Read;",
        "lee.xlsx:",
        "Not",
        "applicable",
        "Contacts",
    ]
    assert lines[4].split()[:4] == ["A.", "Khan", "Signed", "off"]


def test_an_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    copies = three_copies(tmp_path)
    combined = tmp_path / "combined.xlsx"
    combined.write_bytes(b"keep me")
    error = one_line_error(run("tracker", "merge", "-o", combined, *copies))
    assert error == f"Error: {combined}: already exists (use --force to replace it)"
    assert combined.read_bytes() == b"keep me"
    merge(combined, copies, "--force")
    assert status_json(combined)[0]["total"]["done"] == 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_copies_of_different_trackers_are_refused(tmp_path: Path) -> None:
    ours = write_tracker(tmp_path)
    other = write_tracker(tmp_path, "other.xlsx", staff=("A. Khan", "D. Patel"))
    target = tmp_path / "combined.xlsx"
    error = one_line_error(run("tracker", "merge", "-o", target, ours, other))
    assert error == (
        f"Error: {other}: is not a copy of the same tracker as tracker.xlsx: its staff are "
        "A. Khan, D. Patel, not A. Khan, B. Jones, C. Lee"
    )
    assert not target.exists()
    usage = run("tracker", "merge", "-o", target, ours)
    assert usage.exit_code == 2 and "at least two copies" in usage.stderr
