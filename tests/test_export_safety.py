"""The shared cleaner, atomic writing, and the csv/json/md exports built on them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from exporters import FORMATS, ExportRequest, export
from exporters.atomic import write_atomically
from exporters.text import (
    EXCEL_CELL_LIMIT,
    cell_text,
    clean,
    csv_text,
    is_formula_like,
    sheet_title,
    table_name,
    unique_names,
)
from manualtui.errors import ManualError
from manualtui.model import Kind, Priority, SectionRef
from manualtui.record import item_record
from manualtui.select import Selection
from tests.export_support import Spec, make_library, request_for

LUTON = "Luton Borough Council"
HOSTILE = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\x00=1"]
SPECS = [
    Spec(LUTON, "2020-10", Kind.UPDATED, "Pipes | and <b>tags</b>", "Line one\n\nLine two",
         Priority.REVIEW, "updated", sections=(SectionRef("6", "Placements"),),
         drivers=("Children Act 1989", "Ofsted")),
    *[Spec(LUTON, "2020-04", Kind.UPDATED, f"Hostile {i}", text)
      for i, text in enumerate(HOSTILE)],
]


# -- the cleaner ------------------------------------------------------------------------


def test_clean_removes_only_xml_illegal_characters() -> None:
    assert clean("a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\uffffi\ud800j") == "abcdefghij"
    assert clean("tab\tnew\nline\rend £ – ü") == "tab\tnew\nline\rend £ – ü"


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_starts_are_recognised(text: str) -> None:
    assert is_formula_like(text)
    assert csv_text(text) == "'" + clean(text)


def test_plain_text_is_not_formula_like() -> None:
    assert not is_formula_like("Section 4 = updated")
    assert csv_text("Plain") == "Plain"


def test_cell_text_fits_excels_limit_and_says_it_was_cut() -> None:
    assert cell_text("x" * EXCEL_CELL_LIMIT) == "x" * EXCEL_CELL_LIMIT
    cut = cell_text("y" * 40_000)
    assert len(cut) == EXCEL_CELL_LIMIT
    assert cut.endswith("[... cut: 40,000 characters in full]")


def test_sheet_titles_follow_excels_rules() -> None:
    assert sheet_title("Re-read: [Luton]/Enfield*?\\") == "Re-read   Luton  Enfield"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("'Quoted'") == "Quoted"
    assert sheet_title("") == "Sheet"
    assert sheet_title("Checklist", ["checklist"]) == "Checklist (2)"
    assert len(sheet_title("y" * 31, ["y" * 31])) == 31


def test_table_names_are_unique_identifiers() -> None:
    assert table_name("Checklist") == "Checklist"
    assert table_name("Checklist", ["CHECKLIST"]) == "Checklist_2"
    assert table_name("A1") == "T_A1"
    assert table_name("R") == "T_R"
    assert table_name("2020 tracker!") == "T_2020_tracker"


def test_unique_names_number_repeats_and_fill_blanks() -> None:
    assert unique_names(["Name", "name", "", "Name"]) == ["Name", "name (2)", "Column",
                                                          "Name (3)"]


# -- atomic writing ---------------------------------------------------------------------


def test_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("good")
    with pytest.raises(ManualError, match="already exists"):
        write_atomically(target, lambda temp: temp.write_text("new"), force=False)
    assert target.read_text() == "good"
    write_atomically(target, lambda temp: temp.write_text("new"), force=True)
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("good")

    def half_then_fail(temp: Path) -> None:
        temp.write_text("half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomically(target, half_then_fail, force=True)
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_bad_targets_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(ManualError, match="does not exist"):
        write_atomically(tmp_path / "missing" / "x.txt", lambda t: None, force=False)
    with pytest.raises(ManualError, match="is a folder"):
        write_atomically(tmp_path, lambda t: None, force=True)


def test_export_refuses_unknown_format_and_grouping(tmp_path: Path) -> None:
    library = make_library(SPECS)
    with pytest.raises(ManualError, match="unknown export format 'pdf'"):
        export(request_for(library, "pdf", tmp_path / "x.pdf"))
    with pytest.raises(ManualError, match="unknown grouping 'release'"):
        export(request_for(library, "xlsx", tmp_path / "x.xlsx", by="release"))
    assert list(tmp_path.iterdir()) == []


def test_export_reports_progress_up_to_done(tmp_path: Path) -> None:
    seen: list[float] = []
    export(request_for(make_library(SPECS), "xlsx", tmp_path / "x.xlsx"), seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0


# -- csv, json, markdown ----------------------------------------------------------------


def test_json_is_the_entries_record_of_every_item(tmp_path: Path) -> None:
    library = make_library(SPECS)
    path = export(request_for(library, "json", tmp_path / "x.json"))
    assert json.loads(path.read_text(encoding="utf-8")) == [item_record(i)
                                                            for i in library.items]


def test_csv_has_a_row_per_entry_and_defuses_formulas(tmp_path: Path) -> None:
    path = export(request_for(make_library(SPECS), "csv", tmp_path / "x.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(SPECS)
    assert rows[0]["sections"] == "6 Placements"
    assert rows[0]["drivers"] == "Children Act 1989; Ofsted"
    assert rows[0]["details"] == "Line one\n\nLine two"
    assert [r["details"] for r in rows[1:]] == ["'" + clean(t) for t in HOSTILE]


def test_markdown_is_one_escaped_table_row_per_entry(tmp_path: Path) -> None:
    path = export(request_for(make_library(SPECS), "md", tmp_path / "x.md",
                              selection=Selection(councils=(LUTON,))))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Procedures manual changes: Luton Borough Council"
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == "| Council | Release | Kind | Chapter | Priority | Details |"
    assert len(table) == 2 + len(SPECS)
    assert table[2] == ("| Luton Borough Council | October 2020 | Updated | "
                        "Pipes \\| and &lt;b&gt;tags&lt;/b&gt; | Review | Line one<br>Line two |")
    assert all(line.count(" | ") == 5 for line in table[2:])


def test_formats_are_the_published_ones() -> None:
    assert FORMATS == ("xlsx", "docx", "csv", "json", "md")
    assert ExportRequest.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_importing_exporters_loads_no_office_or_tui_library() -> None:
    code = ("import sys, exporters, exporters.tabular, exporters.text, exporters.atomic\n"
            "heavy = [m for m in ('openpyxl', 'docx', 'textual', 'rich') if m in sys.modules]\n"
            "print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


def test_writers_import_no_tui() -> None:
    code = ("import sys, exporters.xlsx_tracker, exporters.docx_briefing\n"
            "print(','.join(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'rich') or m.startswith('manualtui.tui')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""
