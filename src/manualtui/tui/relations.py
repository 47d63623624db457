"""What the detail pane shows beside an item: its chapter and the other council's.

The chapters and the matches between councils are the library's own (`Library.chapters`),
computed on first use; the explorer asks for them in a worker and reads what is ready.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..chapters import Chapter, chapter_ref
from ..model import Item, Library


@dataclass(frozen=True)
class Related:
    """An item's chapter, and the matching chapter in the partner council."""

    chapter: Chapter | None
    partner: str | None
    counterpart: Chapter | None
    evidence: str = ""


class Relations:
    """An item's relations in a library, from the library's chapter book."""

    def __init__(self, library: Library) -> None:
        self.book = library.chapters

    def ready(self, council: str, other: str | None) -> bool:
        """Whether `related` can answer without computing (never waits for a worker)."""
        if other is None:
            return self.book.has_council(council)
        return self.book.has_matches(council, other)

    def related(self, item: Item, partner: str | None) -> Related:
        """The item's chapter and its counterpart in `partner` (computing if needed)."""
        chapter = self.book.chapter_of(item)
        if partner is None or partner == item.council or chapter is None:
            return Related(chapter, partner, None)
        match = self.book.matches(item.council, partner).get(chapter_ref(chapter))
        if match is None:
            return Related(chapter, partner, None)
        return Related(chapter, partner, match.b, match.evidence)
