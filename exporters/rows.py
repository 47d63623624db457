"""Items grouped into the rows staff act on, and the wording every export shares.

A chapter row is one chapter of one council: its latest change in the selection, with the
earlier changes that one supersedes, and the most urgent priority among them (an earlier
"re-read" still stands if it was only followed by a link update). An entry whose title the
page lost, and that no chapter could be inferred for, is a row of its own.

How a chapter title is shown in an export (a title inferred for an entry whose page lost it
always says so) is decided here, with the words of `manualtui.wording`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import Item, Kind, Priority, Release, SectionRef
from ..wording import INFERRED_NOTE, LOST_TITLE, month_label


@dataclass(frozen=True)
class Row:
    """What one checklist row (or briefing paragraph) says. `items` are newest first."""

    items: tuple[Item, ...]

    @property
    def latest(self) -> Item:
        return self.items[0]

    @property
    def earlier(self) -> tuple[Item, ...]:
        return self.items[1:]

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
    def title(self) -> str:
        return display_title(self.latest)

    @property
    def deciding(self) -> Item:
        """The item whose priority is the row's: the most urgent, the newest among equals."""
        return min(self.items, key=lambda item: item.priority.rank)

    @property
    def priority(self) -> Priority:
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


def display_title(item: Item) -> str:
    """The chapter title to show for `item`: marked when it was inferred, not given by the
    page; a placeholder when the page lost it and nothing could be inferred."""
    return marked_title(item.chapter_title or LOST_TITLE, item.title_inferred)


def marked_title(title: str, inferred: bool) -> str:
    return title + INFERRED_NOTE if inferred else title


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


def first_sentence(text: str, limit: int = 160) -> str:
    """The opening sentence of `text`, cut at a word boundary to about `limit` characters."""
    paragraph = text.strip().split("\n", 1)[0].strip()
    end = paragraph.find(". ")
    sentence = paragraph[: end + 1] if end >= 0 else paragraph
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def chapter_rows(items: Sequence[Item]) -> list[Row]:
    """One row per chapter (per council), in the order chapters first appear in `items`."""
    groups: dict[tuple[str, str, str], list[Item]] = {}
    for item in items:
        groups.setdefault(_chapter_identity(item), []).append(item)
    return [Row(tuple(sorted(group, key=_newest_first))) for group in groups.values()]


def entry_rows(items: Sequence[Item]) -> list[Row]:
    """One row per entry, in the order of `items`."""
    return [Row((item,)) for item in items]


def _chapter_identity(item: Item) -> tuple[str, str, str]:
    """Council, manual and chapter; a title-less entry with no chapter is its own group."""
    return item.council, item.manual.source, item.chapter or "\0" + item.id


def _newest_first(item: Item) -> tuple[int, int]:
    """Newest release first; within a release, page order."""
    return -item.release.ordinal, item.entry.first_line
