"""The exports of the bundled samples, checked against `manualtui entries --json`.

The issue's two selections: Luton March 2019 to December 2023, and both councils October
2017 to October 2020. Tracker and briefing must open in LibreOffice and hold the rows
`entries --json` lists for the same selection. (What the printed pages look like is checked
in test_export_printed.py.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from manualtui.cli import main
from manualtui.exporters.columns import load_settings
from tests.export_support import LibreOffice, checklist_rows, newest_of_each_chapter, shown_title

SELECTIONS = {
    "luton": ["--council", "luton", "--from", "2019-03", "--to", "2023-12"],
    "both": ["--from", "2017-10", "--to", "2020-10"],
}
APPENDIX_HEADERS = ["Release", "Kind", "Chapter", "Priority", "Details"]
INFERRED = " (title inferred)"


@dataclass(frozen=True)
class Exported:
    entries: list[dict[str, object]]
    by_entry: Path
    by_chapter: Path
    briefing: Path


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module", params=sorted(SELECTIONS))
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    options = SELECTIONS[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    paths = Exported(
        json.loads(cli("entries", "--json", *options)),
        folder / "by-entry.xlsx",
        folder / "tracker.xlsx",
        folder / "briefing.docx",
    )
    cli("export", "xlsx", "-o", str(paths.by_entry), "--by", "entry", *options)
    cli("export", "xlsx", "-o", str(paths.by_chapter), *options)
    cli("export", "docx", "-o", str(paths.briefing), "--appendix", *options)
    return paths


def newest_of_chapter(entries: list[dict[str, object]]) -> set[object]:
    """The ids of the entries that are the newest of their chapter in the selection."""
    return {entry["id"] for entry in newest_of_each_chapter(entries)}


def test_tracker_by_entry_rows_match_entries_json(exported: Exported) -> None:
    settings = load_settings()
    kinds = {k.value: v for k, v in settings.kinds.items()}
    rows = checklist_rows(exported.by_entry)
    got = [
        (r["Council"], r["Release"].strftime("%Y-%m"), r["Kind"], r["Chapter"], r["Details"])
        for r in rows
    ]
    assert got == [
        (e["council"], e["release"], kinds[str(e["kind"])], shown_title(e), e["details"] or None)
        for e in exported.entries
    ]
    newest = newest_of_chapter(exported.entries)
    superseded = [r["Status"] == "Superseded" for r in rows]
    assert superseded == [e["id"] not in newest for e in exported.entries]
    assert any(superseded)


def test_tracker_notes_give_the_evidence_for_each_inferred_title(exported: Exported) -> None:
    got = [r["Notes"] for r in checklist_rows(exported.by_entry)]
    assert got == [
        f"Title inferred ({_month(e)}): {e['inference']}" if e["title_inferred"] else None
        for e in exported.entries
    ]


def _month(entry: dict[str, object]) -> str:
    year, month = str(entry["release"]).split("-")
    return f"{date(int(year), int(month), 1):%b %Y}"


def test_tracker_by_chapter_has_each_chapter_once(exported: Exported) -> None:
    rows = checklist_rows(exported.by_chapter)
    assert len(rows) == len(newest_of_chapter(exported.entries))
    assert len({r["Row key"] for r in rows}) == len(rows)
    titles = [(r["Council"], r["Chapter"].removesuffix(INFERRED)) for r in rows]
    assert len(titles) == len(set(titles))  # untitled entries too are told apart
    newest = {
        e["id"]: e for e in exported.entries if e["id"] in newest_of_chapter(exported.entries)
    }
    by_title = {(e["council"], shown_title(e)): e for e in newest.values()}
    for row in rows:
        entry = by_title[(row["Council"], row["Chapter"])]
        assert row["Release"].strftime("%Y-%m") == entry["release"]
        if entry["kind"] == "removed":
            assert row["Priority"] == "Note"
            assert row["What to read"].startswith("No longer in the manual")


def test_briefing_appendix_lists_every_entry(exported: Exported) -> None:
    document = Document(str(exported.briefing))
    appendix = [
        [c.text for c in row.cells]
        for table in document.tables
        if [c.text for c in table.rows[0].cells] == APPENDIX_HEADERS
        for row in table.rows[1:]
    ]
    assert [(r[2], r[4]) for r in appendix] == [
        (shown_title(e), e["details"]) for e in exported.entries
    ]
    evidence = [
        [c.text for c in row.cells]
        for table in document.tables
        if table.rows[0].cells[-1].text == "Evidence"
        for row in table.rows[1:]
    ]
    assert [(r[1].rsplit("line ", 1)[-1], r[2]) for r in evidence] == [
        (str(e["line"]), e["inference"]) for e in exported.entries if e["title_inferred"]
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "What changes for practice"
    assert headings[-3:] == ["Appendix: every entry", "How this pack was made", "Sign-off"]
    councils = {e["council"] for e in exported.entries}
    assert ("Enfield and Luton side by side" in headings) == (len(councils) == 2)


def test_libreoffice_opens_the_tracker_with_every_row(exported: Exported, tmp_path: Path) -> None:
    sheets = LibreOffice(tmp_path).sheets(exported.by_entry)
    checklist = sheets["Checklist"]
    assert checklist[0][:3] == ["Chapter", "Status", "Assigned to"]
    assert len(checklist) == 1 + len(exported.entries)
    assert [row[0] for row in checklist[1:]] == [shown_title(e) for e in exported.entries]
    summary = {row[0]: row[1:] for row in sheets["Summary"] if row and row[0]}
    assert summary["All"][0] == str(len(exported.entries))


def test_libreoffice_opens_the_briefing_with_every_appendix_row(
    exported: Exported, tmp_path: Path
) -> None:
    resaved = LibreOffice(tmp_path).convert(exported.briefing, "docx:MS Word 2007 XML")
    document = Document(str(resaved / exported.briefing.name))
    rows = sum(
        len(t.rows) - 1
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == APPENDIX_HEADERS
    )
    assert rows == len(exported.entries)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert "Appendix: every entry" in headings


def test_summary_follows_statuses_filled_in_and_a_row_added_by_hand(tmp_path: Path) -> None:
    """Luton March 2019 to December 2023, due a month ago: statuses filled in with openpyxl
    and a row added below the table; LibreOffice recalculates the Summary."""
    path = tmp_path / "tracker.xlsx"
    due = date.today() - timedelta(days=30)
    cli("export", "xlsx", "-o", str(path), "--due", due.isoformat(), *SELECTIONS["luton"])
    rows = checklist_rows(path)
    book = load_workbook(path)
    sheet = book["Checklist"]
    column = {c.value: c.column for c in sheet[1]}
    fills = ["Signed off"] * 10 + ["Read"] * 5 + ["Not applicable"] * 5
    for row, value in enumerate(fills, 2):
        sheet.cell(row, column["Status"]).value = value
    added = len(rows) + 2
    for header, value in (
        ("Chapter", "Local Protocol Added By Hand"),
        ("Status", "Pending"),
        ("Due date", due),
        ("Priority", "Re-read"),
        ("Council", "Luton Borough Council"),
    ):
        sheet.cell(added, column[header]).value = value
    book.save(path)
    summary = {
        row[0]: row[1:] for row in LibreOffice(tmp_path).sheets(path)["Summary"] if row and row[0]
    }
    total = len(rows) + 1
    dated = [r for r in rows if r["Due date"] is not None]
    overdue = sum(1 for n, r in enumerate(rows) if r["Due date"] is not None and n >= len(fills))
    expected = round(100 * 15 / (total - 5))
    assert summary["All"] == [str(total), "15", "5", f"{expected}%", str(overdue + 1)]
    rereads = sum(1 for r in rows if r["Priority"] == "Re-read") + 1
    assert summary["Re-read"][0] == str(rereads)
    assert summary["Pending"][0] == str(total - len(fills))
    assert len(dated) > len(fills)
