"""The Excel tracker, re-read with openpyxl and opened by LibreOffice (hand-made entries)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from manualtui.exporters import export
from manualtui.exporters.xlsx_tracker import FORMAT_NAME, FORMAT_SHEET, FORMAT_VERSION
from manualtui.model import Kind, Priority, SectionRef
from tests.export_support import LibreOffice, Spec, checklist_rows, make_library, request_for

LUTON, ENFIELD = "Luton Borough Council", "London Borough of Enfield"
SPECS = [
    Spec(
        LUTON,
        "2020-10",
        Kind.UPDATED,
        "Placements in Foster Care",
        "Section 6, Placements of Children under 13 years has been updated.",
        Priority.REVIEW,
        "Section 6, Placements of Children under 13 years has been updated",
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
        "link has been updated",
    ),
    Spec(
        ENFIELD,
        "2020-04",
        Kind.REMOVED,
        "Private Fostering",
        "This chapter has been removed.",
        Priority.NOTE,
        "a removed chapter",
    ),
]
CHECKLIST_HEADERS = [
    "Chapter",
    "Status",
    "Assigned to",
    "Due date",
    "Date read",
    "Priority",
    "What to read",
    "Why",
    "Council",
    "Release",
    "Kind",
    "Details",
    "Earlier changes",
    "Legal drivers",
    "Link",
    "Exemption reason",
    "Notes",
    "Row key",
]
REMOVED = "No longer in the manual; stop using printed copies"


def write(
    tmp_path: Path, name: str = "tracker.xlsx", specs: list[Spec] | None = None, **options: object
) -> Path:
    library = make_library(specs or SPECS)
    return export(request_for(library, "xlsx", tmp_path / name, **options))


def test_by_chapter_one_row_per_chapter_saying_what_to_read_and_why(tmp_path: Path) -> None:
    path = write(tmp_path)
    assert load_workbook(path).sheetnames == ["Checklist", "Summary", "About", "Lists", "manualtui"]
    rows = checklist_rows(path)
    assert list(rows[0]) == CHECKLIST_HEADERS
    assert [(r["Chapter"], r["Priority"], r["What to read"], r["Why"]) for r in rows] == [
        (
            "Placements in Foster Care",
            "Re-read",  # the earlier re-read still stands
            "Whole chapter",
            "Set by an earlier change (Apr 2020): “should be re-read”",
        ),
        ("Ofsted Inspection Framework", "Re-read", "Whole chapter", "Oct 2020: a new chapter"),
        (
            "Local Contacts",
            "Note",
            "Nothing to read (for information)",
            "Apr 2020: “link has been updated”",
        ),
        ("Private Fostering", "Note", REMOVED, "Removed in Apr 2020"),
    ]
    placements = rows[0]
    assert placements["Release"] == datetime(2020, 10, 1)
    assert placements["Details"].startswith("Section 6, Placements")  # the latest change
    assert placements["Earlier changes"] == (
        "Apr 2020 (updated): This chapter has been extensively revised and should be re-read."
    )
    assert placements["Legal drivers"] == "Children Act 1989"
    assert placements["Status"] == "Pending"
    assert placements["Row key"] == (
        "luton-borough-council/procedures-manual::placements-in-foster-care"
    )
    assert rows[3]["Council"] == ENFIELD and rows[3]["Kind"] == "Removed"


def test_a_section_to_re_read_is_named_not_the_whole_chapter(tmp_path: Path) -> None:
    details = "Section 8, Court Hearings has been updated and that section should be re-read."
    specs = [
        Spec(
            LUTON,
            "2023-06",
            Kind.UPDATED,
            "Care Proceedings",
            details,
            Priority.REREAD,
            "should be re-read",
            sections=(SectionRef("8", "Court Hearings"),),
        ),
        Spec(
            LUTON,
            "2023-12",
            Kind.UPDATED,
            "Care Proceedings",
            "Information has been added into Section 4, Care Orders.",
            Priority.REVIEW,
            "added into Section 4",
            sections=(SectionRef("4", "Care Orders"),),
        ),
    ]
    (row,) = checklist_rows(write(tmp_path, specs=specs))
    assert row["Priority"] == "Re-read"
    assert row["What to read"] == "Section 4, Care Orders; Section 8, Court Hearings"


def test_by_entry_marks_the_changes_a_later_one_replaces_superseded(tmp_path: Path) -> None:
    rows = checklist_rows(write(tmp_path, by="entry"))
    assert "Earlier changes" not in rows[0]
    assert [(r["Chapter"], r["Priority"], r["Status"], r["What to read"]) for r in rows] == [
        ("Placements in Foster Care", "Re-read", "Pending", "Whole chapter"),
        ("Ofsted Inspection Framework", "Re-read", "Pending", "Whole chapter"),
        (
            "Placements in Foster Care",
            "Re-read",
            "Superseded",
            "Nothing: replaced by the Oct 2020 change",
        ),
        ("Local Contacts", "Note", "Pending", "Nothing to read (for information)"),
        ("Private Fostering", "Note", "Pending", REMOVED),
    ]
    assert rows[2]["Why"] == "Replaced by the Oct 2020 change"
    keys = [r["Row key"] for r in rows]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "luton-borough-council/procedures-manual::placements-in-foster-care::0:2"


def test_checklist_keeps_the_chapter_in_view_with_the_inputs_beside_it(tmp_path: Path) -> None:
    path = write(tmp_path, due=date(2030, 1, 31))
    sheet = load_workbook(path)["Checklist"]
    assert sheet.freeze_panes == "B2"  # the header row and the chapter column
    assert [c.value for c in sheet[1]][:5] == [
        "Chapter",
        "Status",
        "Assigned to",
        "Due date",
        "Date read",
    ]
    due, release, link = sheet["D2"], sheet["J2"], sheet["O2"]
    assert due.value == datetime(2030, 1, 31) and due.number_format == "d mmm yyyy"
    assert release.is_date and release.number_format == "mmm yyyy"
    assert link.hyperlink.target == "https://example.org/placements"
    assert sheet["L2"].alignment.wrap_text
    assert sheet.column_dimensions["R"].hidden  # the row key
    assert not sheet.column_dimensions["I"].hidden  # two councils: the council shown
    assert sheet["D5"].value is None  # nothing to read: no due date
    one_council = load_workbook(write(tmp_path, "one.xlsx", specs=SPECS[:4]))["Checklist"]
    assert one_council.column_dimensions["I"].hidden


def test_checklist_prints_its_key_columns_on_a4_landscape(tmp_path: Path) -> None:
    sheet = load_workbook(write(tmp_path))["Checklist"]
    assert sheet.print_area == "'Checklist'!$A$1:$I$5"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_checklist_is_one_table_with_dropdowns_that_reach_added_rows(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path, staff=("A. Khan", "B. Jones")))
    sheet = book["Checklist"]
    (table,) = sheet.tables.values()
    assert table.ref == table.autoFilter.ref == "A1:S5"  # with staff: "Staff done" too
    assert [c.name for c in table.tableColumns] == [c.value for c in sheet[1]]
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
    assert validations["B2:B1048576"] == "'Lists'!$A$2:$A$7"
    assert validations["D2:D1048576"] == "'Lists'!$B$2:$B$4"
    formulas = [rule.formula[0] for rules in sheet.conditional_formatting for rule in rules.rules]
    assert 'OR($B2="Discussed",$B2="Signed off")' in formulas
    assert "AND(ISNUMBER($E2),$E2<TODAY())" in formulas


def test_only_the_columns_staff_fill_in_are_unlocked(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path, due=date(2030, 1, 31)))
    sheet = book["Checklist"]
    protection = sheet.protection
    assert protection.sheet and not protection.password
    assert not protection.autoFilter and not protection.formatColumns  # filters still work
    headers = [c.value for c in sheet[1]]
    inputs = {"Status", "Assigned to", "Due date", "Date read", "Exemption reason", "Notes"}
    for column, header in enumerate(headers, 1):
        letter = sheet.cell(1, column).column_letter
        unlocked = sheet.column_dimensions[letter].protection.locked is False
        assert unlocked == (header in inputs), header
    assert sheet["A2"].protection.locked and sheet["F2"].protection.locked
    assert not sheet["B2"].protection.locked and not sheet["D2"].protection.locked
    for name in ("Summary", "About", FORMAT_SHEET):
        assert book[name].protection.sheet


def test_staff_sheet_is_the_one_place_to_fill_in_and_prints_as_a_grid(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path, staff=("A. Khan", "B. Jones", "a. khan")))
    assert book.sheetnames[:3] == ["Checklist", "Staff", "Summary"]
    sheet = book["Staff"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Chapter",
        "Council",
        "Priority",
        "A. Khan",
        "B. Jones",
        "% done",
        "Status",
        "Row key",
    )
    assert rows[1][0] == "% done" and str(rows[1][3]).startswith("=IF(COUNTA(")
    # Chapters to read only: not the link update, not the removed chapter.
    assert [r[0] for r in rows[2:]] == ["Placements in Foster Care", "Ofsted Inspection Framework"]
    assert rows[2][3:5] == (None, None)
    assert str(rows[2][6]).startswith("=IF(")
    assert sheet.freeze_panes == "B3" and sheet.print_title_rows == "$1:$2"
    assert sheet.print_options.gridLines
    assert sheet.column_dimensions["H"].hidden
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["D3:E4"]
    checklist = checklist_rows(write(tmp_path, "t2.xlsx", staff=("A. Khan", "B. Jones")))
    status = [r["Status"] for r in checklist]
    assert str(status[0]).startswith("=IFERROR(INDEX('Staff'!$G:$G,MATCH($S2,'Staff'!$H:$H,0))")
    assert status[2:] == ["Pending", "Pending"]  # not on the Staff sheet: filled in here
    assert [r["Assigned to"] for r in checklist] == ["All staff", "All staff", None, None]


def test_format_marker_and_layout_for_reading_a_tracker_back(tmp_path: Path) -> None:
    path = write(tmp_path, staff=("A. Khan",), prepared_by="M. Manager")
    book = load_workbook(path)
    marker = book[FORMAT_SHEET]
    assert marker.sheet_state == "hidden"
    rows = [r for r in marker.iter_rows(values_only=True)]
    facts = {r[0]: r[1] for r in rows[1 : rows.index((None, None, None, None))]}
    assert facts["format"] == FORMAT_NAME and facts["format_version"] == FORMAT_VERSION
    assert facts["grouping"] == "chapter" and facts["key_separator"] == "::"
    assert facts["sheet:checklist"] == "Checklist" and facts["sheet:staff"] == "Staff"
    start = rows.index(("sheet", "field", "header", "column")) + 1
    columns = rows[start : rows.index((None, None, None, None), start)]
    checklist = book["Checklist"]
    for sheet, field, header, letter in columns:
        target = checklist if sheet == "checklist" else book["Staff"]
        assert target[f"{letter}1"].value == header, (sheet, field)
    fields = {(sheet, field) for sheet, field, _, _ in columns}
    assert {("checklist", "key"), ("checklist", "status"), ("staff", "person:A. Khan")} <= fields
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom == {"manualtui format": FORMAT_NAME, "manualtui format version": 1}
    about = dict(list(book["About"].iter_rows(values_only=True))[2:])
    assert about["Format"].startswith(f"{FORMAT_NAME}, format {FORMAT_VERSION}")
    assert about["Prepared by"] == "M. Manager"


def test_file_properties_name_the_tracker_and_its_author(tmp_path: Path) -> None:
    properties = load_workbook(write(tmp_path, prepared_by="M. Manager")).properties
    assert properties.creator == "M. Manager"
    assert properties.title == "Re-read tracker: all councils"
    assert abs(properties.created - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)


def test_about_sheet_names_sources_selection_and_version(tmp_path: Path) -> None:
    facts = dict(list(load_workbook(write(tmp_path))["About"].iter_rows(values_only=True))[2:])
    assert facts["Selection"] == "all councils"
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
    sheet = load_workbook(write(tmp_path, specs=specs, by="entry"))["Checklist"]
    details = [sheet.cell(row, 12) for row in range(2, 2 + len(specs))]
    for cell, text in zip(details, hostile, strict=False):
        assert cell.data_type == "s" and cell.value == text
        if text[0] in "=+-@\t\r":
            assert cell.quotePrefix
    title = sheet.cell(len(specs) + 1, 1)
    assert title.data_type == "s" and title.value == "=cmd|' /C calc'!A0"
    long = details[-1].value
    assert len(long) == 32_767
    assert long.startswith("Bad control chars here xxx")
    assert long.endswith("characters in full]")


def test_libreoffice_renders_rows_headings_and_text_not_formulas(tmp_path: Path) -> None:
    specs = [*SPECS, Spec(LUTON, "2019-01", Kind.UPDATED, "Formula", "=1+1")]
    sheets = LibreOffice(tmp_path).sheets(write(tmp_path, specs=specs, by="entry"))
    checklist = sheets["Checklist"]
    assert checklist[0] == [h for h in CHECKLIST_HEADERS if h != "Earlier changes"]
    assert len(checklist) == 1 + len(specs)
    assert checklist[1][9] == "Oct 2020"
    formula_row = next(row for row in checklist if row[0] == "Formula")
    assert formula_row[11] == "=1+1"
    assert sheets["Summary"][0][0] == "Re-read tracker summary"


def test_summary_follows_statuses_and_counts_rows_added_by_hand(tmp_path: Path) -> None:
    """Statuses filled in with openpyxl and a row added below the table by hand: after
    LibreOffice recalculates, every figure counts them, overdue rows included."""
    past = date.today() - timedelta(days=30)
    path = write(tmp_path, due=past)
    book = load_workbook(path)
    checklist = book["Checklist"]
    # Rows: Placements (re-read), Ofsted (re-read), Local Contacts (note), Private (note).
    for row, status in zip(
        range(2, 6), ["Signed off", "Pending", "Not applicable", "Pending"], strict=True
    ):
        checklist.cell(row, 2).value = status
    checklist["A6"], checklist["B6"], checklist["D6"] = "Added by hand", "Pending", past
    checklist["F6"], checklist["I6"] = "Review", LUTON
    book.save(path)
    summary = {row[0]: row[1:] for row in LibreOffice(tmp_path).sheets(path)["Summary"] if row}
    # rows, done, nothing to do, % done, overdue
    assert summary["Re-read"] == ["2", "1", "0", "50%", "1"]
    assert summary["Review"] == ["1", "0", "0", "0%", "1"]
    assert summary["Note"] == ["2", "0", "1", "0%", "0"]
    assert summary["All"] == ["5", "1", "1", "25%", "2"]
    assert summary[LUTON] == ["4", "1", "1", "33%", "2"]
    assert summary[ENFIELD] == ["1", "0", "0", "0%", "0"]
    assert summary["Pending"][:2] == ["3", "60%"]


def test_staff_grid_sets_the_checklist_status_and_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path, staff=("A. Khan", "B. Jones"))
    book = load_workbook(path)
    staff = book["Staff"]
    # Rows 3 and 4: Placements (re-read) and Ofsted (re-read); columns D and E: the people.
    staff["D3"], staff["E3"] = "Read", "Superseded"
    staff["D4"], staff["E4"] = "Signed off", "Signed off"
    book["Checklist"]["B5"] = "Not applicable"  # the removed chapter, filled in here
    book.save(path)
    sheets = LibreOffice(tmp_path).sheets(path)
    checklist = {row[0]: row for row in sheets["Checklist"][1:]}
    assert checklist["Placements in Foster Care"][1:3] == ["Read", "100%"]
    assert checklist["Ofsted Inspection Framework"][1:3] == ["Signed off", "100%"]
    staff_rows = {row[0]: row for row in sheets["Staff"]}
    assert staff_rows["% done"][3:5] == ["100%", "100%"]
    assert staff_rows["Placements in Foster Care"][5:7] == ["100%", "Read"]
    summary = {row[0]: row[1:] for row in sheets["Summary"] if row}
    assert summary["Re-read"][:4] == ["2", "2", "0", "100%"]
    assert summary["All"][:4] == ["4", "2", "1", "67%"]
    assert summary["A. Khan"][0] == summary["B. Jones"][0] == "100%"


def test_plain_text_cells_wrap_in_libreoffice_too(tmp_path: Path) -> None:
    """Plain cells carry no style of their own: the default format and the column styles
    must make them wrap in Excel/openpyxl and in LibreOffice alike."""
    path = write(tmp_path)
    assert load_workbook(path)["Checklist"]["L2"].alignment.wrap_text
    resaved = LibreOffice(tmp_path).convert(path, "xlsx:Calc MS Excel 2007 XML") / path.name
    sheet = load_workbook(resaved)["Checklist"]
    assert sheet["L2"].value.startswith("Section 6, Placements")
    assert sheet["L2"].alignment.wrap_text and sheet["L2"].alignment.vertical == "top"
