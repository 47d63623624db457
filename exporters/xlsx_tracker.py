"""The Excel re-read tracker: Checklist, Staff, Summary and About sheets, and a hidden Lists sheet.

- Checklist: one row per chapter to act on (or per entry), as an Excel table with filter
  buttons, a frozen header, wrapped text, a status drop-down, shading for read and signed
  off rows, a highlight for overdue ones, and landscape fit-to-width printing. A chapter
  title inferred for an entry whose page lost it says "(title inferred)", and the row's
  Notes give the evidence.
- Staff (when staff are named): chapters to read x people, each cell a status drop-down,
  with completion % per person and per chapter by formula.
- Summary: counts by priority and status and % done, as live formulas over the Checklist
  (and the Staff sheet), so they follow as staff fill in statuses.
- About: sources, selection, when and by what the file was written.
- Lists (hidden): the drop-down values, so no validation list is written inline.

The workbook is always written in openpyxl's write-only (streaming) mode: memory stays flat
for 100,000-row trackers, and everything the tracker needs (tables, validations,
conditional formats, hyperlinks, print set-up) is available there. Each kind of cell style
is built once and copied, which keeps styled writing close to plain writing.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..model import Priority
from ..wording import day_text, month_label
from .columns import Column, Settings, load_settings
from .rows import (
    Row,
    chapter_rows,
    entry_rows,
    first_sentence,
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

if TYPE_CHECKING:
    from . import ExportRequest

Progress = Callable[[float], None]
ALL_STAFF = "All staff"
STAFF_FIXED_HEADERS = ("Chapter", "Council", "Priority", "Release")
_PROGRESS_EVERY = 500
_EARLIER_LIMIT = 100  # characters of each earlier change shown in a chapter row
_ERROR_CODES = frozenset(ERROR_CODES)
_LINE_HEIGHT = 15.0
_MAX_LINES = 27  # 27 lines of 15 points: about the tallest row Excel allows (409 points)
_TABLE_STYLE = "TableStyleMedium2"
_WRAPPED = Alignment(vertical="top", wrap_text=True)
_FONT = "Calibri"  # the workbook's default font; a font without a name falls back to serif
_HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
_SHADE_DONE = PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE")
_SHADE_READ = PatternFill("solid", start_color="E2EFDA", end_color="E2EFDA")
_SHADE_OVERDUE = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
_SHADE_NOT_TO_DO = Font(color="808080")
_BAND = PatternFill("solid", start_color="EEF3F8", end_color="EEF3F8")


def write_tracker(request: ExportRequest, path: Path, progress: Progress) -> None:
    """Write the tracker workbook for `request` to `path`."""
    settings = load_settings()
    rows = chapter_rows(request.items) if request.by == "chapter" else entry_rows(request.items)
    staff = distinct_names(request.staff)
    book = Workbook(write_only=True)
    _wrap_by_default(book)
    names = _sheet_names(settings, bool(staff))
    lists = _Lists(names["lists"], settings, staff)
    checklist = _write_checklist(book, names["checklist"], rows, request, settings, lists, progress)
    people = _write_staff(book, names["staff"], rows, staff, settings, lists) if staff else None
    _write_summary(book, names["summary"], checklist, people, settings)
    _write_about(book, names["about"], request, len(rows))
    _write_lists(book, lists)
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
    roles = (
        ["checklist", "staff", "summary", "about", "lists"]
        if with_staff
        else ["checklist", "summary", "about", "lists"]
    )
    names: dict[str, str] = {}
    for role in roles:
        names[role] = sheet_title(settings.sheets.get(role, role.title()), names.values())
    return names


# -- Cells and sheets ------------------------------------------------------------------


# A row's value: plain text (shown in the default, wrapped format), a styled cell, or none.
Value: TypeAlias = "Cell | str | None"


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

    Widths, frozen panes and print set-up are set on creation because write-only mode
    writes them before the first row. Each style's cell template is built once; a styled
    cell copies its style array, much cheaper than assigning fonts and alignments.
    """

    def __init__(
        self,
        book: Workbook,
        name: str,
        widths: Sequence[float],
        *,
        freeze: str = "",
        orientation: str = "landscape",
    ) -> None:
        self.name = name
        self.widths = list(widths)
        self.ws = book.create_sheet(name)
        self.rows_written = 0
        for number, width in enumerate(widths, 1):
            column = self.ws.column_dimensions[get_column_letter(number)]
            column.width = width
            # LibreOffice formats style-less cells by their column's style, which must not
            # be the default format (openpyxl omits that): hence the explicit font.
            column.font = Font(name=_FONT)
            column.alignment = _WRAPPED
        if freeze:
            self.ws.freeze_panes = freeze
        _set_print_layout(self.ws, orientation)
        top = Alignment(vertical="top", wrap_text=True)
        self._templates: dict[str, Cell] = {}
        self._style("text", alignment=top)
        self._style("quoted", alignment=top, quotePrefix=True)
        self._style(
            "header",
            font=Font(name=_FONT, bold=True, color="FFFFFF"),
            fill=_HEADER_FILL,
            alignment=Alignment(vertical="center", wrap_text=True),
        )
        self._style("month", alignment=top, number_format="mmm yyyy")
        self._style("day", alignment=top, number_format="d mmm yyyy")
        self._style(
            "link", alignment=top, font=Font(name=_FONT, color="0563C1", underline="single")
        )
        self._style("percent", alignment=top, number_format="0%")
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
        fitted = cell_text(value)
        if not fitted:
            return None
        if is_formula_like(fitted) or fitted in _ERROR_CODES:
            made = self.cell(fitted, "quoted")
        elif style:
            made = self.cell(fitted, style)
        else:
            return fitted
        made.data_type = "s"
        return made

    def link(self, url: str) -> Value:
        """The URL as a hyperlink when it is a web address, else as plain text."""
        address = web_link(url)
        if not address:
            return self.text(url)
        made = self.cell(cell_text(address), "link")
        made.data_type = "s"
        made.hyperlink = cell_text(address)
        return made

    def add(self, values: Sequence[Value]) -> int:
        """Append a row tall enough for its wrapped text; return its row number.

        Spreadsheets do not fit row heights to wrapped text when they open a file.
        """
        number = self.rows_written + 1
        lines = max(
            (
                _wrapped_lines(text, width)
                for text, width in zip(map(_shown_text, values), self.widths, strict=False)
                if text
            ),
            default=1,
        )
        if lines > 1:
            self.ws.row_dimensions[number].height = min(lines, _MAX_LINES) * _LINE_HEIGHT + 3
        self.ws.append(values)
        if lines > 1:
            del self.ws.row_dimensions[number]  # written; keep memory flat
        self.rows_written = number
        return number

    def headers(self, texts: Sequence[str]) -> int:
        return self.add([self.text(t, "header") for t in texts])

    def blank(self) -> int:
        return self.add([])


