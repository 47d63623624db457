"""Filled-in trackers read back: the file checked before anything parses it, the layout found
from the hidden format sheet (see `tracker_format`), and each row's statuses read as values.

Safety first, since a tracker comes back from other people's machines: the file must be at
most `MAX_FILE_BYTES`, a zip package of at most `MAX_PARTS` parts unpacking to at most
`MAX_UNPACKED_BYTES` (the sizes zip headers declare bound what is unpacked: a part that
unpacks to more fails its check), and no XML part may declare a DTD (entities, external
files). openpyxl then parses with defusedxml installed. Formulas are never trusted nor
evaluated: the cells staff fill in (each person's Staff cell, the Checklist's status inputs,
dates) are read as values, and a status the tracker computes by formula (a chapter on the
Staff sheet) is derived here from those inputs, as the formula would. Any problem is one
`ManualError` naming the file: not a workbook, too large, not made by manualtui, a format
version this manualtui does not know, or edited beyond recognition (its format sheet,
sheets, columns or row keys gone).
"""

from __future__ import annotations

import json
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from ..errors import ManualError
from .columns import INPUT_FIELDS, Statuses, load_settings
from .tracker_format import (
    CHECKLIST,
    COLUMNS_HEADER,
    ENTRIES_HEADER,
    FACTS_HEADER,
    FORMAT_NAME,
    FORMAT_PROPERTY,
    FORMAT_SHEET,
    FORMAT_VERSION,
    PERSON,
    STAFF,
    sheet_fact,
)

MAX_FILE_BYTES = 50 * 2**20
MAX_UNPACKED_BYTES = 500 * 2**20
MAX_PARTS = 10_000
_PROLOG_BYTES = 65_536  # where an XML part's DTD would be
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MAX_COLUMN = 16_384  # Excel's last column, XFD
_HEADER_ROW = 1
# The Checklist columns read back: what rows are counted and grouped by, and the inputs.
_CHECKLIST_READ = frozenset({"chapter", "council", "priority", "key", *INPUT_FIELDS})


@dataclass(frozen=True)
class Layout:
    """What the format sheet says: facts by key, each sheet's columns by field (header and
    column number), and the entry ids of each row key."""

    facts: Mapping[str, object]
    columns: Mapping[str, Mapping[str, tuple[str, int]]]
    entries: Mapping[str, tuple[str, ...]]

    def sheet(self, role: str) -> str:
        return str(self.facts.get(sheet_fact(role), "") or "")

    def first_row(self, role: str) -> int:
        return _whole_number(self.facts.get(f"{role}_first_row")) or 0

    def column(self, role: str, name: str) -> int:
        """The 1-based column of `name` on the sheet of `role`; 0 when it has none."""
        return self.columns.get(role, {}).get(name, ("", 0))[1]


@dataclass(frozen=True)
class ChecklistRow:
    """One Checklist row as read: its sheet row, key ("" for a row added by hand), status
    (derived from the Staff sheet where the tracker computes it), whether its Status cell
    holds a formula, and the values of the other columns by field (formulas as blanks)."""

    number: int
    key: str
    status: str
    status_formula: bool
    values: Mapping[str, object]

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return "" if value is None else " ".join(str(value).split())

    def day(self, name: str) -> date | None:
        return as_day(self.values.get(name))


@dataclass(frozen=True)
class StaffRow:
    """One Staff sheet row: its chapter and each person's status ("" where not filled in,
    or filled with something that is not a value)."""

    number: int
    key: str
    chapter: str
    marks: Mapping[str, str]


@dataclass(frozen=True)
class Tracker:
    """A filled-in tracker as read back."""

    path: Path
    layout: Layout
    statuses: Statuses
    people: tuple[str, ...]
    checklist: tuple[ChecklistRow, ...]
    staff: tuple[StaffRow, ...]

    @property
    def grouping(self) -> str:
        return str(self.layout.facts.get("grouping", ""))

    @property
    def generated(self) -> str:
        return str(self.layout.facts.get("generated", ""))

    @cached_property
    def staff_by_key(self) -> dict[str, StaffRow]:
        return {row.key: row for row in self.staff if row.key}

    @cached_property
    def checklist_by_key(self) -> dict[str, ChecklistRow]:
        return {row.key: row for row in self.checklist if row.key}

    def is_done(self, status: str) -> bool:
        return status in self.statuses.done

    def is_settled(self, status: str) -> bool:
        """Done, or nothing to do."""
        return status in self.statuses.done or status in self.statuses.excluded


