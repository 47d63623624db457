"""The Excel re-read tracker: Checklist, Staff, Summary and About sheets, and two hidden ones.

- Checklist: one row per chapter to act on (or per entry), as an Excel table with filter
  buttons. The chapter column and the header row stay in view (frozen panes); Status,
  Assigned to, Due date and Date read sit next to the chapter, then the priority, what to
  read (whole chapter, the sections named, or why nothing) and why (which change set the
  priority). Read and signed-off rows are shaded, overdue ones highlighted. The key columns
  make the print area: A4 landscape, fitted to the width, header row on every page. A
  chapter title inferred for an entry whose page lost it says "(title inferred)", and the
  row's Notes give the evidence. With `--by entry`, changes a later one replaces start as
  Superseded.
- Staff (when staff are named): the chapters to read x people, each cell a status
  drop-down, with % done per person (above the grid) and per chapter, and each chapter's
  overall status. That overall status is what the Checklist's Status shows for those
  chapters: one place to fill in, no two answers.
- Summary: rows, done, nothing to do, % done and overdue, by priority, by council (when
  there are several) and by status, and % done per person, as formulas over whole columns,
  so rows added by hand are counted too.
- About: sources, selection, author, when, the format, and how to use the tracker.
- Lists (hidden): the drop-down values, so no validation list is written inline.
- manualtui (hidden): the format marker and layout a later `manualtui tracker` command
  reads back: format name and version, grouping, sheet names, and each column's field,
  header and letter. Every row also carries a hidden, stable Row key.

Cells holding formulas or the manual's text are protected (sheet protection without a
password); only the columns staff fill in are unlocked.

The workbook is always written in openpyxl's write-only (streaming) mode: memory stays flat
for 100,000-row trackers, and everything the tracker needs (tables, validations,
conditional formats, hyperlinks, print set-up, protection) is available there. Each kind of
cell style is built once and copied, which keeps styled writing close to plain writing.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..library.progress import Progress as ReadingProgress
from ..model import Priority, Release
from ..wording import day_text, month_label, short_council
from .columns import INPUT_FIELDS, Column, Settings, Statuses, load_settings
from .rows import (
    KEY_SEPARATOR,
    Row,
    chapter_rows,
    entry_rows,
    inference_text,
    release_date,
    sections_text,
)
from .text import (
    cell_text,
    clean,
    is_formula_like,
    sheet_title,
    table_name,
    unique_names,
    web_link,
)
from .tracker_format import (
    CHECKLIST,
    CHECKLIST_FIRST_ROW,
    COLUMNS_HEADER,
    ENTRIES_HEADER,
    FACTS_HEADER,
    FORMAT_NAME,
    FORMAT_PROPERTY,
    FORMAT_SHEET,
    FORMAT_VERSION,
    FORMAT_VERSION_PROPERTY,
    PERSON,
    ROLES,
    STAFF,
    STAFF_FIRST_ROW,
    person_field,
    sheet_fact,
)

if TYPE_CHECKING:
    from . import ExportRequest

Progress = Callable[[float], None]
ALL_STAFF = "All staff"
LAST_ROW = 1_048_576  # formulas, drop-downs and shading reach rows added by hand
_BATCH = 500  # Checklist rows made at a time, then written; progress is told per batch
_ERROR_CODES = frozenset(ERROR_CODES)
_LINE_HEIGHT = 15.0
_MAX_LINES = 27  # 27 lines of 15 points: about the tallest row Excel allows (409 points)
_TABLE_STYLE = "TableStyleMedium2"
_WRAPPED = Alignment(vertical="top", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_FONT = "Calibri"  # the workbook's default font (LibreOffice uses metric-compatible Carlito)
_HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
_SHADE_DONE = PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE")
_SHADE_READ = PatternFill("solid", start_color="E2EFDA", end_color="E2EFDA")
_SHADE_OVERDUE = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
_SHADE_NOT_TO_DO = Font(color="808080")
_BAND = PatternFill("solid", start_color="EEF3F8", end_color="EEF3F8")
# The widest sheet (in character widths) printed on A4 portrait: it prints at >= 9 pt.
_PORTRAIT_WIDTH = 115


def write_tracker(request: ExportRequest, path: Path, progress: Progress) -> None:
    """Write the tracker workbook for `request` to `path`."""
    settings = load_settings()
    rows = chapter_rows(request.items) if request.by == "chapter" else entry_rows(request.items)
    staff = distinct_names(request.staff)
    to_read = [row for row in rows if row.to_read] if staff else []
    councils = tuple(dict.fromkeys(row.council for row in rows))
    book = Workbook(write_only=True)
    _wrap_by_default(book)
    _set_properties(book, request)
    names = _sheet_names(settings, bool(to_read))
    lists = _Lists(names["lists"], settings, staff)
    heading = _print_heading(request, councils)
    people = _staff_layout(names["staff"], staff, councils, len(to_read)) if to_read else None
    checklist = _write_checklist(
        book, names["checklist"], rows, request, settings, lists, people, heading, progress
    )
    if people is not None:
        _write_staff(book, people, to_read, settings, lists, heading, request.prefill)
    _write_summary(book, names["summary"], checklist, people, settings, councils)
    _write_about(book, names["about"], request, len(rows))
    _write_lists(book, lists)
    _write_format(book, request, names, checklist, people, rows, settings)
    progress(0.95)
    book.save(path)


def distinct_names(names: Sequence[str]) -> tuple[str, ...]:
    """Staff names cleaned, blanks and repeats (in any letter case) dropped."""
    kept: dict[str, str] = {}
    for name in names:
        cleaned = " ".join(clean(name).split())
        if cleaned:
            kept.setdefault(cleaned.casefold(), cleaned)
    return tuple(kept.values())


def _sheet_names(settings: Settings, with_staff: bool) -> dict[str, str]:
    roles = list(ROLES)
    if not with_staff:
        roles.remove("staff")
    names: dict[str, str] = {}
    for role in roles:
        names[role] = sheet_title(settings.sheets.get(role, role.title()), names.values())
    return names


def _set_properties(book: Workbook, request: ExportRequest) -> None:
    """Title, subject, author and dates of the file; the format marker as custom
    properties too."""
    now = datetime.now(UTC).replace(tzinfo=None)
    properties = book.properties
    properties.title = clean(f"Re-read tracker: {request.selection.describe()}")
    properties.subject = "Procedures manual changes to read"
    properties.creator = clean(request.author) or None
    properties.lastModifiedBy = properties.creator
    properties.keywords = f"{FORMAT_NAME}; format {FORMAT_VERSION}"
    properties.description = f"Written by manualtui {__version__}"
    properties.created = properties.modified = now
    book.custom_doc_props.append(StringProperty(name=FORMAT_PROPERTY, value=FORMAT_NAME))
    book.custom_doc_props.append(IntProperty(name=FORMAT_VERSION_PROPERTY, value=FORMAT_VERSION))


def _print_heading(request: ExportRequest, councils: Sequence[str]) -> str:
    """What each printed page's header says: "Re-read tracker · Luton · Mar 2019 – Dec 2023"."""
    releases = sorted((item.release for item in request.items), key=lambda r: r.ordinal)
    first, last = month_label(releases[0]), month_label(releases[-1])
    period = first if first == last else f"{first} – {last}"
    names = " and ".join(short_council(c) for c in councils)
    return f"Re-read tracker · {names} · {period}"