def _shown_text(value: Value) -> str:
    """The text a value shows, if it is text (not a number, date or formula)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Cell) and value.data_type == "s":
        return str(value.value)
    return ""


def _wrapped_lines(text: str, width: float) -> int:
    """Lines `text` wraps to in a column `width` characters wide (prose runs narrower than
    the digit "0" the width is measured in)."""
    per_line = max(int(width * 1.1) - 1, 1)
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
    """Where a sheet's data landed: sheet name, column letters by key, first and last row."""

    sheet: str
    letters: dict[str, str]
    first_row: int
    last_row: int

    def column_range(self, key: str) -> str:
        return _absolute_range(self.sheet, self.letters[key], self.first_row, self.last_row)


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
    progress: Progress,
) -> _Placed:
    columns = settings.checklist_columns(request.by)
    letters = {c.field: get_column_letter(i) for i, c in enumerate(columns, 1)}
    last_column = get_column_letter(len(columns))
    sheet = _Sheet(book, name, [c.width for c in columns], freeze="A2")
    sheet.headers([c.header for c in columns])
    makers = [_checklist_maker(c, sheet, settings, request, lists) for c in columns]
    for number, row in enumerate(rows, 1):
        sheet.add([make(row) for make in makers])
        if number % _PROGRESS_EVERY == 0:
            progress(0.9 * number / len(rows))
    last_row = sheet.rows_written
    _add_table(book, sheet, f"A1:{last_column}{last_row}", [c.header for c in columns], "Checklist")
    status = letters["status"]
    _add_status_validation(sheet, f"{status}2:{status}{last_row}", lists)
    if lists.assignees and "assigned" in letters:
        _add_assignee_validation(sheet, letters["assigned"], last_row, lists)
    _add_row_highlights(sheet, f"A2:{last_column}{last_row}", letters, settings)
    return _Placed(name, letters, 2, last_row)