def read_tracker(path: Path) -> Tracker:
    """The tracker at `path`, checked and read; `ManualError` naming it for any problem."""
    with checked_workbook(path, read_only=True) as book:
        try:
            return _read(Path(path), book)
        except ManualError:
            raise
        except Exception as error:  # a read-only sheet is parsed only when it is reached
            raise ManualError(
                str(path), f"cannot be read as a workbook ({_reason(error)})"
            ) from None


@contextmanager
def checked_workbook(path: Path, read_only: bool) -> Iterator[Any]:
    """The workbook at `path`, opened with openpyxl once the file passed the checks (size,
    zip package, no DTD); formulas kept as text, never evaluated. Read-only opening streams
    the sheets; otherwise the workbook can be changed and saved."""
    from openpyxl import load_workbook

    shown = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - openpyxl reads it lazily until closed
    except OSError as error:
        raise ManualError(shown, f"cannot be read ({error.strerror or error})") from None
    with handle, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on parts it does not keep
        _check_package(shown, handle)
        handle.seek(0)
        try:
            book = load_workbook(handle, read_only=read_only, data_only=False, keep_links=False)
        except Exception as error:  # openpyxl raises anything on a damaged file
            raise ManualError(shown, f"cannot be read as a workbook ({_reason(error)})") from None
        try:
            yield book
        finally:
            if read_only:
                book.close()