# -- Cells and sheets ------------------------------------------------------------------


# A row's value: plain text (shown in the default, wrapped format), a styled cell, or none.
Value: TypeAlias = "Cell | str | None"
# How a Checklist column's value is made from a row and the number of the sheet row it fills.
_Maker: TypeAlias = "Callable[[Row, int], Value]"


def _wrap_by_default(book: Workbook) -> None:
    """Make the workbook's default cell format wrap text at the top of the cell.

    Most tracker cells are plain text. Written as raw values they need no cell object and
    no style of their own, which keeps a 100,000-row tracker near the speed of plain
    write-only writing. openpyxl has no public setting for the default format, so it is
    set here, before any cell is made, in both places readers take it from: the first
    cell format (Excel, openpyxl) and the "Normal" cell style (LibreOffice). Tests check
    both a reload and LibreOffice's rendering.
    """
    default = StyleArray()
    default.alignmentId = book._alignments.add(_WRAPPED)
    book._cell_styles = IndexedList([default])


class _Sheet:
    """A write-only sheet with its column widths, styled cells and a row counter.

    Widths, hidden and unlocked columns, frozen panes and print set-up are set on creation
    because write-only mode writes them before the first row. Each style's cell template is
    built once; a styled cell copies its style array, much cheaper than assigning fonts and
    alignments. Row heights follow the wrapped text of the `measured` columns (the printed
    ones), so a printout has no rows made tall by text it does not show.
    """

    def __init__(
        self,
        book: Workbook,
        name: str,
        widths: Sequence[float],
        *,
        freeze: str = "",
        orientation: str = "landscape",
        unlocked: Sequence[int] = (),
        hidden: Sequence[int] = (),
        measured: int = 0,
    ) -> None:
        self.name = name
        self.widths = list(widths)
        self.measured = [
            i for i in range(measured or len(widths)) if i + 1 not in hidden
        ]  # 0-based
        self.ws = book.create_sheet(name)
        self.rows_written = 0
        self._heights: dict[int, RowDimension] = {}
        for number, width in enumerate(widths, 1):
            column = self.ws.column_dimensions[get_column_letter(number)]
            column.width = width
            # LibreOffice formats style-less cells by their column's style, which must not
            # be the default format (openpyxl omits that): hence the explicit font.
            column.font = Font(name=_FONT)
            column.alignment = _WRAPPED
            column.hidden = number in hidden
            if number in unlocked:
                column.protection = _UNLOCKED
        if freeze:
            self.ws.freeze_panes = freeze
        _set_print_layout(self.ws, orientation)
        top = Alignment(vertical="top", wrap_text=True)
        self._templates: dict[str, Cell] = {}
        self._style("text", alignment=top)
        self._style("quoted", alignment=top, quotePrefix=True)
        self._style("input", alignment=top, protection=_UNLOCKED)
        self._style("input_quoted", alignment=top, quotePrefix=True, protection=_UNLOCKED)
        self._style("input_day", alignment=top, number_format="d mmm yyyy", protection=_UNLOCKED)
        self._style(
            "header",
            font=Font(name=_FONT, bold=True, color="FFFFFF"),
            fill=_HEADER_FILL,
            alignment=Alignment(vertical="center", wrap_text=True),
        )
        self._style("month", alignment=top, number_format="mmm yyyy")
        self._style(
            "link", alignment=top, font=Font(name=_FONT, color="0563C1", underline="single")
        )
        centred = Alignment(vertical="top", horizontal="center")
        self._style("percent", alignment=centred, number_format="0%")
        self._style("figure", alignment=centred)
        self._style("note", alignment=Alignment(vertical="top", wrap_text=False))
        self._style(
            "percent_label", font=Font(name=_FONT, bold=True), alignment=centred, number_format="0%"
        )
        self._style("title", font=Font(name=_FONT, bold=True, size=14, color="1F4E78"))
        self._style("label", font=Font(name=_FONT, bold=True), alignment=top)

    def _style(self, name: str, **style: Any) -> None:
        template = Cell(self.ws, row=1, column=1)
        for attribute, value in style.items():
            setattr(template, attribute, value)
        self._templates[name] = template

    def cell(self, value: object, style: str = "text") -> Cell:
        made = Cell(self.ws, row=1, column=1)
        made._style = copy(self._templates[style]._style)
        made.value = value
        return made

    def text(self, value: str, style: str = "") -> Value:
        """Text that stays text, never a formula or error code, whatever it says.

        Without a `style`, safe text is returned as it is, for the default format.
        """
        fitted, quoted = _fitted(value)
        if not fitted:
            return None
        if quoted:
            made = self.cell(fitted, "input_quoted" if style == "input" else "quoted")
        elif style:
            made = self.cell(fitted, style)
        else:
            return fitted
        made.data_type = "s"
        return made

    def link(self, url: str) -> Value:
        """The URL as a hyperlink when it is a web address, else as plain text."""
        if not url:
            return None
        address = web_link(url)
        if not address:
            return self.text(url)
        made = self.cell(cell_text(address), "link")
        made.data_type = "s"
        made.hyperlink = cell_text(address)
        return made

    def add(self, values: Sequence[Value]) -> int:
        """Append a row tall enough for the wrapped text of its measured columns (hidden
        ones are not measured); return its row number. Spreadsheets do not fit row heights
        to wrapped text when they open a file."""
        number = self.rows_written + 1
        lines = 1
        for i in self.measured:
            text = _shown_text(values[i]) if i < len(values) else ""
            if text:
                lines = max(lines, _wrapped_lines(text, self.widths[i]))
        dimensions = self.ws.row_dimensions
        if lines > 1:
            dimensions[number] = self._height(min(lines, _MAX_LINES))
        self.ws.append(values)
        if lines > 1:
            del dimensions[number]  # written; keep memory flat
        self.rows_written = number
        return number

    def _height(self, lines: int) -> RowDimension:
        """The dimension of a row `lines` tall: one per height, shared by every row that
        tall (a row's number is not part of what its dimension writes)."""
        found = self._heights.get(lines)
        if found is None:
            found = self._heights[lines] = RowDimension(self.ws, ht=lines * _LINE_HEIGHT + 3)
        return found

    def note(self, text: str) -> int:
        """A row of one line of text that runs on across the empty cells beside it."""
        self.ws.append([self.text(text, "note")])
        self.rows_written += 1
        return self.rows_written

    def headers(self, texts: Sequence[str]) -> int:
        return self.add([self.text(t, "header") for t in texts])

    def blank(self) -> int:
        return self.add([])

    def protect(self) -> None:
        """Protect the sheet without a password: locked cells (formulas and the manual's
        text) refuse typing; unlocked ones, filters and column widths stay usable."""
        protection = self.ws.protection
        protection.sheet = True
        protection.autoFilter = False
        protection.sort = False
        protection.formatColumns = False
        protection.formatRows = False


