"""Lookups the views need, built once per library: items by manual, release and chapter,
the search index, each item's relations, and the comparisons asked for so far.

Plain Python (no Textual). Built and filled in workers, so the views only ever index dicts.
Manuals are known by their key (`Manual.key`), as everywhere in the package.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from ..model import Item, Library, Manual, Release
from .labels import list_label
from .search import SearchIndex

if TYPE_CHECKING:  # both pull in fuzzy matching, which start-up does not need
    from ..compare import Comparison
    from .relations import Relations
    from .state import CompareSetup


@dataclass(frozen=True)
class ChapterRef:
    """One chapter of one manual: the manual's key, the chapter key and the title to show."""

    manual: str
    chapter: str
    title: str


class ItemsAt(Sequence[Item]):
    """The items at some positions, without copying them out (views of 100,000 rows)."""

    def __init__(self, items: Sequence[Item], positions: Sequence[int]) -> None:
        self._items = items
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    def __iter__(self) -> Iterator[Item]:
        return map(self._items.__getitem__, self._positions)

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | Sequence[Item]:
        if isinstance(index, slice):
            return ItemsAt(self._items, self._positions[index])
        return self._items[self._positions[index]]


class Catalog:
    """A library plus the indexes the explorer reads: by manual, by release, by chapter."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.manuals = {manual.key: manual for manual in library.manuals}
        by_release: dict[tuple[str, int], list[int]] = defaultdict(list)
        by_chapter: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_manual: dict[str, list[int]] = defaultdict(list)
        for position, item in enumerate(library.items):
            manual = item.manual.key
            by_manual[manual].append(position)
            by_release[(manual, item.release.line)].append(position)
            by_chapter[(manual, item.chapter)].append(position)
        self._by_release = dict(by_release)
        self.release_of = [(item.manual.key, item.release.line) for item in library.items]
        self.release_sizes = {key: len(positions) for key, positions in by_release.items()}
        self._by_chapter = dict(by_chapter)
        self._by_manual = dict(by_manual)
        self._index: SearchIndex | None = None
        self._label_widths: list[int] | None = None
        self._lock = threading.Lock()
        self._relations: Relations | None = None
        self._comparisons: dict[CompareSetup, Comparison] = {}

    @property
    def search_index(self) -> SearchIndex:
        """The search index, built on first use (the app builds it in a worker once the
        first screen is up; a search typed before then builds it, or waits for it)."""
        with self._lock:
            if self._index is None:
                self._index = SearchIndex(self.library.items)
            return self._index

    @property
    def label_widths(self) -> list[int]:
        """Per item, the width of its chapter in a list (`list_label`), worked out on first
        use (the app does it in the background, with the search index): a search sizes its
        title column from the first results' widths without building their labels."""
        with self._lock:
            if self._label_widths is None:
                self._label_widths = [len(list_label(item)) for item in self.library.items]
            return self._label_widths

    @property
    def relations(self) -> Relations:
        """Each item's chapter and its counterpart in another council."""
        with self._lock:
            if self._relations is None:
                from .relations import Relations

                self._relations = Relations(self.library)
            return self._relations

    @property
    def relations_built(self) -> Relations | None:
        """The relations if a worker has built them (never builds them: building imports
        the chapter matching, which the first screen does without)."""
        return self._relations

    def comparison(self, setup: CompareSetup) -> Comparison:
        """Two councils compared over a period (computed once per setup; call it in a
        worker unless `has_comparison` says it is ready)."""
        found = self._comparisons.get(setup)
        if found is None:
            from ..compare import compare

            found = compare(self.library, setup.council_a, setup.council_b, setup.start, setup.end)
            self._comparisons[setup] = found
        return found

    def has_comparison(self, setup: CompareSetup) -> bool:
        return setup in self._comparisons

    @property
    def items(self) -> tuple[Item, ...]:
        return self.library.items

    def release_positions(self, manual: str, release: Release) -> Sequence[int]:
        """Positions (into `items`) of a release's entries, in page order."""
        return self._by_release.get((manual, release.line), ())

    def manual_positions(self, manual: str) -> Sequence[int]:
        """Positions of all of a manual's entries, newest release first."""
        return self._by_manual.get(manual, ())

    def chapter_items(self, manual: str, chapter: str) -> list[Item]:
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

    def manual(self, key: str) -> Manual:
        return self.manuals[key]
