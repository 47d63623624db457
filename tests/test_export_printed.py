"""What a reader sees: every kind of pack and tracker of the bundled samples, printed to PDF
by LibreOffice, read back with poppler.

The issue's bounds: Luton's last two releases, re-read only, at most 2 pages and the
sign-off; Luton March 2019 to December 2023 at most 20 pages, both councils October 2017 to
October 2020 at most 25 (without --appendix). No entry's details printed twice, no removed
chapter under re-read, no "|" or file path in a pack. The tracker's Checklist prints at 8 pt
or more with the chapter, status, priority and what to read on every row; the Staff sheet
prints in a few pages. Everything is printed once per module: LibreOffice is slow.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from manualtui.cli import main
from tests.export_support import (
    LibreOffice,
    Printed,
    checklist_rows,
    newest_of_each_chapter,
    normalised,
    shown_title,
)
from tests.realparts import require_font, require_tool

LUTON = ["--council", "luton", "--from", "2019-03", "--to", "2023-12"]
BOTH = ["--from", "2017-10", "--to", "2020-10"]
SHORT = ["--council", "luton", "--from", "2023-06", "--to", "2023-12", "--priority", "reread"]
PACKS = {
    "short": (SHORT, ["--staff", "A. Khan,B. Jones"]),
    "luton": (LUTON, ["--due", "2030-03-31"]),
    "both": (BOTH, []),
    "appendix": (LUTON, ["--appendix"]),
}
TRACKERS = {
    "tracker-staff": (LUTON, ["--staff", "A. Khan,B. Jones,C. Patel", "--due", "2030-03-31"]),
    "tracker-entry": (LUTON, ["--by", "entry"]),
    "tracker-both": (BOTH, []),
}
PAGE_LIMITS = {"luton": 20, "both": 25}
_ABSOLUTE_PATH = re.compile(r"(?:^|[\s(])(?:/[\w.-]+){2,}|[A-Za-z]:\\")


@dataclass(frozen=True)
class Export:
    selection: list[str]
    file: Path
    printed: Printed

    def entries(self) -> list[dict[str, object]]:
        return json.loads(cli("entries", "--json", *self.selection))


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Export]:
    require_font("Carlito")  # the page bounds hold for Calibri's metrics, not a wider font's
    folder = tmp_path_factory.mktemp("printed")
    made: dict[str, tuple[list[str], Path]] = {}
    for name, (selection, options) in {**PACKS, **TRACKERS}.items():
        path = folder / f"{name}.{'xlsx' if name in TRACKERS else 'docx'}"
        cli("export", path.suffix[1:], "-o", str(path), *options, *selection)
        made[name] = (selection, path)
    pdfs = LibreOffice(folder).pdfs([path for _, path in made.values()])
    return {
        name: Export(selection, path, Printed(pdf))
        for (name, (selection, path)), pdf in zip(made.items(), pdfs, strict=True)
    }


def removed_chapters(entries: list[dict[str, object]]) -> list[str]:
    """The chapters whose newest change in the selection removed them."""
    return [shown_title(e) for e in newest_of_each_chapter(entries) if e["kind"] == "removed"]


def between(text: str, start: str, ends: list[str]) -> str:
    """The part of `text` from `start` up to the first of `ends` after it."""
    begin = text.index(start)
    stops = [text.find(end, begin + len(start)) for end in ends]
    return text[begin : min([s for s in stops if s > 0], default=len(text))]


# -- the briefing ------------------------------------------------------------------------


def test_the_short_pack_is_two_pages_and_the_sign_off(printed: dict[str, Export]) -> None:
    pages = printed["short"].printed.pages
    assert len(pages) <= 3
    assert "By signing" in pages[-1]
    assert not any("By signing" in page for page in pages[:-1])
    assert "A. Khan" in pages[-1] and "B. Jones" in pages[-1]


@pytest.mark.parametrize("pack", sorted(PAGE_LIMITS))
def test_long_packs_stay_within_their_page_bounds(printed: dict[str, Export], pack: str) -> None:
    assert len(printed[pack].printed.pages) <= PAGE_LIMITS[pack]


@pytest.mark.parametrize(
    ("pack", "times"), [("short", 1), ("luton", 1), ("both", 1), ("appendix", 2)]
)
def test_each_entry_is_printed_once_unless_the_appendix_is_asked_for(
    printed: dict[str, Export], pack: str, times: int
) -> None:
    export = printed[pack]
    text = export.printed.body()
    details = [normalised(str(e["details"])) for e in export.entries()]
    for wanted in set(details) - {""}:
        expected = sum(other.count(wanted) for other in details)
        assert text.count(wanted) == times * expected, wanted


@pytest.mark.parametrize("pack", ["luton", "both"])
def test_removed_chapters_are_never_under_re_read(printed: dict[str, Export], pack: str) -> None:
    export = printed[pack]
    removed = removed_chapters(export.entries())
    assert removed
    text = export.printed.body()
    page_one = between(text, "Chapters to re-read", ["Chapters removed"])
    reread = between(text, "Re-read: what changed", ["Review: the sections named"])
    gone = between(text, "Chapters removed", ["Chapters renamed", "Other new chapters", "Re-read:"])
    for title in map(normalised, removed):
        assert title not in page_one and title not in reread, title
        assert f"{title} (" in gone
    assert gone.count("no longer in the manual; stop using printed copies") == len(removed)


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_no_stray_pipe_or_file_path_in_a_pack(printed: dict[str, Export], pack: str) -> None:
    text = printed[pack].printed.body()
    assert "|" not in text
    assert not _ABSOLUTE_PATH.search(text), _ABSOLUTE_PATH.search(text)
    assert "samples" not in text and ".txt" not in text


def test_page_one_names_the_manual_and_says_the_next_update_plainly(
    printed: dict[str, Export],
) -> None:
    page = normalised(printed["luton"].printed.pages[0])
    assert page.startswith("Children's Services Procedures Manual")
    assert "The next update of the manual was due in December 2023" in page
    assert "Re-read by: 31 March 2030" in page
    both = normalised(printed["both"].printed.pages[0])
    assert "Enfield: Children's Social Care Procedures Manual" in both
    assert "Luton's manual has 8 later releases, up to December 2023, not in this pack." in both


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_packs_print_in_calibri_or_its_metric_twin(printed: dict[str, Export], pack: str) -> None:
    listing = subprocess.run(
        [require_tool("pdffonts"), str(printed[pack].printed.pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    families = {line.split()[0].split("+")[-1].split("-")[0] for line in listing}
    assert families == {"Carlito"}


# -- the tracker -------------------------------------------------------------------------


@pytest.mark.parametrize("tracker", sorted(TRACKERS))
def test_checklist_prints_at_8_points_or_more_with_its_key_columns(
    printed: dict[str, Export], tracker: str
) -> None:
    export = printed[tracker]
    pages = export.printed.sheet_pages("Checklist")
    assert pages
    assert export.printed.smallest_text(pages) >= 8
    rows = checklist_rows(export.file)
    for page in pages:
        text = export.printed.body(page, page)
        for header in ("Chapter", "Status", "Priority", "What to read"):
            assert header in text, (page, header)
    text = export.printed.body(pages[0], pages[-1])
    statuses = {"Pending": 0, "Superseded": 0}
    for row in rows:  # a status from the Staff sheet is Pending while the grid is empty
        statuses["Pending" if str(row["Status"]).startswith("=") else row["Status"]] += 1
    for status, number in statuses.items():
        assert text.count(status) == number, status
    assert text.count("Whole chapter") == sum(r["What to read"] == "Whole chapter" for r in rows)
    for priority in ("Review", "Note"):
        assert len(re.findall(rf"\b{priority}\b", text)) >= sum(
            r["Priority"] == priority for r in rows
        )


def test_staff_sheet_prints_in_a_few_pages(printed: dict[str, Export]) -> None:
    export = printed["tracker-staff"]
    pages = export.printed.sheet_pages("Staff")
    assert 1 <= len(pages) <= 5
    assert export.printed.smallest_text(pages) >= 8
    staff = checklist_rows(export.file, "Staff")
    text = export.printed.body(pages[0], pages[-1])
    assert all(name in text for name in ("A. Khan", "B. Jones", "C. Patel"))
    assert text.count("Pending") == len(staff) - 1  # every chapter; not the "% done" line