def _shown_text(value: Value) -> str:
    """The text a value shows, if it is text (not a number, date or formula)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Cell) and value.data_type == "s":
        return str(value.value)
    return ""


@lru_cache(maxsize=1 << 14)
def _fitted(value: str) -> tuple[str, bool]:
    """A text as a cell holds it, and whether it must be quoted to stay text (a formula or
    an error code otherwise): once per distinct text (trackers repeat labels and details)."""
    fitted = cell_text(value)
    return fitted, is_formula_like(fitted) or fitted in _ERROR_CODES


@lru_cache(maxsize=1 << 14)
def _wrapped_lines(text: str, width: float) -> int:
    """Lines `text` wraps to in a column `width` characters wide (prose runs narrower than
    the digit "0" the width is measured in)."""
    per_line = max(int(width * 1.15) - 1, 1)
    return sum(max(1, -(-len(paragraph) // per_line)) for paragraph in text.split("\n"))


@dataclass(frozen=True)
class _Lists:
    """The hidden sheet's drop-down values: statuses in column A, assignees in column B."""

    sheet: str
    settings: Settings
    staff: tuple[str, ...]

    @property
    def assignees(self) -> tuple[str, ...]:
        return (*self.staff, ALL_STAFF) if self.staff else ()

    def status_range(self) -> str:
        return _absolute_range(self.sheet, "A", 2, len(self.settings.statuses.values) + 1)

    def assignee_range(self) -> str:
        return _absolute_range(self.sheet, "B", 2, len(self.assignees) + 1)


@dataclass(frozen=True)
class _Placed:
    """Where a sheet's data landed: sheet name, column letters and headers by field (or by
    person), the first and last row written."""

    sheet: str
    letters: dict[str, str]
    headers: dict[str, str]
    first_row: int
    last_row: int

    def to_end(self, field: str) -> str:
        """The field's column from the first data row to the sheet's last row."""
        return _absolute_range(self.sheet, self.letters[field], self.first_row, LAST_ROW)

    def whole(self, field: str) -> str:
        letter = self.letters[field]
        return f"{quote_sheetname(self.sheet)}!${letter}:${letter}"


