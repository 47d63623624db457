"""The Word briefing pack, re-read with python-docx and opened by LibreOffice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from manualtui.exporters import export
from manualtui.model import Kind, Priority, SectionRef
from tests.export_support import LibreOffice, Spec, make_library, request_for

LUTON, ENFIELD = "Luton Borough Council", "London Borough of Enfield"
SECURE = (
    "The revised DfE guidance on placing children under 13 in secure accommodation "
    "has been added to Section 3, Approval for Placements of Children under 13."
)
SPECS = [
    Spec(
        LUTON,
        "2020-10",
        Kind.UPDATED,
        "Secure Accommodation",
        SECURE,
        Priority.REVIEW,
        "updated",
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
        "2020-04",
        Kind.UPDATED,
        "Placements in Foster Care",
        "This chapter has been extensively revised and should be re-read.",
        Priority.REREAD,
        "should be re-read",
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
        "This chapter has been removed.",
        Priority.NOTE,
        "removed",
    ),
]
ENFIELD_SPECS = [
    Spec(ENFIELD, "2021-01", Kind.UPDATED, "Secure Accommodation", SECURE),
    Spec(ENFIELD, "2020-07", Kind.UPDATED, "Adoption Panel", "The panel chapter was updated."),
]
HEADINGS_1 = [
    "Must re-read",
    "New, removed and renamed chapters",
    "Other changes by release",
    "Appendix: every entry",
    "Sign-off",
]


def write(
    tmp_path: Path, specs: list[Spec] | None = None, name: str = "pack.docx", **options: object
) -> Path:
    library = make_library(specs or SPECS, notes={"2020-10": "Next Update: March 2021"})
    return export(request_for(library, "docx", tmp_path / name, **options))


def paragraphs(document: object, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]  # type: ignore[attr-defined]


def test_sections_in_order_with_real_heading_styles(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path)))
    assert paragraphs(document, "Heading 1") == HEADINGS_1
    assert paragraphs(document, "Heading 2")[:2] == [
        "Ofsted Inspection Framework",
        "Placements in Foster Care",
    ]
    assert "New chapters" in paragraphs(document, "Heading 2")
    assert paragraphs(document, "Title") == ["Procedures manual changes"]
    bullets = paragraphs(document, "List Bullet")
    assert any(b.startswith("Secure Accommodation (review) – The revised DfE") for b in bullets)
    assert any(b.startswith("Local Contacts (note)") for b in bullets)


def test_title_page_facts(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, due=date(2030, 1, 31))))
    texts = [p.text for p in document.paragraphs[:12]]
    assert "Council: Luton Borough Council" in texts
    assert "Period: April 2020 to October 2020" in texts
    assert "Next update: March 2021" in texts
    assert "Re-read by: 31 January 2030" in texts


def test_must_reread_says_why_sections_drivers_and_link(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path)))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Ofsted Inspection Framework")
    block = texts[start : start + 6]
    assert "Why: a new chapter (October 2020)" in block
    assert "Link: https://example.org/ofsted" in block
    rels = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://example.org/ofsted" in rels
    placements = texts.index("Placements in Foster Care")
    assert texts[placements + 2] == "Why: the details say “should be re-read” (April 2020)"


def test_contents_is_a_toc_field_listing_the_headings(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = Document(str(path))
    xml = document.element.xml
    assert 'TOC \\o "1-1" \\h \\z \\u' in xml
    assert paragraphs(document, "toc 1") == HEADINGS_1
    assert 'w:updateFields w:val="true"' in document.settings.element.xml


def test_styles_tables_header_and_footer(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, staff=("A. Khan", "B. Jones"))))
    style = document.styles["Briefing Table"]
    assert style.type == WD_STYLE_TYPE.TABLE
    assert {t.style.name for t in document.tables[1:]} == {"Briefing Table"}
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Briefing pack · Luton · Apr 2020 – Oct 2020" in section.header.paragraphs[0].text
    sign_off = document.tables[-1]
    assert [c.text for c in sign_off.rows[0].cells] == ["Name", "Role", "Date", "Signature"]
    assert [r.cells[0].text for r in sign_off.rows[1:]] == ["A. Khan", "B. Jones"]


def test_appendix_lists_every_entry(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path)))
    appendix = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Release", "Kind"]
    )
    rows = [[c.text for c in row.cells] for row in appendix.rows[1:]]
    assert len(rows) == len(SPECS)
    assert rows[0] == ["Oct 2020", "Updated", "Secure Accommodation", "Review", SECURE]
    assert rows[-1][:4] == ["Apr 2020", "Removed", "Private Fostering", "Note"]


def test_two_councils_side_by_side_with_shared_update_and_lag(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, specs=[*SPECS, *ENFIELD_SPECS])))
    assert "Luton and Enfield side by side" in paragraphs(document, "Heading 1")
    both = next(
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells]
        == ["Chapter", "Luton", "Enfield", "Same national update"]
    )
    secure = [c.text for c in both.rows[1].cells]
    assert secure == [
        "Secure Accommodation",
        "Oct 2020",
        "Jan 2021",
        "Enfield 3 months later (Luton Oct 2020, Enfield Jan 2021)",
    ]
    assert "Changed only by Enfield" in paragraphs(document, "Heading 2")


def test_hostile_text_is_cleaned_and_kept_whole(tmp_path: Path) -> None:
    long = "Start " + "y" * 40_000
    specs = [
        Spec(LUTON, "2020-10", Kind.UPDATED, "=1+1", "Bad\x00 con\x07trol\x1b chars"),
        Spec(LUTON, "2020-10", Kind.UPDATED, "Long", long),
    ]
    document = Document(str(write(tmp_path, specs=specs)))
    appendix = document.tables[-2]
    assert [c.text for c in appendix.rows[1].cells][2:] == ["=1+1", "Review", "Bad control chars"]
    assert appendix.rows[2].cells[4].text == long


def test_libreoffice_lays_out_headings_and_every_appendix_row(tmp_path: Path) -> None:
    path = write(tmp_path, specs=[*SPECS, *ENFIELD_SPECS])
    office = LibreOffice(tmp_path)
    text = office.text(path)
    for heading in [*HEADINGS_1, "Luton and Enfield side by side"]:
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
