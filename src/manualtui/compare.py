"""Two councils side by side for a period: what both changed, what only one did, shared updates.

Owns `compare` (chapters aligned across two councils, with the national updates both made
and the lag between them), and `word_diff` (a word-level diff of two details texts, for the
TUI and the briefing pack to render).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz.distance import Indel

from .chapters import (
    Chapter,
    ChapterMatch,
    chapters,
    details_form,
    is_informative,
    load_thresholds,
    match_chapters,
    update_similarity,
)
from .model import Item, Library
from .record import item_record
from .select import Selection
from .wording import untitled


class Presence(StrEnum):
    """Which of the two councils changed a chapter in the period."""

    BOTH = "both"
    ONLY_A = "only_a"
    ONLY_B = "only_b"


@dataclass(frozen=True)
class SharedUpdate:
    """The same (national) update made by both councils.

    `lag_months` is B's release minus A's release: positive when B made it later.
    """

    item_a: Item
    item_b: Item
    similarity: float
    lag_months: int


@dataclass(frozen=True)
class ComparedChapter:
    """One chapter in two councils over the period.

    `title` is empty where the page lost it (`label` says which entry it is then).
    `items_a`/`items_b` are the entries in the period, newest first. `key_a`/`key_b` are
    None where a council has no such chapter. `match` says why the two chapters were taken
    for one ("same title", "titles 91% alike", "same update ..."). `shared` lists the
    updates both made (one side may fall outside the period, within
    `shared_update_window_months` of `data/chapters.toml`).
    """

    title: str
    key_a: str | None
    key_b: str | None
    items_a: tuple[Item, ...]
    items_b: tuple[Item, ...]
    status: Presence
    shared: tuple[SharedUpdate, ...] = ()
    match: str = ""

    @property
    def lag_months(self) -> int | None:
        """The lag of the newest shared update, if any."""
        return self.shared[0].lag_months if self.shared else None

    @property
    def first_item(self) -> Item:
        return (self.items_a or self.items_b)[0]

    @property
    def label(self) -> str:
        """The title to show: the chapter's, or where the page lost it, which entry it is."""
        first = self.first_item.entry
        return self.title or untitled(first.first_line, first.details_text)


@dataclass(frozen=True)
class Comparison:
    """Two councils compared over a period (`start`/`end` as `YYYY-MM`, inclusive)."""

    council_a: str
    council_b: str
    start: str | None
    end: str | None
    rows: tuple[ComparedChapter, ...]

    def with_status(self, status: Presence) -> tuple[ComparedChapter, ...]:
        return tuple(row for row in self.rows if row.status is status)

    @property
    def shared(self) -> tuple[SharedUpdate, ...]:
        return tuple(update for row in self.rows for update in row.shared)

    @property
    def inferred(self) -> tuple[Item, ...]:
        """Entries in the period whose lost title was proposed from a twin."""
        return tuple(
            item
            for row in self.rows
            for item in (*row.items_a, *row.items_b)
            if item.title_inferred
        )


def compare(
    library: Library,
    council_a: str,
    council_b: str,
    start: str | None = None,
    end: str | None = None,
    only: Selection | None = None,
) -> Comparison:
    """Align two loaded councils' chapters and report the ones changed in the period.

    Councils are named exactly as loaded (see `select.resolve_council`). `only` narrows the
    entries counted as changes (kinds, priorities, chapter text; its councils and period
    are not used). Rows are ordered: changed in both, only in A, only in B; by title within
    each.
    """
    keep = _keeping(library, only)
    ours, theirs = chapters(library, council_a), chapters(library, council_b)
    rows: list[ComparedChapter] = []
    matched_a: set[str] = set()
    matched_b: set[str] = set()
    for match in match_chapters(ours, theirs):
        matched_a.add(match.a.key)
        matched_b.add(match.b.key)
        row = _row(match.a, match.b, match, start, end, keep)
        if row:
            rows.append(row)
    for chapter in ours:
        if chapter.key not in matched_a:
            row = _row(chapter, None, None, start, end, keep)
            if row:
                rows.append(row)
    for chapter in theirs:
        if chapter.key not in matched_b:
            row = _row(None, chapter, None, start, end, keep)
            if row:
                rows.append(row)
    order = {Presence.BOTH: 0, Presence.ONLY_A: 1, Presence.ONLY_B: 2}
    # Titled chapters alphabetically; entries whose title was lost after them, by line.
    rows.sort(
        key=lambda r: (
            order[r.status],
            not r.title,
            0 if r.title else r.first_item.entry.first_line,
            r.title.casefold(),
        )
    )
    return Comparison(council_a, council_b, start, end, tuple(rows))


def _keeping(library: Library, only: Selection | None) -> Callable[[Item], bool]:
    """Whether an entry counts, by `only`'s kinds, priorities and chapter text."""
    if only is None:
        return lambda item: True
    narrowed = Selection(kinds=only.kinds, priorities=only.priorities, chapter=only.chapter)
    named = narrowed.chapter_matches(library) if narrowed.chapter else None
    return lambda item: narrowed.matches(item, named)


def _in_period(items: Sequence[Item], start: str | None, end: str | None) -> tuple[Item, ...]:
    return tuple(
        i
        for i in items
        if (not start or i.release.key >= start) and (not end or i.release.key <= end)
    )


