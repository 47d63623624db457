"""Selection: which items a listing, view or export covers.

One `Selection` is built by the CLI (from its options) and by the TUI (from its filters and
marks), and handed to `apply`; exporters receive the resulting items.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import ManualError
from .model import Item, Kind, Library, Priority

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")  # ASCII digits only: "٢٠٢٠" is not a year


@dataclass(frozen=True)
class Selection:
    """Councils, a release range (`YYYY-MM`, inclusive), kinds, priorities, chapter text.

    Empty fields do not filter. `entry_ids` are entries marked one by one: alone they are
    the whole selection; with a release range they are added to what the range picks.
    """

    councils: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    kinds: tuple[Kind, ...] = ()
    priorities: tuple[Priority, ...] = ()
    chapter: str = ""
    entry_ids: tuple[str, ...] = ()

    def matches(self, item: Item, chapters: set[tuple[str, str]] | None = None) -> bool:
        """Whether the filters (not the explicit marks) pick this item. `chapters`: the
        `(manual key, chapter key)` pairs matching the chapter text under any of their titles
        (see `chapter_matches`); without it, the item's own titles are matched."""
        key = item.release.key
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
        if self.entry_ids:
            parts.append(f"{len(self.entry_ids)} marked entries")
        return "; ".join(parts)


def parse_month(text: str, option: str) -> str:
    """Validate a `YYYY-MM` option value and return it."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ManualError(option, f"'{text}' is not a month in the form YYYY-MM")
    return text.strip()


def resolve_council(name: str, councils: Sequence[str]) -> str:
    """The loaded council a user meant by `name`: exact, else a unique case-insensitive part."""
    wanted = name.casefold().strip()
    exact = [c for c in councils if c.casefold() == wanted]
    if exact:
        return exact[0]
    partial = [c for c in councils if wanted and wanted in c.casefold()]
    if len(partial) == 1:
        return partial[0]
    loaded = ", ".join(councils) or "none"
    if partial:
        return _fail(name, f"is ambiguous: matches {', '.join(partial)}")
    return _fail(name, f"is not a loaded council; loaded: {loaded}")


def resolve_councils(names: Iterable[str], councils: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(resolve_council(n, councils) for n in names))


def _fail(name: str, problem: str) -> str:
    raise ManualError("--council", f"'{name}' {problem}")
