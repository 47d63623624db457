"""The Word briefing pack, re-read with python-docx and opened by LibreOffice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from manualtui.errors import ManualError
from manualtui.exporters import export
from manualtui.model import Kind, Priority, SectionRef
from tests.export_support import LibreOffice, Spec, make_library, request_for

LUTON, ENFIELD = "Luton Borough Council", "London Borough of Enfield"
SECURE = (
    "The revised DfE guidance on placing children under 13 in secure accommodation "
    "has been added to Section 3, Approval for Placements of Children under 13."
)
EARLIER = (
    "This chapter has been extensively revised to reflect the new statutory guidance on "
    "placements, including the duties of the placing authority, the approval of carers, "
    "visits and reviews, and it should be re-read in full by everyone who places children."
)
SPECS = [
    Spec(
        LUTON,
        "2020-10",
        Kind.UPDATED,
        "Secure Accommodation",
        SECURE,
        Priority.REVIEW,
        "added to Section 3",
        sections=(SectionRef("3", "Approval for Placements of Children under 13"),),
        drivers=("Children Act 1989",),
    ),
    Spec(
        LUTON,
        "2020-10",
        Kind.NEW,
        "Ofsted Inspection Framework",
        "This chapter has been added.",
        Priority.REREAD,
        "a new chapter",
        link="https://example.org/ofsted",
    ),
    Spec(
        LUTON,
        "2020-10",
        Kind.UPDATED,
        "Placements in Foster Care",
        "A link to the fostering regulations has been updated.",
        Priority.NOTE,
        "link",
    ),
    Spec(
        LUTON,
        "2020-04",
        Kind.UPDATED,
        "Placements in Foster Care",
        EARLIER,
        Priority.REREAD,
        "extensively revised",
    ),
    Spec(
        LUTON,
        "2020-04",
        Kind.UPDATED,
        "Local Contacts",
        "A link has been updated.",
        Priority.NOTE,
        "link",
    ),
    Spec(
        LUTON,
        "2020-04",
        Kind.REMOVED,
        "Private Fostering",
        "This chapter has been removed as it is covered elsewhere.",
        Priority.NOTE,
        "a removed chapter",
    ),
    Spec(
        LUTON,
        "2019-12",
        Kind.NEW,
        "Private Fostering",
        "This chapter has been added to the manual.",
        Priority.REREAD,
        "a new chapter",
    ),
]
ENFIELD_SPECS = [
    Spec(ENFIELD, "2021-01", Kind.UPDATED, "Secure Accommodation", SECURE),
    Spec(ENFIELD, "2020-07", Kind.UPDATED, "Adoption Panel", "The panel chapter was updated."),
]
HEADINGS_1 = [
    "What changes for practice",
    "Re-read: what changed",
    "Review: the sections named",
    "For information",
    "Removed from the manual",
    "How this pack was made",
    "Sign-off",
]
REMOVED = "no longer in the manual; stop using printed copies"


def write(
    tmp_path: Path, specs: list[Spec] | None = None, name: str = "pack.docx", **options: Any
) -> Path:
    library = make_library(specs or SPECS, notes={"2020-10": "Next Update: March 2021 |"})
    return export(request_for(library, "docx", tmp_path / name, **options))


def paragraphs(document: Any, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def reading_order(document: Any) -> list[str]:
    """Every paragraph's text, those in tables included, in the order of the document."""
    texts: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            texts.append(Paragraph(element, document).text)
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            texts.extend(p.text for row in table.rows for c in row.cells for p in c.paragraphs)
    return texts


def section(texts: list[str], heading: str, following: list[str]) -> list[str]:
    """The texts from `heading` up to the first of `following` after it."""
    start = texts.index(heading)
    ends = [i for i, t in enumerate(texts) if i > start and t in following]
    return texts[start : ends[0] if ends else None]


def table_with(document: Any, *headers: str) -> list[list[str]]:
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == [*headers])
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_one_section_per_kind_of_action_in_order(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path)))
    assert paragraphs(document, "Heading 1") == HEADINGS_1
    assert paragraphs(document, "Heading 2") == ["Chapters to re-read", "Chapters removed"]
    texts = reading_order(document)
    review = section(texts, "Review: the sections named", HEADINGS_1)
    assert any(
        t.startswith("Secure Accommodation – updated October 2020. Read: Section 3, Approval")
        and t.endswith(SECURE)
        for t in review
    )


def test_empty_sections_are_left_out_of_the_body_and_the_contents(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, specs=SPECS[:2])))
    assert paragraphs(document, "Heading 1") == [
        "What changes for practice",
        "Re-read: what changed",
        "Review: the sections named",
        "How this pack was made",
        "Sign-off",
    ]
    assert "None in this period." not in reading_order(document)
    assert paragraphs(document, "toc 1") == []  # a short pack has no contents
    many = [
        Spec(LUTON, "2020-10", Kind.UPDATED, f"Chapter {n}", "Section 2 was updated.")
        for n in range(16)
    ]
    long_pack = Document(str(write(tmp_path, specs=many, name="long.docx")))
    assert paragraphs(long_pack, "toc 1") == [
        "What changes for practice",
        "Review: the sections named",
        "How this pack was made",
        "Sign-off",
    ]
    assert 'TOC \\o "1-1" \\h \\z \\u' in long_pack.element.xml


