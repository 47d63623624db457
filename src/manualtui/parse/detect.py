"""Which layout a page is in, from its text: html, pipe, caption or blocks."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import PageDraft, blocks, caption, html, pipe
from .lines import is_caption, is_column_header, table_heading

Parser = Callable[[str, str], PageDraft]

_HTML = re.compile(r"<(?:!doctype\s+html|html|body|table|h[1-6]|p|div)\b", re.IGNORECASE)


def detect_layout(text: str) -> str:
    """The layout name of a page, decided on its structure, not on any one spelling."""
    head = text[:4096].lstrip()
    if head.startswith("<") and _HTML.search(head):
        return "html"
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    cells = sum(1 for line in lines if line.endswith("|"))
    if lines and cells >= max(3, len(lines) // 3):
        return "pipe"
    if any(
        is_caption(line) or is_column_header(line) or table_heading(line) is not None
        for line in lines
    ):
        return "caption"
    return "blocks"


_PARSERS: dict[str, Parser] = {
    "html": html.parse,
    "pipe": pipe.parse,
    "caption": caption.parse,
    "blocks": blocks.parse,
}


def parser_for(text: str) -> tuple[str, Parser]:
    layout = detect_layout(text)
    return layout, _PARSERS[layout]