def _check_package(shown: str, handle: IO[bytes]) -> None:
    """The file is a zip package small enough to read, in every part, with no DTD."""
    size = handle.seek(0, 2)
    if size > MAX_FILE_BYTES:
        raise ManualError(
            shown,
            f"is too large for a tracker ({_megabytes(size)}; "
            f"at most {_megabytes(MAX_FILE_BYTES)})",
        )
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as package:
            parts = package.infolist()
            if len(parts) > MAX_PARTS:
                raise ManualError(shown, f"has {len(parts):,} parts: not a tracker")
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                raise ManualError(
                    shown,
                    f"unpacks to {_megabytes(unpacked)} (at most {_megabytes(MAX_UNPACKED_BYTES)}"
                    " for a tracker)",
                )
            for part in parts:
                if part.filename.endswith((".xml", ".rels")) and _declares_dtd(package, part):
                    raise ManualError(
                        shown, f"declares XML entities in {part.filename}: refused, not a tracker"
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise ManualError(shown, "is not an Excel workbook (.xlsx)") from None
    except (zlib.error, RuntimeError) as error:  # a damaged, encrypted or exotic part
        raise ManualError(shown, f"is damaged ({_reason(error)})") from None


def _declares_dtd(package: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    with package.open(part) as stream:
        return _DTD.search(stream.read(_PROLOG_BYTES)) is not None


def _read(path: Path, book: Any) -> Tracker:
    shown = str(path)
    layout = _layout(shown, book)
    statuses = _statuses(shown, layout)
    staff_rows: tuple[StaffRow, ...] = ()
    people: tuple[str, ...] = ()
    if layout.sheet(STAFF):
        people = tuple(
            name.removeprefix(PERSON)
            for name in layout.columns.get(STAFF, {})
            if name.startswith(PERSON)
        )
        staff_rows = _staff_rows(shown, book, layout, people, statuses)
    staff_by_key = {row.key: row for row in staff_rows if row.key}
    checklist = _checklist_rows(shown, book, layout, statuses, staff_by_key)
    return Tracker(path, layout, statuses, people, checklist, staff_rows)


# -- The format sheet ------------------------------------------------------------------


def _layout(shown: str, book: Any) -> Layout:
    lines = _format_lines(shown, book)
    facts = {_text(key): value for key, value in _table(lines, FACTS_HEADER)}
    if facts.get("format") != FORMAT_NAME:
        raise _beyond_recognition(shown, f"its hidden sheet '{FORMAT_SHEET}' was changed")
    version = _whole_number(facts.get("format_version"))
    if version != FORMAT_VERSION:
        raise ManualError(
            shown,
            f"is a manualtui tracker of format version {facts.get('format_version')}; this "
            f"manualtui reads version {FORMAT_VERSION}",
        )
    columns: dict[str, dict[str, tuple[str, int]]] = {}
    for role, name, header, letter in _table(lines, COLUMNS_HEADER):
        columns.setdefault(str(role), {})[str(name)] = (
            _text(header),
            _column_number(shown, letter),
        )
    entries: dict[str, list[str]] = {}
    for key, entry in _table(lines, ENTRIES_HEADER):
        if key and entry:
            entries.setdefault(str(key), []).append(str(entry))
    layout = Layout(facts, columns, {k: tuple(v) for k, v in entries.items()})
    for role, required in ((CHECKLIST, ("chapter", "status", "key")), (STAFF, ("chapter", "key"))):
        if role == STAFF and not layout.sheet(STAFF):
            continue
        missing = [name for name in required if not layout.column(role, name)]
        if missing or not layout.sheet(role) or layout.first_row(role) < 2:
            raise _beyond_recognition(shown, f"its layout of the {role} sheet is incomplete")
    return layout


def _format_lines(shown: str, book: Any) -> list[tuple[object, ...]]:
    """The rows of the format sheet: the hidden sheet whose first facts are the format's."""
    for name in book.sheetnames:
        if not name.casefold().startswith(FORMAT_SHEET):
            continue
        lines = [tuple(row) for row in book[name].iter_rows(max_col=4, values_only=True)]
        if lines[:2] and _text_row(lines[0])[:2] == FACTS_HEADER and _text(lines[1][0]) == "format":
            return lines
    properties = {p.name: p.value for p in getattr(book, "custom_doc_props", ())}
    if properties.get(FORMAT_PROPERTY) == FORMAT_NAME:
        raise _beyond_recognition(shown, f"its hidden sheet '{FORMAT_SHEET}' is missing")
    raise ManualError(shown, "is not a manualtui tracker (it has no manualtui format marker)")


def _table(
    lines: Sequence[tuple[object, ...]], header: tuple[str, ...]
) -> list[tuple[object, ...]]:
    """The rows under `header` on the format sheet, up to the next blank row."""
    width = len(header)
    found: list[tuple[object, ...]] = []
    start = next((n for n, line in enumerate(lines) if _text_row(line)[:width] == header), None)
    if start is None:
        return found
    for line in lines[start + 1 :]:
        cells = (*line, *([None] * width))[:width]
        if all(cell is None or cell == "" for cell in cells):
            break
        found.append(cells)
    return found


def _statuses(shown: str, layout: Layout) -> Statuses:
    """The tracker's own status list (the settings it was written with); the current
    settings' for a tracker that does not record them."""
    recorded = layout.facts.get("statuses")
    if recorded is None:
        return load_settings().statuses
    try:
        data = json.loads(str(recorded))
        values = tuple(str(v) for v in data["values"])
        statuses = Statuses(
            values,
            str(data["initial"]),
            tuple(str(v) for v in data["done"]),
            tuple(str(v) for v in data["excluded"]),
        )
    except (ValueError, TypeError, KeyError):
        raise _beyond_recognition(shown, "its list of statuses is damaged") from None
    chosen = {statuses.initial, *statuses.done, *statuses.excluded}
    if not values or not chosen <= set(values):
        raise _beyond_recognition(shown, "its list of statuses is damaged")
    return statuses


# -- The sheets ------------------------------------------------------------------------


def _sheet(shown: str, book: Any, layout: Layout, role: str) -> Any:
    name = layout.sheet(role)
    if name not in book.sheetnames:
        raise _beyond_recognition(shown, f"its sheet '{name}' is missing")
    return book[name]


def _rows(
    shown: str, book: Any, layout: Layout, role: str, names: Sequence[str]
) -> Iterator[tuple[int, dict[str, object]]]:
    """The sheet's data rows that name a chapter or carry a key, each as (row number,
    values by name), after checking that each column still has the header it was given."""
    sheet = _sheet(shown, book, layout, role)
    columns = {name: layout.column(role, name) for name in names if layout.column(role, name)}
    last = max(columns.values())
    rows = sheet.iter_rows(min_row=_HEADER_ROW, max_col=last, values_only=True)
    header = next(rows, ())
    header = (*header, *([None] * last))[:last]
    for name, number in columns.items():
        written = layout.columns[role][name][0]
        if _text(header[number - 1]) != written:
            raise _beyond_recognition(
                shown,
                f"column {_letter(number)} of '{layout.sheet(role)}' is headed "
                f"'{_text(header[number - 1])}', not '{written}' (columns were moved or removed)",
            )
    first = layout.first_row(role)
    for number, row in enumerate(rows, _HEADER_ROW + 1):
        if number < first:
            continue
        cells = (*row, *([None] * last))[:last]
        values = {name: cells[column - 1] for name, column in columns.items()}
        if _text(values.get("chapter")) or _text(values.get("key")):
            yield number, values


def _staff_rows(
    shown: str, book: Any, layout: Layout, people: Sequence[str], statuses: Statuses
) -> tuple[StaffRow, ...]:
    names = ["chapter", "key", *[PERSON + p for p in people]]
    rows = tuple(
        StaffRow(
            number,
            _text(values["key"]),
            _text(values["chapter"]),
            {p: _status_value(values.get(PERSON + p), statuses) for p in people},
        )
        for number, values in _rows(shown, book, layout, STAFF, names)
    )
    _check_keys(shown, layout.sheet(STAFF), [(r.number, r.key) for r in rows])
    return rows


def _checklist_rows(
    shown: str,
    book: Any,
    layout: Layout,
    statuses: Statuses,
    staff_by_key: Mapping[str, StaffRow],
) -> tuple[ChecklistRow, ...]:
    names = [name for name in layout.columns[CHECKLIST] if name in _CHECKLIST_READ]
    rows: list[ChecklistRow] = []
    for number, values in _rows(shown, book, layout, CHECKLIST, names):
        key = _text(values["key"])
        cell = values["status"]
        formula = _is_formula(cell)
        if formula:
            on_staff = staff_by_key.get(key)
            status = (
                statuses.overall(list(on_staff.marks.values())) if on_staff else statuses.initial
            )
        else:
            status = _status_value(cell, statuses) or statuses.initial
        shown_values = {name: None if _is_formula(v) else v for name, v in values.items()}
        rows.append(ChecklistRow(number, key, status, formula, shown_values))
    _check_keys(shown, layout.sheet(CHECKLIST), [(r.number, r.key) for r in rows])
    return tuple(rows)


def _check_keys(shown: str, sheet: str, keys: Sequence[tuple[int, str]]) -> None:
    """Rows added by hand have no key, but a tracker whose keys are all gone, or repeated,
    can no longer be matched to what it was written for."""
    if keys and not any(key for _, key in keys):
        raise _beyond_recognition(shown, f"the row keys of '{sheet}' are missing")
    seen: dict[str, int] = {}
    for number, key in keys:
        if key and key in seen:
            raise _beyond_recognition(
                shown, f"rows {seen[key]} and {number} of '{sheet}' have the same row key"
            )
        seen[key] = number


# -- Values ----------------------------------------------------------------------------


def _status_value(value: object, statuses: Statuses) -> str:
    """A status as written, in the tracker's own spelling ("read" is Read); "" for a blank
    or a formula; other text as it is."""
    if value is None or _is_formula(value):
        return ""
    text = " ".join(str(value).split())
    known = {s.casefold(): s for s in statuses.values}
    return known.get(text.casefold(), text)


def as_day(value: object) -> date | None:
    """A date cell's day; a date typed as text (2027-03-31); None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _text_row(row: Sequence[object]) -> tuple[str, ...]:
    return tuple(_text(cell) for cell in row)


def _whole_number(value: object) -> int | None:
    """An integer fact, written as a number (1, or 1.0 after LibreOffice) or as text."""
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _column_number(shown: str, letter: object) -> int:
    from openpyxl.utils import column_index_from_string

    try:
        number = int(column_index_from_string(_text(letter)))
    except ValueError:
        raise _beyond_recognition(shown, f"its layout names a column '{_text(letter)}'") from None
    if not 1 <= number <= _MAX_COLUMN:
        raise _beyond_recognition(shown, f"its layout names a column '{_text(letter)}'")
    return number


def _letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(number))


def _beyond_recognition(shown: str, what: str) -> ManualError:
    return ManualError(shown, f"is a manualtui tracker edited beyond recognition: {what}")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
