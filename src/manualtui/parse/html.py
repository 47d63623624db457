"""The html layout: an Amendments page saved from a browser.

Tables give rows directly (title cell with its chapter link, details cell); headings,
paragraphs and list items outside tables are walked like the lines of a text page (today's
"blocks" pages put each title in a heading or paragraph that is a link). Line numbers are
those of the HTML source.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement as Element

from ..errors import ManualError
from . import PageDraft, RowDraft
from .lines import is_column_header
from .rows import infer_kind
from .textpage import TextPageWalker

_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "tr", "dt", "dd")
_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "form", "button"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def parse(text: str, source: str) -> PageDraft:
    try:
        document = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as error:
        raise ManualError(source, f"cannot be read as HTML ({error})") from None
    draft = PageDraft("html", source)
    title = document.find(".//title")
    if title is not None:
        draft.title_hint = _text(title)
    _make_links_absolute(document)
    walker = TextPageWalker(draft)
    root = _first(document, "main", "body")
    root = document if root is None else root
    for block in _blocks(root):
        line = block.sourceline or 0
        draft.text_lines.setdefault(line, _text(block))
        if block.tag == "tr":
            _table_row(walker, block, line)
        elif block.tag == "li":
            walker.feed(line, "• " + _text(block))
        else:
            walker.feed(line, "")
            walker.feed(line, _text(block), _whole_link(block))
    return draft


def _make_links_absolute(document: Element) -> None:
    """Chapter links relative to the page become full addresses when the saved page says
    where it came from (`<base href>`, or its canonical address)."""
    base = document.find(".//base[@href]")
    canonical = document.find(".//link[@rel='canonical'][@href]")
    address = next((e.get("href") for e in (base, canonical) if e is not None), None)
    if address and address.startswith(("http://", "https://")):
        document.make_links_absolute(address, resolve_base_href=True)


def _link(anchor: Element) -> str:
    """A link's address, or '' for script and data pseudo-links."""
    href = (anchor.get("href") or "").strip()
    return "" if href.lower().startswith(("javascript:", "data:", "#")) else href


def _first(document: Element, *tags: str) -> Element | None:
    for tag in tags:
        found = document.find(f".//{tag}")
        if found is not None:
            return found
    return None


def _blocks(root: Element) -> list[Element]:
    """Block elements in document order, skipping those inside another block or chrome."""
    found = []
    for element in root.iter(*_BLOCKS):
        ancestors = {a.tag for a in element.iterancestors()}
        if ancestors & _SKIP or (element.tag != "tr" and ancestors & set(_BLOCKS)):
            continue
        if _text(element):
            found.append(element)
    return found


def _table_row(walker: TextPageWalker, row: Element, line: int) -> None:
    cells = [c for c in row if c.tag in ("td", "th")]
    texts = [_text(c) for c in cells]
    if len(cells) < 2 or all(c.tag == "th" for c in cells) or is_column_header(" ".join(texts)):
        walker.feed(line, "")
        walker.feed(line, " ".join(t for t in texts if t))
        return
    if walker.release is None:
        walker.feed(line, " ".join(texts))
        return
    title_cell, details_cell = cells[0], cells[1]
    # Cells beyond the second (a date, a page reference) are kept as further paragraphs.
    details = _paragraphs(details_cell) + [t for t in texts[2:] if t]
    kind = walker.run.kind if walker.run is not None else None
    entry = RowDraft(
        kind or infer_kind(details),
        texts[0],
        details,
        line,
        max(line, details_cell.sourceline or line),
        link=_first_link(title_cell),
    )
    entry.lost_title = not texts[0]
    walker.release.parts.append(entry)


def _paragraphs(cell: Element) -> list[str]:
    """A details cell as paragraphs: its <p> and <li> elements, else its lines of text."""
    parts = [p for p in cell.iter("p", "li") if _text(p)]
    if parts:
        return [("• " if p.tag == "li" else "") + _text(p) for p in parts]
    return [t for t in (s.strip() for s in _lines(cell)) if t]


def _lines(cell: Element) -> list[str]:
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return str(cell.text_content()).split("\n")


def _whole_link(block: Element) -> str:
    """The link address when the whole block is one link (a chapter title), else ''."""
    links = [a for a in block.iter("a") if _link(a)]
    if len(links) == 1 and _text(links[0]) == _text(block):
        return _link(links[0])
    return ""


def _first_link(cell: Element) -> str:
    return next((_link(a) for a in cell.iter("a") if _link(a)), "")


def _text(element: Element) -> str:
    return " ".join(str(element.text_content()).split())
