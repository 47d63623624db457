"""Chapter titles and months as every export shows them.

A title inferred for an entry whose page lost it must never look like a title the page gave:
the tracker, the briefing and markdown's headings mark it, csv and markdown carry the
record's `title_inferred` and `inference`, and the tracker and the briefing keep the
evidence. Months and their order come from `Release` in one place.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from manualtui.exporters import export
from manualtui.exporters.rows import (
    chapter_rows,
    display_title,
    months_text,
)
from manualtui.model import Kind, Priority
from manualtui.wording import day_text, month_label, month_name
from tests.export_support import Spec, make_library, request_for

LUTON, ENFIELD = "Luton Borough Council", "London Borough of Enfield"
SECURE = "Placements in Secure Accommodation"
EVIDENCE = f"details 95% like Luton Borough Council January 2021 '{SECURE}' (line 217)"
SPECS = [
    Spec(
        ENFIELD,
        "2020-10",
        Kind.UPDATED,
        SECURE,
        "This chapter was extensively revised and should be re-read.",
        Priority.REREAD,
        "should be re-read",
        inferred=EVIDENCE,
    ),
    Spec(
        ENFIELD,
        "2020-10",
        Kind.UPDATED,
        "Adoption Panel",
        "Section 2 was updated.",
        Priority.REVIEW,
        "updated",
    ),
    Spec(
        ENFIELD,
        "2020-04",
        Kind.UPDATED,
        "Adoption Panel",
        "A link was updated.",
        Priority.NOTE,
        "link",
        inferred="details 100% like an earlier entry (line 40)",
    ),
]
MARKED = f"{SECURE} (title inferred)"


def test_display_title_marks_inferred_and_lost_titles() -> None:
    secure, panel, earlier_panel = make_library(SPECS).items
    assert display_title(secure) == MARKED
    assert display_title(panel) == "Adoption Panel"
    assert display_title(earlier_panel) == "Adoption Panel (title inferred)"
    lost = make_library([Spec(LUTON, "2020-10", Kind.UPDATED, "", "Lost.")]).items[0]
    assert display_title(lost) == "untitled entry, line 2: 'Lost.'"


def test_tracker_marks_inferred_titles_and_gives_the_evidence_in_notes(tmp_path: Path) -> None:
    library = make_library(SPECS)
    by_entry = load_workbook(export(request_for(library, "xlsx", tmp_path / "e.xlsx", by="entry")))[
        "Checklist"
    ]
    rows = [
        dict(zip([c.value for c in by_entry[1]], r, strict=True))
        for r in by_entry.iter_rows(min_row=2, values_only=True)
    ]
    assert [(r["Chapter"], r["Notes"]) for r in rows] == [
        (MARKED, f"Title inferred (Oct 2020): {EVIDENCE}"),
        ("Adoption Panel", None),
        (
            "Adoption Panel (title inferred)",
            "Title inferred (Apr 2020): details 100% like an earlier entry (line 40)",
        ),
    ]
    book = load_workbook(
        export(request_for(library, "xlsx", tmp_path / "c.xlsx", staff=("A. Khan",)))
    )
    by_chapter = book["Checklist"]
    headers = [c.value for c in by_chapter[1]]
    chapters = {
        row[headers.index("Chapter")]: row[headers.index("Notes")]
        for row in by_chapter.iter_rows(min_row=2, values_only=True)
    }
    # The panel's latest change had its title on the page; its earlier one did not.
    assert chapters == {
        MARKED: f"Title inferred (Oct 2020): {EVIDENCE}",
        "Adoption Panel": "Title inferred (Apr 2020): details 100% like an earlier entry (line 40)",
    }
    staff_titles = [row[0] for row in book["Staff"].iter_rows(min_row=3, values_only=True)]
    assert staff_titles[:2] == [MARKED, "Adoption Panel"]


def test_briefing_marks_inferred_titles_and_gives_the_evidence_at_the_end(
    tmp_path: Path,
) -> None:
    document = Document(str(export(request_for(make_library(SPECS), "docx", tmp_path / "b.docx"))))
    reread = next(t for t in document.tables if t.rows[0].cells[0].text == "Chapter")
    assert reread.rows[1].cells[0].text == MARKED  # the first chapter to re-read
    evidence = next(t for t in document.tables if t.rows[0].cells[-1].text == "Evidence")
    assert [[c.text for c in row.cells] for row in evidence.rows[1:]] == [
        [SECURE, "Enfield, Oct 2020, line 2", EVIDENCE],
        [
            "Adoption Panel",
            "Enfield, Apr 2020, line 4",
            "details 100% like an earlier entry (line 40)",
        ],
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts.index("How this pack was made") < texts.index("Sign-off")
    review = next(t for t in texts if t.startswith("Adoption Panel – "))
    assert (
        "April 2020 (title inferred), updated: A link was updated."
        in texts[texts.index(review) + 1]
    )


def test_side_by_side_marks_the_months_whose_title_was_inferred(tmp_path: Path) -> None:
    specs = [
        *SPECS,
        Spec(
            LUTON,
            "2021-01",
            Kind.UPDATED,
            SECURE,
            "This chapter was extensively revised and should be re-read.",
        ),
    ]
    document = Document(str(export(request_for(make_library(specs), "docx", tmp_path / "b.docx"))))
    texts = [p.text for p in document.paragraphs]
    both = texts[texts.index("Changed by both, not at the same time") + 1]
    assert both == f"{SECURE} (Enfield Oct 2020 (title inferred); Luton Jan 2021)."


def test_csv_and_markdown_say_which_titles_were_inferred_and_why(tmp_path: Path) -> None:
    library = make_library(SPECS)
    with export(request_for(library, "csv", tmp_path / "x.csv")).open(
        encoding="utf-8", newline=""
    ) as handle:
        rows = list(csv.DictReader(handle))
    assert [
        (r["title"], r["chapter_title"], r["title_inferred"], r["inference"]) for r in rows
    ] == [
        ("", SECURE, "true", EVIDENCE),
        ("Adoption Panel", "Adoption Panel", "false", ""),
        ("", "Adoption Panel", "true", "details 100% like an earlier entry (line 40)"),
    ]
    markdown = export(request_for(library, "md", tmp_path / "x.md")).read_text("utf-8").splitlines()
    assert [line for line in markdown if line.startswith("## ")] == [
        f"## 1. {MARKED}",
        "## 2. Adoption Panel",
        "## 3. Adoption Panel (title inferred)",
    ]
    assert markdown.count("| title_inferred | true |") == 2


def test_months_are_worded_from_the_release() -> None:
    secure, panel, earlier_panel = make_library(SPECS).items
    assert month_label(secure.release) == "Oct 2020"
    assert month_name(earlier_panel.release) == "April 2020"
    assert month_label("2021-01") == "Jan 2021"
    assert day_text(date(2030, 1, 31)) == "31 January 2030"
    assert months_text([secure, panel, earlier_panel]) == (
        "Oct 2020 (title inferred), Apr 2020 (title inferred)"
    )
    assert months_text([panel]) == "Oct 2020"


def test_chapter_rows_put_the_newest_release_first_across_a_year_end() -> None:
    library = make_library(
        [
            Spec(LUTON, "2019-12", Kind.UPDATED, "Fostering", "Re-read.", Priority.REREAD),
            Spec(LUTON, "2020-01", Kind.UPDATED, "Fostering", "A link.", Priority.NOTE),
        ]
    )
    (row,) = chapter_rows(sorted(library.items, key=lambda i: i.release.key))
    assert [month_label(i.release) for i in row.items] == ["Jan 2020", "Dec 2019"]
    assert row.priority is Priority.REREAD  # the earlier re-read still stands
    assert month_label(row.deciding.release) == "Dec 2019"
