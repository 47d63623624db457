"""Real Amendments pages of other councils (tests/devset), read as a person read them.

The pages are the first ~2,000 bytes of each page's text rendering; `gold/` holds what a
person read on each (titles, the opening of the details, kinds, re-read priorities). Each
quirk of the field is tested on a page that shows it; the HTML a browser would save of each
page reads back as its text does.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest

from manualtui.load import load_manuals
from manualtui.model import Kind, Manual
from manualtui.textio import read_page_text
from tests.devset_support import DEVSET, dev_pages, gold, html_rendering, read

PAGES = {page.stem[:3]: page for page in dev_pages()}


def page(prefix: str) -> Manual:
    return read(PAGES[prefix])


def titles(manual: Manual) -> list[str]:
    return [e.title for _, e in manual.entries()]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return " ".join(text.split()).rstrip(";.").strip()


# ---- the field as a whole -----------------------------------------------------------------


def _scores() -> tuple[int, int, int, int]:
    """(entries read by a person, titles exact, kinds right, priorities right), entries
    paired by their details' opening in page order."""
    total = exact = kinds = priorities = 0
    for path in dev_pages():
        library = load_manuals([f"{path.stem}={path}"])
        found = [(_fold(i.entry.details_text)[:30].lower(), i) for i in library.items]
        wanted = [
            (_fold(entry["details_start"])[:30].lower(), section["kind"], entry)
            for release in gold(path)["releases"]
            for section in release["sections"]
            for entry in section["entries"]
        ]
        matcher = difflib.SequenceMatcher(
            a=[w[0] for w in wanted], b=[f[0] for f in found], autojunk=False
        )
        pairs = {
            block.a + k: block.b + k
            for block in matcher.get_matching_blocks()
            for k in range(block.size)
        }
        for n, (_, kind, entry) in enumerate(wanted):
            total += 1
            if n not in pairs:
                continue
            item = found[pairs[n]][1]
            if _fold(item.entry.title) == _fold(entry["title"]):
                exact += 1
                kinds += item.entry.kind.value == kind
            priorities += item.priority.value == entry["priority"]
    return total, exact, kinds, priorities


def test_every_page_is_read_and_titles_kinds_and_priorities_agree_with_a_person() -> None:
    total, exact, kinds, priorities = _scores()
    assert total == 408
    assert exact / total >= 0.995, f"titles {exact}/{total}"
    assert kinds == exact, f"kinds {kinds}/{exact}"
    assert priorities / total >= 0.93, f"priorities {priorities}/{total}"


# ---- releases -----------------------------------------------------------------------------


def test_a_page_without_month_labels_is_read_as_undated_releases() -> None:
    """Releases separated only by "Next update" lines and repeated table headings (p13,
    p14): never refused; dated from the note, and labelled undated."""
    blackpool = page("p13")
    assert [(r.label, len(r.entries)) for r in blackpool.releases] == [
        ("undated (next update January 2025)", 6),
        ("undated", 5),
    ]
    assert blackpool.releases[0].key == "2024-07"
    assert blackpool.releases[1].key == "2024-01"  # a release cadence before
    hounslow = page("p14")
    assert [sum(e.kind is Kind.NEW for e in r.entries) for r in hounslow.releases] == [3, 0]
    assert hounslow.unaccounted == ()


def test_a_page_of_dated_entries_without_any_heading_is_one_release() -> None:
    """Month headings taken out of a blocks page: its entries date themselves."""
    text = read_page_text(PAGES["t02"])
    text = "\n".join(line for line in text.split("\n") if line.strip() != "August 2024")
    from tests.test_layouts import read_alone

    manual = read_alone(text)
    assert [(r.key, r.label) for r in manual.releases] == [
        ("2024-08", "undated (entries say August 2024)")
    ]
    assert titles(manual)[:2] == [
        "Placements with Connected Persons",
        "Children's Services Policies, Values and Principles",
    ]


def test_captions_date_a_page_without_month_headings() -> None:
    text = read_page_text(PAGES["p10"])
    text = "\n".join(
        line for line in text.split("\n") if line not in ("December 2023", "July 2023")
    )
    from tests.test_layouts import read_alone

    manual = read_alone(text)
    assert [(r.key, r.label, len(r.entries)) for r in manual.releases] == [
        ("2023-12", "December 2023", 11),
        ("2023-07", "July 2023", 1),
    ]


