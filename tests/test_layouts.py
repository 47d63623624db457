"""Every layout, on pages written here: what was written is what is read, and nothing is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.pages import (
    Written,
    WrittenRelease,
    blocks_page,
    caption_page,
    html_page,
    pipe_page,
)
from manualtui.load import load_manuals, samples_dir
from manualtui.model import Kind, Manual
from manualtui.parse import build_index, finish_page, parse_page
from manualtui.parse.detect import detect_layout
from manualtui.textio import read_page_text

BLOCKS_EXAMPLE = """Amendments

2025

March 2025

Placements in Foster Care

In March 2025, Section 4, Placement Planning was updated to reflect revised statutory guidance.

Kinship Care Procedure

This chapter was added to the procedures manual in March 2025.

January 2025

Missing Children

This chapter has been removed from the manual; see Children Missing from Home and Care.

Contacts and Referrals

A link has been added to the local referral form.

Information has been added about out-of-hours referrals.

2024

December 2024

Short Breaks

This chapter was updated throughout and should be re-read.
"""


def read_alone(text: str, source: str = "page.txt") -> Manual:
    """Parse one page with only its own titles as evidence (no bundled samples)."""
    draft = parse_page(text, source)
    return finish_page(draft, build_index([draft]), council="Test", title="Manual")


def accounted(manual: Manual) -> set[int]:
    lines = set(manual.furniture) | {d.line for d in manual.diagnostics}
    for release in manual.releases:
        lines.add(release.line)
        lines |= {n.line for n in release.notes}
        for entry in release.entries:
            lines |= set(range(entry.first_line, entry.last_line + 1))
    return lines


def assert_lossless(manual: Manual, text: str) -> None:
    """Every non-blank line is accounted for, and every word of an entry's lines is in it."""
    lines = text.split("\n")
    nonblank = {n for n, line in enumerate(lines, start=1) if line.strip()}
    assert nonblank - accounted(manual) == set()
    for _, entry in manual.entries():
        held = _words(" ".join((entry.title, *entry.details)))
        for number in range(entry.first_line, entry.last_line + 1):
            assert _words(lines[number - 1]) <= held, f"line {number} lost words"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w']+", text.replace("•", " ")))


def sample_entries() -> list[Written]:
    """Entries of both samples with titles (read and checked in test_parse_samples)."""
    library = load_manuals()
    return [
        Written(e.kind, e.title, e.details)
        for m in library.manuals
        for _, e in m.entries()
        if e.title and e.kind is not Kind.REMOVED
    ]


def releases_of(entries: list[Written], size: int = 40) -> list[WrittenRelease]:
    months = ["December", "October", "June", "March"]
    releases = []
    for number, start in enumerate(range(0, len(entries), size)):
        label = f"{months[number % 4]} {2030 - number // 4}"
        chunk = sorted(entries[start : start + size], key=lambda e: e.kind != Kind.UPDATED)
        releases.append(WrittenRelease(label, tuple(chunk)))
    return releases


@pytest.mark.parametrize("name", ["enfield-children.txt", "luton-children.txt"])
def test_samples_are_read_losslessly(name: str) -> None:
    path = samples_dir() / name
    text = read_page_text(path)
    manual = next(m for m in load_manuals([path]).manuals)
    assert manual.unaccounted == ()
    assert_lossless(manual, text)


@pytest.mark.parametrize(
    "writer,layout", [(caption_page, "caption"), (pipe_page, "pipe"), (blocks_page, "blocks")]
)
def test_generated_pages_read_back_exactly(writer, layout) -> None:  # type: ignore[no-untyped-def]
    entries = [e for e in sample_entries() if layout != "blocks" or e.kind is Kind.UPDATED]
    releases = releases_of(entries)
    text = writer(releases)
    manual = read_alone(text)
    assert manual.layout == layout
    assert_lossless(manual, text)
    read = [(e.kind, e.title, e.details) for _, e in manual.entries()]
    written = [(e.kind, e.title, e.details) for r in releases for e in r.entries]
    if layout == "blocks":
        read = [(Kind.UPDATED, t, d) for _, t, d in read]
    if layout == "pipe":
        written = [(k, t, (" ".join(d),)) for k, t, d in written]
    right = sum(a == b for a, b in zip(read, written, strict=True))
    assert right / len(written) >= 0.99, f"{right} of {len(written)} read right"