def _absolute_range(sheet: str, column: str, first: int, last: int) -> str:
    return f"{quote_sheetname(sheet)}!${column}${first}:${column}${last}"


# -- Checklist -------------------------------------------------------------------------


def _write_checklist(
    book: Workbook,
    name: str,
    rows: Sequence[Row],
    request: ExportRequest,
    settings: Settings,
    lists: _Lists,
    people: _Placed | None,
    heading: str,
    progress: Progress,
) -> _Placed:
    columns = settings.checklist_columns(request.by, people is not None)
    fields = [c.field for c in columns]
    letters = {c.field: get_column_letter(i) for i, c in enumerate(columns, 1)}
    councils = {row.council for row in rows}
    printed = sum(c.printed for c in columns)
    sheet = _Sheet(
        book,
        name,
        [c.width for c in columns],
        freeze=f"{get_column_letter(fields.index('chapter') + 2)}2",
        unlocked=[i for i, c in enumerate(columns, 1) if c.field in INPUT_FIELDS],
        hidden=[
            i
            for i, c in enumerate(columns, 1)
            if c.hidden or (c.field == "council" and len(councils) == 1)
        ],
        measured=printed,
    )
    sheet.ws.oddHeader.left.text = _header_text(heading)
    sheet.headers([c.header for c in columns])
    makers = [
        _checklist_maker(c, sheet, settings, request, lists, people, letters) for c in columns
    ]
    for start in range(0, len(rows), _BATCH):
        # A batch of rows is made a column at a time, then written: measurably faster (a
        # tenth, at 10,000 rows) than running every maker, then openpyxl's writer, per row.
        batch = list(enumerate(rows[start : start + _BATCH], sheet.rows_written + 1))
        made = [[make(row, number) for number, row in batch] for make in makers]
        for values in zip(*made, strict=True):
            sheet.add(values)
        done = start + len(batch)
        if done % _BATCH == 0:
            progress(0.9 * done / len(rows))
    last_row = sheet.rows_written
    last_column = get_column_letter(len(columns))
    _add_table(book, sheet, f"A1:{last_column}{last_row}", [c.header for c in columns], "Checklist")
    status = letters["status"]
    _add_status_validation(sheet, f"{status}2:{status}{LAST_ROW}", lists)
    if lists.assignees and "assigned" in letters:
        assigned = letters["assigned"]
        _add_assignee_validation(sheet, f"{assigned}2:{assigned}{LAST_ROW}", lists)
    _add_row_highlights(sheet, f"A2:{last_column}{LAST_ROW}", letters, settings)
    if printed:
        sheet.ws.print_area = f"A1:{get_column_letter(printed)}{last_row}"
    sheet.protect()
    return _Placed(
        name, letters, {c.field: c.header for c in columns}, CHECKLIST_FIRST_ROW, last_row
    )


def _header_text(text: str) -> str:
    """Text for a printed page header ("&" starts a header code in spreadsheets)."""
    return clean(text).replace("&", "&&")


def _checklist_maker(
    column: Column,
    sheet: _Sheet,
    settings: Settings,
    request: ExportRequest,
    lists: _Lists,
    people: _Placed | None,
    letters: dict[str, str],
) -> _Maker:
    """How to make this column's value from a row and the number of the sheet row it fills.

    The columns staff fill in are unlocked; Date read and Exemption start empty (a date
    typed into Date read is formatted as a date by the spreadsheet itself). Status starts
    as the first status, or Superseded for a change a later one replaces; for a chapter on
    the Staff sheet it is that sheet's overall status, by formula. Without staff, a row
    the reading progress to pre-fill shows done starts with that status and day. Notes give
    the evidence for any chapter title that was inferred.
    """
    field = column.field
    statuses = settings.statuses
    assignee = sheet.text(_default_assignee(lists.staff), "input")
    initial = sheet.text(statuses.initial, "input")
    superseded = sheet.text(_superseded_status(settings), "input")
    due = request.due
    marks = {} if request.staff else next(iter(request.prefill.values()), {})

    def from_staff(number: int, staff_field: str, fallback: str, style: str) -> Value:
        """The Staff sheet's `staff_field` for sheet row `number`, found by the row's key
        (so that sorting either sheet keeps the answer right)."""
        assert people is not None
        own_key = f"${letters['key']}{number}"
        return sheet.cell(
            f"=IFERROR(INDEX({people.whole(staff_field)},MATCH({own_key},"
            f"{people.whole('key')},0)),{fallback})",
            style,
        )

    def status(row: Row, number: int) -> Value:
        if people is not None and row.to_read:
            return from_staff(number, "status", _quoted(statuses.initial), "text")
        found = prefilled(row, marks, statuses)
        if found is not None:
            return sheet.text(found.status, "input")
        return superseded if row.replaced_by is not None else initial

    months: dict[str, Value] = {}

    def month_cell(release: Release) -> Value:
        # One cell per release month, written wherever a row shows it (a streamed cell is
        # written as soon as it is appended, so it can be appended again).
        if release.key not in months:
            months[release.key] = sheet.cell(release_date(release), "month")
        return months[release.key]

    def read_on(row: Row, _: int) -> Value:
        found = prefilled(row, marks, statuses)
        return None if found is None else sheet.cell(found.on, "input_day")

    makers: dict[str, _Maker] = {
        "status": status,
        "staff_done": lambda row, number: (
            from_staff(number, "done", '""', "percent")
            if people is not None and row.to_read
            else None
        ),
        "release": lambda row, _: month_cell(row.release),
        "link": lambda row, _: sheet.link(row.link),
        "assigned": lambda row, _: assignee if not lists.staff or row.to_read else None,
        "due": lambda row, _: sheet.cell(due, "input_day") if due and row.to_read else None,
        "read_on": read_on,
        "exemption": lambda row, _: None,
        "notes": lambda row, _: sheet.text(inference_text(row.shown), "input"),
    }
    if field in makers:
        return makers[field]
    text = _row_text(field, settings)
    return lambda row, _: sheet.text(text(row))


