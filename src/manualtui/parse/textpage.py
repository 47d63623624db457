"""Walking a page rendered as plain lines: release headings, table headings, notes, furniture
and the table bodies between them. Shared by the caption and blocks layouts; what each line
of a body is gets decided later, in `rows.assemble`."""

from __future__ import annotations

from ..model import Diagnostic, Kind, Note, Severity
from . import Line, PageDraft, ReleaseDraft, TextRun
from .lines import (
    is_caption,
    is_column_header,
    is_note,
    is_page_title,
    is_year_line,
    release_heading,
    table_heading,
)


class TextPageWalker:
    """Feeds a page's lines, one by one, into a `PageDraft`."""

    def __init__(self, draft: PageDraft) -> None:
        self.draft = draft
        self.release: ReleaseDraft | None = None
        self.run: TextRun | None = None
        self.after_blank = False

    def walk(self, text: str) -> PageDraft:
        for number, raw in enumerate(text.split("\n"), start=1):
            self.feed(number, raw.strip())
        return self.draft

    def feed(self, number: int, line: str, link: str = "") -> None:
        if not line:
            self.after_blank = True
            return
        if not self.structure(number, line):
            self.content(number, line, link)
        self.after_blank = False

    def structure(self, number: int, line: str) -> bool:
        """Take a structural line (heading, caption, note ...); False for content."""
        if is_caption(line) or is_column_header(line) or is_page_title(line) or is_year_line(line):
            self.draft.furniture.append(number)
            return True
        heading = release_heading(line)
        if heading:
            self.end_table()
            self.release = ReleaseDraft(heading.label, heading.year, heading.month, number)
            self.draft.releases.append(self.release)
            return True
        if self.release is None:
            return False
        if is_note(line):
            self.end_table()
            self.release.notes.append(Note(line, number))
            return True
        kind = table_heading(line)
        if kind is not None:
            self.end_table()
            self.open_run(kind)
            self.draft.furniture.append(number)
            return True
        return False

    def end_table(self) -> None:
        """A release heading, table heading or note ends the table before it."""
        self.run = None

    def open_run(self, kind: Kind | None) -> None:
        assert self.release is not None
        self.run = TextRun(kind)
        self.release.parts.append(self.run)

    def content(self, number: int, line: str, link: str = "") -> None:
        if self.release is None:
            self.draft.diagnostics.append(
                Diagnostic(
                    number,
                    f"text before the first release, not read as an entry: '{line[:80]}'",
                    Severity.WARNING,
                    "preamble",
                )
            )
            return
        if self.run is None:
            self.open_run(None)
        assert self.run is not None
        self.run.lines.append(Line(number, line, self.after_blank, link))