def _checklist_maker(
    column: Column, sheet: _Sheet, settings: Settings, request: ExportRequest, lists: _Lists
) -> Callable[[Row], Value]:
    """How to make this column's value from a row.

    The columns staff fill in start empty (a date typed into Date read is formatted as a
    date by the spreadsheet itself), except Status, Assigned to when staff are named, and
    Notes, which gives the evidence for any chapter title that was inferred.
    """
    field = column.field
    assignee = sheet.text(_default_assignee(lists.staff))
    status = sheet.text(settings.statuses.initial)
    due = request.due
    makers: dict[str, Callable[[Row], Value]] = {
        "release": lambda row: sheet.cell(release_date(row.release), "month"),
        "link": lambda row: sheet.link(row.link),
        "assigned": lambda row: assignee,
        "due": lambda row: sheet.cell(due, "day") if due else None,
        "status": lambda row: status,
        "read_on": lambda row: None,
        "exemption": lambda row: None,
        "notes": lambda row: sheet.text(inference_text(row.items)),
    }
    if field in makers:
        return makers[field]
    text = _row_text(field, settings)
    return lambda row: sheet.text(text(row))


def _row_text(field: str, settings: Settings) -> Callable[[Row], str]:
    """The text of a row's descriptive column."""
    texts: dict[str, Callable[[Row], str]] = {
        "council": lambda row: row.council,
        "kind": lambda row: settings.kinds[row.kind],
        "chapter": lambda row: row.title,
        "priority": lambda row: settings.priorities[row.priority],
        "why": lambda row: row.deciding.assessment.reason,
        "sections": lambda row: sections_text(row.sections),
        "drivers": lambda row: "; ".join(row.drivers),
        "details": lambda row: row.latest.entry.details_text,
        "earlier": lambda row: earlier_text(row, settings),
        "source": lambda row: (
            f"{Path(row.latest.manual.source).name}:{row.latest.entry.first_line}"
        ),
    }
    return texts[field]


