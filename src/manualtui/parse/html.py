"""The html layout: an Amendments page saved from a browser ("Save Page As", complete or
HTML only), in the older table-based proceduresonline markup or the newer trixonline markup
of headings, paragraphs and links.

The document is read the way a browser renders it as text, in one iterative walk (no
recursion, no depth limit short of what the parser keeps): each heading, paragraph, list
item or table row is one *line*, and the lines are walked like those of a text page. A table
row gives a row directly (title cell with its chapter link, details cell); headings and
paragraphs go through the same assembly as a text page's (a title that is a link is a
title). Navigation, scripts, styles, hidden elements and cookie banners are not page text;
a footer's text is furniture; everything else is read, inside forms and headers too, and
every line is accounted for by the lossless check like a text page's. Lines are numbered in
reading order while parsing; entries and diagnostics carry the HTML source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement as Element

from ..errors import ManualError
from ..model import Diagnostic, Severity
from . import PageDraft, RowDraft
from .lines import is_column_header
from .rows import infer_kind
from .textpage import TextPageWalker

# Elements that end the line of text before them and start a new one.
_BLOCKS = frozenset(
    "address article aside blockquote caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main ol p pre section summary "
    "table tbody tfoot thead tr td th ul".split()
)
# Blocks whose emptiness is a blank line of the page (a title line left empty).
_LINE_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6".split())
_NOT_TEXT = frozenset("script style noscript template nav head svg math iframe object".split())
_CHROME_MARKS = re.compile(r"cookie|consent|gdpr", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.IGNORECASE)


@dataclass
class _Cell:
    line: int
    header: bool
    paragraphs: list[str] = field(default_factory=list)
    link: str = ""


@dataclass
class _Line:
    """One line of the rendered page: a block's text, a list item, a table row, or an
    empty paragraph (a blank line)."""

    line: int
    text: str
    kind: str  # "block", "item", "caption", "row", "empty"
    link: str = ""
    cells: list[_Cell] = field(default_factory=list)
    furniture: bool = False


def parse(text: str, source: str) -> PageDraft:
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        document = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ManualError(source, f"cannot be read as HTML ({error})") from None
    draft = PageDraft("html", source)
    title = document.find(".//title")
    if title is not None:
        draft.title_hint = " ".join("".join(str(t) for t in title.itertext()).split())
    _make_links_absolute(document, text)
    walker = TextPageWalker(draft)
    for number, line in enumerate(_Renderer().render(document), start=1):
        draft.source_lines[number] = line.line
        if line.kind == "empty":
            walker.feed(number, "")
            continue
        draft.text_lines[number] = line.text
        if line.furniture:
            draft.furniture.append(number)
        elif line.kind == "row":
            _table_row(walker, line, number)
        elif line.kind == "item":
            walker.feed(number, "• " + line.text)
        else:
            walker.feed(number, "")
            walker.feed(
                number, ("Caption: " if line.kind == "caption" else "") + line.text, line.link
            )
    walker.finish()
    _lost_to_the_parser(parser, draft)
    return draft


def _lost_to_the_parser(parser: lxml_html.HTMLParser, draft: PageDraft) -> None:
    """What the HTML parser itself could not keep (content nested deeper than it reads)
    is reported, never dropped silently."""
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            number = max(draft.source_lines, default=0) + 1
            draft.source_lines[number] = error.line
            draft.diagnostics.append(
                Diagnostic(
                    number,
                    f"the HTML parser stopped reading here ({error.message.strip()}): "
                    "the rest of the page was not read",
                    Severity.ERROR,
                    "unaccounted",
                )
            )


def _make_links_absolute(document: Element, text: str) -> None:
    """Chapter links relative to the page become full addresses when the saved page says
    where it came from (`<base href>`, its canonical address, or the "saved from url"
    comment a browser writes)."""
    base = document.find(".//base[@href]")
    canonical = document.find(".//link[@rel='canonical'][@href]")
    saved = _SAVED_FROM.search(text[:4096])
    addresses = [e.get("href") for e in (base, canonical) if e is not None]
    address = next((a for a in (*addresses, saved and saved.group(1)) if a), None)
    if address and address.startswith(("http://", "https://")):
        document.make_links_absolute(address, resolve_base_href=True)


def _link(anchor: Element) -> str:
    """A link's address, or '' for script and data pseudo-links."""
    href = (anchor.get("href") or "").strip()
    return "" if href.lower().startswith(("javascript:", "data:", "#")) else href


def _is_chrome(element: Element) -> bool:
    """Not page text: scripts, navigation, hidden elements, cookie banners."""
    if element.tag in _NOT_TEXT:
        return True
    if not element.attrib:
        return False  # most elements: nothing more to look at
    if element.get("role") == "navigation":
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    marks = f"{element.get('id', '')} {element.get('class', '')}"
    return bool(_CHROME_MARKS.search(marks))