def _row(
    a: Chapter | None,
    b: Chapter | None,
    match: ChapterMatch | None,
    start: str | None,
    end: str | None,
    keep: Callable[[Item], bool],
) -> ComparedChapter | None:
    items_a = tuple(filter(keep, _in_period(a.items, start, end))) if a else ()
    items_b = tuple(filter(keep, _in_period(b.items, start, end))) if b else ()
    if not items_a and not items_b:
        return None
    status = (
        Presence.BOTH if items_a and items_b else Presence.ONLY_A if items_a else Presence.ONLY_B
    )
    shared = _shared_updates(a, b, start, end) if a and b else ()
    title = a.title if a else b.title if b else ""
    return ComparedChapter(
        title=title,
        key_a=a.key if a else None,
        key_b=b.key if b else None,
        items_a=items_a,
        items_b=items_b,
        status=status,
        shared=shared,
        match=match.evidence if match else "",
    )


def _shared_updates(
    a: Chapter, b: Chapter, start: str | None, end: str | None
) -> tuple[SharedUpdate, ...]:
    """Pairs of near-identical updates, at least one of them in the period, best first."""
    wide_start = _shift(start, -load_thresholds().shared_update_window_months) if start else None
    wide_end = _shift(end, load_thresholds().shared_update_window_months) if end else None
    pool_a = _in_period(a.items, wide_start, wide_end)
    pool_b = _in_period(b.items, wide_start, wide_end)
    in_a = set(_in_period(a.items, start, end))
    in_b = set(_in_period(b.items, start, end))
    candidates: list[SharedUpdate] = []
    for item_a in pool_a:
        if not is_informative(details_form(item_a.entry.details_text)):
            continue
        for item_b in pool_b:
            if item_a not in in_a and item_b not in in_b:
                continue
            score = update_similarity(item_a.entry, item_b.entry)
            if score >= load_thresholds().twin_details:
                candidates.append(
                    SharedUpdate(
                        item_a,
                        item_b,
                        round(score, 1),
                        item_b.release.ordinal - item_a.release.ordinal,
                    )
                )
    chosen: list[SharedUpdate] = []
    used: set[str] = set()
    for update in sorted(candidates, key=lambda u: -u.similarity):
        if update.item_a.id not in used and update.item_b.id not in used:
            used.update({update.item_a.id, update.item_b.id})
            chosen.append(update)
    return tuple(sorted(chosen, key=lambda u: u.item_a.release.key, reverse=True))


def _shift(month: str, delta: int) -> str:
    year, mon = (int(part) for part in month.split("-"))
    total = year * 12 + mon - 1 + delta
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """A word-level diff: `(op, text)` pairs, op being "equal", "delete" (only in A) or
    "insert" (only in B). Joining the "equal"+"delete" texts gives A back; "equal"+"insert"
    gives B.
    """
    words_a = _TOKENS.findall(text_a)
    words_b = _TOKENS.findall(text_b)
    result: list[tuple[str, str]] = []
    pending: list[tuple[str, str]] = []
    for op in Indel.opcodes(words_a, words_b):
        if op.tag == "equal":
            _flush(result, pending)
            _append(result, "equal", "".join(words_a[op.src_start : op.src_end]))
        else:
            pending.append(("delete", "".join(words_a[op.src_start : op.src_end])))
            pending.append(("insert", "".join(words_b[op.dest_start : op.dest_end])))
    _flush(result, pending)
    return result


def _flush(result: list[tuple[str, str]], pending: list[tuple[str, str]]) -> None:
    """Emit a run of changes as one deletion then one insertion."""
    for op in ("delete", "insert"):
        _append(result, op, "".join(text for tag, text in pending if tag == op))
    pending.clear()


def _append(result: list[tuple[str, str]], op: str, text: str) -> None:
    if not text:
        return
    if result and result[-1][0] == op:
        result[-1] = (op, result[-1][1] + text)
    else:
        result.append((op, text))


def row_diff(row: ComparedChapter) -> list[tuple[str, str]]:
    """The word diff of the newest entries of a row changed in both councils ([] otherwise)."""
    if not row.items_a or not row.items_b:
        return []
    return word_diff(row.items_a[0].entry.details_text, row.items_b[0].entry.details_text)


def comparison_record(comparison: Comparison) -> dict[str, Any]:
    """A comparison as JSON-ready data (the shape of `manualtui compare --json`).

    Rows changed in both councils without a shared update carry a word diff of their
    newest entries (`diff`: `[op, text]` pairs, see `word_diff`).
    """
    rows = [_row_record(row) for row in comparison.rows]
    return {
        "council_a": comparison.council_a,
        "council_b": comparison.council_b,
        "from": comparison.start,
        "to": comparison.end,
        "summary": {
            "both": len(comparison.with_status(Presence.BOTH)),
            "only_a": len(comparison.with_status(Presence.ONLY_A)),
            "only_b": len(comparison.with_status(Presence.ONLY_B)),
            "shared_updates": len(comparison.shared),
            "inferred_titles": len(comparison.inferred),
        },
        "chapters": rows,
        "inferred_titles": [
            {
                "id": item.id,
                "council": item.council,
                "release": item.release.key,
                "line": item.entry.first_line,
                "proposed_title": item.chapter_title,
                "chapter": item.chapter,
                "evidence": item.inference,
            }
            for item in comparison.inferred
        ],
    }


def _row_record(row: ComparedChapter) -> dict[str, Any]:
    return {
        "title": row.title,
        "label": row.label,
        "status": row.status.value,
        "key_a": row.key_a,
        "key_b": row.key_b,
        "match": row.match,
        "entries_a": [item_record(i) for i in row.items_a],
        "entries_b": [item_record(i) for i in row.items_b],
        "shared": [
            {
                "id_a": s.item_a.id,
                "id_b": s.item_b.id,
                "release_a": s.item_a.release.key,
                "release_b": s.item_b.release.key,
                "lag_months": s.lag_months,
                "similarity": s.similarity,
            }
            for s in row.shared
        ],
        "diff": (
            [list(pair) for pair in row_diff(row)]
            if row.status is Presence.BOTH and not row.shared
            else []
        ),
    }
