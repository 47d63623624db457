"""The html layout: an Amendments page saved from a browser.

Tables give rows directly (title cell with its chapter link, details cell); headings,
paragraphs and list items outside tables are walked like the lines of a text page (today's
"blocks" pages put each title in a heading or paragraph that is a link). Line numbers are
those of the HTML source.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from . import PageDraft, RowDraft
from .lines import is_column_header
from .rows import infer_kind
from .textpage import TextPageWalker

_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "tr", "dt", "dd"]
_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "form", "button"}


def parse(text: str, source: str) -> PageDraft:
    soup = BeautifulSoup(text, "html.parser")
    draft = PageDraft("html", source)
    title = soup.find("title")
    if isinstance(title, Tag):
        draft.title_hint = _text(title)
    walker = TextPageWalker(draft)
    root = soup.find("main") or soup.find("body") or soup
    for block in _blocks(root):
        line = block.sourceline or 0
        draft.text_lines.setdefault(line, _text(block))
        if block.name == "tr":
            _table_row(walker, block, line)
        elif block.name == "li":
            walker.feed(line, "• " + _text(block))
        else:
            walker.feed(line, "")
            walker.feed(line, _text(block), _whole_link(block))
    return draft


def _blocks(root: Tag) -> list[Tag]:
    """Block elements in document order, skipping those inside another block or chrome."""
    found = []
    for element in root.find_all(_BLOCKS):
        if any(p.name in _SKIP for p in element.parents):
            continue
        if element.find_parent(_BLOCKS) is not None and element.name != "tr":
            continue
        found.append(element)
    return found


def _table_row(walker: TextPageWalker, row: Tag, line: int) -> None:
    cells = row.find_all(["td", "th"], recursive=False)
    texts = [_text(c) for c in cells]
    if len(cells) < 2 or all(c.name == "th" for c in cells) or is_column_header(" ".join(texts)):
        walker.feed(line, "")
        walker.feed(line, " ".join(t for t in texts if t))
        return
    if walker.release is None:
        walker.feed(line, " ".join(texts))
        return
    title_cell, details_cell = cells[0], cells[1]
    details = _paragraphs(details_cell)
    kind = walker.run.kind if walker.run is not None else None
    entry = RowDraft(kind or infer_kind(details), texts[0], details, line,
                     max(line, details_cell.sourceline or line), link=_first_link(title_cell))
    entry.lost_title = not texts[0]
    walker.release.parts.append(entry)


def _paragraphs(cell: Tag) -> list[str]:
    """A details cell as paragraphs: its <p> and <li> elements, else its lines of text."""
    parts = cell.find_all(["p", "li"])
    if parts:
        return [("• " if p.name == "li" else "") + _text(p) for p in parts if _text(p)]
    return [t for t in (s.strip() for s in cell.get_text("\n").split("\n")) if t]


def _whole_link(block: Tag) -> str:
    """The link address when the whole block is one link (a chapter title), else ''."""
    links = block.find_all("a", href=True)
    if len(links) == 1 and _text(links[0]) == _text(block):
        return str(links[0]["href"])
    return ""


def _first_link(cell: Tag) -> str:
    link = cell.find("a", href=True)
    return str(link["href"]) if isinstance(link, Tag) else ""


def _text(element: Tag) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()
