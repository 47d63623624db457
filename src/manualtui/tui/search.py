"""Search as you type over titles and details, fast at 100,000 entries.

Many entries share their text: national updates are worded alike in every council, and a
chapter's title repeats in every release. So the index keeps each distinct text of an item
(its titles and details, one line apart) once, casefolded and reduced to ASCII where
possible (so Python's substring search runs on one-byte strings), and maps every item to
its text.

A query is split into words; an item matches when every word occurs in its titles or its
details (a word never holds a line break, so it never spans the two). Per word, only the
distinct texts are scanned, and when a word extends one already searched ("plac" after
"pla"), only the texts that held the shorter word. The item-level pass is then one list
lookup per item, and a query that extends the previous one passes over the previous result
only. Results are remembered per query, so backspace is free.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from itertools import compress
from operator import itemgetter

from ..model import Item

_REMEMBERED = 64
_ASCII = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Casefolded, typographic punctuation made plain, accents dropped where that gives
    ASCII (so that "don’t" finds "don't" and "café" finds "cafe")."""
    folded = text.casefold().translate(_ASCII)
    if folded.isascii():
        return folded
    plain = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in plain if not unicodedata.combining(c))


class _Texts:
    """Distinct texts; per item, the number of its text; per text, its items."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.of_item: list[int] = []
        self.items_of: list[list[int]] = []
        self._number: dict[str, int] = {}

    def add(self, text: str) -> None:
        number = self._number.get(text)
        if number is None:
            number = self._number[text] = len(self.texts)
            self.texts.append(fold(text))
            self.items_of.append([])
        self.items_of[number].append(len(self.of_item))
        self.of_item.append(number)


class _Hits:
    """The distinct texts holding one word: their numbers, and a flag per text."""

    def __init__(self, numbers: list[int], size: int) -> None:
        self.numbers = numbers
        self.flags = bytearray(size)
        for number in numbers:
            self.flags[number] = 1


def _picker(positions: Sequence[int]) -> Callable[[Sequence[int]], Sequence[int]]:
    """A function giving a sequence's values at each of `positions`, in order."""
    if len(positions) < 2:  # itemgetter of one position gives a value, not a tuple
        return lambda values: [values[p] for p in positions]
    return itemgetter(*positions)


class SearchIndex:
    """Distinct folded titles and details of a library's items, and memos of results."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        self._texts = _Texts()
        for item in items:
            entry = item.entry
            self._texts.add("\n".join((item.chapter_title, entry.title, *entry.details)))
        self._flags_of_items = _picker(self._texts.of_item)
        self._everything = range(len(items))
        self._word_hits: dict[str, _Hits] = {}
        self._scope: Sequence[int] | None = None
        self._scope_members: set[int] | None = None
        self._memo: dict[str, list[int]] = {}

    def search(self, query: str, scope: Sequence[int]) -> list[int]:
        """Indexes (into `items`) within `scope`, in scope order, having every word.

        `scope` is the list of candidate indexes (what the filters let through); results
        are remembered while the same scope object is searched again.
        """
        words = fold(query).split()
        if not words:
            return list(scope)
        if self._scope is not scope:
            self._scope, self._scope_members, self._memo = scope, None, {}
        normal = " ".join(words)
        if normal in self._memo:
            return self._memo[normal]
        candidates, done = self._narrowest_prefix(normal, scope)
        for word in words[done:]:
            candidates = self._keep(candidates, word)
        result = list(candidates)
        if len(self._memo) >= _REMEMBERED:
            self._memo.pop(next(iter(self._memo)))
        self._memo[normal] = result
        return result

    def _keep(self, candidates: Sequence[int], word: str) -> list[int]:
        hits = self._hits(word)
        if len(hits.numbers) == len(hits.flags):
            return list(candidates)  # every text has the word
        if not hits.numbers:
            return []
        if candidates is self._scope and self._few(hits, len(candidates)):
            return self._gather(hits)
        if candidates == self._everything:
            # Every item's flag in one C-level pass (a first keystroke, at 100,000 items).
            return list(compress(candidates, self._flags_of_items(hits.flags)))
        hit, text_of = hits.flags, self._texts.of_item
        return [i for i in candidates if hit[text_of[i]]]

    def _few(self, hits: _Hits, candidates: int) -> bool:
        """Whether the word's items are few enough to collect rather than filter for."""
        found = sum(len(self._texts.items_of[n]) for n in hits.numbers)
        return found * 8 < candidates

    def _gather(self, hits: _Hits) -> list[int]:
        """The scope's items having the word, collected from the texts that hold it."""
        found = {i for n in hits.numbers for i in self._texts.items_of[n]}
        scope = self._scope
        if not isinstance(scope, range) or scope != range(len(self.items)):
            if self._scope_members is None:
                self._scope_members = set(scope or ())
            found &= self._scope_members
        return sorted(found)

    def _hits(self, word: str) -> _Hits:
        """The distinct texts holding `word` (remembered)."""
        known = self._word_hits.get(word)
        if known is not None:
            return known
        found = self._scan(word, self._narrowest_word(word))
        if len(self._word_hits) >= _REMEMBERED:
            self._word_hits.pop(next(iter(self._word_hits)))
        self._word_hits[word] = found
        return found

    def _scan(self, word: str, within: _Hits | None) -> _Hits:
        texts = self._texts.texts
        numbers = range(len(texts)) if within is None else within.numbers
        return _Hits([n for n in numbers if word in texts[n]], len(texts))

    def _narrowest_word(self, word: str) -> _Hits | None:
        """Hits of a remembered word contained in `word`: texts holding `word` hold it too."""
        best: _Hits | None = None
        for known, hits in self._word_hits.items():
            if known in word and (best is None or len(hits.numbers) < len(best.numbers)):
                best = hits
        return best

    def _narrowest_prefix(self, normal: str, scope: Sequence[int]) -> tuple[Sequence[int], int]:
        """The result of the longest remembered query this one extends (else the scope),
        and how many of this query's leading words that result already satisfies.

        A query extending another (as a string) needs every word the other needs, or a
        longer one, so its result is a subset of the other's.
        """
        best: Sequence[int] = scope
        best_query = ""
        for previous, result in self._memo.items():
            if len(previous) > len(best_query) and normal.startswith(previous):
                best, best_query = result, previous
        done = 0
        for old, new in zip(best_query.split(), normal.split(), strict=False):
            if old != new:
                break
            done += 1
        return best, done
