"""Lookups the views need, built once per library: items by release and by chapter, and
the search index.

Plain Python (no Textual). Built in workers, so the views only ever index dicts.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from ..model import Item, Library, Release
from .search import SearchIndex


@dataclass(frozen=True)
class ChapterRef:
    """One chapter of one manual: the chapter key and the title to show."""

    manual: int
    chapter: str
    title: str


class ItemsAt(Sequence[Item]):
    """The items at some positions, without copying them out (views of 100,000 rows)."""

    def __init__(self, items: Sequence[Item], positions: Sequence[int]) -> None:
        self._items = items
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | Sequence[Item]:
        if isinstance(index, slice):
            return ItemsAt(self._items, self._positions[index])
        return self._items[self._positions[index]]


class Catalog:
    """A library plus the indexes the explorer reads: by id, by release, by chapter."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.manual_index = {manual.key: i for i, manual in enumerate(library.manuals)}
        self.position = {item.id: i for i, item in enumerate(library.items)}
        by_release: dict[tuple[int, int], list[int]] = defaultdict(list)
        by_chapter: dict[tuple[int, str], list[int]] = defaultdict(list)
        by_manual: dict[int, list[int]] = defaultdict(list)
        for position, item in enumerate(library.items):
            manual = self.manual_index[item.manual.key]
            by_manual[manual].append(position)
            by_release[(manual, item.release.line)].append(position)
            by_chapter[(manual, item.chapter)].append(position)
        self._by_release = dict(by_release)
        self.release_of = [
            (self.manual_index[item.manual.key], item.release.line) for item in library.items
        ]
        self.release_sizes = {key: len(positions) for key, positions in by_release.items()}
        self._by_chapter = dict(by_chapter)
        self._by_manual = dict(by_manual)
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()

    @property
    def search_index(self) -> SearchIndex:
        """The search index, built on first use (the app builds it in a worker once the
        first screen is up; a search typed before then builds it, or waits for it)."""
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self.library.items)
            return self._index

    @property
    def items(self) -> tuple[Item, ...]:
        return self.library.items

    def manual_of(self, item: Item) -> int:
        return self.manual_index[item.manual.key]

    def release_positions(self, manual: int, release: Release) -> Sequence[int]:
        """Positions (into `items`) of a release's entries, in page order."""
        return self._by_release.get((manual, release.line), ())

    def manual_positions(self, manual: int) -> Sequence[int]:
        """Positions of all of a manual's entries, newest release first."""
        return self._by_manual.get(manual, ())

    def chapter_items(self, manual: int, chapter: str) -> list[Item]:
        """A chapter's entries in one manual, newest release first."""
        return [self.items[p] for p in self._by_chapter.get((manual, chapter), ())]

    def chapters(self) -> list[ChapterRef]:
        """Every chapter of every manual, with the title of its latest entry."""
        refs: list[ChapterRef] = []
        for (manual, chapter), positions in self._by_chapter.items():
            titled = [self.items[p].chapter_title for p in positions if self.items[p].chapter_title]
            if chapter and titled:
                refs.append(ChapterRef(manual, chapter, titled[0]))
        return refs
