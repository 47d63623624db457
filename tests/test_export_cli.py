"""`manualtui export` through click's runner: exit codes, --force, staff, due, one-line errors.

The target is checked before anything is loaded, so a bad path is reported at once.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from docx import Document
from openpyxl import load_workbook

from manualtui.cli import main
from tests.export_support import checklist_rows


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_line_error(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_export_writes_the_selection_and_says_where(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    result = run(
        "export",
        "xlsx",
        "-o",
        str(target),
        "--council",
        "luton",
        "--from",
        "2023-06",
        "--to",
        "2023-12",
        "--by",
        "entry",
    )
    assert result.exit_code == 0, result.output
    entries = json.loads(
        run(
            "entries", "--json", "--council", "luton", "--from", "2023-06", "--to", "2023-12"
        ).stdout
    )
    assert result.stdout.strip() == f"Wrote {target} ({len(entries)} entries)"
    assert [r["Chapter"] for r in checklist_rows(target)] == [e["chapter_title"] for e in entries]


def test_existing_file_is_untouched_without_force(tmp_path: Path) -> None:
    target = tmp_path / "t.json"
    target.write_text("keep me")
    result = run("export", "json", "-o", str(target))
    assert result.exit_code == 1
    assert one_line_error(result) == (
        f"Error: {target}: already exists (use --force to replace it)"
    )
    assert target.read_text() == "keep me"
    assert run("export", "json", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))[0]["council"]


def test_staff_and_due_reach_the_tracker(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    result = run(
        "export",
        "xlsx",
        "-o",
        str(target),
        "--council",
        "luton",
        "--from",
        "2023-12",
        "--staff",
        "A. Khan, B. Jones",
        "--due",
        "2030-01-31",
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert [c.value for c in book["Staff"][1]][3:5] == ["A. Khan", "B. Jones"]
    assert checklist_rows(target)[0]["Due date"].date().isoformat() == "2030-01-31"


def test_staff_file_fills_the_sign_off_table(tmp_path: Path) -> None:
    staff = tmp_path / "staff.txt"
    staff.write_text("# team\nA. Khan\n\nB. Jones\n", encoding="utf-8")
    target = tmp_path / "b.docx"
    result = run(
        "export",
        "docx",
        "-o",
        str(target),
        "--council",
        "luton",
        "--from",
        "2023-12",
        "--staff-file",
        str(staff),
    )
    assert result.exit_code == 0, result.output
    sign_off = Document(str(target)).tables[-1]
    assert [r.cells[0].text for r in sign_off.rows[1:]] == ["A. Khan", "B. Jones"]


def test_prepared_by_names_the_author_and_appendix_lists_every_entry(tmp_path: Path) -> None:
    selection = ["--council", "luton", "--from", "2023-12"]
    briefing, tracker = tmp_path / "b.docx", tmp_path / "t.xlsx"
    common = ["--prepared-by", "M. Manager", *selection]
    assert run("export", "docx", "-o", str(briefing), "--appendix", *common).exit_code == 0
    assert run("export", "xlsx", "-o", str(tracker), *common).exit_code == 0
    document = Document(str(briefing))
    assert document.core_properties.author == "M. Manager"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Appendix: every entry" in headings
    assert load_workbook(tracker).properties.creator == "M. Manager"


def test_bad_due_date_is_a_usage_error_saying_what_is_wrong(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    for bad, problem in (
        ("2027-02-30", "'2027-02-30': February has 28 days in 2027"),
        ("2028-02-30", "'2028-02-30': February has 29 days in 2028"),
        ("2030-04-31", "'2030-04-31': April has 30 days in 2030"),
        ("2030-13-01", "'2030-13-01' has no month 13: months run from 01 to 12"),
        ("31/01/2030", "'31/01/2030' is not a date: write it as YYYY-MM-DD (2030-01-31)"),
        ("20300131", "'20300131' is not a date: write it as YYYY-MM-DD (2030-01-31)"),
    ):
        result = run("export", "xlsx", "-o", str(target), "--due", bad)
        assert result.exit_code == 2
        assert result.stderr.startswith("Usage: main export [OPTIONS] [FORMAT] [SOURCES]...")
        assert result.stderr.strip().splitlines()[-1] == (
            f"Error: Invalid value for '--due': {problem}"
        )
    assert not target.exists()


def test_missing_staff_file_and_missing_folder_are_one_line_errors(tmp_path: Path) -> None:
    result = run(
        "export", "xlsx", "-o", str(tmp_path / "t.xlsx"), "--staff-file", str(tmp_path / "none.txt")
    )
    assert result.exit_code == 1
    assert one_line_error(result).startswith(f"Error: {tmp_path / 'none.txt'}: cannot read")
    result = run("export", "docx", "-o", str(tmp_path / "no" / "b.docx"))
    assert result.exit_code == 1
    assert one_line_error(result).endswith(f"the folder {tmp_path / 'no'} does not exist")


def test_empty_selection_is_an_error_in_every_format(tmp_path: Path) -> None:
    for fmt in ("docx", "csv", "json"):
        target = tmp_path / f"b.{fmt}"
        result = run("export", fmt, "-o", str(target), "--from", "2040-01")
        assert result.exit_code == 1
        assert one_line_error(result) == (
            f"Error: {target}: nothing to export: the selection has no entries "
            "(all councils; releases 2040-01 to latest)"
        )
    assert list(tmp_path.iterdir()) == []


def test_the_target_is_checked_before_the_sources_are_loaded(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("keep me")
    missing_source = str(tmp_path / "no-such-page.txt")
    result = run("export", "csv", "-o", str(target), missing_source)
    assert result.exit_code == 1
    assert one_line_error(result) == (
        f"Error: {target}: already exists (use --force to replace it)"
    )
    assert target.read_text() == "keep me"


def test_a_file_in_place_of_the_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "somefile").write_text("a file")
    target = tmp_path / "somefile" / "x.csv"
    result = run("export", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert one_line_error(result) == (
        f"Error: {target}: {tmp_path / 'somefile'} is a file, not a folder"
    )


def test_a_name_too_long_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".xlsx")
    result = run("export", "xlsx", "-o", str(target))
    assert result.exit_code == 1
    assert one_line_error(result) == f"Error: {target}: cannot use this path (File name too long)"
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    target = str(tmp_path / "x.csv")
    pdf = run("export", "pdf", "-o", target)
    assert (
        pdf.exit_code == 2 and "unknown FORMAT 'pdf': use xlsx, docx, csv, json, md" in pdf.stderr
    )
    assert run("export", "csv").exit_code == 2  # no -o
    tracker = str(tmp_path / "x.xlsx")
    both = run("export", "xlsx", "-o", tracker, "--staff", "A", "--staff-file", target)
    assert both.exit_code == 2 and "not both" in both.stderr
    by = run("export", "csv", "-o", target, "--by", "entry")
    assert by.exit_code == 2 and "--by applies to xlsx only" in by.stderr
    appendix = run("export", "xlsx", "-o", tracker, "--appendix")
    assert appendix.exit_code == 2 and "--appendix applies to docx only" in appendix.stderr
    author = run("export", "csv", "-o", target, "--prepared-by", "M. Manager")
    assert author.exit_code == 2 and "--prepared-by applies to xlsx and docx only" in author.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_has_help() -> None:
    result = run("export", "--help")
    assert result.exit_code == 0
    for option in (
        "--output",
        "--by",
        "--staff",
        "--staff-file",
        "--due",
        "--appendix",
        "--prepared-by",
        "--force",
        "--council",
        "--from",
        "--to",
        "--kind",
        "--priority",
        "--chapter",
    ):
        assert option in result.output
