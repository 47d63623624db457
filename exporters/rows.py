"""Items grouped into the rows staff act on, and what each row asks of them.

A chapter row is one chapter of one council: its latest change in the selection, with the
earlier changes that one supersedes, and the most urgent priority among them (an earlier
"re-read" still stands if it was only followed by a link update). A chapter whose latest
change removed it is never to be read, whatever came before. An entry whose title the page
lost, and that no chapter could be inferred for, is a row of its own.

An entry row is one entry. The newest entry of a chapter stands for the chapter (it carries
the chapter's priority); the earlier ones are replaced by it.

Each row says what to read ("Whole chapter", the sections named, ...), why (which change
set the priority), and has a stable key that trackers carry so that a filled-in copy can be
read back. How a chapter title is shown (inferred titles marked, lost ones named by their
line and opening words) is decided here, with the words of `manualtui.wording`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..model import Item, Kind, Priority, Release, SectionRef
from ..wording import (
    CHANGES_DESCRIBED,
    INFERRED_NOTE,
    NOTHING_TO_READ,
    REMOVED_ACTION,
    WHOLE_CHAPTER,
    month_label,
    untitled,
)

KEY_SEPARATOR = "::"
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Row:
    """What one checklist row (or briefing item) says.

    `items` are newest first: for a chapter row, the chapter's changes; for an entry row
    that stands for its chapter, that entry then the earlier ones it replaces (whose
    priority it carries). `replaced_by` is set on an entry row a later change replaces.
    """

    items: tuple[Item, ...]
    one_entry: bool = False
    replaced_by: Item | None = None

    @property
    def latest(self) -> Item:
        return self.items[0]

    @property
    def earlier(self) -> tuple[Item, ...]:
        return self.items[1:]

    @property
    def shown(self) -> tuple[Item, ...]:
        """The changes the row shows: all of a chapter row's, an entry row's own."""
        return self.items[:1] if self.one_entry else self.items

    @property
    def council(self) -> str:
        return self.latest.council

    @property
    def release(self) -> Release:
        return self.latest.release

    @property
    def kind(self) -> Kind:
        return self.latest.entry.kind

    @property
    def removed(self) -> bool:
        return self.kind is Kind.REMOVED

    @property
    def title(self) -> str:
        return display_title(self.latest)

    @cached_property
    def deciding(self) -> Item:
        """The item whose priority is the row's: the most urgent; among equals, one that
        asks for the whole chapter, then the newest."""
        if len(self.items) == 1:
            return self.items[0]
        rank = min(item.priority.rank for item in self.items)
        urgent = [item for item in self.items if item.priority.rank == rank]
        return next((item for item in urgent if _whole_chapter(item)), urgent[0])

    @cached_property
    def priority(self) -> Priority:
        """The deciding item's priority; a removed chapter is only to note (each worked out
        once: a row's columns ask again and again)."""
        if self.removed and self.replaced_by is None:
            return Priority.NOTE
        return self.deciding.priority

    @property
    def sections(self) -> tuple[SectionRef, ...]:
        return tuple(dict.fromkeys(s for i in self.items for s in i.assessment.sections))

    @property
    def drivers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d for i in self.items for d in i.assessment.drivers))

    @property
    def link(self) -> str:
        return next((i.entry.link for i in self.items if i.entry.link), "")

    @property
    def to_read(self) -> bool:
        """Whether staff must read something of the chapter (re-read or review)."""
        return (
            self.replaced_by is None
            and not self.removed
            and self.priority in (Priority.REREAD, Priority.REVIEW)
        )

    @property
    def what_to_read(self) -> str:
        """ "Whole chapter", the sections named, "The changes described", or why nothing."""
        if self.replaced_by is not None:
            return f"Nothing: replaced by the {month_label(self.replaced_by.release)} change"
        if self.removed:
            return REMOVED_ACTION
        if self.priority is Priority.NOTE:
            return NOTHING_TO_READ
        changes = [i for i in self.items if i.priority is not Priority.NOTE]
        if any(_whole_chapter(item) for item in changes):
            return WHOLE_CHAPTER
        sections = sections_text(dict.fromkeys(s for i in changes for s in i.assessment.sections))
        if not sections:
            return CHANGES_DESCRIBED
        if any(not item.assessment.sections for item in changes):
            return f"{sections}; and the other changes described"
        return sections

    @property
    def why(self) -> str:
        """Which change set the row's priority, and what it said."""
        if self.replaced_by is not None:
            return f"Replaced by the {month_label(self.replaced_by.release)} change"
        if self.removed:
            return f"Removed in {month_label(self.release)}"
        deciding = self.deciding
        said = reason_text(deciding)
        if deciding is self.latest:
            return f"{month_label(deciding.release)}: {said}"
        return f"Set by an earlier change ({month_label(deciding.release)}): {said}"

    @property
    def key(self) -> str:
        """A stable identifier: the manual's key and the chapter's, and for an entry row
        the entry's id, joined by "::"."""
        parts = [self.latest.manual.key, chapter_key(self.latest)]
        if self.one_entry:
            parts.append(self.latest.id)
        return KEY_SEPARATOR.join(parts)


