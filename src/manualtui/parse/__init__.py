"""Parsing Amendments pages: layout detection, one parser per layout, and finishing drafts.

A layout parser turns a page into a `PageDraft`: releases whose parts are either rows whose
title is already known (a table cell, a link) or `TextRun`s, the lines of a table body where
titles, details and one-line "Title Details ..." rows follow each other. Runs are assembled
into rows only by `finish_page`, once the titles of every loaded page are in a `TitleIndex`,
because a title seen on its own anywhere is the best evidence for splitting a one-line row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..errors import ManualError
from ..model import Diagnostic, Entry, Kind, Manual, Note, Release, Severity
from .split import TitleIndex


@dataclass
class RowDraft:
    """One entry as a parser saw it. `lost_title`: the page lost the title (kept, flagged)."""

    kind: Kind
    title: str
    details: list[str]
    first_line: int
    last_line: int
    lost_title: bool = False
    link: str = ""
    split_evidence: str = ""
    weak_split: bool = False


@dataclass(frozen=True)
class Line:
    """A non-blank line of a table body; `blanks`: how many blank lines precede it."""

    number: int
    text: str
    blanks: int
    link: str = ""
    last: int = 0  # the last line, where one line of text was broken over several

    @property
    def after_blank(self) -> bool:
        return self.blanks > 0

    @property
    def end(self) -> int:
        return max(self.number, self.last)


@dataclass
class TextRun:
    """The lines of one table body, assembled into rows by `finish_page`.

    `kind` is None in the blocks layout, where each entry's kind is read from its details.
    """

    kind: Kind | None
    lines: list[Line] = field(default_factory=list)


@dataclass
class ReleaseDraft:
    """A release as read; `year` and `month` are 0 until an undated release is dated."""

    label: str
    year: int
    month: int
    line: int
    parts: list[RowDraft | TextRun] = field(default_factory=list)
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
    text_lines: dict[int, str] = field(default_factory=dict)
    # Where lines are numbered in reading order (a rendered HTML page): each one's source line.
    source_lines: dict[int, int] = field(default_factory=dict)

    def runs(self) -> list[TextRun]:
        return [p for r in self.releases for p in r.parts if isinstance(p, TextRun)]

    def cell_titles(self) -> list[str]:
        return [
            p.title for r in self.releases for p in r.parts if isinstance(p, RowDraft) and p.title
        ]


def parse_page(text: str, source: str) -> PageDraft:
    """Detect the page's layout and parse it; `ManualError` if it has no releases."""
    from .detect import parser_for

    layout, parse = parser_for(text)
    draft = parse(text, source)
    draft.layout = layout
    if not draft.text_lines:
        draft.text_lines = {
            n: line for n, line in enumerate(text.split("\n"), start=1) if line.strip()
        }
    if not draft.releases:
        raise ManualError(
            source,
            "no releases found (no month headings such as "
            "'October 2020'); is this an Amendments page?",
        )
    return draft


def build_index(drafts: list[PageDraft]) -> TitleIndex:
    """Titles the pages show on their own, then those of one-line rows split on strong
    evidence (their openings), which in turn help split the rest."""
    from .rows import own_titles, strong_split_titles

    index = TitleIndex()
    for draft in drafts:
        for title in draft.cell_titles():
            index.add(title)
        for run in draft.runs():
            for title in own_titles(run):
                index.add(title)
    learned = [t for d in drafts for run in d.runs() for t in strong_split_titles(run)]
    for title in learned:
        index.add(title)
    return index


def finish_page(draft: PageDraft, index: TitleIndex, council: str, title: str) -> Manual:
    """Assemble the text runs with `index` and build the final `Manual`."""
    from .rows import assemble

    diagnostics = list(draft.diagnostics)
    releases = []
    for rel in draft.releases:
        rows: list[RowDraft] = []
        notes = list(rel.notes)
        for part in rel.parts:
            if isinstance(part, RowDraft):
                rows.append(part)
                continue
            assembled = assemble(part, index)
            rows.extend(assembled.rows)
            notes.extend(assembled.notes)
        entries = tuple(_entry(row) for row in rows)
        diagnostics.extend(d for row in rows for d in _row_diagnostics(row))
        notes.sort(key=lambda n: n.line)
        releases.append(Release(rel.label, rel.year, rel.month, rel.line, entries, tuple(notes)))
    diagnostics.extend(_unaccounted(draft, releases, diagnostics))
    furniture = draft.furniture
    if draft.source_lines:
        releases, diagnostics, furniture = _at_source_lines(
            draft.source_lines, releases, diagnostics, furniture
        )
    diagnostics.sort(key=lambda d: d.line)
    return Manual(
        council=council,
        title=title,
        source=draft.source,
        layout=draft.layout,
        releases=tuple(releases),
        diagnostics=tuple(diagnostics),
        furniture=tuple(sorted(set(furniture))),
    )


def _at_source_lines(
    source: dict[int, int],
    releases: list[Release],
    diagnostics: list[Diagnostic],
    furniture: list[int],
) -> tuple[list[Release], list[Diagnostic], list[int]]:
    """Lines numbered in reading order, as the source lines they were read from."""

    def at(number: int) -> int:
        return source.get(number, number)

    return (
        [
            replace(
                release,
                line=at(release.line),
                entries=tuple(
                    replace(e, first_line=at(e.first_line), last_line=at(e.last_line))
                    for e in release.entries
                ),
                notes=tuple(replace(n, line=at(n.line)) for n in release.notes),
            )
            for release in releases
        ],
        [replace(d, line=at(d.line)) for d in diagnostics],
        [at(n) for n in furniture],
    )


def _unaccounted(
    draft: PageDraft, releases: list[Release], diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    """The safety net: a text line that no entry, heading, note, furniture or diagnostic
    took is reported, so that nothing is lost silently (`check` fails on these)."""
    taken = set(draft.furniture) | {d.line for d in diagnostics}
    for release in releases:
        taken.add(release.line)
        taken.update(n.line for n in release.notes)
        for entry in release.entries:
            taken.update(range(entry.first_line, entry.last_line + 1))
    return [
        Diagnostic(
            number, f"line not understood: '{text.strip()[:80]}'", Severity.ERROR, "unaccounted"
        )
        for number, text in sorted(draft.text_lines.items())
        if number not in taken
    ]


def _entry(row: RowDraft) -> Entry:
    """An entry, its title and paragraphs with runs of spaces (and no-break spaces) as one."""
    details = tuple(d for d in map(_folded, row.details) if d)
    title = _folded(row.title)
    return Entry(row.kind, title, details, row.first_line, row.last_line, row.link)


@lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    """Runs of white space as one space (pages repeat their paragraphs: once per text)."""
    return " ".join(text.split())


def _row_diagnostics(row: RowDraft) -> list[Diagnostic]:
    found = []
    if row.weak_split:
        found.append(
            Diagnostic(
                row.first_line,
                f"title split on weak evidence ({row.split_evidence}): '{row.title}'",
                Severity.WARNING,
                "weak-split",
            )
        )
    if row.lost_title:
        found.append(
            Diagnostic(
                row.first_line,
                "the page lost this entry's title; kept with an empty title",
                Severity.WARNING,
                "lost-title",
            )
        )
    return found
