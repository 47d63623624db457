"""Selection: which items a listing, view or export covers.

One `Selection` is built by the CLI (from its options) and by the explorer (its filters are
a `Selection`; marks narrow it with `with_marks`), and handed to `apply`; exporters receive
the resulting items. Months are read by one parser, `parse_month`, for both; days (a due
date) by `parse_day`. Their errors say what was wrong in words a user can act on.

The chapter text means one thing everywhere (`--chapter`, `history CHAPTER`, the explorer's
filter): the chapters whose key, title or any earlier title contains it, case aside.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .model import Item, Kind, Library, Priority
from .wording import MONTH_NAMES

_MONTH = re.compile(r"([0-9]{4})(?:-([0-9]{1,2}))?")  # ASCII digits only
_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


@dataclass(frozen=True)
class Selection:
    """Councils, a release range (`YYYY-MM`, inclusive), kinds, priorities, chapter text,
    and only the entries new to someone.

    Empty fields do not filter. `new_ids`, when set, are the ids of the entries new to the
    user since their last look (`library.news`): only those pass. `entry_ids` are entries
    marked one by one: alone they are the whole selection; with a release range they are
    added to what the range picks.
    """

    councils: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    kinds: tuple[Kind, ...] = ()
    priorities: tuple[Priority, ...] = ()
    chapter: str = ""
    entry_ids: tuple[str, ...] = ()
    new_ids: frozenset[str] | None = None

    @property
    def narrows_entries(self) -> bool:
        """Whether entries are picked by more than council and period (kind, priority,
        chapter or being new): a release then counts only with entries that match."""
        return bool(self.kinds or self.priorities or self.chapter or self.new_ids is not None)

    @property
    def filters_anything(self) -> bool:
        """Whether the filters (not the marked entries) leave anything out."""
        return bool(
            self.councils
            or self.start
            or self.end
            or self.kinds
            or self.priorities
            or self.chapter
            or self.new_ids is not None
        )

    def with_marks(
        self, start: str | None, end: str | None, entry_ids: Iterable[str] = ()
    ) -> Selection:
        """These filters over a marked release range, plus entries marked one by one.

        The range says *what*, the filters narrow it (their period too); marked entries
        alone (no range) are the whole selection; with nothing marked the filters decide.
        """
        ids = tuple(sorted(entry_ids))
        if start and end:
            starts = [s for s in (self.start, start) if s]
            ends = [e for e in (self.end, end) if e]
            return replace(self, start=max(starts), end=min(ends), entry_ids=ids)
        if ids:
            return replace(self, start=None, end=None, entry_ids=ids)
        return replace(self, entry_ids=())

    def matches(self, item: Item, chapters: set[tuple[str, str]] | None = None) -> bool:
        """Whether the filters (not the explicit marks) pick this item. `chapters`: the
        `(manual key, chapter key)` pairs matching the chapter text under any of their titles
        (see `chapter_matches`); without it, the item's own titles are matched."""
        key = item.release.key
        if self.new_ids is not None and item.id not in self.new_ids:
            return False
        if self.councils and item.council not in self.councils:
            return False
        if self.start and key < self.start:
            return False
        if self.end and key > self.end:
            return False
        if self.kinds and item.entry.kind not in self.kinds:
            return False
        if self.priorities and item.priority not in self.priorities:
            return False
        if self.chapter:
            if chapters is not None:
                return (item.manual.key, item.chapter) in chapters
            return self._names_chapter(item)
        return True

    def _names_chapter(self, item: Item) -> bool:
        needle = self.chapter.casefold()
        return (
            needle in item.chapter_title.casefold()
            or needle in item.entry.title.casefold()
            or needle in item.chapter
        )

    def chapter_matches(self, library: Library) -> set[tuple[str, str]]:
        """The chapters whose title, at any time (renames included), contains the text."""
        return {
            (item.manual.key, item.chapter) for item in library.items if self._names_chapter(item)
        }

    def apply(self, library: Library) -> list[Item]:
        """The selected items, in library order (manual, newest release first, page order)."""
        marked = set(self.entry_ids)
        if marked and not (self.start or self.end):
            return [item for item in library.items if item.id in marked]
        chapters = self.chapter_matches(library) if self.chapter else None
        return [item for item in library.items if item.id in marked or self.matches(item, chapters)]

    def describe(self) -> str:
        """A one-line human summary, for title pages and About sheets."""
        parts = [", ".join(self.councils) if self.councils else "all councils"]
        if self.start or self.end:
            parts.append(f"releases {self.start or 'first'} to {self.end or 'latest'}")
        if self.kinds:
            parts.append("kinds " + ", ".join(k.value for k in self.kinds))
        if self.priorities:
            parts.append("priorities " + ", ".join(p.value for p in self.priorities))
        if self.chapter:
            parts.append(f"chapters matching '{self.chapter}'")
        if self.new_ids is not None:
            parts.append("only entries new since the last look")
        if self.entry_ids:
            parts.append(f"{len(self.entry_ids)} marked entries")
        return "; ".join(parts)


def parse_month(text: str, *, end: bool = False) -> str:
    """A month as `YYYY-MM`, from `2019-04`, `2019-4` or a year alone, `2019` (January, or
    December when `end`: the year's last month). ValueError saying what is wrong otherwise."""
    written = text.strip()
    match = _MONTH.fullmatch(written)
    if match is None:
        raise ValueError(f"'{written}' is not a month: write it as YYYY-MM (2019-04) or YYYY")
    year, month = match.group(1), match.group(2)
    if month is None:
        return f"{year}-{12 if end else 1:02d}"
    _check_month(written, int(month))
    return f"{year}-{int(month):02d}"


def parse_day(text: str) -> date:
    """A day written `YYYY-MM-DD` (`2030-1-31` too); ValueError saying what is wrong
    otherwise: "'2027-02-30': February has 28 days in 2027"."""
    written = text.strip()
    match = _DAY.fullmatch(written)
    if match is None:
        raise ValueError(f"'{written}' is not a date: write it as YYYY-MM-DD (2030-01-31)")
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise ValueError(f"'{written}' has no year 0: years start at 0001")
    _check_month(written, month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"'{written}': {MONTH_NAMES[month - 1]} has {days} days in {year}")
    return date(year, month, day)


def _check_month(written: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"'{written}' has no month {month}: months run from 01 to 12")


def parse_period(start: str, end: str) -> tuple[str | None, str | None]:
    """From and to, each blank (open) or a month as `parse_month` reads it; ValueError if one
    is not a month or the period ends before it starts."""
    first = parse_month(start) if start.strip() else None
    last = parse_month(end, end=True) if end.strip() else None
    if first and last and last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    return first, last


def resolve_council(name: str, councils: Sequence[str]) -> str:
    """The loaded council a user meant by `name`: exact, else a unique case-insensitive part.
    ValueError naming the loaded councils (or those it matches) otherwise."""
    wanted = name.casefold().strip()
    exact = [c for c in councils if c.casefold() == wanted]
    if exact:
        return exact[0]
    partial = [c for c in councils if wanted and wanted in c.casefold()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise ValueError(f"'{name}' is ambiguous: it matches {', '.join(partial)}")
    loaded = ", ".join(councils) or "none"
    raise ValueError(f"'{name}' is not a loaded council; loaded: {loaded}")


def resolve_councils(names: Iterable[str], councils: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(resolve_council(n, councils) for n in names))