class _Renderer:
    """Renders a document into lines, walking it iteratively (lxml's `iterwalk`)."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.parts: list[str] = []
        self.length = 0  # of the text in `parts`
        self.started = False  # `parts` hold more than white space
        self.start = 0
        self.item = False
        self.anchors: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []
        self.row: list[_Cell] | None = None
        self.row_line = 0
        self.row_depth = 0
        self.cell: _Cell | None = None
        self.tables = 0
        self.footers = 0

    def render(self, document: Element) -> list[_Line]:
        root = document.find("body")
        walk = etree.iterwalk(
            document if root is None else root, events=("start", "end", "comment", "pi")
        )
        skipped: set[Element] = set()
        for event, element in walk:
            if event in ("comment", "pi"):
                self.add(element.tail, element)
                continue
            if event == "start":
                if _is_chrome(element):
                    walk.skip_subtree()
                    skipped.add(element)
                    continue
                self.open(element)
                self.add(element.text, element)
            else:
                if element in skipped:
                    skipped.discard(element)
                else:
                    self.close(element)
                self.add(element.tail, element)
        self.flush(None)
        self.end_row()
        return self.lines

    def add(self, text: str | None, element: Element) -> None:
        if text:
            if not self.started and text.strip():
                self.started = True
                self.start = element.sourceline or self.start
            self.parts.append(text)
            self.length += len(text)

    def open(self, element: Element) -> None:
        tag = element.tag
        if tag == "br" or tag in _BLOCKS:
            self.flush(None)
        if tag == "table":
            if self.row is not None:
                # A table inside a row: the outer table lays out the page, not entries.
                self.demote_row()
            self.tables += 1
        elif tag == "tr" and self.row is None:
            self.row, self.row_line, self.row_depth = [], element.sourceline or 0, self.tables
        elif tag in ("td", "th") and self.row is not None and self.tables == self.row_depth:
            self.cell = _Cell(element.sourceline or 0, tag == "th")
            self.row.append(self.cell)
        elif tag == "li":
            self.item = True
        elif tag == "a":
            self.anchors.append((self.length, _link(element)))
        elif tag == "footer" or element.get("role") == "contentinfo":
            self.footers += 1

    def close(self, element: Element) -> None:
        tag = element.tag
        if tag == "a" and self.anchors:
            at, href = self.anchors.pop()
            text = " ".join("".join(self.parts)[at:].split())
            if href and text:
                self.links.append((text, href))
                if self.cell is not None and not self.cell.link:
                    self.cell.link = href
            return
        if tag not in _BLOCKS:
            return
        self.flush(tag)
        self.item = False
        if tag in _LINE_BLOCKS and self.row is None and not "".join(element.itertext()).strip():
            self.lines.append(_Line(element.sourceline or self.start, "", "empty"))
        if tag in ("td", "th") and self.tables == self.row_depth:
            self.cell = None
        elif tag == "tr" and self.tables == self.row_depth:
            self.end_row()
        elif tag == "table":
            if self.tables == self.row_depth:
                self.end_row()
            self.tables -= 1
        elif tag == "footer" or element.get("role") == "contentinfo":
            self.footers -= 1

    def flush(self, closing: str | None) -> None:
        """End the current line of text: a cell's paragraph, or a line of the page."""
        if not self.started:
            # Only white space (or nothing) since the last line: no line, and no link
            # was closed over text.
            if self.parts:
                self.parts, self.length = [], 0
                self.anchors = [(0, href) for _, href in self.anchors]
            return
        text = " ".join("".join(self.parts).split())
        item, links = self.item, self.links
        self.parts, self.links, self.length, self.started = [], [], 0, False
        self.anchors = [(0, href) for _, href in self.anchors]
        if not text:
            return
        self.item = False
        if self.row is not None and self.cell is not None:
            self.cell.paragraphs.append(("• " if item else "") + text)
            return
        if self.row is not None:
            # Text in a row outside its cells: a line of its own.
            self.end_row()
        kind = "item" if item else "caption" if closing == "caption" else "block"
        link = links[0][1] if len(links) == 1 and links[0][0] == text else ""
        self.lines.append(_Line(self.start, text, kind, link, furniture=self.footers > 0))

    def end_row(self) -> None:
        row, self.row, self.cell = self.row, None, None
        if row is None:
            return
        texts = [" ".join(c.paragraphs) for c in row]
        if not any(texts):
            self.lines.append(_Line(self.row_line, "", "empty"))  # a spacer row
            return
        self.lines.append(
            _Line(self.row_line, " | ".join(texts), "row", cells=row, furniture=self.footers > 0)
        )

    def demote_row(self) -> None:
        """A row that turned out to lay out the page: what its cells held so far becomes
        lines of the page."""
        row, self.row, self.cell = self.row, None, None
        for cell in row or []:
            for paragraph in cell.paragraphs:
                item = paragraph.startswith("• ")
                text = paragraph[2:] if item else paragraph
                self.lines.append(_Line(cell.line, text, "item" if item else "block"))


def _table_row(walker: TextPageWalker, line: _Line, number: int) -> None:
    cells = line.cells
    texts = [" ".join(c.paragraphs) for c in cells]
    if len(cells) < 2 or all(c.header for c in cells) or is_column_header(" ".join(texts)):
        walker.feed(number, "")
        walker.feed(number, " ".join(t for t in texts if t), cells[0].link if cells else "")
        return
    if walker.release is None:
        walker.feed(number, " ".join(texts))
        return
    title, details_cell = cells[0], cells[1]
    # Cells beyond the second (a date, a page reference) are kept as further paragraphs.
    details = details_cell.paragraphs + [t for t in texts[2:] if t]
    entry = RowDraft(
        walker.kind or infer_kind(details),
        texts[0],
        details,
        number,
        number,
        link=title.link,
    )
    entry.lost_title = not texts[0]
    walker.end_table()
    walker.release.parts.append(entry)
