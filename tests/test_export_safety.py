"""The shared cleaner and link check, atomic writing and target checks, the one empty-selection
policy, and the csv/json/md exports built on them."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from manualtui.errors import ManualError
from manualtui.exporters import FORMATS, ExportRequest, check_target, export
from manualtui.exporters.atomic import write_atomically
from manualtui.exporters.text import (
    EXCEL_CELL_LIMIT,
    cell_text,
    clean,
    csv_text,
    is_formula_like,
    sheet_title,
    table_name,
    unique_names,
    web_link,
)
from manualtui.model import Kind, Library, Priority, SectionRef
from manualtui.record import ENTRY_FIELDS, item_record
from manualtui.select import Selection
from tests.export_support import Spec, make_library, request_for

LUTON = "Luton Borough Council"
HOSTILE = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\x00=1"]
SPECS = [
    Spec(
        LUTON,
        "2020-10",
        Kind.UPDATED,
        "Pipes | and <b>tags</b>",
        "Line one\n\nLine two",
        Priority.REVIEW,
        "updated",
        sections=(SectionRef("6", "Placements"),),
        drivers=("Children Act 1989", "Ofsted"),
    ),
    *[Spec(LUTON, "2020-04", Kind.UPDATED, f"Hostile {i}", text) for i, text in enumerate(HOSTILE)],
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


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("\x01=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("\x1b\x08+SUM(A1)", "'+SUM(A1)"),
        ("\ufffe@cmd", "'@cmd"),
        ("\x00Plain", "Plain"),  # NUL removed: nothing left that starts a formula
    ],
)
def test_the_formula_test_is_made_on_the_cleaned_text(text: str, written: str) -> None:
    assert csv_text(text) == written
    assert is_formula_like(clean(text)) == written.startswith("'")


CONTROL_FORMULA = "\x01=cmd|' /C calc'!A0"


def test_every_writer_stores_the_same_cleaned_text(tmp_path: Path) -> None:
    """csv, md, xlsx and docx clean with the one cleaner and, where a spreadsheet could run
    the cleaned text, keep it as text."""
    library = make_library([Spec(LUTON, "2020-10", Kind.UPDATED, "Chapter", CONTROL_FORMULA)])
    cleaned = "=cmd|' /C calc'!A0"
    with export(request_for(library, "csv", tmp_path / "x.csv")).open(
        encoding="utf-8", newline=""
    ) as handle:
        assert next(csv.DictReader(handle))["details"] == "'" + cleaned
    markdown = export(request_for(library, "md", tmp_path / "x.md")).read_text("utf-8")
    assert "| details | =cmd\\|' /C calc'!A0 |" in markdown.splitlines()
    sheet = load_workbook(export(request_for(library, "xlsx", tmp_path / "x.xlsx", by="entry")))[
        "Checklist"
    ]
    assert (sheet["L2"].value, sheet["L2"].data_type, sheet["L2"].quotePrefix) == (
        cleaned,
        "s",
        True,
    )
    document = Document(
        str(export(request_for(library, "docx", tmp_path / "x.docx", appendix=True)))
    )
    appendix = document.tables[-2]
    assert appendix.rows[1].cells[4].text == cleaned


# -- links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "linked"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("  https://example.org/x  ", "https://example.org/x"),
        ("mailto:team@example.org", "mailto:team@example.org"),
        ("javascript:alert(1)", ""),
        ("JavaScript:alert(1)", ""),
        ("/p_placements.html", ""),
        ("p_placements.html", ""),
        ("file:///etc/passwd", ""),
        ("https:no-host", ""),
        ("mailto:", ""),
        ("https://example.org/a b", ""),
        ("https://example.org/a\tb", ""),
        ("https://example.org/a\u00a0b", ""),
        ("https://example.org/a\u2003b", ""),
        ("https://example.org/a\u2028b", ""),
        ("", ""),
    ],
)
def test_only_web_addresses_are_links(href: str, linked: str) -> None:
    assert web_link(href) == linked


LINKS = {
    "Web": "https://example.org/web",
    "Mail": "mailto:team@example.org",
    "Script": "javascript:alert(1)",
    "Relative": "/p_relative.html",
}


def linked_library() -> Library:
    return make_library(
        [
            Spec(
                LUTON,
                "2020-10",
                Kind.UPDATED,
                title,
                "Re-read it.",
                Priority.REREAD,
                "should be re-read",
                link=link,
            )
            for title, link in LINKS.items()
        ]
    )


def test_tracker_links_only_web_addresses_and_shows_the_rest(tmp_path: Path) -> None:
    path = export(request_for(linked_library(), "xlsx", tmp_path / "x.xlsx", by="entry"))
    sheet = load_workbook(path)["Checklist"]
    headers = [c.value for c in sheet[1]]
    chapter, link = headers.index("Chapter"), headers.index("Link")
    cells = {row[chapter].value: row[link] for row in sheet.iter_rows(min_row=2)}
    assert {
        title: (c.value, c.hyperlink.target if c.hyperlink else None) for title, c in cells.items()
    } == {
        "Web": (LINKS["Web"], LINKS["Web"]),
        "Mail": (LINKS["Mail"], LINKS["Mail"]),
        "Script": (LINKS["Script"], None),
        "Relative": (LINKS["Relative"], None),
    }


def test_briefing_links_only_web_addresses_and_shows_the_rest(tmp_path: Path) -> None:
    document = Document(str(export(request_for(linked_library(), "docx", tmp_path / "x.docx"))))
    external = sorted(r.target_ref for r in document.part.rels.values() if r.is_external)
    assert external == sorted([LINKS["Web"], LINKS["Mail"]])
    texts = [p.text for p in document.paragraphs]
    for title in LINKS:
        assert any(text.startswith(f"{title} – updated October 2020.") for text in texts)


# -- one policy for an empty selection ---------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_selection_is_an_error_in_every_format(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"x.{fmt}"
    request = request_for(make_library(SPECS), fmt, target, selection=Selection(start="2030-01"))
    with pytest.raises(ManualError) as raised:
        export(request)
    assert str(raised.value) == (
        f"{target}: nothing to export: the selection has no entries "
        "(all councils; releases 2030-01 to latest)"
    )
    assert list(tmp_path.iterdir()) == []


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
    assert unique_names(["Name", "name", "", "Name"]) == ["Name", "name (2)", "Column", "Name (3)"]


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


def test_a_file_in_place_of_the_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "somefile").write_text("a file")
    for target in (tmp_path / "somefile" / "x.csv", tmp_path / "somefile" / "sub" / "x.csv"):
        with pytest.raises(ManualError) as raised:
            check_target(target, force=True)
        assert str(raised.value) == f"{target}: {tmp_path / 'somefile'} is a file, not a folder"


def test_a_name_too_long_is_an_error_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".csv")
    with pytest.raises(ManualError) as raised:
        check_target(target, force=False)
    assert str(raised.value) == f"{target}: cannot use this path (File name too long)"
    with pytest.raises(ManualError, match="File name too long"):
        export(request_for(make_library(SPECS), "csv", target))
    assert list(tmp_path.iterdir()) == []


def test_a_name_near_the_limit_is_written(tmp_path: Path) -> None:
    target = tmp_path / ("y" * 250 + ".csv")  # 254 characters: the longest most systems allow
    written = export(request_for(make_library(SPECS), "csv", target))
    assert written == target
    assert target.read_text(encoding="utf-8").startswith("id,council,")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_check_target_gives_the_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert check_target(Path("out.csv"), force=False) == tmp_path / "out.csv"
    (tmp_path / "out.csv").write_text("old")
    with pytest.raises(ManualError, match="already exists"):
        check_target(Path("out.csv"), force=False)
    assert check_target(Path("out.csv"), force=True) == tmp_path / "out.csv"


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


def test_a_file_that_appears_during_the_export_is_kept(tmp_path: Path) -> None:
    """Finding 3: the final rename replaced a file created at the target during the export."""
    target = tmp_path / "out.csv"

    def meanwhile(temp: Path) -> None:
        temp.write_text("ours")
        target.write_text("someone else's")

    with pytest.raises(ManualError) as raised:
        write_atomically(target, meanwhile, force=False)
    assert str(raised.value) == f"{target}: already exists (use --force to replace it)"
    assert target.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_two_exports_to_one_path_one_wins(tmp_path: Path) -> None:
    """Finding 3: two concurrent exports to one path both said "Wrote"."""
    target = tmp_path / "out.csv"
    both_written = threading.Barrier(2)
    outcomes: list[str] = []

    def export_as(name: str) -> None:
        def write(temp: Path) -> None:
            temp.write_text(name)
            both_written.wait(timeout=30)

        try:
            write_atomically(target, write, force=False)
            outcomes.append(f"wrote {name}")
        except ManualError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=export_as, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winner = target.read_text()
    assert sorted(outcomes) == sorted(
        [f"wrote {winner}", f"{target}: already exists (use --force to replace it)"]
    )
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_without_hard_links_the_file_is_still_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links (FAT, some network shares), a no-replace rename."""

    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.csv"
    write_atomically(target, lambda temp: temp.write_text("first"), force=False)
    assert target.read_text() == "first"

    second = tmp_path / "second.csv"

    def meanwhile(temp: Path) -> None:
        second.write_text("someone else's")

    with pytest.raises(ManualError, match="already exists"):
        write_atomically(second, meanwhile, force=False)
    assert second.read_text() == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "second.csv"]


