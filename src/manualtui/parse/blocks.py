"""The blocks layout (today's tri.x sites): a year line, month headings, then a title line
and its details paragraph(s), again and again, with no table headings. Whether a chapter was
added or removed is read from its details (`rows.infer_kind`)."""

from __future__ import annotations

from . import PageDraft
from .textpage import TextPageWalker


def parse(text: str, source: str) -> PageDraft:
    return TextPageWalker(PageDraft("blocks", source)).walk(text)