def test_a_caption_whose_month_differs_from_the_heading_keeps_the_heading() -> None:
    manual = page("p11")
    assert [r.label for r in manual.releases] == ["December 2023", "November 2023"]
    assert len(manual.releases[0].entries) == 1


# ---- titles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("p22", "Child Protection Enquiries (Section 47)"),
        ("p07", "Residential Child Care – Key Principles"),
        ("p24", "Children Involved in the Youth Justice System: Additional National Guidance"),
        ("p03", "Referral, Investigation and Assessment"),
        ("p06", "Medway - Contact Details"),
        (
            "p10",
            "Early Permanence: Fostering for Adoption and Temporary Approval as Foster Carers "
            "of Approved Prospective Adopters",
        ),
        ("p16", "Section 47 Enquiries"),
        ("t10", "Social Media (use of)"),
        # a title whose first words open like details ("Links to ...")
        ("t08", "Links to Legislation, Regulations and Statutory Guidance"),
        # a title holding words of a sentence ("... Who are Vulnerable ...")
        (
            "t03",
            "Children and Young People Who Go Missing form Home or Care, or Who are Vulnerable "
            "to Exploitation",
        ),
        # a title whose words open like details ("Information about ...")
        ("t09", "Providing Information about a Person or Carer"),
        # a title known elsewhere that holds an article ("... and The Public Law Outline")
        ("p24", "Care and Supervision Proceedings and The Public Law Outline"),
    ],
)
def test_titles_holding_punctuation_and_sentence_words(prefix: str, title: str) -> None:
    assert title in titles(page(prefix))


def test_title_only_rows_that_share_a_details_cell() -> None:
    manual = page("t20")
    may = manual.releases[1]
    assert [e.title for e in may.entries][1:4] == [
        "The Response to a Concern about Abuse or Neglect",
        "When Safeguarding Duties Apply",
        "Protecting Property of Adults being Cared for Away from Home",
    ]
    assert "Understanding what Transition is" in [e.title for e in may.entries]
    assert sum(not e.details for e in may.entries) == 11


def test_a_title_broken_over_two_lines_is_one_title() -> None:
    text = read_page_text(PAGES["p01"]).replace(
        "with Issues Regarding School", "with Issues Regarding\nSchool"
    )
    from tests.test_layouts import assert_lossless, read_alone

    manual = read_alone(text)
    assert (
        "Children Missing from Education or with Issues Regarding School Attendance/Poor School "
        "Attendance" in titles(manual)
    )
    assert_lossless(manual, text)


# ---- details ------------------------------------------------------------------------------


def test_details_that_look_like_titles_stay_details() -> None:
    herts = page("t03")
    conferences = herts.releases[0].entries[0]
    assert conferences.title == "Child Protection Conferences"
    assert conferences.details[1].startswith("See Children’s Social Care National Framework")
    gloucestershire = {e.title: e for _, e in page("p05").entries()}
    assert gloucestershire["Case Locking Procedure"].details == (
        "Appendix 1: Template for Locking Cases has been updated.",
    )
    lancashire = page("p11").releases[0].entries[0]
    assert lancashire.title == (
        "Resolving Professional Disagreements (Escalation and Conflict Resolution)"
    )
    assert lancashire.details[0].startswith("Appendix 2: Professional Challenge Protocol")


def test_a_second_paragraph_continues_the_entry_above() -> None:
    death = page("t16").releases[0].entries[0]
    assert len(death.details) == 2
    assert death.details[1].startswith("The Government guidance")
    liverpool = {e.title: e for _, e in page("p03").entries()}
    referral = liverpool["Referral, Investigation and Assessment"]
    assert (
        referral.details[-1]
        == "Please re-reference this important aspect of safeguarding children."
    )


# ---- lost titles --------------------------------------------------------------------------


def test_lost_title_cells_are_entries_without_titles() -> None:
    stockport = page("t05")
    assert sum(not t for t in titles(stockport)) == 22
    assert sum(not t for t in titles(page("p09"))) == 8
    hertfordshire = page("t04")
    assert titles(hertfordshire)[:3] == ["", "", ""]


