"""Shared by the tracker read-back tests: a small tracker of known chapters and staff, filled
in as staff would fill it in (openpyxl, by chapter and header), and `manualtui` run through
click's runner.

The tracker: Luton, four chapters in the order the Checklist lists them. Adoption (re-read;
two changes), Fostering (review) and Kinship Care (re-read) are to read, so they are on the
Staff sheet; Contacts (a note) is only on the Checklist.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from manualtui.cli import main
from manualtui.exporters import export
from manualtui.model import Kind, Priority
from tests.export_support import Spec, make_library, request_for

LUTON = "Luton Borough Council"
STAFF = ("A. Khan", "B. Jones", "C. Lee")
CHAPTERS = ("Adoption", "Fostering", "Contacts", "Kinship Care")
SPECS = [
    Spec(LUTON, "2020-10", Kind.UPDATED, "Adoption", "Should be re-read.", Priority.REREAD),
    Spec(LUTON, "2020-10", Kind.UPDATED, "Fostering", "Section 3 was updated.", Priority.REVIEW),
    Spec(LUTON, "2020-10", Kind.UPDATED, "Contacts", "A link was added.", Priority.NOTE),
    Spec(LUTON, "2020-04", Kind.UPDATED, "Adoption", "Section 2 was updated.", Priority.REVIEW),
    Spec(LUTON, "2020-04", Kind.NEW, "Kinship Care", "This chapter was added.", Priority.REREAD),
]
PAST_DUE = date(2020, 1, 1)

# Staff cells by chapter and person; Checklist cells by chapter and header.
Cells = Mapping[str, Mapping[str, object]]


def later() -> datetime:
    """A due date a month from now: not overdue."""
    return datetime.combine(date.today() + timedelta(days=30), datetime.min.time())


def write_tracker(folder: Path, name: str = "tracker.xlsx", **options: object) -> Path:
    """The Luton tracker, with the three staff and a due date in the past by default."""
    path = folder / name
    settings: dict[str, object] = {"staff": STAFF, "due": PAST_DUE, **options}
    export(request_for(make_library(SPECS), "xlsx", path, **settings))
    return path


def fill(
    path: Path, staff: Cells | None = None, checklist: Cells | None = None, out: Path | None = None
) -> Path:
    """Fill in cells as staff would, saving to `out` (default: in place)."""
    book = load_workbook(path)
    for sheet_name, cells, first_row in (("Staff", staff, 3), ("Checklist", checklist, 2)):
        if not cells:
            continue
        sheet = book[sheet_name]
        headers = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=first_row):
            for header, value in cells.get(str(row[0].value), {}).items():
                row[headers.index(header)].value = value
    target = out or path
    book.save(target)
    return target


def run(*args: str | Path) -> Result:
    """The command, its lines and tables as wide as they need to be."""
    return CliRunner().invoke(
        main, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "300"}
    )


def one_line_error(result: Result) -> str:
    """The one line a failed command printed on stderr (exit 1, no traceback)."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]
