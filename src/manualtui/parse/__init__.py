"""Parsing Amendments pages: layout detection, one parser per layout, and finishing drafts.

A layout parser turns a page into a `PageDraft`: releases with rows, where a row either has
its title already (own line, table cell, link) or is a single line holding title and details
together (`joined`). `finish_page` splits the joined rows with a `TitleIndex` built from
every loaded page, and produces the final `Manual`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Diagnostic, Entry, Kind, Manual, Note, Release, Severity
from .split import TitleIndex, split_row


@dataclass
class RowDraft:
    """One entry as the layout parser saw it.

    `joined` rows carry title and details in `details[0]`, still to be split. `lost_title`
    rows are entries whose title the page lost: kept, with an empty title, and flagged.
    """

    kind: Kind
    title: str
    details: list[str]
    first_line: int
    last_line: int
    joined: bool = False
    lost_title: bool = False
    link: str = ""


@dataclass
class ReleaseDraft:
    label: str
    year: int
    month: int
    line: int
    rows: list[RowDraft] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class PageDraft:
    layout: str
    source: str
    releases: list[ReleaseDraft] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    furniture: list[int] = field(default_factory=list)
    council_hint: str = ""
    title_hint: str = ""

    def own_titles(self) -> list[str]:
        """Titles the page shows on their own (not inside a joined line)."""
        return [row.title for rel in self.releases for row in rel.rows
                if row.title and not row.joined]


def parse_page(text: str, source: str) -> PageDraft:
    """Detect the page's layout and parse it into a draft; `ManualError` if it has no releases."""
    from ..errors import ManualError
    from .detect import parser_for

    layout, parse = parser_for(text)
    draft = parse(text, source)
    draft.layout = layout
    if not draft.releases:
        raise ManualError(source, "no releases found (no month headings such as 'October 2020')")
    return draft


def finish_page(draft: PageDraft, index: TitleIndex, council: str, title: str) -> Manual:
    """Split the joined rows and build the final `Manual`."""
    diagnostics = list(draft.diagnostics)
    releases = []
    for rel in draft.releases:
        entries = []
        for row in rel.rows:
            entry, found = _finish_row(row, index)
            entries.append(entry)
            diagnostics.extend(found)
        releases.append(Release(rel.label, rel.year, rel.month, rel.line,
                                tuple(entries), tuple(rel.notes)))
    diagnostics.sort(key=lambda d: d.line)
    return Manual(council=council, title=title, source=draft.source, layout=draft.layout,
                  releases=tuple(releases), diagnostics=tuple(diagnostics),
                  furniture=tuple(sorted(draft.furniture)))


def _finish_row(row: RowDraft, index: TitleIndex) -> tuple[Entry, list[Diagnostic]]:
    found: list[Diagnostic] = []
    title, details = row.title, list(row.details)
    if row.joined:
        split = split_row(details[0], index)
        title, details[0] = split.title, split.details
        if not split.strong:
            found.append(Diagnostic(row.first_line, f"title split on weak evidence "
                                    f"({split.evidence}): '{split.title}'",
                                    Severity.WARNING, "weak-split"))
    if row.lost_title:
        found.append(Diagnostic(row.first_line, "the page lost this entry's title; kept "
                                "with an empty title", Severity.WARNING, "lost-title"))
    details = [d for d in details if d]
    return Entry(row.kind, title, tuple(details), row.first_line, row.last_line,
                 row.link), found
