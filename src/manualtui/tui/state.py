"""What the user has narrowed and marked: filters, a marked release range, marked entries.

Plain frozen data (no Textual) so it is easy to test; `export_selection` turns it into the
core's `Selection`, the same object the CLI builds from its options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Item, Kind, Priority
from ..select import Selection

_MONTH = re.compile(r"^\s*([0-9]{4})(?:-([0-9]{1,2}))?\s*$")


@dataclass(frozen=True)
class Filters:
    """Councils, kinds, priorities and a period (`YYYY-MM`, inclusive); empty = no filter."""

    councils: frozenset[str] = frozenset()
    kinds: frozenset[Kind] = frozenset()
    priorities: frozenset[Priority] = frozenset()
    start: str | None = None
    end: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.councils or self.kinds or self.priorities or self.start or self.end)

    def matches(self, item: Item) -> bool:
        if self.councils and item.council not in self.councils:
            return False
        if self.kinds and item.entry.kind not in self.kinds:
            return False
        if self.priorities and item.priority not in self.priorities:
            return False
        key = item.release.key
        if self.start and key < self.start:
            return False
        return not (self.end and key > self.end)

    def toggle_priority(self, priority: Priority) -> Filters:
        """Only this priority, or no priority filter when it was the only one."""
        if self.priorities == {priority}:
            return replace(self, priorities=frozenset())
        return replace(self, priorities=frozenset({priority}))

    def describe(self, short: dict[str, str] | None = None) -> str:
        """A compact summary for the status line, e.g. `re-read · Luton · 2019-01..2019-12`."""
        names = short or {}
        parts: list[str] = []
        if self.councils:
            parts.append(", ".join(sorted(names.get(c, c) for c in self.councils)))
        if self.kinds:
            parts.append("/".join(k.value for k in Kind if k in self.kinds))
        if self.priorities:
            words = {Priority.REREAD: "re-read", Priority.REVIEW: "review", Priority.NOTE: "note"}
            parts.append("/".join(words[p] for p in Priority if p in self.priorities))
        if self.start or self.end:
            parts.append(f"{self.start or '…'}..{self.end or '…'}")
        return " · ".join(parts)


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
        ids = set(self.entry_ids)
        ids.symmetric_difference_update({item_id})
        return replace(self, entry_ids=frozenset(ids))

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

    def describe(self) -> str:
        parts: list[str] = []
        if self.pending:
            parts.append(f"from {self.pending}, to ?")
        elif self.start and self.end:
            parts.append(f"{self.start}..{self.end}")
        if self.entry_ids:
            count = len(self.entry_ids)
            parts.append(f"{count} entr{'y' if count == 1 else 'ies'}")
        return " + ".join(parts)


@dataclass(frozen=True)
class CompareSetup:
    """The two councils of the compare view (A and B) and its period (`YYYY-MM` or open)."""

    council_a: str
    council_b: str
    start: str | None = None
    end: str | None = None

    def describe(self, short: dict[str, str] | None = None) -> str:
        names = short or {}
        period = (
            f"{self.start or 'first'}..{self.end or 'latest'}"
            if self.start or self.end
            else "all releases"
        )
        return (
            f"{names.get(self.council_a, self.council_a)} ⇄ "
            f"{names.get(self.council_b, self.council_b)} · {period}"
        )


def common_period(first: tuple[str, str], second: tuple[str, str]) -> tuple[str, str] | None:
    """The months two councils' releases both span (`(oldest, newest)` each), if any."""
    start, end = max(first[0], second[0]), min(first[1], second[1])
    return (start, end) if start <= end else None


def export_selection(filters: Filters, marks: Marks) -> Selection:
    """The selection an export covers.

    The marked range and marked entries say *what*; the filters (councils, kinds,
    priorities, period) narrow the range. Marked entries alone are the whole selection;
    with nothing marked, the filters alone decide.
    """
    if marks.start and marks.end:
        start, end = _intersect(filters.start, filters.end, marks.start, marks.end)
    elif marks.entry_ids:
        start, end = None, None
    else:
        start, end = filters.start, filters.end
    return Selection(
        councils=tuple(sorted(filters.councils)),
        start=start,
        end=end,
        kinds=tuple(k for k in Kind if k in filters.kinds),
        priorities=tuple(p for p in Priority if p in filters.priorities),
        entry_ids=tuple(sorted(marks.entry_ids)),
    )


def _intersect(
    a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None
) -> tuple[str | None, str | None]:
    starts = [s for s in (a_start, b_start) if s]
    ends = [e for e in (a_end, b_end) if e]
    return (max(starts) if starts else None, min(ends) if ends else None)


def parse_period_bound(text: str, *, end: bool) -> str | None:
    """`2019` or `2019-4` or `2019-04` as a month key; a bare year means its first (or last)
    month. Empty text is no bound; anything else raises ValueError."""
    if not text.strip():
        return None
    match = _MONTH.match(text)
    if not match:
        raise ValueError(f"'{text.strip()}' is not a year or YYYY-MM")
    year, month = match.group(1), match.group(2)
    if month is None:
        return f"{year}-{12 if end else 1:02d}"
    if not 1 <= int(month) <= 12:
        raise ValueError(f"'{text.strip()}' has no month {month}")
    return f"{year}-{int(month):02d}"
