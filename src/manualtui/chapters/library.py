"""The chapters of a library: per manual, found by text, and a chapter's history across
councils."""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Item, Library, Manual
from .grouping import group
from .matching import match_chapters
from .model import Chapter, ChapterHistory, Fact
from .thresholds import CROSS_COUNCIL_TITLE_THRESHOLD
from .titles import normalise_title, title_score


def chapters(library: Library, council: str | None = None) -> list[Chapter]:
    """The chapters of every manual (or of one council's), in order of first appearance."""
    return [
        chapter
        for index, manual in enumerate(library.manuals)
        if council is None or manual.council == council
        for chapter in _manual_chapters_of(library, index)
    ]


@dataclass
class _LibraryChapters:
    """A library's items per manual, and the chapters of the manuals asked for so far."""

    items: dict[int, list[Item]]
    done: dict[int, tuple[Chapter, ...]]


_CHAPTERS: dict[int, _LibraryChapters] = {}


def _manual_chapters_of(library: Library, index: int) -> tuple[Chapter, ...]:
    """One manual's chapters, computed once while the library lives, and only when asked
    for: a briefing on 20 of 200 councils groups those 20 manuals only."""
    memo = _CHAPTERS.get(id(library))
    if memo is None:
        by_manual: dict[int, list[Item]] = defaultdict(list)
        for item in library.items:
            by_manual[_manual_index(item)].append(item)
        memo = _CHAPTERS[id(library)] = _LibraryChapters(dict(by_manual), {})
        weakref.finalize(library, _CHAPTERS.pop, id(library), None)
    found = memo.done.get(index)
    if found is None:
        found = memo.done[index] = tuple(
            _manual_chapters(library.manuals[index], memo.items.get(index, []))
        )
    return found


def _manual_index(item: Item) -> int:
    return int(item.id.split(":", 1)[0])


def _manual_chapters(manual: Manual, items: Sequence[Item]) -> list[Chapter]:
    facts = [
        Fact(
            i.release, i.entry, i.chapter_title if i.title_inferred else i.entry.title, i.inference
        )
        for i in items
    ]
    grouping = group(facts)
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.chapter].append(item)
    return [
        Chapter(
            key=key,
            title=members[0].chapter_title,
            aliases=tuple(
                a for a in grouping.aliases.get(key, ()) if a != members[0].chapter_title
            ),
            council=manual.council,
            manual=manual.title,
            items=tuple(members),
            renames=tuple(grouping.renames.get(key, ())),
        )
        for key, members in grouped.items()
    ]


def find_chapter(library: Library, text: str, council: str | None = None) -> list[Chapter]:
    """Chapters whose key, title or aliases match `text`, best first.

    Exact keys and normalised titles come first, then titles containing the text, then
    fuzzy matches scoring at least `CROSS_COUNCIL_TITLE_THRESHOLD`.
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
    return best if best >= CROSS_COUNCIL_TITLE_THRESHOLD else 0.0


def history(library: Library, chapter: str) -> list[ChapterHistory]:
    """A chapter's timeline in each council that has it, by key or title text.

    The best chapter for the text in each council is taken (see `find_chapter`); the other
    councils' chapters are then matched to it as `match_chapters` does.
    """
    found = find_chapter(library, chapter)
    if not found:
        return []
    anchor = found[0]
    result = [ChapterHistory(anchor, _how_found(chapter, anchor))]
    for council in library.councils:
        if council == anchor.council:
            continue
        theirs = chapters(library, council)
        pairs = match_chapters([anchor], theirs)
        if pairs:
            result.append(ChapterHistory(pairs[0].b, pairs[0].evidence))
    return result


def _how_found(text: str, chapter: Chapter) -> str:
    score = _query_score(text, chapter)
    if score >= 300:
        return "key"
    if score >= 250:
        return "title"
    if score > 100:
        return "title contains the text"
    return f"title {score:.0f}% alike"
