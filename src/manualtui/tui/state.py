"""What the explorer remembers beside the library: marks, the councils and period compared,
the chapter the chapter view shows, the way back, and what is new to the user and read.

Plain frozen data (no Textual), held by the app in reactives that the views watch; the
filters are the core's `Selection`, and `Marks.selection` narrows them to what is marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Item
from ..select import Selection
from ..wording import count, month_label, period_text, short_council

if TYPE_CHECKING:
    from ..library.progress import Progress
    from ..library.update import Change


@dataclass(frozen=True)
class Marks:
    """Entries marked one by one, and a release range (months) marked from/to.

    `pending` is the first end of a range being marked, waiting for the second.
    """

    entry_ids: frozenset[str] = frozenset()
    start: str | None = None
    end: str | None = None
    pending: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.entry_ids or self.start or self.pending)

    def toggle_entry(self, item_id: str) -> Marks:
        return replace(self, entry_ids=self.entry_ids ^ {item_id})

    def mark_release(self, key: str) -> Marks:
        """First call starts a range at `key`; the second closes it (in either order)."""
        if self.pending is None:
            return replace(self, pending=key, start=None, end=None)
        low, high = sorted((self.pending, key))
        return replace(self, pending=None, start=low, end=high)

    def in_range(self, key: str) -> bool:
        if self.pending is not None:
            return key == self.pending
        return self.start is not None and self.end is not None and self.start <= key <= self.end

    def selection(self, filters: Selection) -> Selection:
        """What an export of the marks covers (see `Selection.with_marks`)."""
        return filters.with_marks(self.start, self.end, self.entry_ids)

    def describe(self) -> str:
        """ "Apr 2019 to Oct 2020 + 2 entries", "from Apr 2019, to ?"."""
        parts: list[str] = []
        if self.pending:
            parts.append(f"from {month_label(self.pending)}, to ?")
        elif self.start and self.end:
            parts.append(period_text(self.start, self.end))
        if self.entry_ids:
            parts.append(count(len(self.entry_ids), "entry", "entries"))
        return " + ".join(parts)


@dataclass(frozen=True)
class CompareSetup:
    """The two councils of the compare view (A and B) and its period (`YYYY-MM` or open)."""

    council_a: str
    council_b: str
    start: str | None = None
    end: str | None = None

    def describe(self) -> str:
        """ "Enfield and Luton, Jan 2019 to Dec 2019"."""
        return (
            f"{short_council(self.council_a)} and {short_council(self.council_b)}, "
            f"{period_text(self.start, self.end)}"
        )

    def selection(self, filters: Selection) -> Selection:
        """The compared councils and period, with the filters' kinds and priorities."""
        return replace(
            filters,
            councils=(self.council_a, self.council_b),
            start=self.start,
            end=self.end,
            entry_ids=(),
        )


@dataclass(frozen=True)
class ChapterFocus:
    """The chapter the chapter view shows (a manual's key and the chapter's key), and the
    entry the user came from, which its timeline starts on."""

    manual: str
    chapter: str
    item: Item | None = None

    @classmethod
    def of(cls, item: Item) -> ChapterFocus:
        return cls(item.manual.key, item.chapter, item)


@dataclass(frozen=True)
class Place:
    """Where Escape goes back to: a view, and the entry that was highlighted there."""

    view: str
    item: Item | None = None


def common_period(first: tuple[str, str], second: tuple[str, str]) -> tuple[str, str] | None:
    """The months two councils' releases both span (`(oldest, newest)` each), if any."""
    start, end = max(first[0], second[0]), min(first[1], second[1])
    return (start, end) if start <= end else None


@dataclass(frozen=True)
class ExportScope:
    """What an export from a view covers, and how the export dialog names it."""

    selection: Selection
    what: str


@dataclass(frozen=True)
class Reading:
    """What the library says about the user, when the explorer shows the library: the
    entries new to them since their last look (by id: when each arrived, and whether it was
    new or rewritten), the newest event that list covers (what "seen" records), and their
    reading progress (by id: Read, or a status a tracker recorded, and the day)."""

    user: str
    through_event: int = 0
    new: Mapping[str, Change] = field(default_factory=dict)
    progress: Mapping[str, Progress] = field(default_factory=dict)

    @property
    def new_ids(self) -> frozenset[str]:
        return frozenset(self.new)

    def seen(self) -> Reading:
        """After the user's look is recorded: nothing is new."""
        return replace(self, new={})

    def with_read(self, ids: Iterable[str], status: Progress) -> Reading:
        return replace(self, progress={**self.progress, **dict.fromkeys(ids, status)})

    def without_read(self, ids: Iterable[str]) -> Reading:
        gone = set(ids)
        return replace(self, progress={k: v for k, v in self.progress.items() if k not in gone})
