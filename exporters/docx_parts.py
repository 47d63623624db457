"""Word document furniture python-docx has no API for: styles, fields, tables, page set-up.

- `define_styles`: fonts and colours of the built-in styles, plus the styles the briefing
  defines itself ("Briefing Table", "Meta", "toc 1"), so nothing depends on a template.
  Every font is named outright (Calibri: Word has it, and LibreOffice has its
  metric-compatible Carlito), never taken from the template's theme (Cambria).
- `set_properties`: title, subject, author and dates of the file, not the template's.
- `add_field` / `add_toc`: PAGE, NUMPAGES and TOC fields as field XML; the TOC carries the
  headings as its current result (so every reader shows a contents list) and Word or
  LibreOffice fill in page numbers when they update fields.
- `fill_table`: rows written straight into the table XML (python-docx's `add_row`/`cell`
  calls grow quadratically with table size), header row repeated on each page. A cell is
  text (one paragraph a line) or paragraphs of `Run`s (bold, grey, linked).
- `add_runs`: bold, grey or linked runs; links for web addresses only (see `text.web_link`).
Every text passes through the shared cleaner before it reaches the XML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeAlias, cast

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .text import clean, web_link

TABLE_STYLE = "Briefing Table"
META_STYLE = "Meta"
ITEM_STYLE = "Item"
EARLIER_STYLE = "Earlier Change"
BULLET_STYLE = "Bulleted"
ACCENT = RGBColor(0x1F, 0x4E, 0x78)
_LINK_COLOUR = "0563C1"
GREY = RGBColor(0x59, 0x59, 0x59)
_TEXT_WIDTH_MM = 170.0  # A4 less two 20 mm margins
_UNSPLIT_ROW_LIMIT = 1500  # characters: rows shorter than this never break across pages
FONT = "Calibri"
_THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

_TABLE_STYLE_XML = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BriefingTable">
  <w:name w:val="{TABLE_STYLE}"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="40"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F4E78"/></w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def define_styles(document: Any) -> None:
    """Body and heading fonts, the table style, the meta-line and contents-entry styles."""
    styles = document.styles
    _name_fonts_outright(styles.element)
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.05
    for name, size, before in (
        ("Title", 24, 0),
        ("Heading 1", 15, 14),
        ("Heading 2", 12, 10),
    ):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        style.font.bold = name != "Title"
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    subtitle = styles["Subtitle"]
    subtitle.font.color.rgb = GREY
    subtitle.font.italic = False
    subtitle.font.size = Pt(13)
    _paragraph_style(styles, META_STYLE, normal, size=9, grey=True, after=2, keep_with_next=True)
    item = _paragraph_style(styles, ITEM_STYLE, normal, size=10, before=5, after=1)
    item.paragraph_format.keep_together = True
    _paragraph_style(styles, EARLIER_STYLE, item, size=9.5, before=1, indent=6)
    bullet = _paragraph_style(styles, BULLET_STYLE, normal, after=2, indent=5)
    bullet.paragraph_format.first_line_indent = Mm(-5)
    bullet.paragraph_format.tab_stops.add_tab_stop(Mm(5))
    for level in (1, 2):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Mm(6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.tab_stops.add_tab_stop(
            Mm(_TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
    styles.element.append(parse_xml(_TABLE_STYLE_XML))


def _paragraph_style(
    styles: Any,
    name: str,
    base: Any,
    *,
    size: float = 0,
    grey: bool = False,
    before: float | None = None,
    after: float | None = None,
    indent: float = 0,
    keep_with_next: bool = False,
) -> Any:
    """A paragraph style of the briefing's own: sizes in points, the indent in mm."""
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = base
    if size:
        style.font.size = Pt(size)
    if grey:
        style.font.color.rgb = GREY
    form = style.paragraph_format
    if before is not None:
        form.space_before = Pt(before)
    if after is not None:
        form.space_after = Pt(after)
    if indent:
        form.left_indent = Mm(indent)
    form.keep_with_next = keep_with_next or None
    return style


