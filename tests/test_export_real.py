"""The exports of the bundled samples, checked against `manualtui entries --json`.

The issue's two selections: Luton March 2019 to December 2023, and both councils October
2017 to October 2020. Tracker and briefing must open in LibreOffice and hold the rows
`entries --json` lists for the same selection.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from manualtui.cli import main
from manualtui.exporters.columns import load_settings
from tests.export_support import LibreOffice

SELECTIONS = {
    "luton": ["--council", "luton", "--from", "2019-03", "--to", "2023-12"],
    "both": ["--from", "2017-10", "--to", "2020-10"],
}
APPENDIX_HEADERS = ["Release", "Kind", "Chapter", "Priority", "Details"]
LOST, INFERRED = "(title lost)", " (title inferred)"


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
    cli("export", "docx", "-o", str(paths.briefing), *options)
    return paths


def shown_title(entry: dict[str, object]) -> str:
    """The chapter title the exports show for an entry of `entries --json`."""
    title = str(entry["chapter_title"]) or LOST
    return title + INFERRED if entry["title_inferred"] else title


def expected_row(entry: dict[str, object]) -> tuple[object, ...]:
    settings = load_settings()
    labels = {
        **{p.value: v for p, v in settings.priorities.items()},
        **{k.value: v for k, v in settings.kinds.items()},
    }
    return (
        entry["council"],
        entry["release"],
        labels[str(entry["kind"])],
        shown_title(entry),
        labels[str(entry["priority"])],
        entry["details"] or None,
    )


def test_tracker_by_entry_rows_match_entries_json(exported: Exported) -> None:
    rows = list(
        load_workbook(exported.by_entry)["Checklist"].iter_rows(min_row=2, values_only=True)
    )
    got = [(r[0], r[1].strftime("%Y-%m"), r[2], r[3], r[4], r[7]) for r in rows]
    assert got == [expected_row(e) for e in exported.entries]


def test_tracker_notes_give_the_evidence_for_each_inferred_title(exported: Exported) -> None:
    sheet = load_workbook(exported.by_entry)["Checklist"]
    notes = 1 + [c.value for c in sheet[1]].index("Notes")
    got = [sheet.cell(row, notes).value for row in range(2, sheet.max_row + 1)]
    assert got == [
        f"Title inferred ({_month(e)}): {e['inference']}" if e["title_inferred"] else None
        for e in exported.entries
    ]


def _month(entry: dict[str, object]) -> str:
    year, month = str(entry["release"]).split("-")
    return f"{date(int(year), int(month), 1):%b %Y}"


def test_tracker_by_chapter_has_each_chapter_once(exported: Exported) -> None:
    rows = list(
        load_workbook(exported.by_chapter)["Checklist"].iter_rows(min_row=2, values_only=True)
    )
    chapters = {(e["council"], e["chapter"] or e["id"]) for e in exported.entries}
    assert len(rows) == len(chapters)
    titled = [(r[0], r[3].removesuffix(INFERRED)) for r in rows if r[3] != LOST]
    assert len(titled) == len(set(titled))
    latest = {}
    for entry in exported.entries:  # newest release first
        latest.setdefault((entry["council"], entry["chapter_title"]), entry)
    for row in rows:
        if row[3] != LOST:
            newest = latest[(row[0], row[3].removesuffix(INFERRED))]
            assert row[1].strftime("%Y-%m") == newest["release"]
            assert row[3] == shown_title(newest)


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
    evidence = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for entry in exported.entries:
        if entry["title_inferred"]:
            assert any(
                text.endswith(f"(line {entry['line']}): {entry['inference']}") for text in evidence
            )
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Must re-read" and headings[-1] == "Sign-off"
    councils = {e["council"] for e in exported.entries}
    assert ("Enfield and Luton side by side" in headings) == (len(councils) == 2)


def test_libreoffice_opens_the_tracker_with_every_row(exported: Exported, tmp_path: Path) -> None:
    sheets = LibreOffice(tmp_path).sheets(exported.by_entry)
    checklist = sheets["Checklist"]
    assert checklist[0][:5] == ["Council", "Release", "Kind", "Chapter", "Priority"]
    assert len(checklist) == 1 + len(exported.entries)
    assert [row[3] for row in checklist[1:]] == [expected_row(e)[3] for e in exported.entries]
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


def test_summary_percent_done_follows_statuses_filled_in(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    cli("export", "xlsx", "-o", str(path), *SELECTIONS["luton"])
    book = load_workbook(path)
    sheet = book["Checklist"]
    status = 1 + [c.value for c in sheet[1]].index("Status")
    total = sheet.max_row - 1
    fills = ["Signed off"] * 10 + ["Read"] * 5 + ["Not applicable"] * 5
    for row, value in enumerate(fills, 2):
        sheet.cell(row, status).value = value
    book.save(path)
    summary = {
        row[0]: row[1:] for row in LibreOffice(tmp_path).sheets(path)["Summary"] if row and row[0]
    }
    expected = round(100 * 15 / (total - 5))
    assert summary["All"][:4] == [str(total), "15", "5", f"{expected}%"]