def test_one_line_split_without_help_from_other_pages() -> None:
    """Titles split by the page's own evidence alone, on every titled sample entry."""
    releases = releases_of([e for e in sample_entries() if len(e.details) == 1])
    entries = [e for r in releases for e in r.entries]
    text = caption_page(releases, one_line=True)
    manual = read_alone(text)
    titles = [e.title for _, e in manual.entries()]
    right = sum(a == b.title for a, b in zip(titles, entries, strict=True))
    assert right / len(entries) >= 0.99, f"{right} of {len(entries)} titles right"


def test_blocks_layout_example() -> None:
    manual = read_alone(BLOCKS_EXAMPLE)
    assert manual.layout == "blocks"
    assert [(r.key, len(r.entries)) for r in manual.releases] == [
        ("2025-03", 2),
        ("2025-01", 2),
        ("2024-12", 1),
    ]
    kinds = [(e.title, e.kind) for _, e in manual.entries()]
    assert kinds == [
        ("Placements in Foster Care", Kind.UPDATED),
        ("Kinship Care Procedure", Kind.NEW),
        ("Missing Children", Kind.REMOVED),
        ("Contacts and Referrals", Kind.UPDATED),
        ("Short Breaks", Kind.UPDATED),
    ]
    contacts = manual.releases[1].entries[1]
    assert contacts.details == (
        "A link has been added to the local referral form.",
        "Information has been added about out-of-hours referrals.",
    )
    assert_lossless(manual, BLOCKS_EXAMPLE)


def test_html_layout_keeps_links_and_structure() -> None:
    releases = [
        WrittenRelease(
            "October 2020",
            (
                Written(
                    Kind.UPDATED,
                    "Placements with Parents",
                    ("This chapter has been updated.", "A link was added."),
                ),
                Written(Kind.NEW, "Kinship Care", ("This chapter has been added.",)),
                Written(Kind.REMOVED, "Staying Put Policy", ()),
            ),
        ),
        WrittenRelease(
            "March 2020",
            (
                Written(
                    Kind.UPDATED,
                    "Short Breaks & Respite",
                    ("Section 2, Settings has been updated.",),
                ),
            ),
        ),
    ]
    text = html_page(releases)
    assert detect_layout(text) == "html"
    manual = read_alone(text, "page.html")
    got = [(r.key, e.kind, e.title, e.details, e.link) for r in manual.releases for e in r.entries]
    assert got == [
        (
            "2020-10",
            Kind.UPDATED,
            "Placements with Parents",
            ("This chapter has been updated.", "A link was added."),
            "https://example.org/placements-with-parents",
        ),
        (
            "2020-10",
            Kind.NEW,
            "Kinship Care",
            ("This chapter has been added.",),
            "https://example.org/kinship-care",
        ),
        ("2020-10", Kind.REMOVED, "Staying Put Policy", (), ""),
        (
            "2020-03",
            Kind.UPDATED,
            "Short Breaks & Respite",
            ("Section 2, Settings has been updated.",),
            "https://example.org/short-breaks-&-respite",
        ),
    ]
    assert manual.unaccounted == ()


def test_html_blocks_page_with_linked_titles() -> None:
    text = """<html><body>
<h2>2025</h2>
<h3>March 2025</h3>
<p><a href="/kinship">Kinship Care Procedure</a></p>
<p>This chapter was added to the procedures manual in March 2025.</p>
<p><a href="/foster">Placements in Foster Care</a></p>
<p>In March 2025, Section 4, Placement Planning was updated.</p>
</body></html>"""
    manual = read_alone(text, "blocks.html")
    got = [(e.title, e.kind, e.link, e.details) for _, e in manual.entries()]
    assert got == [
        (
            "Kinship Care Procedure",
            Kind.NEW,
            "/kinship",
            ("This chapter was added to the procedures manual in March 2025.",),
        ),
        (
            "Placements in Foster Care",
            Kind.UPDATED,
            "/foster",
            ("In March 2025, Section 4, Placement Planning was updated.",),
        ),
    ]