def _name_fonts_outright(styles: Any) -> None:
    """Name `FONT` in the document defaults and drop every theme font reference, which
    would win over a named font in Word."""
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in _THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def set_properties(document: Any, *, title: str, subject: str, author: str, note: str) -> None:
    """The file's title, subject, author, comment and dates (now), replacing the
    template's ("python-docx", 2013)."""
    now = datetime.now(UTC)
    properties = document.core_properties
    properties.title = clean(title)
    properties.subject = clean(subject)
    properties.author = properties.last_modified_by = clean(author)
    properties.comments = clean(note)
    properties.keywords = "procedures manual; briefing"
    properties.category = "Briefing"
    properties.created = properties.modified = now
    properties.revision = 1


def set_page(section: Any, *, landscape: bool = False) -> None:
    """A4 with 20 mm margins."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    section.header_distance = section.footer_distance = Mm(10)


def add_field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A field (PAGE, NUMPAGES, ...) with `shown` as its current result."""
    for run in _field_runs(instruction, shown):
        paragraph._p.append(run)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(char)


def bookmark(paragraph: Paragraph, number: int) -> str:
    """Put a bookmark around `paragraph`'s text; return its name (for contents entries)."""
    name = f"_Toc{number:08d}"
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    properties = paragraph._p.pPr
    if properties is None:
        paragraph._p.insert(0, start)
    else:
        properties.addnext(start)
    paragraph._p.append(end)
    return name


def add_toc(anchor: Paragraph, headings: Sequence[tuple[int, str, str]], levels: int) -> None:
    """Turn the empty `anchor` paragraph into a TOC field whose current result lists
    `headings` (level, text, bookmark), each linked to its heading.

    The result has no page numbers: only a layout engine knows them, and LibreOffice shows
    a TOC's stored result as it is (wrong numbers would be worse than none). Word fills in
    the numbers when it updates fields on opening (see `ask_to_update_fields`); in
    LibreOffice, Update Index does.
    """
    entries = [h for h in headings if h[0] <= levels]
    paragraphs = [anchor]
    for _ in entries[1:]:
        paragraphs.append(_paragraph_after(paragraphs[-1]))
    _field_char(anchor, "begin")
    _instruction(anchor, f'TOC \\o "1-{levels}" \\h \\z \\u')
    _field_char(anchor, "separate")
    for paragraph, (level, text, name) in zip(paragraphs, entries, strict=False):
        paragraph.style = f"toc {level}"
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), name)
        link.set(qn("w:history"), "1")
        paragraph._p.append(link)
        link.append(_run_with_text(text))
    _field_char(paragraphs[-1], "end")


def _instruction(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)