def test_title_block_names_the_manual_and_says_a_past_next_update_plainly(
    tmp_path: Path,
) -> None:
    document = Document(str(write(tmp_path, due=date(2030, 1, 31), prepared_by="M. Manager")))
    assert paragraphs(document, "Title") == ["Procedures Manual"]
    assert paragraphs(document, "Subtitle") == [
        "What changed from December 2019 to October 2020: briefing for the team"
    ]
    texts = [p.text for p in document.paragraphs[:10]]
    assert "Council: Luton Borough Council" in texts
    assert f"Prepared: {date.today().day} " in "\n".join(texts)
    assert any(t.startswith("Prepared: ") and t.endswith(" by M. Manager") for t in texts)
    assert "Re-read by: 31 January 2030" in texts
    assert (
        "The next update of the manual was due in March 2021: check it for later changes." in texts
    )
    assert not any("|" in t for t in reading_order(document))


def test_chapters_to_re_read_say_what_to_read_and_by_when(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, due=date(2030, 1, 31))))
    assert table_with(document, "Chapter", "What to read", "By") == [
        ["Ofsted Inspection Framework", "Whole chapter (new)", "31 January 2030"],
        ["Placements in Foster Care", "Whole chapter", "31 January 2030"],
    ]
    undated = Document(str(write(tmp_path, name="undated.docx")))
    assert {row[2] for row in table_with(undated, "Chapter", "What to read", "By")} == {
        "next team meeting"
    }


def test_a_removed_chapter_is_never_to_re_read(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path)))
    texts = reading_order(document)
    rereads = table_with(document, "Chapter", "What to read", "By")
    assert "Private Fostering" not in [row[0] for row in rereads]
    assert not any(
        "Private Fostering" in t for t in section(texts, "Re-read: what changed", HEADINGS_1)
    )
    assert f"•\tPrivate Fostering (removed April 2020): {REMOVED}." in texts
    removed = section(texts, "Removed from the manual", HEADINGS_1)
    assert any(t.startswith("Private Fostering – removed April 2020.") for t in removed)
    assert "December 2019, new: This chapter has been added to the manual." in removed


def test_every_entry_is_printed_once_and_earlier_changes_whole(tmp_path: Path) -> None:
    specs = [*SPECS, *ENFIELD_SPECS]
    document = Document(str(write(tmp_path, specs=specs)))
    text = "\n".join(reading_order(document))
    for spec in specs:
        expected = sum(other.details.count(spec.details) for other in specs)
        assert text.count(spec.details) == expected, spec.details
    texts = reading_order(document)
    placements = section(texts, "Re-read: what changed", HEADINGS_1)
    assert f"April 2020, updated: {EARLIER}" in placements  # whole, not cut
    appendix = Document(str(write(tmp_path, specs=specs, name="appendix.docx", appendix=True)))
    text = "\n".join(reading_order(appendix))
    assert text.count(EARLIER) == 2


def test_untitled_entries_are_named_by_line_and_opening_words(tmp_path: Path) -> None:
    lost = "This chapter has been extensively revised and should be re-read."
    specs = [
        Spec(LUTON, "2020-10", Kind.UPDATED, "", lost, Priority.REREAD, "should be re-read"),
        Spec(LUTON, "2020-10", Kind.UPDATED, "", lost + " Twice.", Priority.REREAD, "re-read"),
    ]
    document = Document(str(write(tmp_path, specs=specs)))
    assert [row[0] for row in table_with(document, "Chapter", "What to read", "By")] == [
        "untitled entry, line 2: 'This chapter has been extensively revised ...'",
        "untitled entry, line 3: 'This chapter has been extensively revised ...'",
    ]
    how = section(reading_order(document), "How this pack was made", HEADINGS_1)
    assert any("lost the titles of 2 entries" in t for t in how)


def test_evidence_for_inferred_titles_is_only_in_how_this_pack_was_made(
    tmp_path: Path,
) -> None:
    evidence = "details 95% like Enfield October 2020 'Secure Accommodation' (line 9)"
    specs = [
        Spec(
            LUTON,
            "2020-10",
            Kind.UPDATED,
            "Secure Accommodation",
            "This chapter should be re-read.",
            Priority.REREAD,
            "should be re-read",
            inferred=evidence,
        )
    ]
    texts = reading_order(Document(str(write(tmp_path, specs=specs))))
    how = texts.index("How this pack was made")
    assert not any(evidence in t for t in texts[:how])
    assert any(evidence in t for t in texts[how:])
    assert "Secure Accommodation (title inferred)" in texts[:how]