def test_heading_and_header_spellings_vary() -> None:
    text = "\n".join(
        [
            "Caption: table_May 2021",
            "May 2021",
            "Updated Procedures",
            "Procedure Title Details",
            "Contacts and Referrals This procedure has been updated.",
            "New Procedures and Features",
            "Name of Chapter Details",
            "Kinship Care This chapter has been added.",
            "New Chapters",
            "Chapter Name Details",
            "Early Help This chapter has been added.",
        ]
    )
    manual = read_alone(text)
    assert manual.unaccounted == ()
    assert [(e.kind, e.title) for _, e in manual.entries()] == [
        (Kind.UPDATED, "Contacts and Referrals"),
        (Kind.NEW, "Kinship Care"),
        (Kind.NEW, "Early Help"),
    ]


def test_pipe_one_line_rows_multi_line_cells_and_removed_bullets() -> None:
    text = "\n".join(
        [
            "June 2021",
            "Updated Procedures | |",
            "Name of Chapter | Details |",
            "Short Breaks | This chapter has been updated. |",
            "Placements with Parents |",
            "Section 1, Planned Placements has been updated.",
            "• a first point;",
            "A closing paragraph. |",
            "Removed Chapters | |",
            "• Staying Put Policy;",
            "• Young Carers Strategy.",
        ]
    )
    manual = read_alone(text)
    assert manual.unaccounted == ()
    got = [(e.kind, e.title, e.details) for _, e in manual.entries()]
    assert got == [
        (Kind.UPDATED, "Short Breaks", ("This chapter has been updated.",)),
        (
            Kind.UPDATED,
            "Placements with Parents",
            (
                "Section 1, Planned Placements has been updated.",
                "• a first point;",
                "A closing paragraph.",
            ),
        ),
        (Kind.REMOVED, "Staying Put Policy", ()),
        (Kind.REMOVED, "Young Carers Strategy", ()),
    ]


def test_preamble_text_is_kept_as_a_diagnostic(tmp_path: Path) -> None:
    text = (
        "Welcome to the manual.\n\nMay 2021\nUpdated Chapters\nChapter Title Details\n"
        "Short Breaks This chapter has been updated.\n"
    )
    manual = read_alone(text)
    assert [(d.line, d.code) for d in manual.diagnostics] == [(1, "preamble")]
    assert manual.unaccounted == ()


@pytest.mark.parametrize(
    "heading,key",
    [
        ("October 2020", "2020-10"),
        ("Sept 2019", "2019-09"),
        ("1 March 2021", "2021-03"),
        ("Amendments: June 2022", "2022-06"),
        ("December 2023 Release", "2023-12"),
        ("October 2020 |", "2020-10"),
        ("April 2025 (interim)", "2025-04"),
        ("June 2021 - Interim Update", "2021-06"),
    ],
)
def test_release_heading_spellings(heading: str, key: str) -> None:
    from manualtui.parse.lines import release_heading

    found = release_heading(heading)
    assert found is not None
    assert f"{found.year:04d}-{found.month:02d}" == key


@pytest.mark.parametrize(
    "line",
    [
        "Early Help Strategy 2014",
        "Children Act 1989",
        "Staying Put 2014-2015",
        "March 2019 - the chapter was revised throughout.",
    ],
)
def test_titles_with_years_are_not_release_headings(line: str) -> None:
    from manualtui.parse.lines import release_heading

    assert release_heading(line) is None