def prefilled(
    row: Row, marks: Mapping[str, ReadingProgress], statuses: Statuses
) -> ReadingProgress | None:
    """The status a row starts with from reading progress (`marks` by entry id): done
    when every entry it stands for is marked done, with the least advanced of their
    statuses and the latest day; None otherwise, and for a change a later one replaces."""
    if not marks or row.replaced_by is not None:
        return None
    found = [marks.get(item.id) for item in row.shown]
    done = [mark for mark in found if mark is not None and mark.status in statuses.done]
    if len(done) < len(found):
        return None
    return ReadingProgress(statuses.least_done(m.status for m in done), max(m.on for m in done))


def _superseded_status(settings: Settings) -> str:
    """The status of a change a later one replaces: "Superseded" if the list has it, else
    the first status counted as nothing to do."""
    statuses = settings.statuses
    if "Superseded" in statuses.values:
        return "Superseded"
    return statuses.excluded[0] if statuses.excluded else statuses.initial


def _row_text(field: str, settings: Settings) -> Callable[[Row], str]:
    """The text of a row's descriptive column."""
    texts: dict[str, Callable[[Row], str]] = {
        "council": lambda row: row.council,
        "kind": lambda row: settings.kinds[row.kind],
        "chapter": lambda row: row.title,
        "priority": lambda row: settings.priorities[row.priority],
        "what": lambda row: row.what_to_read,
        "why": lambda row: row.why,
        "sections": lambda row: sections_text(row.sections),
        "drivers": lambda row: "; ".join(row.drivers),
        "details": lambda row: row.latest.entry.details_text,
        "earlier": lambda row: earlier_text(row, settings),
        "source": lambda row: (
            f"{Path(row.latest.manual.source).name}:{row.latest.entry.first_line}"
        ),
        "key": lambda row: row.key,
    }
    return texts[field]


def earlier_text(row: Row, settings: Settings) -> str:
    """The changes a chapter row's latest change supersedes, newest first, each in full."""
    return "\n".join(
        f"{month_label(item.release)} ({settings.kinds[item.entry.kind].lower()}): "
        + " ".join(item.entry.details)
        for item in row.earlier
    )


def _default_assignee(staff: tuple[str, ...]) -> str:
    if len(staff) == 1:
        return staff[0]
    return ALL_STAFF if staff else ""


def _add_row_highlights(
    sheet: _Sheet, ref: str, letters: dict[str, str], settings: Settings
) -> None:
    """Done rows shaded (read lighter), not-to-do rows greyed, overdue rows highlighted,
    the rest banded."""
    status = f"${letters['status']}2"
    statuses = settings.statuses
    rules: list[FormulaRule] = []
    beyond_read = [s for s in statuses.done if s != "Read"]
    if beyond_read:
        rules.append(
            FormulaRule(formula=[_any_of(status, beyond_read)], fill=_SHADE_DONE, stopIfTrue=True)
        )
    if "Read" in statuses.done:
        rules.append(
            FormulaRule(formula=[f"{status}={_quoted('Read')}"], fill=_SHADE_READ, stopIfTrue=True)
        )
    if statuses.excluded:
        rules.append(
            FormulaRule(
                formula=[_any_of(status, statuses.excluded)], font=_SHADE_NOT_TO_DO, stopIfTrue=True
            )
        )
    if "due" in letters:
        due = f"${letters['due']}2"
        rules.append(
            FormulaRule(
                formula=[f"AND(ISNUMBER({due}),{due}<TODAY())"],
                fill=_SHADE_OVERDUE,
                font=Font(color="9C0006"),
                stopIfTrue=True,
            )
        )
    # Bands for readers that do not draw table styles (LibreOffice, printouts); rows
    # added by hand are banded as soon as they name a chapter.
    chapter = f"${letters['chapter']}2"
    rules.append(FormulaRule(formula=[f'AND({chapter}<>"",MOD(ROW(),2)=1)'], fill=_BAND))
    for rule in rules:
        sheet.ws.conditional_formatting.add(ref, rule)


def _any_of(cell: str, values: Sequence[str]) -> str:
    return "OR(" + ",".join(f"{cell}={_quoted(v)}" for v in values) + ")"


# -- Staff -----------------------------------------------------------------------------


def _staff_layout(
    name: str, staff: tuple[str, ...], councils: Sequence[str], chapters: int
) -> _Placed:
    """Where the Staff sheet puts each column: chapter, council, priority, one column per
    person, % done, the chapter's overall status, and the hidden row key."""
    people = unique_names(staff)
    fields = ["chapter", "council", "priority", *[person_field(p) for p in people], "done"]
    fields += ["status", "key"]
    headers = unique_names(
        ["Chapter", "Council", "Priority", *people, "% done", "Status", "Row key"]
    )
    return _Placed(
        name,
        {field: get_column_letter(i) for i, field in enumerate(fields, 1)},
        dict(zip(fields, headers, strict=True)),
        STAFF_FIRST_ROW,
        STAFF_FIRST_ROW + chapters - 1,
    )


