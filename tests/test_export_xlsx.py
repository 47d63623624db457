"""The Excel tracker, re-read with openpyxl and opened by LibreOffice (hand-made entries)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from manualtui.exporters import export
from manualtui.model import Kind, Priority, SectionRef
from tests.export_support import LibreOffice, Spec, make_library, request_for

LUTON, ENFIELD = "Luton Borough Council", "London Borough of Enfield"
SPECS = [
    Spec(
        LUTON,
        "2020-10",
        Kind.UPDATED,
        "Placements in Foster Care",
        "Section 6, Placements of Children under 13 years has been updated.",
        Priority.REVIEW,
        "updated",
        sections=(SectionRef("6", "Placements of Children under 13 years"),),
        drivers=("Children Act 1989",),
        link="https://example.org/placements",
    ),
    Spec(
        LUTON,
        "2020-10",
        Kind.NEW,
        "Ofsted Inspection Framework",
        "This chapter has been added.",
        Priority.REREAD,
        "a new chapter",
    ),
    Spec(
        LUTON,
        "2020-04",
        Kind.UPDATED,
        "Placements in Foster Care",
        "This chapter has been extensively revised and should be re-read.",
        Priority.REREAD,
        "should be re-read",
    ),
    Spec(
        LUTON,
        "2020-04",
        Kind.UPDATED,
        "Local Contacts",
        "A link has been updated.",
        Priority.NOTE,
        "link",
    ),
    Spec(
        ENFIELD,
        "2020-04",
        Kind.REMOVED,
        "Private Fostering",
        "This chapter has been removed.",
        Priority.NOTE,
        "removed",
    ),
]
CHECKLIST_HEADERS = [
    "Council",
    "Release",
    "Kind",
    "Chapter",
    "Priority",
    "Sections",
    "Legal drivers",
    "Details",
    "Earlier changes",
    "Link",
    "Assigned to",
    "Due date",
    "Status",
    "Date read",
    "Exemption reason",
    "Notes",
]


def write(
    tmp_path: Path, name: str = "tracker.xlsx", specs: list[Spec] | None = None, **options: object
) -> Path:
    library = make_library(specs or SPECS)
    return export(request_for(library, "xlsx", tmp_path / name, **options))


def table_rows(sheet: Worksheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_by_chapter_one_row_per_chapter_with_earlier_changes(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path))
    assert book.sheetnames == ["Checklist", "Summary", "About", "Lists"]
    sheet = book["Checklist"]
    assert [c.value for c in sheet[1]] == CHECKLIST_HEADERS
    rows = table_rows(sheet)
    assert [r["Chapter"] for r in rows] == [
        "Placements in Foster Care",
        "Ofsted Inspection Framework",
        "Local Contacts",
        "Private Fostering",
    ]
    placements = rows[0]
    assert placements["Release"] == datetime(2020, 10, 1)
    assert placements["Priority"] == "Re-read"  # the earlier re-read still stands
    assert placements["Details"].startswith("Section 6, Placements")  # the latest change
    assert placements["Earlier changes"] == (
        "Apr 2020 (updated): This chapter has been extensively revised and should be re-read."
    )
    assert placements["Sections"] == "Section 6, Placements of Children under 13 years"
    assert placements["Legal drivers"] == "Children Act 1989"
    assert placements["Status"] == "Pending"
    assert rows[3]["Council"] == ENFIELD and rows[3]["Kind"] == "Removed"


def test_by_entry_one_row_per_entry_in_selection_order(tmp_path: Path) -> None:
    rows = table_rows(load_workbook(write(tmp_path, by="entry"))["Checklist"])
    assert len(rows) == len(SPECS)
    assert [(r["Chapter"], r["Priority"]) for r in rows] == [
        ("Placements in Foster Care", "Review"),
        ("Ofsted Inspection Framework", "Re-read"),
        ("Placements in Foster Care", "Re-read"),
        ("Local Contacts", "Note"),
        ("Private Fostering", "Note"),
    ]
    assert "Earlier changes" not in rows[0]


def test_checklist_cells_are_typed_and_linked(tmp_path: Path) -> None:
    sheet = load_workbook(write(tmp_path, due=date(2030, 1, 31)))["Checklist"]
    release, link, due = sheet["B2"], sheet["J2"], sheet["L2"]
    assert release.is_date and release.number_format == "mmm yyyy"
    assert link.hyperlink.target == "https://example.org/placements"
    assert due.value == datetime(2030, 1, 31) and due.number_format == "d mmm yyyy"
    assert sheet["H2"].alignment.wrap_text
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["H"].width == 60


def test_checklist_is_one_table_with_status_dropdown_from_hidden_sheet(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path, staff=("A. Khan", "B. Jones")))
    sheet = book["Checklist"]
    (table,) = sheet.tables.values()
    assert table.ref == "A1:P5"
    assert table.autoFilter.ref == "A1:P5"  # filter buttons
    assert [c.name for c in table.tableColumns] == CHECKLIST_HEADERS
    assert book["Lists"].sheet_state == "hidden"
    assert [c.value for c in book["Lists"]["A"][1:7]] == [
        "Pending",
        "Read",
        "Discussed",
        "Signed off",
        "Superseded",
        "Not applicable",
    ]
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["M2:M5"] == "'Lists'!$A$2:$A$7"
    assert validations["K2:K5"] == "'Lists'!$B$2:$B$4"
    names = [t for ws in book.worksheets for t in ws.tables]
    assert len(names) == len(set(names)) == 2


def test_checklist_highlights_and_print_setup(tmp_path: Path) -> None:
    sheet = load_workbook(write(tmp_path, due=date(2030, 1, 31)))["Checklist"]
    formulas = [rule.formula[0] for rules in sheet.conditional_formatting for rule in rules.rules]
    assert 'OR($M2="Discussed",$M2="Signed off")' in formulas
    assert '$M2="Read"' in formulas
    assert "AND(ISNUMBER($L2),$L2<TODAY())" in formulas
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_staff_sheet_is_chapters_to_read_by_people_with_formulas(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path, staff=("A. Khan", "B. Jones", "a. khan")))
    assert book.sheetnames == ["Checklist", "Staff", "Summary", "About", "Lists"]
    sheet = book["Staff"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Chapter", "Council", "Priority", "Release", "A. Khan", "B. Jones", "% done")
    # Re-read and review chapters only; "Local Contacts" (note) and the removal are not.
    assert [r[0] for r in rows[1:-1]] == [
        "Placements in Foster Care",
        "Ofsted Inspection Framework",
    ]
    assert rows[1][4:6] == ("Pending", "Pending")
    assert rows[1][6].startswith("=IF((ROWS(E2:F2)*COLUMNS(E2:F2)")
    assert rows[-1][0] == "% done" and rows[-1][4].startswith("=IF((ROWS(E2:E3)")
    validations = [str(v.sqref) for v in sheet.data_validations.dataValidation]
    assert validations == ["E2:F3"]


def test_about_sheet_names_sources_selection_and_version(tmp_path: Path) -> None:
    facts = dict(list(load_workbook(write(tmp_path))["About"].iter_rows(values_only=True))[2:])
    assert facts["Selection"] == "all councils"
    assert facts["Written by"].startswith("manualtui ")
    assert facts["Rows"].startswith("4 (one row per chapter")
    assert "luton borough council.txt" in facts["Source"] or "london" in facts["Source"]


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    hostile = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTab", "\rCR", "#N/A", '=HYPERLINK("x")']
    specs = [
        Spec(LUTON, "2020-10", Kind.UPDATED, f"Chapter {i}", text) for i, text in enumerate(hostile)
    ]
    specs.append(
        Spec(
            LUTON,
            "2020-10",
            Kind.UPDATED,
            "=cmd|' /C calc'!A0",
            "Bad\x00 con\x07trol\x1b chars\x0b here " + "x" * 40_000,
        )
    )
    book = load_workbook(write(tmp_path, specs=specs, by="entry"))
    sheet = book["Checklist"]
    details = [sheet.cell(row, 8) for row in range(2, 2 + len(specs))]
    for cell, text in zip(details, hostile, strict=False):
        assert cell.data_type == "s" and cell.value == text
        if text[0] in "=+-@\t\r":
            assert cell.quotePrefix
    title = sheet.cell(len(specs) + 1, 4)
    assert title.data_type == "s" and title.value == "=cmd|' /C calc'!A0"
    long = details[-1].value
    assert len(long) == 32_767
    assert long.startswith("Bad control chars here xxx")
    assert long.endswith("characters in full]")


def test_libreoffice_renders_rows_headings_and_text_not_formulas(tmp_path: Path) -> None:
    specs = [*SPECS, Spec(LUTON, "2019-01", Kind.UPDATED, "Formula", "=1+1")]
    sheets = LibreOffice(tmp_path).sheets(write(tmp_path, specs=specs, by="entry"))
    checklist = sheets["Checklist"]
    assert checklist[0] == CHECKLIST_HEADERS[:8] + CHECKLIST_HEADERS[9:]
    assert len(checklist) == 1 + len(specs)
    assert checklist[1][1] == "Oct 2020"
    formula_row = next(row for row in checklist if row[3] == "Formula")
    assert formula_row[7] == "=1+1"
    assert sheets["Summary"][0][0] == "Re-read tracker summary"


def test_summary_and_staff_percentages_follow_filled_in_statuses(tmp_path: Path) -> None:
    path = write(tmp_path, staff=("A. Khan", "B. Jones"))
    book = load_workbook(path)
    checklist = book["Checklist"]
    # Rows: Placements (re-read), Ofsted (re-read), Local Contacts (note), Private (note).
    for row, status in zip(
        range(2, 6), ["Signed off", "Read", "Not applicable", "Pending"], strict=True
    ):
        checklist.cell(row, 13).value = status
    staff = book["Staff"]
    staff["E2"], staff["E3"], staff["F2"] = "Read", "Discussed", "Superseded"
    book.save(path)
    sheets = LibreOffice(tmp_path).sheets(path)
    summary = {row[0]: row[1:] for row in sheets["Summary"] if row and row[0]}
    assert summary["Re-read"] == ["2", "2", "0", "100%"]
    assert summary["Note"] == ["2", "0", "1", "0%"]
    assert summary["All"] == ["4", "2", "1", "67%"]
    assert summary["Signed off"][:2] == ["1", "25%"]
    assert summary["Pending"][:2] == ["1", "25%"]
    assert summary["A. Khan"][0] == "100%"
    assert summary["B. Jones"][0] == "0%"
    staff_rows = {row[0]: row for row in sheets["Staff"]}
    assert staff_rows["Placements in Foster Care"][6] == "100%"  # Read + Superseded
    assert staff_rows["Ofsted Inspection Framework"][6] == "50%"


def test_plain_text_cells_wrap_in_libreoffice_too(tmp_path: Path) -> None:
    """Plain cells carry no style of their own: the default format and the column styles
    must make them wrap in Excel/openpyxl and in LibreOffice alike."""
    path = write(tmp_path)
    assert load_workbook(path)["Checklist"]["H2"].alignment.wrap_text
    resaved = LibreOffice(tmp_path).convert(path, "xlsx:Calc MS Excel 2007 XML") / path.name
    sheet = load_workbook(resaved)["Checklist"]
    assert sheet["H2"].value.startswith("Section 6, Placements")
    assert sheet["H2"].alignment.wrap_text and sheet["H2"].alignment.vertical == "top"