def earlier_text(row: Row, settings: Settings) -> str:
    """The changes a chapter row's latest change supersedes, newest first, one line each
    (their full details are in the `--by entry` tracker and the briefing's appendix)."""
    return "\n".join(
        f"{month_label(item.release)} ({settings.kinds[item.entry.kind].lower()}): "
        f"{first_sentence(item.entry.details_text, _EARLIER_LIMIT)}"
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
    # Bands for readers that do not draw table styles (LibreOffice, printouts).
    rules.append(FormulaRule(formula=["MOD(ROW(),2)=1"], fill=_BAND))
    for rule in rules:
        sheet.ws.conditional_formatting.add(ref, rule)


def _any_of(cell: str, values: Sequence[str]) -> str:
    return "OR(" + ",".join(f"{cell}={_quoted(v)}" for v in values) + ")"


# -- Staff -----------------------------------------------------------------------------


def _write_staff(
    book: Workbook,
    name: str,
    rows: Sequence[Row],
    staff: tuple[str, ...],
    settings: Settings,
    lists: _Lists,
) -> _Placed:
    """Chapters to read x people; completion % by formula along both edges."""
    chapters = chapters_to_read(rows)
    fixed = len(STAFF_FIXED_HEADERS)
    headers = unique_names([*STAFF_FIXED_HEADERS, *staff, "% done"])
    people = [get_column_letter(i) for i in range(fixed + 1, fixed + len(staff) + 1)]
    sheet = _Sheet(
        book, name, [40, 18, 9, 10, *[max(12.0, len(s) + 2.0) for s in staff], 9], freeze="B2"
    )
    sheet.headers(headers)
    for row in chapters:
        number = sheet.rows_written + 1
        sheet.add(
            [
                sheet.text(row.title),
                sheet.text(row.council),
                sheet.text(settings.priorities[row.priority]),
                sheet.cell(release_date(row.release), "month"),
                *[sheet.text(settings.statuses.initial) for _ in staff],
                sheet.cell(
                    "=" + _percent_done(f"{people[0]}{number}:{people[-1]}{number}", settings),
                    "percent",
                ),
            ]
        )
    last_row = sheet.rows_written
    totals_row = sheet.add(
        [
            sheet.text("% done", "label"),
            None,
            None,
            None,
            *[
                sheet.cell(
                    "=" + _percent_done(f"{letter}2:{letter}{last_row}", settings), "percent"
                )
                for letter in people
            ],
        ]
    )
    _add_table(book, sheet, f"A1:{get_column_letter(len(headers))}{last_row}", headers, "Staff")
    grid = f"{people[0]}2:{people[-1]}{last_row}"
    _add_status_validation(sheet, grid, lists)
    sheet.ws.conditional_formatting.add(
        grid,
        FormulaRule(formula=[_any_of(f"{people[0]}2", settings.statuses.done)], fill=_SHADE_DONE),
    )
    person_headers = headers[fixed : fixed + len(staff)]
    return _Placed(name, dict(zip(person_headers, people, strict=True)), totals_row, totals_row)


def chapters_to_read(rows: Sequence[Row]) -> list[Row]:
    """The rows staff must read (re-read or review priority); all rows if none are."""
    to_read = [r for r in rows if r.priority in (Priority.REREAD, Priority.REVIEW)]
    return to_read or list(rows)


def _percent_done(cells: str, settings: Settings) -> str:
    """Done / (all - nothing to do) over `cells`; 100% when nothing is left to do."""
    statuses = settings.statuses
    done = "+".join(f"COUNTIF({cells},{_quoted(s)})" for s in statuses.done)
    excluded = "".join(f"-COUNTIF({cells},{_quoted(s)})" for s in statuses.excluded)
    to_do = f"(ROWS({cells})*COLUMNS({cells}){excluded})"
    return f"IF({to_do}=0,1,({done})/{to_do})"


# -- Summary ---------------------------------------------------------------------------


def _write_summary(
    book: Workbook, name: str, checklist: _Placed, people: _Placed | None, settings: Settings
) -> None:
    """Counts by priority and status and % done, as formulas over the Checklist."""
    sheet = _Sheet(book, name, [24, 10, 10, 14, 10], orientation="portrait")
    priority = checklist.column_range("priority")
    status = checklist.column_range("status")
    statuses = settings.statuses
    sheet.add([sheet.text("Re-read tracker summary", "title")])
    sheet.add([sheet.text("The figures follow the Status column of the Checklist.")])
    sheet.blank()
    sheet.headers(["Priority", "Rows", "Done", "Nothing to do", "% done"])
    first = sheet.rows_written + 1
    for label in (settings.priorities[p] for p in Priority):
        chosen = f"{priority},{_quoted(label)},{status},"
        _summary_line(
            sheet,
            label,
            [
                f"=COUNTIF({priority},{_quoted(label)})",
                "=" + "+".join(f"COUNTIFS({chosen}{_quoted(s)})" for s in statuses.done),
                "=" + "+".join(f"COUNTIFS({chosen}{_quoted(s)})" for s in statuses.excluded),
            ],
        )
    last = sheet.rows_written
    total = _summary_line(sheet, "All", [f"=SUM({c}{first}:{c}{last})" for c in "BCD"])
    sheet.blank()
    sheet.headers(["Status", "Rows", "Share"])
    for value in statuses.values:
        number = sheet.rows_written + 1
        sheet.add(
            [
                sheet.text(value, "label"),
                sheet.cell(f"=COUNTIF({status},{_quoted(value)})"),
                sheet.cell(f"=IF($B${total}=0,0,B{number}/$B${total})", "percent"),
            ]
        )
    if people is not None:
        sheet.blank()
        sheet.headers(["Staff", "% done"])
        for person, letter in people.letters.items():
            cell = f"{quote_sheetname(people.sheet)}!${letter}${people.first_row}"
            sheet.add([sheet.text(person, "label"), sheet.cell(f"={cell}", "percent")])


def _summary_line(sheet: _Sheet, label: str, formulas: list[str]) -> int:
    """Label, rows, done, nothing to do and % done (blank when there are no rows)."""
    n = sheet.rows_written + 1
    percent = f'=IF(B{n}=0,"",IF(B{n}-D{n}=0,1,C{n}/(B{n}-D{n})))'
    return sheet.add(
        [
            sheet.text(label, "label"),
            *[sheet.cell(f) for f in formulas],
            sheet.cell(percent, "percent"),
        ]
    )


# -- About and Lists -------------------------------------------------------------------


def _write_about(book: Workbook, name: str, request: ExportRequest, row_count: int) -> None:
    sheet = _Sheet(book, name, [16, 90], orientation="portrait")
    generated = datetime.now()
    grouping = (
        "one row per chapter: its latest change, earlier ones listed in the row"
        if request.by == "chapter"
        else "one row per entry"
    )
    facts: list[tuple[str, str]] = [
        ("Selection", request.selection.describe()),
        ("Rows", f"{row_count} ({grouping}), from {len(request.items)} entries"),
        ("Generated", f"{day_text(generated)} {generated:%H:%M}"),
        ("Written by", f"manualtui {__version__}"),
    ]
    if request.due:
        facts.append(("Due", day_text(request.due)))
    manuals = {id(item.manual): item.manual for item in request.items}
    facts.extend(
        ("Source", f"{m.council}, {m.title}: {m.source} ({m.layout} layout)")
        for m in manuals.values()
    )
    facts.append(
        (
            "How to use",
            "Set each row's Status from its drop-down (Pending, Read, "
            "Discussed, Signed off, Superseded, Not applicable) and fill "
            "in Date read; the Summary sheet follows.",
        )
    )
    sheet.add([sheet.text("About this tracker", "title")])
    sheet.blank()
    for label, value in facts:
        sheet.add([sheet.text(label, "label"), sheet.text(value)])


def _write_lists(book: Workbook, lists: _Lists) -> None:
    sheet = _Sheet(book, lists.sheet, [16, 24])
    sheet.ws.sheet_state = "hidden"
    columns = (lists.settings.statuses.values, lists.assignees)
    sheet.add([sheet.text("Status"), sheet.text("Assigned to")])
    for number in range(max(len(c) for c in columns)):
        sheet.add([sheet.text(c[number]) if number < len(c) else None for c in columns])


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


def _add_assignee_validation(sheet: _Sheet, letter: str, last_row: int, lists: _Lists) -> None:
    """A drop-down of the staff that still accepts other names."""
    validation = DataValidation(
        type="list", formula1=lists.assignee_range(), allow_blank=True, showErrorMessage=False
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.ws.data_validations.append(validation)


def _set_print_layout(ws: Any, orientation: str) -> None:
    """A4 fitted to the page width, the first row on every page, page numbers."""
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.right.text = "&A"


def _quoted(text: str) -> str:
    """A string literal for a formula."""
    return '"' + text.replace('"', '""') + '"'