def _write_staff(
    book: Workbook,
    layout: _Placed,
    rows: Sequence[Row],
    settings: Settings,
    lists: _Lists,
    heading: str,
    prefill: Mapping[str, Mapping[str, ReadingProgress]],
) -> None:
    """Chapters to read x people, % done per person above the grid and per chapter beside
    it, and each chapter's overall status (the Checklist's Status for that chapter). A
    person's cell starts empty, or done where their reading progress (in `prefill`, by
    name in any letter case) shows the chapter's entries done."""
    fields = list(layout.letters)
    people = [f for f in fields if f.startswith(PERSON)]
    by_name = {name.casefold(): marks for name, marks in prefill.items()}
    marks = [by_name.get(p.removeprefix(PERSON).casefold(), {}) for p in people]
    first, last = layout.letters[people[0]], layout.letters[people[-1]]
    councils = {row.council for row in rows}
    widths = [44.0, 16.0, 9.0, *[max(10.0, len(layout.headers[p]) + 2.0) for p in people]]
    widths += [8.0, 12.0, 30.0]
    hidden = [fields.index("key") + 1]
    if len(councils) == 1:
        hidden.append(fields.index("council") + 1)
    shown = sum(w for i, w in enumerate(widths, 1) if i not in hidden)
    sheet = _Sheet(
        book,
        layout.sheet,
        widths,
        freeze=f"B{STAFF_FIRST_ROW}",
        orientation="portrait" if shown <= _PORTRAIT_WIDTH else "landscape",
        unlocked=[fields.index(p) + 1 for p in people],
        hidden=hidden,
    )
    sheet.ws.print_title_rows = f"1:{STAFF_FIRST_ROW - 1}"
    sheet.ws.print_options.gridLines = True  # a grid to tick on paper
    sheet.ws.oddHeader.left.text = _header_text(heading)
    sheet.headers([layout.headers[f] for f in fields])
    sheet.add(
        [
            sheet.text("% done", "label"),
            None,
            None,
            *[sheet.cell("=" + _person_done(layout, p, settings), "percent_label") for p in people],
        ]
    )
    for row in rows:
        number = sheet.rows_written + 1
        grid = f"${first}{number}:${last}{number}"
        sheet.add(
            [
                sheet.text(row.title),
                sheet.text(row.council),
                sheet.text(settings.priorities[row.priority]),
                *[_person_mark(sheet, row, own, settings.statuses) for own in marks],
                sheet.cell("=" + _percent_done(grid, settings), "percent"),
                sheet.cell("=" + _overall_status(grid, settings)),
                sheet.text(row.key),
            ]
        )
    grid = f"{first}{STAFF_FIRST_ROW}:{last}{sheet.rows_written}"
    _add_status_validation(sheet, grid, lists)
    sheet.ws.conditional_formatting.add(
        grid,
        FormulaRule(
            formula=[_any_of(f"{first}{STAFF_FIRST_ROW}", settings.statuses.done)],
            fill=_SHADE_DONE,
            stopIfTrue=True,
        ),
    )
    sheet.ws.conditional_formatting.add(
        f"A{STAFF_FIRST_ROW}:{layout.letters['status']}{sheet.rows_written}",
        FormulaRule(formula=["MOD(ROW(),2)=0"], fill=_BAND),
    )
    sheet.ws.print_area = f"A1:{layout.letters['status']}{max(sheet.rows_written, STAFF_FIRST_ROW)}"
    sheet.protect()


def _person_mark(
    sheet: _Sheet, row: Row, marks: Mapping[str, ReadingProgress], statuses: Statuses
) -> Value:
    found = prefilled(row, marks, statuses)
    return None if found is None else sheet.text(found.status, "input")


def _person_done(layout: _Placed, person: str, settings: Settings) -> str:
    """One person's % done over the whole column below the header rows (chapters added by
    hand count too): done / (chapters - nothing to do); 100% when nothing is left."""
    cells = layout.to_end(person)
    chapters = f"COUNTA({layout.to_end('chapter')})"
    statuses = settings.statuses
    done = "+".join(f"COUNTIF({cells},{_quoted(s)})" for s in statuses.done)
    excluded = "".join(f"-COUNTIF({cells},{_quoted(s)})" for s in statuses.excluded)
    return f"IF({chapters}{excluded}<=0,1,({done})/({chapters}{excluded}))"


def _percent_done(cells: str, settings: Settings) -> str:
    """Done / (all - nothing to do) over `cells`; 100% when nothing is left to do."""
    statuses = settings.statuses
    done = "+".join(f"COUNTIF({cells},{_quoted(s)})" for s in statuses.done)
    excluded = "".join(f"-COUNTIF({cells},{_quoted(s)})" for s in statuses.excluded)
    to_do = f"(COLUMNS({cells}){excluded})"
    return f"IF({to_do}=0,1,({done})/{to_do})"


