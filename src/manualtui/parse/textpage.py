"""Walking a page rendered as plain lines: release headings, table headings, notes, furniture
and the table bodies between them. Shared by every layout (the html layout feeds it the
blocks of a document); what each line of a body is gets decided later, in `rows.assemble`.

A page need not label its months. Its first table heading ("Updated Chapters") then opens an
undated release, and a table heading after a "Next update" note opens the next one; a page
with neither month labels nor tables, whose entries date themselves ("In May 2024, ..."),
is read as one undated release. Undated releases are dated from the page's own evidence
(`date_undated`) and say so in their label.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from ..model import Diagnostic, Kind, Note, Severity
from . import Line, PageDraft, ReleaseDraft, RowDraft, TextRun
from .lines import (
    dated_in,
    line_shape,
    mixed_table_heading,
    month_named,
    names_a_manual,
    names_entries_in_plural,
)

# Tables of one release come in this order; in an undated release, a table of an earlier
# kind than the one before it starts the next release.
_TABLE_ORDER = {Kind.UPDATED: 0, Kind.NEW: 1, Kind.REMOVED: 2}
# tri.x manuals are released about every six months: an undated release followed by its
# "Next update: January 2025" note is dated six months before that.
_RELEASE_CADENCE_MONTHS = 6


class TextPageWalker:
    """Feeds a page's lines, one by one, into a `PageDraft`."""

    def __init__(self, draft: PageDraft) -> None:
        self.draft = draft
        self.release: ReleaseDraft | None = None
        self.kind: Kind | None = None  # what the last table heading named
        self.run: TextRun | None = None
        self.blanks = 0
        self.preamble: list[Line] = []
        self.tables: list[Kind] = []
        self.noted = False
        self.month_headings = False  # the page labels its releases with month headings

    def walk(self, text: str) -> PageDraft:
        for number, raw in enumerate(text.split("\n"), start=1):
            self.feed(number, raw.strip())
        self.finish()
        return self.draft

    def feed(self, number: int, line: str, link: str = "") -> None:
        if not line:
            self.blanks += 1
            return
        if not self.structure(number, line):
            self.content(number, line, link)
        self.blanks = 0

    def finish(self) -> None:
        """The page has ended: read a page of self-dated entries without any release
        heading, then date the undated releases."""
        self.end_table()
        if not self.draft.releases and any(dated_in(line.text) for line in self.preamble):
            self._read_preamble_as_release()
        date_undated(self.draft)

    def structure(self, number: int, line: str) -> bool:
        """Take a structural line (heading, caption, note ...); False for content."""
        shape = line_shape(line)
        if shape.caption:
            self._caption(number, line)
            return True
        if shape.furniture:
            self.draft.furniture.append(number)
            return True
        if shape.release:
            heading = shape.release
            self.month_headings = True
            self._open_release(ReleaseDraft(heading.label, heading.year, heading.month, number))
            return True
        kind = shape.table
        if kind is not None and not self._details_of_a_title(line):
            self.end_table()
            if self.release is None or (not self.release.year and self._next_undated(kind)):
                self._open_release(ReleaseDraft("", 0, 0, number))
            self._subheading_to_furniture()
            self.kind = None if mixed_table_heading(line) else kind
            self.open_run(self.kind)
            self.tables.append(kind)
            self.draft.furniture.append(number)
            return True
        if self.release is not None and shape.note:
            self.end_table()
            self.release.notes.append(Note(line, number))
            self.noted = True
            return True
        return False

    def _open_release(self, release: ReleaseDraft) -> None:
        self.end_table()
        self.release = release
        self.draft.releases.append(release)
        self.kind = None
        self.tables = []
        self.noted = False

    def _details_of_a_title(self, line: str) -> bool:
        """A heading-like line right after a title line, such as "New chapter": the title's
        details, unless it names its entries in the plural, as table headings do."""
        from .rows import is_title_line

        run = self.run
        return (
            run is not None
            and bool(run.lines)
            and is_title_line(run.lines[-1].text)
            and not names_entries_in_plural(line)
        )

    def _next_undated(self, kind: Kind) -> bool:
        """Whether a table heading in an undated release starts the next release."""
        if not self.tables:
            return False
        return self.noted or _TABLE_ORDER[kind] < _TABLE_ORDER[self.tables[-1]]

    def _caption(self, number: int, line: str) -> None:
        """A table caption ("Caption: July 2024") is furniture, unless it names another month
        on a page without month headings: then it opens that release. Where the page has
        month headings, they decide ("December 2023" over "Caption: November 2023")."""
        month = month_named(line)
        release = self.release
        if (
            month is not None
            and not self.month_headings
            and (release is None or (release.parts and (release.year, release.month) != month))
        ):
            label = line.split(":", 1)[1].strip()
            self._open_release(ReleaseDraft(label, month[0], month[1], number))
            return
        self.draft.furniture.append(number)

    def _subheading_to_furniture(self) -> None:
        """A line between a release heading and its first table heading, with no details
        ("Shared Information"), is a sub-heading of the page, not an entry."""
        from .rows import is_title_line

        release = self.release
        if release is None or len(release.parts) != 1 or self.tables:
            return
        run = release.parts[0]
        if (
            isinstance(run, TextRun)
            and len(run.lines) <= 2
            and all(is_title_line(line.text) for line in run.lines)
        ):
            release.parts.clear()
            self.draft.diagnostics.extend(
                Diagnostic(
                    line.number,
                    f"read as a sub-heading, not an entry: '{line.text[:80]}'",
                    Severity.WARNING,
                    "sub-heading",
                )
                for line in run.lines
            )

    def end_table(self) -> None:
        """A release heading, table heading or note ends the table before it."""
        self.run = None

    def open_run(self, kind: Kind | None) -> None:
        assert self.release is not None
        self.run = TextRun(kind)
        self.release.parts.append(self.run)

    def content(self, number: int, line: str, link: str = "") -> None:
        if self.release is None and not self.draft.title_hint and names_a_manual(line):
            self.draft.title_hint = line
            self.draft.furniture.append(number)
            return
        if self.release is None:
            self.preamble.append(Line(number, line, self.blanks, link))
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
            self.open_run(self.kind)
        assert self.run is not None
        self.run.lines.append(Line(number, line, self.blanks, link))

    def _read_preamble_as_release(self) -> None:
        lines, self.preamble = self.preamble, []
        taken = {line.number for line in lines}
        self.draft.diagnostics = [
            d for d in self.draft.diagnostics if not (d.code == "preamble" and d.line in taken)
        ]
        self._open_release(ReleaseDraft("", 0, 0, lines[0].number))
        for line in lines:
            self.blanks = line.blanks
            self.content(line.number, line.text, line.link)
        self.end_table()