@pytest.mark.parametrize(
    "line,title",
    [
        ("Adoption Panel Minor amendments have been made.", "Adoption Panel"),
        (
            "Family Time Guidance Reference to the new Family Time Policy has been added.",
            "Family Time Guidance",
        ),
        (
            "Kinship Care Following the publication of the strategy, this chapter was updated.",
            "Kinship Care",
        ),
        (
            "Children in Care Council Links to the local offer have been updated.",
            "Children in Care Council",
        ),
        ("Contact with Parents Updated to reflect Practice Direction 12B.", "Contact with Parents"),
        ("Missing from Care Please re-read Section 3, Return Interviews.", "Missing from Care"),
        (
            "Allegations Against Staff In May 2024, the LADO details were updated.",
            "Allegations Against Staff",
        ),
        (
            "Aftercare under Section 117 of the Mental Health Act 1983 A new Section 2, Ordinary "
            "Residence has been added.",
            "Aftercare under Section 117 of the Mental Health Act 1983",
        ),
        ("Placements in Foster Care Foster carers must now be told.", "Placements in Foster Care"),
        ("Fostering Households Typographical errors have been corrected.", "Fostering Households"),
        ("Family Time Further detail has been included on supervision.", "Family Time"),
        ("Care Planning Broken links have been removed.", "Care Planning"),
        (
            "Care Leavers' Local Offer Details of the Setting Up Home Allowance have been added.",
            "Care Leavers' Local Offer",
        ),
        ("Adoption Support We have added a checklist to Section 4.", "Adoption Support"),
    ],
)
def test_split_on_the_openings_of_details(line: str, title: str) -> None:
    from manualtui.parse.split import TitleIndex, split_row

    split = split_row(line, TitleIndex())
    assert split.title == title
    assert split.details == line[len(title) + 1 :]


@pytest.mark.parametrize(
    "details,kind",
    [
        ("This chapter was added to the procedures manual in May 2024.", Kind.NEW),
        ("In May 2024, this procedure has been added to the manual.", Kind.NEW),
        ("This is a new chapter.", Kind.NEW),
        ("In May 2025, this local procedure was added.", Kind.NEW),
        ("This chapter has been removed from the manual.", Kind.REMOVED),
        ("The guidance was withdrawn following the new statutory guidance.", Kind.REMOVED),
        ("A link to the Youth Justice chapter has been added.", Kind.UPDATED),
        ("A link to the old form has been removed.", Kind.UPDATED),
        ("Section 3 has been updated and a new flowchart added.", Kind.UPDATED),
    ],
)
def test_blocks_kind_is_read_from_the_details(details: str, kind: Kind) -> None:
    from manualtui.parse.rows import infer_kind

    assert infer_kind([details]) is kind


def test_html_links_resolve_against_the_page_address_and_extra_cells_are_kept() -> None:
    text = """<html><head><link rel="canonical" href="https://trix.example.org/amendments.html">
</head><body><h2>May 2024</h2><h3>Updated Chapters</h3><table>
<tr><td><a href="/p_foster.html">Placements in Foster Care</a></td>
<td>This chapter has been updated.</td><td>See page 4</td></tr>
<tr><td><a href="javascript:void(0)">Short Breaks</a></td><td>A link was added.</td></tr>
</table></body></html>"""
    manual = read_alone(text, "page.html")
    got = [(e.title, e.details, e.link) for _, e in manual.entries()]
    assert got == [
        (
            "Placements in Foster Care",
            ("This chapter has been updated.", "See page 4"),
            "https://trix.example.org/p_foster.html",
        ),
        ("Short Breaks", ("A link was added.",), ""),
    ]