def _overall_status(cells: str, settings: Settings) -> str:
    """A chapter's status from its row of the Staff grid: nothing to do when everyone is
    excluded; the first status until everyone is done or excluded; then the least advanced
    done status anyone has (Read before Discussed before Signed off)."""
    statuses = settings.statuses
    count = f"COLUMNS({cells})"
    excluded = "+".join(f"COUNTIF({cells},{_quoted(s)})" for s in statuses.excluded) or "0"
    done = "+".join(f"COUNTIF({cells},{_quoted(s)})" for s in statuses.done) or "0"
    least = _quoted(statuses.done[-1]) if statuses.done else _quoted(statuses.initial)
    for status in reversed(statuses.done[:-1]):
        least = f"IF(COUNTIF({cells},{_quoted(status)})>0,{_quoted(status)},{least})"
    nothing = _quoted(statuses.excluded[-1]) if statuses.excluded else _quoted(statuses.initial)
    return (
        f"IF({excluded}={count},{nothing},"
        f"IF({done}+{excluded}<{count},{_quoted(statuses.initial)},{least}))"
    )


# -- Summary ---------------------------------------------------------------------------


def _write_summary(
    book: Workbook,
    name: str,
    checklist: _Placed,
    people: _Placed | None,
    settings: Settings,
    councils: Sequence[str],
) -> None:
    """Rows, done, nothing to do, % done and overdue by priority, council and status, and %
    done per person: formulas over whole columns of the Checklist (and the Staff sheet)."""
    sheet = _Sheet(book, name, [30, 9, 9, 14, 9, 10], orientation="portrait")
    statuses = settings.statuses
    counts = _Counts(checklist, settings)
    sheet.add([sheet.text("Re-read tracker summary", "title")])
    sheet.note(
        "The figures follow the Status and Due date columns of the Checklist, "
        "rows added there included."
    )
    sheet.blank()
    sheet.headers(["Priority", "Rows", "Done", "Nothing to do", "% done", "Overdue"])
    for label in (settings.priorities[p] for p in Priority):
        _summary_line(sheet, label, counts.figures("priority", label))
    _summary_line(sheet, "All", counts.figures())
    total = sheet.rows_written
    if len(councils) > 1:
        sheet.blank()
        sheet.headers(["Council", "Rows", "Done", "Nothing to do", "% done", "Overdue"])
        for council in councils:
            _summary_line(sheet, council, counts.figures("council", council))
    sheet.blank()
    sheet.headers(["Status", "Rows", "Share"])
    for value in statuses.values:
        number = sheet.rows_written + 1
        sheet.add(
            [
                sheet.text(value, "label"),
                sheet.cell(f"=COUNTIF({checklist.to_end('status')},{_quoted(value)})", "figure"),
                sheet.cell(f"=IF($B${total}=0,0,B{number}/$B${total})", "percent"),
            ]
        )
    if people is not None:
        sheet.blank()
        sheet.headers(["Staff", "% done"])
        for field, header in people.headers.items():
            if field.startswith(PERSON):
                cell = f"{quote_sheetname(people.sheet)}!${people.letters[field]}$2"
                sheet.add([sheet.text(header, "label"), sheet.cell(f"={cell}", "percent")])
    sheet.protect()


@dataclass(frozen=True)
class _Counts:
    """The Summary's formulas over the Checklist's whole columns."""

    checklist: _Placed
    settings: Settings

    def figures(self, field: str = "", value: str = "") -> list[str]:
        """Rows, done, nothing to do and overdue among the rows whose `field` is `value`
        (all rows when no field is given)."""
        checklist, statuses = self.checklist, self.settings.statuses
        chosen = f"{checklist.to_end(field)},{_quoted(value)}," if field else ""
        status = checklist.to_end("status")
        rows = (
            f"=COUNTIFS({chosen.rstrip(',')})"
            if field
            else f"=COUNTA({checklist.to_end('chapter')})"
        )
        figures = [
            rows,
            "=" + "+".join(f"COUNTIFS({chosen}{status},{_quoted(s)})" for s in statuses.done),
            "=" + "+".join(f"COUNTIFS({chosen}{status},{_quoted(s)})" for s in statuses.excluded),
        ]
        if "due" in checklist.letters:
            late = f'{chosen}{checklist.to_end("due")},"<"&TODAY()'
            settled = "".join(
                f"-COUNTIFS({late},{status},{_quoted(s)})"
                for s in (*statuses.done, *statuses.excluded)
            )
            figures.append(f"=COUNTIFS({late}){settled}")
        return figures


def _summary_line(sheet: _Sheet, label: str, formulas: list[str]) -> int:
    """Label, rows, done, nothing to do, % done (blank when there are no rows), overdue."""
    n = sheet.rows_written + 1
    percent = f'=IF(B{n}=0,"",IF(B{n}-D{n}=0,1,C{n}/(B{n}-D{n})))'
    return sheet.add(
        [
            sheet.text(label, "label"),
            *[sheet.cell(f, "figure") for f in formulas[:3]],
            sheet.cell(percent, "percent"),
            *[sheet.cell(f, "figure") for f in formulas[3:]],
        ]
    )


# -- About, Lists and the format marker ------------------------------------------------