def _field_runs(instruction: str, shown: str) -> list[Any]:
    """The runs of a simple field: begin, instruction, separate, result, end."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = OxmlElement("w:r")
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run.append(instr)
        elif kind == "result":
            run = _run_with_text(shown)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        runs.append(run)
    return runs


def _run_with_text(text: str) -> Any:
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.set(qn("xml:space"), "preserve")
    shown.text = clean(text)
    run.append(shown)
    return run


def _paragraph_after(paragraph: Paragraph) -> Paragraph:
    new = cast(CT_P, OxmlElement("w:p"))
    paragraph._p.addnext(new)
    return Paragraph(new, paragraph._parent)


def ask_to_update_fields(document: Any) -> None:
    """Ask Word to refresh fields (the contents' page numbers) when the file opens."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


@dataclass(frozen=True)
class Run:
    """A piece of a table cell's paragraph: bold, grey (small print) or a web link."""

    text: str
    bold: bool = False
    grey: bool = False
    link: str = ""


# A table cell: text (a paragraph a line), or paragraphs of runs.
CellContent: TypeAlias = "str | Sequence[Sequence[Run]]"


def add_table(
    document: Any,
    headers: Sequence[str],
    rows: Iterable[Sequence[CellContent]],
    widths_mm: Sequence[float],
    min_height_mm: float = 0,
) -> Any:
    """A "Briefing Table" with a repeated header row."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles[TABLE_STYLE]
    table.autofit = False
    _set_widths(table, widths_mm)
    header = table.rows[0]
    _repeat_as_header(header._tr)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.paragraphs[0].add_run(clean(text))
    fill_table(table, rows, widths_mm, min_height_mm)
    return table


def fill_table(
    table: Any,
    rows: Iterable[Sequence[CellContent]],
    widths_mm: Sequence[float],
    min_height_mm: float = 0,
) -> None:
    """Append rows to `table` by building their XML directly.

    A row of ordinary length is kept on one page; a very long one may break across pages.
    """
    widths = [str(int(Mm(w).twips)) for w in widths_mm]
    body = table._tbl
    for row in rows:
        tr = OxmlElement("w:tr")
        tr_pr = OxmlElement("w:trPr")
        if sum(_length(content) for content in row) < _UNSPLIT_ROW_LIMIT:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if min_height_mm:
            height = OxmlElement("w:trHeight")
            height.set(qn("w:val"), str(int(Mm(min_height_mm).twips)))
            tr_pr.append(height)
        tr.append(tr_pr)
        for content, width in zip(row, widths, strict=True):
            tr.append(_cell_xml(table.part, content, width))
        body.append(tr)


def _length(content: CellContent) -> int:
    if isinstance(content, str):
        return len(content)
    return sum(len(run.text) for paragraph in content for run in paragraph)


def _cell_xml(part: Any, content: CellContent, width: str) -> Any:
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    tc_w = OxmlElement("w:tcW")
    tc_w.set(qn("w:w"), width)
    tc_w.set(qn("w:type"), "dxa")
    tc_pr.append(tc_w)
    tc.append(tc_pr)
    paragraphs = (
        [[Run(line)] if line else [] for line in content.split("\n")]
        if isinstance(content, str)
        else [list(paragraph) for paragraph in content] or [[]]
    )
    for runs in paragraphs:
        p = OxmlElement("w:p")
        for run in runs:
            p.append(_run_xml(part, run))
        tc.append(p)
    return tc


def _run_xml(part: Any, run: Run) -> Any:
    """A run (or a hyperlink holding one) with the run's formatting."""
    address = web_link(run.link) if run.link else ""
    made = _run_with_text(run.text)
    properties = OxmlElement("w:rPr")
    if run.bold:
        properties.append(OxmlElement("w:b"))
    if run.grey or address:
        color = OxmlElement("w:color")
        color.set(qn("w:val"), _LINK_COLOUR if address else str(GREY))
        properties.append(color)
    if address:
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        properties.append(underline)
    if run.grey:
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "17")
        properties.append(size)
    if len(properties):
        made.insert(0, properties)
    if not address:
        return made
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), part.relate_to(address, RT.HYPERLINK, is_external=True))
    link.append(made)
    return link


def _set_widths(table: Any, widths_mm: Sequence[float]) -> None:
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)


def _repeat_as_header(tr: Any) -> None:
    tr_pr = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def add_runs(paragraph: Paragraph, runs: Sequence[Run]) -> None:
    """Append `runs` to `paragraph`. A run's link becomes a clickable link only when it
    is a web address; otherwise its text is plain (no `javascript:` or relative link is
    ever written as an external link)."""
    for run in runs:
        paragraph._p.append(_run_xml(paragraph.part, run))


def add_figures(document: Any, figures: Sequence[tuple[str, str]]) -> None:
    """Key figures in a row of shaded boxes: a large number over its label."""
    table = document.add_table(rows=1, cols=len(figures))
    width = _TEXT_WIDTH_MM / len(figures)
    _set_widths(table, [width] * len(figures))
    for cell, (number, label) in zip(table.rows[0].cells, figures, strict=True):
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), "DEEAF6")
        cell._tc.get_or_add_tcPr().append(shade)
        top = cell.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        top.paragraph_format.space_before = Pt(4)
        figure = top.add_run(clean(number))
        figure.bold = True
        figure.font.size = Pt(18)
        figure.font.color.rgb = ACCENT
        caption = cell.add_paragraph(clean(label))
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.space_after = Pt(4)
