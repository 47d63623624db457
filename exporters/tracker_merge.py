"""Staff copies of one tracker combined into one: each person's statuses, and the Checklist's
inputs, from whichever copy filled them in, with the disagreements listed.

The copies must be of the same tracker (the same rows by key, the same staff). The first
copy is the base: its workbook is opened, the combined inputs written into its cells and
saved as a new file, so the sheets, formulas, drop-downs and protection stay as manualtui
wrote them.

- A status (a person's Staff cell, or the Checklist's Status where it is not the Staff
  sheet's formula) is filled in when it holds a status other than the initial Pending; the
  first copy (in the order given) that filled it in wins, and two copies that filled it in
  differently are a conflict.
- The other inputs (Assigned to, Due date, Date read, Exemption reason, Notes) are the first
  copy's, taken from the first later copy that has one where the first copy's is blank.
Formulas typed into input cells are never carried over.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..errors import ManualError
from .atomic import check_target, write_atomically
from .columns import INPUT_FIELDS
from .tracker_format import CHECKLIST, PERSON, STAFF
from .tracker_read import Tracker, as_day, checked_workbook, read_tracker

Value = str | date | None


@dataclass(frozen=True)
class Conflict:
    """One cell two copies filled in differently: its row, the person (for a Staff cell)
    or the column's header, each copy's value and the one kept."""

    key: str
    chapter: str
    person: str
    column: str
    values: tuple[tuple[str, str], ...]
    kept: str


@dataclass(frozen=True)
class Merged:
    """What a merge wrote: the file, the copies, how many cells each copy after the first
    filled in, the conflicts, and the rows added by hand to later copies (not merged)."""

    path: Path
    copies: tuple[Path, ...]
    filled: tuple[int, ...]
    conflicts: tuple[Conflict, ...]
    rows_not_merged: int


@dataclass(frozen=True)
class _Cell:
    """An input cell, found by row key in every copy: the sheet, the key, the field (a
    person's is "person:<name>"), and its row and column in the first copy."""

    role: str
    key: str
    name: str
    row: int
    column: int


def merge_trackers(paths: Sequence[Path], output: Path, force: bool = False) -> Merged:
    """Combine the copies at `paths` into a new tracker at `output` (replaced only with
    `force`); `ManualError` for a copy that cannot be read or is of another tracker."""
    target = check_target(output, force)
    copies = [read_tracker(path) for path in paths]
    first = copies[0]
    for other in copies[1:]:
        _check_same_tracker(first, other)
    writes: list[tuple[_Cell, Value]] = []
    conflicts: list[Conflict] = []
    filled = [0] * len(copies)
    for cell in _input_cells(first):
        values = [_value(copy, cell) for copy in copies]
        given = [(n, v) for n, v in enumerate(values) if _filled_in(first, cell, v)]
        kept = given[0][1] if given else values[0]
        if given and kept != values[0]:
            filled[given[0][0]] += 1
        if _is_status(cell) and len({v for _, v in given}) > 1:
            conflicts.append(_conflict(copies, cell, given, kept))
        writes.append((cell, kept))
    _write(first, writes, target, force)
    return Merged(
        target,
        tuple(copy.path for copy in copies),
        tuple(filled[1:]),
        tuple(conflicts),
        sum(1 for copy in copies[1:] for row in copy.checklist if not row.key),
    )


def _check_same_tracker(first: Tracker, other: Tracker) -> None:
    name = first.path.name
    if other.people != first.people:
        raise ManualError(
            str(other.path),
            f"is not a copy of the same tracker as {name}: its staff are "
            f"{', '.join(other.people) or 'none'}, not {', '.join(first.people) or 'none'}",
        )
    for sheet, mine, theirs in (
        ("Checklist", first.checklist_by_key, other.checklist_by_key),
        ("Staff", first.staff_by_key, other.staff_by_key),
    ):
        if set(mine) != set(theirs):
            differ = len(set(mine) ^ set(theirs))
            raise ManualError(
                str(other.path),
                f"is not a copy of the same tracker as {name}: {differ} rows of its {sheet} "
                "sheet are not in both",
            )


def _input_cells(first: Tracker) -> Iterator[_Cell]:
    """Every input cell of the first copy's keyed rows, but a Status the Staff sheet sets."""
    layout = first.layout
    names = [n for n in layout.columns[CHECKLIST] if n in INPUT_FIELDS]
    for row in first.checklist:
        for name in names:
            computed = name == "status" and row.status_formula and row.key in first.staff_by_key
            if row.key and not computed:
                yield _Cell(CHECKLIST, row.key, name, row.number, layout.column(CHECKLIST, name))
    for staff_row in first.staff:
        for person in first.people:
            column = layout.column(STAFF, PERSON + person)
            if staff_row.key:
                yield _Cell(STAFF, staff_row.key, PERSON + person, staff_row.number, column)


def _value(copy: Tracker, cell: _Cell) -> Value:
    """The cell's value in `copy`: a status, a day for a date column, else its text; None
    when blank (or a formula)."""
    if cell.role == STAFF:
        return copy.staff_by_key[cell.key].marks[cell.name.removeprefix(PERSON)] or None
    row = copy.checklist_by_key[cell.key]
    if cell.name == "status":
        return None if row.status_formula else row.status
    raw = row.values.get(cell.name)
    if cell.name in ("due", "read_on") and as_day(raw) is not None:
        return as_day(raw)
    return str(raw) if row.text(cell.name) else None


def _is_status(cell: _Cell) -> bool:
    return cell.role == STAFF or cell.name == "status"


def _filled_in(first: Tracker, cell: _Cell, value: Value) -> bool:
    if cell.role == CHECKLIST and cell.name == "status":
        return value is not None and value != first.statuses.initial
    return value is not None


def _conflict(
    copies: Sequence[Tracker], cell: _Cell, given: Sequence[tuple[int, Value]], kept: Value
) -> Conflict:
    first = copies[0]
    if cell.role == STAFF:
        chapter = first.staff_by_key[cell.key].chapter
        person, column = cell.name.removeprefix(PERSON), ""
    else:
        chapter = first.checklist_by_key[cell.key].text("chapter")
        person, column = "", first.layout.columns[CHECKLIST][cell.name][0]
    return Conflict(
        cell.key,
        chapter,
        person,
        column,
        tuple((copies[n].path.name, _shown(v)) for n, v in given),
        _shown(kept),
    )


def _shown(value: Value) -> str:
    return value.isoformat() if isinstance(value, date) else value or ""


def _same(current: object, value: Value) -> bool:
    if isinstance(current, datetime):
        current = current.date()
    return current == value or (value is None and current == "")


def _write(
    first: Tracker, writes: Sequence[tuple[_Cell, Value]], target: Path, force: bool
) -> None:
    """Open the first copy, put the combined values into its input cells, save as `target`."""
    with checked_workbook(first.path, read_only=False) as book:
        sheets = {
            role: book[first.layout.sheet(role)]
            for role in (CHECKLIST, STAFF)
            if first.layout.sheet(role)
        }
        for cell, value in writes:
            target_cell = sheets[cell.role].cell(row=cell.row, column=cell.column)
            if not _same(target_cell.value, value):
                target_cell.value = value
                if isinstance(value, date) and target_cell.number_format == "General":
                    target_cell.number_format = "d mmm yyyy"
        write_atomically(target, book.save, force=force)