def display_title(item: Item) -> str:
    """The chapter title to show for `item`: marked when it was inferred, not given by the
    page; when the page lost it and nothing could be inferred, a name made of its line and
    opening words, so no two such entries look alike."""
    if not item.chapter_title:
        return untitled(item.entry.first_line, item.entry.details_text)
    return marked_title(item.chapter_title, item.title_inferred)


def marked_title(title: str, inferred: bool) -> str:
    return title + INFERRED_NOTE if inferred else title


def chapter_key(item: Item) -> str:
    """The item's chapter key, or for an entry with no chapter, "untitled:" and its id."""
    return item.chapter or f"untitled:{item.id}"


def reason_text(item: Item) -> str:
    """What decided an item's priority: the phrase of its details, quoted, or the rule's
    own words ("a new chapter")."""
    reason = item.assessment.reason
    if reason and reason.casefold() in item.entry.details_text.casefold():
        return f"“{reason}”"
    return reason or "changed"


def inference_text(items: Iterable[Item]) -> str:
    """The evidence for each inferred title among `items`, one line each: "Title inferred
    (Oct 2020): details 95% like Luton Borough Council January 2021 '...' (line 217)"."""
    return "\n".join(
        f"Title inferred ({month_label(item.release)}): {item.inference or 'no evidence recorded'}"
        for item in items
        if item.title_inferred
    )


def release_date(release: Release) -> date:
    return date(release.year, release.month, 1)


def months_text(items: Iterable[Item]) -> str:
    """The distinct releases of `items` as "Oct 2020, Jan 2021", each marked where an item
    of that release has an inferred title."""
    months: dict[str, bool] = {}
    for item in items:
        label = month_label(item.release)
        months[label] = months.get(label, False) or item.title_inferred
    return ", ".join(marked_title(label, inferred) for label, inferred in months.items())


def sections_text(sections: Iterable[SectionRef]) -> str:
    return "; ".join(section_text(s) for s in sections)


def section_text(section: SectionRef) -> str:
    number = f"Section {section.number}" if section.number else "Section"
    return f"{number}, {section.name}" if section.name else number


def chapter_rows(items: Sequence[Item]) -> list[Row]:
    """One row per chapter (per council), in the order chapters first appear in `items`."""
    return [Row(group) for group in _chapter_groups(items)]


def entry_rows(items: Sequence[Item]) -> list[Row]:
    """One row per entry, in the order of `items`: the newest entry of each chapter stands
    for it, the earlier ones are replaced by it."""
    rows: dict[str, Row] = {}
    for group in _chapter_groups(items):
        latest, *earlier = group
        rows[latest.id] = Row(group, one_entry=True)
        rows.update((item.id, Row((item,), one_entry=True, replaced_by=latest)) for item in earlier)
    return [rows[item.id] for item in items]


def _chapter_groups(items: Sequence[Item]) -> list[tuple[Item, ...]]:
    """The items of each chapter, newest first, in the order chapters first appear."""
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        groups.setdefault(_chapter_identity(item), []).append(item)
    return [tuple(sorted(group, key=_newest_first)) for group in groups.values()]


def _chapter_identity(item: Item) -> tuple[str, str]:
    """Manual and chapter; a title-less entry with no chapter is its own group."""
    return item.manual.key, item.chapter or "\0" + item.id


def _newest_first(item: Item) -> tuple[int, int]:
    """Newest release first; within a release, page order."""
    return -item.release.ordinal, item.entry.first_line


def _whole_chapter(item: Item) -> bool:
    """Whether a change asks for the whole chapter: a new chapter, a re-read that names no
    section, or one whose re-read phrase is said of the chapter, not of a section."""
    if item.entry.kind is Kind.NEW:
        return True
    if item.priority is not Priority.REREAD:
        return False
    if not item.assessment.sections:
        return True
    sentence = _sentence_with(item.entry.details_text, item.assessment.reason).casefold()
    return "section" not in sentence or "chapter" in sentence


def _sentence_with(text: str, phrase: str) -> str:
    """The sentence of `text` in which `phrase` appears (all of `text` if it does not)."""
    wanted = phrase.casefold()
    for sentence in _SENTENCE_BREAK.split(text):
        if wanted and wanted in sentence.casefold():
            return sentence
    return text