def test_properties_fonts_styles_header_and_footer(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, staff=("A. Khan", "B. Jones"), prepared_by="M. M")))
    properties = document.core_properties
    assert properties.author == properties.last_modified_by == "M. M"
    assert properties.title == "Briefing pack: Luton, December 2019 to October 2020"
    assert properties.subject == "Procedures Manual"
    assert abs(properties.created - datetime.now(UTC)) < timedelta(minutes=5)
    assert "python-docx" not in (properties.comments + properties.author)
    styles = document.styles.element
    fonts = list(styles.iter(qn("w:rFonts")))
    assert fonts and not any(f.get(qn("w:asciiTheme")) for f in fonts)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Calibri"
    assert document.styles["Briefing Table"].type == WD_STYLE_TYPE.TABLE
    section_ = document.sections[0]
    assert round(section_.page_width.mm) == 210 and round(section_.page_height.mm) == 297
    footer = section_.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert section_.header.paragraphs[0].text == "Briefing pack · Luton · Dec 2019 – Oct 2020"
    assert table_with(document, "Name", "Role", "Date", "Signature") == [
        ["A. Khan", "", "", ""],
        ["B. Jones", "", "", ""],
    ]


def test_the_appendix_lists_every_entry_when_asked(tmp_path: Path) -> None:
    assert "Appendix: every entry" not in paragraphs(Document(str(write(tmp_path))), "Heading 1")
    document = Document(str(write(tmp_path, name="appendix.docx", appendix=True)))
    rows = table_with(document, "Release", "Kind", "Chapter", "Priority", "Details")
    assert len(rows) == len(SPECS)
    assert rows[0] == ["Oct 2020", "Updated", "Secure Accommodation", "Review", SECURE]
    assert paragraphs(document, "Heading 1")[-3:] == [
        "Appendix: every entry",
        "How this pack was made",
        "Sign-off",
    ]


def test_two_councils_side_by_side_with_shared_update_and_lag(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, specs=[*SPECS, *ENFIELD_SPECS])))
    assert "Luton and Enfield side by side" in paragraphs(document, "Heading 1")
    assert table_with(document, "Chapter", "Same national update") == [
        ["Secure Accommodation", "Enfield 3 months later (Luton Oct 2020, Enfield Jan 2021)"]
    ]
    assert "Changed only by Enfield" in paragraphs(document, "Heading 2")
    assert "Adoption Panel (Jul 2020)." in reading_order(document)
    assert table_with(document, "Chapter", "Council", "What to read", "By")[0][:2] == [
        "Ofsted Inspection Framework",
        "Luton",
    ]


def test_hostile_text_is_cleaned_and_kept_whole(tmp_path: Path) -> None:
    long = "Start " + "y" * 40_000
    specs = [
        Spec(LUTON, "2020-10", Kind.UPDATED, "=1+1", "Bad\x00 con\x07trol\x1b chars"),
        Spec(LUTON, "2020-10", Kind.UPDATED, "Long", long),
    ]
    document = Document(str(write(tmp_path, specs=specs, appendix=True)))
    rows = table_with(document, "Release", "Kind", "Chapter", "Priority", "Details")
    assert rows[0][2:] == ["=1+1", "Review", "Bad control chars"]
    assert rows[1][4] == long
    assert f"Long – updated October 2020. Read: The changes described. {long}" in reading_order(
        document
    )


def test_libreoffice_lays_out_headings_and_every_appendix_row(tmp_path: Path) -> None:
    path = write(tmp_path, specs=[*SPECS, *ENFIELD_SPECS], appendix=True)
    office = LibreOffice(tmp_path)
    text = office.text(path)
    for heading in [*HEADINGS_1, "Luton and Enfield side by side", "Appendix: every entry"]:
        assert heading in text
    assert "Page 1 of" not in text  # the first page has no footer
    resaved = office.convert(path, "docx:MS Word 2007 XML") / "pack.docx"
    tables = Document(str(resaved)).tables
    appendix_rows = sum(
        len(t.rows) - 1
        for t in tables
        if [c.text for c in t.rows[0].cells][:2] == ["Release", "Kind"]
    )
    assert appendix_rows == len(SPECS) + len(ENFIELD_SPECS)


def test_a_briefing_longer_than_a_meeting_can_use_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from manualtui.exporters import docx_briefing

    library = make_library(SPECS)
    monkeypatch.setattr(docx_briefing, "MOST_ENTRIES", len(library.items) - 1)
    target = tmp_path / "briefing.docx"
    with pytest.raises(ManualError) as refused:
        export(request_for(library, "docx", target))
    message = str(refused.value)
    assert "\n" not in message
    assert f"a briefing of {len(library.items):,} entries is too long for a meeting" in message
    assert "--council" in message and "csv or xlsx" in message
    assert not target.exists() and list(tmp_path.iterdir()) == []
    monkeypatch.setattr(docx_briefing, "MOST_ENTRIES", len(library.items))
    assert export(request_for(library, "docx", target)) == target
