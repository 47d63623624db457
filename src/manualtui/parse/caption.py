"""The caption layout (the Luton sample): `CAPTION: ...` lines, table headings such as
"Updated Chapters", a header "Chapter Title Details", then rows where title and details share
a line, or a title paragraph followed by details paragraphs; Removed Chapters as bullets."""

from __future__ import annotations

from . import PageDraft
from .textpage import TextPageWalker


def parse(text: str, source: str) -> PageDraft:
    return TextPageWalker(PageDraft("caption", source)).walk(text)