def _write_about(book: Workbook, name: str, request: ExportRequest, row_count: int) -> None:
    sheet = _Sheet(book, name, [16, 90], orientation="portrait")
    generated = datetime.now()
    grouping = (
        "one row per chapter: its latest change, earlier ones listed in the row"
        if request.by == "chapter"
        else "one row per entry; changes a later one replaces start as Superseded"
    )
    facts: list[tuple[str, str]] = [
        ("Selection", request.selection.describe()),
        ("Rows", f"{row_count} ({grouping}), from {len(request.items)} entries"),
        ("Prepared", f"{day_text(generated)} {generated:%H:%M}"),
    ]
    if request.author:
        facts.append(("Prepared by", request.author))
    if request.due:
        facts.append(("Due", day_text(request.due)))
    manuals = {id(item.manual): item.manual for item in request.items}
    facts.extend(
        ("Source", f"{m.council}, {m.title}: {m.source} ({m.layout} layout)")
        for m in manuals.values()
    )
    facts.extend(
        [
            (
                "How to use",
                "Set each row's Status from its drop-down and fill in Date read; with "
                "staff named, fill in the Staff sheet instead, and the Checklist's Status "
                "follows it. The Summary follows both. Formulas and the manual's text are "
                "protected against accidental typing: to add a row or change them, use "
                "Review > Unprotect Sheet (there is no password).",
            ),
            (
                "Format",
                f"{FORMAT_NAME}, format {FORMAT_VERSION}, written by manualtui {__version__} "
                f"(layout on the hidden sheet '{FORMAT_SHEET}')",
            ),
        ]
    )
    sheet.add([sheet.text("About this tracker", "title")])
    sheet.blank()
    for label, value in facts:
        sheet.add([sheet.text(label, "label"), sheet.text(value)])
    sheet.protect()


def _write_lists(book: Workbook, lists: _Lists) -> None:
    sheet = _Sheet(book, lists.sheet, [16, 24])
    sheet.ws.sheet_state = "hidden"
    columns = (lists.settings.statuses.values, lists.assignees)
    sheet.add([sheet.text("Status"), sheet.text("Assigned to")])
    for number in range(max(len(c) for c in columns)):
        sheet.add([sheet.text(c[number]) if number < len(c) else None for c in columns])


def _write_format(
    book: Workbook,
    request: ExportRequest,
    names: dict[str, str],
    checklist: _Placed,
    people: _Placed | None,
    rows: Sequence[Row],
    settings: Settings,
) -> None:
    """The hidden sheet a reader of filled-in trackers starts from (see `tracker_format`):
    facts, then the columns of the Checklist and the Staff sheet, then each row's entries."""
    sheet = _Sheet(book, sheet_title(FORMAT_SHEET, names.values()), [22, 40, 40, 8])
    sheet.ws.sheet_state = "hidden"
    facts: list[tuple[str, object]] = [
        ("format", FORMAT_NAME),
        ("format_version", FORMAT_VERSION),
        ("manualtui_version", __version__),
        ("grouping", request.by),
        ("generated", datetime.now().isoformat(timespec="seconds")),
        ("key_separator", KEY_SEPARATOR),
        *[(sheet_fact(role), title) for role, title in names.items()],
        ("checklist_first_row", checklist.first_row),
    ]
    if people is not None:
        facts.append(("staff_first_row", people.first_row))
    facts.append(("statuses", json.dumps(vars(settings.statuses), ensure_ascii=False)))
    sheet.headers(FACTS_HEADER)
    for key, value in facts:
        sheet.add([sheet.text(key), sheet.text(value) if isinstance(value, str) else value])
    sheet.blank()
    sheet.headers(COLUMNS_HEADER)
    for role, placed in ((CHECKLIST, checklist), (STAFF, people)):
        if placed is None:
            continue
        for field, letter in placed.letters.items():
            sheet.add([role, sheet.text(field), sheet.text(placed.headers[field]), letter])
    sheet.blank()
    sheet.headers(ENTRIES_HEADER)
    for row in rows:
        row_key = sheet.text(row.key)
        for item in row.shown:
            sheet.ws.append([row_key, sheet.text(item.id)])  # plain rows: nothing to measure
    sheet.protect()


# -- Shared sheet furniture ------------------------------------------------------------


def _add_table(book: Workbook, sheet: _Sheet, ref: str, headers: Sequence[str], name: str) -> None:
    """An Excel table over `ref` whose column names are exactly the header cells' text."""
    taken = [t for ws in book.worksheets for t in ws.tables]
    table = Table(
        displayName=table_name(name, taken), ref=ref, autoFilter=AutoFilter(ref=ref)
    )  # the filter buttons
    table.tableColumns = [TableColumn(id=i, name=cell_text(h)) for i, h in enumerate(headers, 1)]
    table.tableStyleInfo = TableStyleInfo(name=_TABLE_STYLE, showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns in write-only mode that columns must be given: they are, above.
        warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
        sheet.ws.add_table(table)


def _add_status_validation(sheet: _Sheet, ref: str, lists: _Lists) -> None:
    validation = DataValidation(
        type="list",
        formula1=lists.status_range(),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose a status from the list.",
    )
    validation.add(ref)
    sheet.ws.data_validations.append(validation)


def _add_assignee_validation(sheet: _Sheet, ref: str, lists: _Lists) -> None:
    """A drop-down of the staff that still accepts other names."""
    validation = DataValidation(
        type="list", formula1=lists.assignee_range(), allow_blank=True, showErrorMessage=False
    )
    validation.add(ref)
    sheet.ws.data_validations.append(validation)


def _set_print_layout(ws: Any, orientation: str) -> None:
    """A4 fitted to the page width, narrow margins, the first row on every page, page
    numbers and the sheet's name in the footer."""
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.right.text = "&A"


def _quoted(text: str) -> str:
    """A string literal for a formula."""
    return '"' + text.replace('"', '""') + '"'