def date_undated(draft: PageDraft) -> None:
    """Date each release the page did not label, from its own evidence, newest first: the
    month its entries give ("In May 2024, ..."), else six months (a release cadence) before
    the "Next update" note that follows it, else a cadence before the release above it (or
    after the one below). The label says the release is undated and what dated it."""
    releases = draft.releases
    undated = {r.line for r in releases if not r.year}
    for position, release in enumerate(releases):
        if release.year:
            continue
        said = Counter(month for text in _texts(release) for month in dated_in(text))
        due = next((m for n in release.notes if (m := month_named(n.text))), None)
        if said:
            month = max(said, key=lambda m: (said[m], m))
            release.label = f"undated (entries say {_month_text(month)})"
        elif due is not None:
            month = _add_months(due, -_RELEASE_CADENCE_MONTHS)
            release.label = f"undated (next update {_month_text(due)})"
        else:
            month = _from_neighbours(releases, position)
            release.label = "undated"
        release.year, release.month = month
    _keep_newest_first(releases, undated)


def _texts(release: ReleaseDraft) -> list[str]:
    texts: list[str] = []
    for part in release.parts:
        if isinstance(part, RowDraft):
            texts.extend(part.details)
        else:
            texts.extend(line.text for line in part.lines)
    return texts


def _from_neighbours(releases: list[ReleaseDraft], position: int) -> tuple[int, int]:
    """A release cadence before the release above it (never at or below the one under it),
    else after the one under it."""
    newer = [(r.year, r.month) for r in releases[:position] if r.year]
    older = [(r.year, r.month) for r in releases[position + 1 :] if r.year]
    if newer:
        month = _add_months(newer[-1], -_RELEASE_CADENCE_MONTHS)
        return max(month, _add_months(older[0], 1)) if older else month
    if older:
        return _add_months(older[0], _RELEASE_CADENCE_MONTHS)
    return (1970, 1)


def _keep_newest_first(releases: list[ReleaseDraft], undated: set[int]) -> None:
    """Estimated months never put an undated release at or above the one before it."""
    for above, below in pairwise(releases):
        if below.line in undated and (below.year, below.month) >= (above.year, above.month):
            below.year, below.month = _add_months((above.year, above.month), -1)


def _add_months(month: tuple[int, int], count: int) -> tuple[int, int]:
    ordinal = month[0] * 12 + month[1] - 1 + count
    return ordinal // 12, ordinal % 12 + 1


def _month_text(month: tuple[int, int]) -> str:
    from .lines import MONTHS

    name = next(n for n, number in MONTHS.items() if number == month[1])
    return f"{name.capitalize()} {month[0]}"