def test_minified_html_entries_get_unique_ids(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h2>May 2024</h2><h3>Updated Chapters</h3><table>"
        "<tr><td>Short Breaks</td><td>This chapter has been updated.</td></tr>"
        "<tr><td></td><td>This chapter has been revised.</td></tr>"
        "<tr><td>Private Fostering</td><td>A link was added.</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    items = load_manuals([page]).items
    assert len({i.id for i in items}) == 3
    assert all(i.id.startswith("page/procedures-manual/2024-05/") for i in items)
    assert [i.entry.title for i in items] == ["Short Breaks", "", "Private Fostering"]


# Families that unseen councils' pages showed (each test page is written here, not copied).
UNSEEN_BLOCKS = """Amendments

2025

June 2025

Moving On

In June 2025, Section 2, Pathway Planning was updated.
See Section 5, Staying Put.

Links with Schools and Colleges

In June 2025, links were checked and updated throughout.

Information, Advice and Guidance for Carers

This chapter was updated throughout in June 2025.
Please note the new arrangements in Section 3.

Leaving Care and Moving On

This chapter was added to the manual in June 2025.
"""


def test_blocks_titles_that_open_like_details_and_see_lines() -> None:
    from manualtui.priority import assess

    manual = read_alone(UNSEEN_BLOCKS)
    got = [(e.title, e.kind, assess(e).priority.value) for _, e in manual.entries()]
    assert got == [
        ("Moving On", Kind.UPDATED, "review"),
        ("Links with Schools and Colleges", Kind.UPDATED, "note"),
        ("Information, Advice and Guidance for Carers", Kind.UPDATED, "reread"),
        ("Leaving Care and Moving On", Kind.NEW, "reread"),
    ]
    first = manual.releases[0].entries[0]
    assert first.details[-1] == "See Section 5, Staying Put."
    assert_lossless(manual, UNSEEN_BLOCKS)


UNSEEN_ONE_LINE = """Amendments

May 2024

Caption: May 2024
Updated Chapters
Chapter Title Details
Carers' Assessments Information on young carers has been added to Section 3, Eligibility.

See Section 6, Reviews.
Links to Local Policies and Strategies Team names have been updated throughout.
Sharing Lives Schemes Paragraphs on respite have been added to Section 2, Matching.
Supporting Families at Home Department of Health and Social Care guidance has been added.
Planning for Moving On A link to NHS.UK: Transition has been added.
Children's Views Hertford Borough Council advocacy contact details have been updated.
"""


def test_one_line_rows_after_openings_bodies_and_see_lines() -> None:
    from manualtui.priority import assess

    manual = read_alone(UNSEEN_ONE_LINE)
    got = [(e.title, assess(e).priority.value) for _, e in manual.entries()]
    assert got == [
        ("Carers' Assessments", "review"),
        ("Links to Local Policies and Strategies", "note"),
        ("Sharing Lives Schemes", "review"),
        ("Supporting Families at Home", "review"),
        ("Planning for Moving On", "note"),
        ("Children's Views", "note"),
    ]
    assert manual.releases[0].entries[0].details[-1] == "See Section 6, Reviews."
    assert_lossless(manual, UNSEEN_ONE_LINE)


UNSEEN_AFTER_BLOCK_ENTRY = """Amendments

March 2025

Caption: March 2025
Updated Chapters
Chapter Title Details
Adoption Support

This chapter has been rewritten and should be re-read.

Short Breaks for Disabled Children Eligibility thresholds have been revised.
Children Missing Education Home Office guidance on the National Referral Mechanism has been added.
Fostering Panel Membership The list of Independent Panel Members has been updated.
"""

UNSEEN_DATED_LOST_TITLE = """Amendments

2025

March 2025

Kinship Care

This chapter was refreshed in March 2025.


In March 2025, Appendix 1: Consent Form Guidance was updated.
"""


def test_a_row_after_a_block_entry_and_bodies_named_before_title_case_words() -> None:
    from manualtui.priority import assess

    manual = read_alone(UNSEEN_AFTER_BLOCK_ENTRY)
    got = [(e.title, assess(e).priority.value) for _, e in manual.entries()]
    assert got == [
        ("Adoption Support", "reread"),
        ("Short Breaks for Disabled Children", "review"),
        ("Children Missing Education", "review"),
        ("Fostering Panel Membership", "note"),
    ]
    assert_lossless(manual, UNSEEN_AFTER_BLOCK_ENTRY)


def test_a_dated_opening_is_never_a_title() -> None:
    manual = read_alone(UNSEEN_DATED_LOST_TITLE)
    got = [(e.title, e.details[0][:20]) for _, e in manual.entries()]
    assert got == [("Kinship Care", "This chapter was ref"), ("", "In March 2025, Appen")]
