"""The two bundled samples, read entry by entry.

The expected counts were made by reading the pages (samples/*.txt), not by running the
parser: (release, updated, new, removed) per release, newest first.
"""

from __future__ import annotations

import pytest

from manualtui.load import load_manuals
from manualtui.model import Kind, Library, Manual

ENFIELD_COUNTS = [
    ("2020-10", 9, 0, 0),
    ("2020-06", 1, 0, 0),
    ("2020-05", 1, 0, 0),
    ("2020-04", 6, 0, 0),
    ("2019-10", 18, 1, 0),
    ("2019-04", 15, 1, 0),
    ("2018-10", 30, 3, 0),
    ("2018-04", 11, 0, 0),
    ("2017-10", 22, 0, 0),
]

LUTON_COUNTS = [
    ("2023-12", 11, 1, 0),
    ("2023-06", 17, 1, 0),
    ("2022-12", 15, 10, 0),
    ("2022-09", 13, 1, 0),
    ("2022-03", 2, 0, 2),
    ("2021-12", 24, 6, 0),
    ("2021-06", 14, 2, 0),
    ("2021-01", 11, 4, 0),
    ("2020-06", 13, 0, 0),
    ("2019-12", 17, 4, 10),
    ("2019-03", 31, 7, 0),
    ("2018-09", 12, 3, 0),
    ("2018-07", 1, 0, 0),
    ("2018-03", 18, 6, 0),
    ("2017-09", 24, 6, 0),
    ("2017-05", 17, 5, 1),
    ("2016-01", 12, 8, 0),
    ("2015-08", 13, 2, 0),
    ("2015-02", 14, 9, 0),
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_manuals()


def manual_of(library: Library, council_part: str) -> Manual:
    return next(m for m in library.manuals if council_part in m.council)


def counts(manual: Manual) -> list[tuple[str, int, int, int]]:
    return [
        (
            r.key,
            *(sum(e.kind is k for e in r.entries) for k in (Kind.UPDATED, Kind.NEW, Kind.REMOVED)),
        )
        for r in manual.releases
    ]


def test_enfield_counts_per_release(library: Library) -> None:
    manual = manual_of(library, "Enfield")
    assert manual.layout == "pipe"
    assert counts(manual) == ENFIELD_COUNTS


def test_luton_counts_per_release(library: Library) -> None:
    manual = manual_of(library, "Luton")
    assert manual.layout == "caption"
    assert counts(manual) == LUTON_COUNTS


def test_samples_have_council_names_from_the_manifest(library: Library) -> None:
    assert library.councils == ("London Borough of Enfield", "Luton Borough Council")


def test_enfield_lost_titles_are_separate_flagged_entries(library: Library) -> None:
    manual = manual_of(library, "Enfield")
    lost = [e for _, e in manual.entries() if not e.title]
    assert [e.first_line for e in lost] == [4, 8, 10, 12, 18, 22, 28, 32, 36, 38, 44]
    flagged = {d.line for d in manual.diagnostics if d.code == "lost-title"}
    assert flagged == {e.first_line for e in lost}
    october = manual.releases[0]
    section_6 = next(e for e in october.entries if e.first_line == 10)
    assert section_6.details == (
        "Section 6, Placements of Children under 13 years has been "
        "updated following publication of revised DfE guidance.",
    )
    neighbour = next(e for e in october.entries if e.first_line == 6)
    assert neighbour.title.startswith("Unaccompanied Migrant Children")
    assert len(neighbour.details) == 1


def test_enfield_release_with_two_tables_and_a_note(library: Library) -> None:
    october = manual_of(library, "Enfield").releases[0]
    titles = [e.title for e in october.entries]
    assert titles[6:] == ["", "Use of Social Media Sites by Social Care and Safeguarding Staff", ""]
    assert [n.text for n in october.notes] == ["Next Update: March 2021 |"]


def test_enfield_pairs_titles_with_their_details(library: Library) -> None:
    manual = manual_of(library, "Enfield")
    entry = next(
        e for _, e in manual.entries() if e.title == "Social Visits (Including Overnight Stays)"
    )
    assert entry.details == (
        "This chapter has been re-titled (previously called Overnight "
        "Stays and Social Visits) and extensively updated.",
    )
    new = [
        e.title
        for r in manual.releases
        if r.key == "2018-10"
        for e in r.entries
        if e.kind is Kind.NEW
    ]
    assert new == [
        "Deprivation of Liberty",
        "A Guide to the Mental Capacity Act",
        "Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery",
    ]


def test_luton_one_line_rows_are_split_at_the_title(library: Library) -> None:
    manual = manual_of(library, "Luton")
    by_line = {e.first_line: e for _, e in manual.entries()}
    assert by_line[9].title == "Capacity and Consent"
    assert by_line[9].details[0].startswith("Amendments have been made")
    assert by_line[40].details[0].startswith("'Council Guide to Tackling Modern Slavery'")
    assert by_line[150].title == "Safeguarding Children who Run Away or Go Missing"
    assert by_line[267].title == "Health Care Assessments and Plans"
    assert by_line[527].title == "Child Protection – Information Sharing System"
    assert by_line[649].title == "Unaccompanied Asylum Seeking Children - under review"
    assert by_line[690].title == "Short Breaks Service Statement"
    # "Local Guidance has been added ...": a title ends before a qualified subject
    assert by_line[216].title == "Family and Friends Care"
    assert by_line[216].details[0].startswith("Local Guidance has been added")


def test_luton_title_paragraph_with_several_details_paragraphs(library: Library) -> None:
    by_line = {e.first_line: e for _, e in manual_of(library, "Luton").entries()}
    ceasing = by_line[327]
    assert ceasing.title == "Ceasing to Look After a Child"
    assert len(ceasing.details) == 3
    assert ceasing.details[2].startswith("Previously Looked After Children are entitled")
    unaccompanied = by_line[144]
    assert len(unaccompanied.details) == 2
    assert by_line[149].title == "Families with No Recourse to Public Funds"
    plo = by_line[34]
    assert plo.details[1].startswith("In Relevant Guidance, a link has been added")


def test_luton_bullets_inside_details(library: Library) -> None:
    by_line = {e.first_line: e for _, e in manual_of(library, "Luton").entries()}
    adopters = by_line[706]
    assert adopters.title == "Assessment and Approval of Adopters"
    assert adopters.details[1:] == (
        "• Fostering for Adoption (Sections 1 and 5.5);",
        "• Adoption Register (Section 9, After the Panel Recommendation);",
        "• Duty to provide information on adoption support services (Sections 1 and 2);",
        "• Ethnicity (Section 15.2).",
    )
    assert adopters.last_line == 713


def test_luton_removed_chapters_and_the_note_after_them(library: Library) -> None:
    manual = manual_of(library, "Luton")
    december = next(r for r in manual.releases if r.key == "2019-12")
    removed = [e.title for e in december.entries if e.kind is Kind.REMOVED]
    assert removed[0] == "Vision Statement: Young People's Version"
    assert removed[-1] == "Fostering Service Contract Care Policy"
    assert "Staying Put Arrangement - Flowchart - 2014-2015" in removed
    assert [n.text for n in december.notes] == [
        "The above Luton Policies are currently under review - see Local Resources."
    ]
    march = next(r for r in manual.releases if r.key == "2022-03")
    assert [e.title for e in march.entries if e.kind is Kind.REMOVED] == [
        "Family Group Conference Service",
        "Family Safeguarding Workbook Policy",
    ]


def test_luton_next_update_note(library: Library) -> None:
    latest = manual_of(library, "Luton").releases[0]
    assert latest.label == "December 2023"
    assert [n.text for n in latest.notes] == ["Next Update: December 2023"]


def test_weak_splits_are_reported_with_their_line(library: Library) -> None:
    weak = {
        d.line: d.message for d in manual_of(library, "Luton").diagnostics if d.code == "weak-split"
    }
    assert 492 in weak
    assert "'Pace Fostering'" in weak[492]
