"""The chapters of a library: per manual, found by text, and a chapter's history across
councils."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence

from ..model import ChapterNames, Item, Library, Manual
from ..select import Selection
from .matching import match_chapters
from .model import Chapter, ChapterHistory, ChapterMatch
from .thresholds import load_thresholds
from .titles import normalise_title, title_score


class ChapterBook:
    """A library's chapters per manual and the matches between two councils' chapters,
    each computed on first use (a briefing on 20 of 200 councils builds those 20 only) and
    kept while the library lives. Thread-safe: explorer workers compute, the UI reads."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.RLock()
        self._items: dict[str, list[Item]] | None = None
        self._names: dict[tuple[str, str], ChapterNames] = {
            (n.manual, n.chapter): n for n in library.chapter_names
        }
        self._by_manual: dict[str, tuple[Chapter, ...]] = {}
        self._matches: dict[tuple[str, str], dict[ChapterRef, ChapterMatch]] = {}

    def of_manual(self, manual: Manual) -> tuple[Chapter, ...]:
        """One manual's chapters, in order of first appearance (newest release first)."""
        with self._lock:
            found = self._by_manual.get(manual.key)
            if found is None:
                found = self._by_manual[manual.key] = self._build(manual)
            return found

    def of_council(self, council: str | None = None) -> list[Chapter]:
        """The chapters of every manual, or of one council's."""
        return [
            chapter
            for manual in self.library.manuals
            if council is None or manual.council == council
            for chapter in self.of_manual(manual)
        ]

    def chapter_of(self, item: Item) -> Chapter | None:
        """The chapter an item belongs to."""
        for chapter in self.of_manual(item.manual):
            if chapter.key == item.chapter:
                return chapter
        return None

    def matches(self, council: str, other: str) -> dict[ChapterRef, ChapterMatch]:
        """Matches from `council`'s chapters (as `a`) to `other`'s, by `chapter_ref(a)`."""
        ours, theirs = self.of_council(council), self.of_council(other)
        with self._lock:
            if (council, other) not in self._matches:
                found = match_chapters(ours, theirs)
                self._matches[(council, other)] = {chapter_ref(m.a): m for m in found}
                self._matches[(other, council)] = {
                    chapter_ref(m.b): ChapterMatch(m.b, m.a, m.evidence, m.score) for m in found
                }
            return self._matches[(council, other)]

    def has_matches(self, council: str, other: str) -> bool:
        """Whether `matches` can answer without computing (a membership test never waits)."""
        return (council, other) in self._matches

    def has_council(self, council: str) -> bool:
        """Whether a council's chapters are built (a membership test never waits)."""
        keys = [m.key for m in self.library.manuals if m.council == council]
        return all(key in self._by_manual for key in keys)

    def _build(self, manual: Manual) -> tuple[Chapter, ...]:
        if self._items is None:
            grouped: dict[str, list[Item]] = defaultdict(list)
            for item in self.library.items:
                grouped[item.manual.key].append(item)
            self._items = dict(grouped)
        members: dict[str, list[Item]] = defaultdict(list)
        for item in self._items.get(manual.key, []):
            members[item.chapter].append(item)
        return tuple(self._chapter(manual, key, items) for key, items in members.items())

    def _chapter(self, manual: Manual, key: str, items: list[Item]) -> Chapter:
        names = self._names.get((manual.key, key))
        title = items[0].chapter_title
        return Chapter(
            key=key,
            title=title,
            aliases=tuple(a for a in (names.aliases if names else ()) if a != title),
            council=manual.council,
            manual=manual.title,
            items=tuple(items),
            renames=names.renames if names else (),
        )


ChapterRef = tuple[str, str, str]  # council, manual title, chapter key


def chapter_ref(chapter: Chapter) -> ChapterRef:
    """What identifies a chapter among all councils' chapters."""
    return (chapter.council, chapter.manual, chapter.key)


def chapters(library: Library, council: str | None = None) -> list[Chapter]:
    """The chapters of every manual (or of one council's), in order of first appearance."""
    return library.chapters.of_council(council)


def find_chapter(library: Library, text: str, council: str | None = None) -> list[Chapter]:
    """Chapters whose key, title or aliases match `text`, best first.

    Exact keys and normalised titles come first, then titles containing the text, then
    fuzzy matches scoring at least the `cross_council_title` threshold.
    """
    scored = [(_query_score(text, chapter), chapter) for chapter in chapters(library, council)]
    return [c for score, c in sorted(scored, key=lambda p: -p[0]) if score > 0]


def _query_score(text: str, chapter: Chapter) -> float:
    wanted = text.strip()
    if not wanted:
        return 0.0
    if wanted.casefold() == chapter.key:
        return 300.0
    form = normalise_title(wanted)
    forms = [normalise_title(t) for t in chapter.titles]
    if form in forms:
        return 250.0
    if any(form and form in f for f in forms):
        return 200.0 - min(len(f) for f in forms if form in f) / 100
    best = max(title_score(form, f) for f in forms)
    return best if best >= load_thresholds().cross_council_title else 0.0


def named_chapters(library: Library, text: str, councils: Sequence[str] = ()) -> list[Chapter]:
    """The chapters `text` names among `councils`' (every council's when empty), best first.

    Those it names exactly (the key, or a title in normal form) when there are any; else
    those whose key, title or an earlier title contains it, as `Selection` reads chapter
    text everywhere; else those whose title is alike (see `find_chapter`).
    """
    pool = [c for c in chapters(library) if not councils or c.council in councils]
    scored = sorted(((_query_score(text, c), c) for c in pool), key=lambda p: -p[0])
    exact = [c for score, c in scored if score >= 250]
    if exact:
        return exact
    containing = Selection(chapter=text).chapter_matches(library)
    found = [c for _, c in scored if (c.items[0].manual.key, c.key) in containing]
    return found or [c for score, c in scored if score > 0]


def history(library: Library, chapter: str) -> list[ChapterHistory]:
    """A chapter's timeline in each council that has it, by key or title text: the first
    chapter `named_chapters` gives, followed into the other councils (see `timeline`)."""
    found = named_chapters(library, chapter)
    return timeline(library, found[0], chapter) if found else []


def timeline(
    library: Library, anchor: Chapter, text: str, councils: Sequence[str] = ()
) -> list[ChapterHistory]:
    """`anchor`'s history, then that of the chapter matched to it (as `match_chapters`
    matches) in each other council (of `councils`, when given); `text` is what found it."""
    result = [ChapterHistory(anchor, _how_found(text, anchor))]
    for council in councils or library.councils:
        if council == anchor.council:
            continue
        pairs = match_chapters([anchor], chapters(library, council))
        if pairs:
            result.append(ChapterHistory(pairs[0].b, pairs[0].evidence))
    return result


def _how_found(text: str, chapter: Chapter) -> str:
    score = _query_score(text, chapter)
    if score >= 300:
        return "key"
    if score >= 250:
        return "title"
    if score > 100 or score < load_thresholds().cross_council_title:
        return "key or a title contains the text"
    return f"title {score:.0f}% alike"