def test_a_blank_title_line_on_a_blocks_page_is_a_lost_title() -> None:
    """Two blank lines where a title line was left empty (t01 line 27, t17 lines 25, 44)."""
    durham = page("t01")
    forced, lost = durham.releases[1].entries[1:3]
    assert forced.title == "Forced Marriage"
    assert forced.details == ("This chapter was updated throughout in May 2024.",)
    assert (lost.title, lost.first_line) == ("", 27)
    assert [e.first_line for _, e in page("t17").entries() if not e.title] == [25, 44]


def test_a_pipe_row_cut_before_its_closing_bar_keeps_its_title() -> None:
    torbay = page("p15")
    assert titles(torbay)[-1] == "Kinship Care Procedure"


# ---- kinds --------------------------------------------------------------------------------


def test_kinds_on_pages_without_table_headings_are_read_from_the_details() -> None:
    nottinghamshire = {e.title: e.kind for _, e in page("t17").entries()}
    assert nottinghamshire["Domestic Abuse"] is Kind.UPDATED  # "a new Section 6 was added"
    assert nottinghamshire["Children and Young People Living Away from Home"] is Kind.NEW
    stockport = {e.title: e.kind for _, e in page("t05").entries()}
    assert stockport["Children and Young People’s Continuing Care National Framework"] is Kind.NEW


# ---- furniture ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "lines"),
    [
        ("p01", [1]),  # "Report Abuse Report Abuse": a link's text and title
        ("p02", [1]),  # "Size: View this website with small text ..."
        ("p04", [1]),  # a logo line
        ("p06", [1, 3, 5, 27, 29, 31, 33, 35]),  # logo, "Top of page", archive links
        ("p16", [1]),  # "Amendments |"
        ("t01", [1, 2]),  # "Skip to content", "Company Logo"
        ("t15", [5]),  # "---|---|"
    ],
)
def test_page_furniture_is_neither_an_entry_nor_a_warning(prefix: str, lines: list[int]) -> None:
    manual = page(prefix)
    assert set(lines) <= set(manual.furniture)
    taken = {n for _, e in manual.entries() for n in range(e.first_line, e.last_line + 1)}
    assert not set(lines) & taken
    assert not {d.line for d in manual.diagnostics} & set(lines)


def test_a_sub_heading_under_the_month_is_reported_not_read_as_an_entry() -> None:
    manual = page("p04")  # "Shared Information" between "November 2017" and its table
    assert "Shared Information" not in {e.title for _, e in manual.entries()}
    assert [(d.line, d.code) for d in manual.diagnostics if d.code == "sub-heading"] == [
        (8, "sub-heading")
    ]
    assert manual.unaccounted == ()


def test_a_heading_naming_the_manual_names_it() -> None:
    assert page("p05").title == "GloucestershireChildren's Social Care Procedures Manual"


# ---- HTML as browsers save it -------------------------------------------------------------


def _shape(manual: Manual) -> list[tuple[str, str, list[tuple[Kind, str, tuple[str, ...]]]]]:
    return [
        (r.key, r.label, [(e.kind, e.title, e.details) for e in r.entries]) for r in manual.releases
    ]


@pytest.mark.parametrize("path", dev_pages(), ids=lambda p: p.stem[:3])
def test_the_saved_html_of_every_page_reads_as_its_text(path: Path, tmp_path: Path) -> None:
    text = read_page_text(path)
    manual = read(path)
    saved = tmp_path / f"{path.stem}.html"
    saved.write_text(html_rendering(manual, text), encoding="utf-8")
    from_html = read(saved)
    assert from_html.layout == "html"
    assert _shape(from_html) == _shape(manual)
    assert [e.link for _, e in from_html.entries() if e.title and e.kind is not Kind.REMOVED] == [
        f"https://example.trixonline.co.uk/chapter/{'-'.join(e.title.lower().split())}"
        for _, e in manual.entries()
        if e.title and e.kind is not Kind.REMOVED
    ]
    assert from_html.unaccounted == ()
    assert not [d for d in from_html.diagnostics if d.code == "preamble"]


def test_devset_fixtures_are_the_shared_pages() -> None:
    assert len(dev_pages()) == 44
    assert (DEVSET / "README.md").is_file()
    assert all(re.fullmatch(r"[pt]\d\d_.*", p.stem) for p in dev_pages())
