"""Chapters with their renames, and the matching chapter in another council, on demand.

Building a council's chapters and matching two councils' chapters use fuzzy matching and
take a noticeable time, so they are computed only for the councils the user looks at, in a
worker, and remembered. Thread-safe: workers compute, the UI reads what is ready.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..chapters import Chapter, ChapterMatch, chapters, match_chapters
from ..model import Item, Library

ChapterId = tuple[str, str, str]  # council, manual title, chapter key


@dataclass(frozen=True)
class Related:
    """What the detail pane shows beside an item: its chapter and the other council's."""

    chapter: Chapter | None
    partner: str | None
    counterpart: Chapter | None
    evidence: str = ""


def chapter_id(chapter: Chapter) -> ChapterId:
    return (chapter.council, chapter.manual, chapter.key)


def item_chapter_id(item: Item) -> ChapterId:
    return (item.council, item.manual.title, item.chapter)


class Relations:
    """A library's chapters per council and cross-council matches, computed lazily."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._chapters: dict[str, dict[ChapterId, Chapter]] = {}
        self._matches: dict[tuple[str, str], dict[ChapterId, ChapterMatch]] = {}

    def chapters_of(self, council: str) -> dict[ChapterId, Chapter]:
        """A council's chapters (computed on first call)."""
        with self._lock:
            if council not in self._chapters:
                self._chapters[council] = {
                    chapter_id(c): c for c in chapters(self.library, council)
                }
            return self._chapters[council]

    def matches(self, council: str, other: str) -> dict[ChapterId, ChapterMatch]:
        """Matches from `council`'s chapters (as `a`) to `other`'s (computed on first call)."""
        ours, theirs = self.chapters_of(council), self.chapters_of(other)
        with self._lock:
            if (council, other) not in self._matches:
                found = match_chapters(list(ours.values()), list(theirs.values()))
                self._matches[(council, other)] = {chapter_id(m.a): m for m in found}
                self._matches[(other, council)] = {
                    chapter_id(m.b): ChapterMatch(m.b, m.a, m.evidence, m.score) for m in found
                }
            return self._matches[(council, other)]

    def ready(self, council: str, other: str | None) -> bool:
        """Whether `related` can answer without computing (never waits for a worker: the
        dicts are only ever added to, and a membership test is atomic)."""
        if other is None:
            return council in self._chapters
        return (council, other) in self._matches

    def related(self, item: Item, partner: str | None) -> Related:
        """The item's chapter and its counterpart in `partner` (computing if needed)."""
        chapter = self.chapters_of(item.council).get(item_chapter_id(item))
        if partner is None or partner == item.council or chapter is None:
            return Related(chapter, partner, None)
        match = self.matches(item.council, partner).get(chapter_id(chapter))
        if match is None:
            return Related(chapter, partner, None)
        return Related(chapter, partner, match.b, match.evidence)
