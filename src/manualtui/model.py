"""The data model: manuals, releases, entries and diagnostics as read from Amendments pages.

Everything here is a frozen dataclass. Parsers build `Manual`s; `load.load_manuals` wraps
them in a `Library` of `Item`s, each item being one entry in its full context (council,
release, chapter identity, re-read assessment): the row that every listing, view and export
works from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .chapters.library import ChapterBook


class Kind(StrEnum):
    """What a release did to a chapter."""

    UPDATED = "updated"
    NEW = "new"
    REMOVED = "removed"


class Priority(StrEnum):
    """How urgently staff must act on an entry, most urgent first."""

    REREAD = "reread"
    REVIEW = "review"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """0 for the most urgent: sort by it, or take the minimum to find the most urgent."""
        return _PRIORITY_RANKS[self]


_PRIORITY_RANKS = {priority: rank for rank, priority in enumerate(Priority)}


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Diagnostic:
    """Something the reader of a page should know about one of its lines.

    `code` names the kind of finding: "unaccounted" (a line nothing else took; `check` fails
    on these), "lost-title" (the page lost an entry's title), "weak-split" (a one-line row
    split on weak evidence), "unknown-heading", ...
    """

    line: int
    message: str
    severity: Severity
    code: str


@dataclass(frozen=True)
class Entry:
    """One row of a release's table: a chapter and what was done to it.

    `title` is empty where the page lost it. `details` holds one string per paragraph
    (bullet items are paragraphs starting with "• "). Lines are 1-based and inclusive.
    """

    kind: Kind
    title: str
    details: tuple[str, ...]
    first_line: int
    last_line: int
    link: str = ""

    @property
    def details_text(self) -> str:
        """The details as one text, paragraphs separated by a blank line."""
        return "\n\n".join(self.details)


@dataclass(frozen=True)
class Note:
    """A release note such as "Next Update: March 2021", with its source line."""

    text: str
    line: int


@dataclass(frozen=True)
class Release:
    """One release of a manual: its heading as written, its date, notes and entries."""

    label: str
    year: int
    month: int
    line: int
    entries: tuple[Entry, ...] = ()
    notes: tuple[Note, ...] = ()

    @cached_property
    def key(self) -> str:
        """The release as `YYYY-MM` (worked out once: every entry of a release asks)."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def ordinal(self) -> int:
        """Months since year 0: the difference of two ordinals is a lag in months."""
        return self.year * 12 + self.month - 1


@dataclass(frozen=True)
class Manual:
    """One council's manual as read from one Amendments page.

    `key` identifies the manual whatever else is loaded (from its council and title, see
    `load.manual_key`). `furniture` lists the lines that are page structure only (table
    headings, column headers, captions, "Archive", year lines, bare cell separators), so that every
    non-blank line of the source is accounted for by an entry, a release heading, a note,
    furniture or a diagnostic.
    """

    council: str
    title: str
    source: str
    layout: str
    releases: tuple[Release, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    furniture: tuple[int, ...] = ()
    key: str = ""

    def entries(self) -> Iterator[tuple[Release, Entry]]:
        for release in self.releases:
            for entry in release.entries:
                yield release, entry

    @property
    def unaccounted(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.code == "unaccounted")


@dataclass(frozen=True)
class SectionRef:
    """A section of a chapter named in an entry's details: "Section 6, Placements ..."."""

    number: str
    name: str


@dataclass(frozen=True)
class Assessment:
    """An entry's re-read priority and what decided it."""

    priority: Priority
    reason: str
    sections: tuple[SectionRef, ...] = ()
    drivers: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenameLink:
    """Two titles of one chapter, and why they are taken for one.

    `evidence` is the phrase of the details that states the link (quoted), or the similarity
    that suggests it. `release` (`YYYY-MM`) and `line` point at the entry that states it;
    both are empty/0 for links suggested by similarity alone.
    """

    old_title: str
    new_title: str
    evidence: str
    release: str = ""
    line: int = 0


@dataclass(frozen=True)
class ChapterNames:
    """The other titles of one chapter of one manual (earlier names, spelling variants) and
    the rename links that joined them, as found when the library was loaded."""

    manual: str
    chapter: str
    aliases: tuple[str, ...] = ()
    renames: tuple[RenameLink, ...] = ()


@dataclass(frozen=True)
class Item:
    """One entry in its full context: the row listings, views and exports work from.

    `id` is `<manual key>/<release>/<hash of the title and its ordinal in the release>`:
    the same whatever else is loaded and in every snapshot of the page. `chapter` is the
    chapter key shared by every entry of the same chapter in that manual; `chapter_title`
    is the title to show (the entry's own, or the inferred one when `title_inferred`, with
    the evidence in `inference` and how sure it is, 0-1, in `title_confidence`).
    """

    id: str
    manual: Manual
    release: Release
    entry: Entry
    chapter: str
    chapter_title: str
    assessment: Assessment
    title_inferred: bool = False
    inference: str = ""
    title_confidence: float | None = None

    @property
    def council(self) -> str:
        return self.manual.council

    @property
    def priority(self) -> Priority:
        return self.assessment.priority


@dataclass(frozen=True)
class Library:
    """Everything loaded: the manuals and their items, newest release first per manual, and
    the chapter names found when grouping them. `chapters` holds the chapters of each manual
    and the matches between councils, computed on first use and kept with the library."""

    manuals: tuple[Manual, ...]
    items: tuple[Item, ...] = field(default=())
    chapter_names: tuple[ChapterNames, ...] = field(default=())

    @property
    def councils(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.council for m in self.manuals))

    @cached_property
    def chapters(self) -> ChapterBook:
        from .chapters.library import ChapterBook

        return ChapterBook(self)