def test_a_dangling_symlink_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.symlink_to(tmp_path / "nowhere")
    with pytest.raises(ManualError, match="already exists"):
        write_atomically(target, lambda temp: temp.write_text("x"), force=False)
    with pytest.raises(ManualError, match="is a symbolic link; not replaced"):
        write_atomically(target, lambda temp: temp.write_text("x"), force=True)
    assert target.is_symlink() and not (tmp_path / "nowhere").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_force_replaces_only_a_regular_file(tmp_path: Path) -> None:
    """Finding 3: as root, --force turned /dev/null or a FIFO into a regular file."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for special in (fifo, Path("/dev/null")):
        with pytest.raises(ManualError) as raised:
            check_target(special, force=True)
        assert str(raised.value) == (
            f"{special}: is not a regular file (a device, FIFO or socket); not replaced"
        )
    with pytest.raises(ManualError, match="not a regular file"):
        write_atomically(fifo, lambda temp: temp.write_text("x"), force=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.csv"]


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    """Finding 3: --force turned a 0600 file into a 0644 one."""
    target = tmp_path / "private.csv"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, lambda temp: temp.write_text("new"), force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_trailing_slash_names_a_folder(tmp_path: Path) -> None:
    """Finding 3: `-o name.csv/` wrote name.csv."""
    for force in (False, True):
        with pytest.raises(ManualError) as raised:
            check_target(f"{tmp_path}/name.csv/", force=force)
        assert str(raised.value) == (
            f"{tmp_path}/name.csv/: ends with '/', so it names a folder: give a file name"
        )
    assert list(tmp_path.iterdir()) == []


SLOW_WRITER = """
import sys, time
from pathlib import Path
from manualtui.exporters.atomic import write_atomically

def write(temp):
    temp.write_text("half")
    print("writing", flush=True)
    time.sleep(60)

write_atomically(Path(sys.argv[1]), write, force=False)
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_killed_export_leaves_no_temporary_file_for_long(tmp_path: Path, number: int) -> None:
    """Finding 3: SIGTERM and SIGHUP left a hidden .part file; SIGKILL can only leave one
    behind, and the next export to the folder sweeps it (never another file)."""
    target = tmp_path / "out.csv"
    keep = [tmp_path / ".notes.part", tmp_path / ".out.csv.12.abc.part", tmp_path / "out.part"]
    for path in keep:
        path.write_text("the user's own")
    writer = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    writer.send_signal(number)
    assert writer.wait(timeout=30) == -number
    left = {p.name for p in tmp_path.iterdir()} - {p.name for p in keep}
    assert left == (set() if number != signal.SIGKILL else {left_part(left)})
    write_atomically(tmp_path / "other.csv", lambda temp: temp.write_text("x"), force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["other.csv", *(p.name for p in keep)]
    )


def left_part(names: set[str]) -> str:
    (name,) = names
    assert name.startswith(".out.csv.") and name.endswith(".part")
    return name


# -- csv, json, markdown ----------------------------------------------------------------


def test_json_is_the_entries_record_of_every_item(tmp_path: Path) -> None:
    library = make_library(SPECS)
    path = export(request_for(library, "json", tmp_path / "x.json"))
    assert json.loads(path.read_text(encoding="utf-8")) == [item_record(i) for i in library.items]


def test_csv_has_a_row_per_entry_and_defuses_formulas(tmp_path: Path) -> None:
    path = export(request_for(make_library(SPECS), "csv", tmp_path / "x.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(SPECS)
    assert rows[0]["sections"] == "6 Placements"
    assert rows[0]["drivers"] == "Children Act 1989; Ofsted"
    assert rows[0]["details"] == "Line one\n\nLine two"
    assert [r["details"] for r in rows[1:]] == ["'" + clean(t) for t in HOSTILE]


def test_markdown_is_an_escaped_table_of_every_field_per_entry(tmp_path: Path) -> None:
    path = export(
        request_for(
            make_library(SPECS), "md", tmp_path / "x.md", selection=Selection(councils=(LUTON,))
        )
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Procedures manual changes: Luton Borough Council"
    headings = [line for line in lines if line.startswith("## ")]
    assert len(headings) == len(SPECS)
    assert headings[0] == "## 1. Pipes \\| and &lt;b&gt;tags&lt;/b&gt;"
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == len(SPECS) * (2 + len(ENTRY_FIELDS))
    first = table[2 : 2 + len(ENTRY_FIELDS)]
    assert [line.split(" | ")[0] for line in first] == [f"| {f}" for f in ENTRY_FIELDS]
    assert "| title | Pipes \\| and &lt;b&gt;tags&lt;/b&gt; |" in first
    assert "| details | Line one<br>Line two |" in first
    assert "| sections | 6 Placements |" in first
    assert all(line.count(" | ") == 1 for line in table if line != "|---|---|")


def test_formats_are_the_published_ones() -> None:
    assert FORMATS == ("xlsx", "docx", "csv", "json", "md")
    assert ExportRequest.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_importing_exporters_loads_no_office_or_tui_library() -> None:
    code = (
        "import sys, manualtui.exporters.tabular, manualtui.exporters.text\n"
        "import manualtui.exporters.atomic\n"
        "heavy = [m for m in ('openpyxl', 'docx', 'textual', 'rich') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_writers_import_no_tui() -> None:
    code = (
        "import sys, manualtui.exporters.xlsx_tracker, manualtui.exporters.docx_briefing\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich') or m.startswith('manualtui.tui')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
