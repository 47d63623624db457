"""Search as you type over titles and details, fast at 100,000 entries.

Many entries share their text: national updates are worded alike in every council, and a
chapter's title repeats in every release. So the index keeps each distinct text of an item
(its titles and details, one line apart) once, casefolded and reduced to ASCII where
possible (so Python's substring search runs on one-byte strings), and maps every item to
its text.

A query is split into words; an item matches when every word occurs in its titles or its
details (a word never holds a line break, so it never spans the two). So a query is
answered on the distinct texts first, in C-level passes: the texts holding every word are
looked for among those of the narrowest query remembered whose words lie within the new
query's ("plac" after "pla", "foster ca" after "foster c"), else among all texts; they get
a flag each. How many items match is a sum over the flagged texts. The matching items are
found only as far as they are read, a block of the scope at a time (C-level passes over
the block's text numbers), so a keystroke costs what the list shows, not the 100,000 items
it might hold; rare ones are gathered from their texts' items. Results are remembered per
query, so backspace is free.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from itertools import chain, compress, islice, repeat
from operator import contains, itemgetter
from typing import TypeVar, overload

from ..model import Item

V = TypeVar("V")
_REMEMBERED = 64
_BLOCK = 1024  # scope positions whose matches are found in one pass
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
    """The distinct texts holding every word of a query: their numbers, a flag per text."""

    def __init__(self, numbers: list[int], flags: bytes | bytearray) -> None:
        self.numbers = numbers
        self.flags = flags

    @classmethod
    def of(cls, numbers: list[int], size: int) -> _Hits:
        flags = bytearray(size)
        for number in numbers:
            flags[number] = 1
        return cls(numbers, flags)


def _picker(positions: Sequence[int]) -> Callable[[Sequence[int]], Sequence[int]]:
    """A function giving a sequence's values at each of `positions`, in order."""
    if len(positions) < 2:  # itemgetter of one position gives a value, not a tuple
        return lambda values: [values[p] for p in positions]
    return itemgetter(*positions)


class _Scope:
    """The positions a search may return, in blocks, each with a picker of its positions'
    text flags; and how many of the positions have each text."""

    def __init__(self, positions: Sequence[int], texts: _Texts) -> None:
        of_item = texts.of_item
        self.positions = positions
        self.blocks = [
            (block, _picker(_picker(block)(of_item)))
            for block in (positions[s : s + _BLOCK] for s in range(0, len(positions), _BLOCK))
        ]
        self.whole = isinstance(positions, range) and positions == range(len(of_item))
        if self.whole:
            self.sizes = [len(items) for items in texts.items_of]
        else:
            counts = Counter(map(of_item.__getitem__, positions))
            self.sizes = list(map(counts.__getitem__, range(len(texts.texts))))

    @cached_property
    def members(self) -> frozenset[int]:
        return frozenset(self.positions)

    def matching(self, flags: Sequence[int]) -> Iterator[int]:
        """The positions whose text is flagged, in order, found a block at a time."""
        return chain.from_iterable(compress(block, pick(flags)) for block, pick in self.blocks)


class Matches(Sequence[int]):
    """Positions matching a query, in scope order: their number is known at once, the
    positions themselves are found as far as they are read."""

    def __init__(self, length: int, found: Iterator[int]) -> None:
        self._length = length
        self._pending = found
        self._found: list[int] = []

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                self._find(self._length)
                return self._found[index]
            self._find(stop)
            return self._found[start:stop]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        self._find(index + 1)
        return self._found[index]

    def __iter__(self) -> Iterator[int]:
        done = 0
        while done < self._length:
            self._find(done + _BLOCK)
            block = self._found[done : done + _BLOCK]
            yield from block
            done += len(block)

    def __repr__(self) -> str:
        return f"Matches({self._length} positions, {len(self._found)} found)"

    def _find(self, count: int) -> None:
        """The first `count` positions found (or all there are)."""
        missing = min(count, self._length) - len(self._found)
        if missing > 0:
            self._found.extend(islice(self._pending, missing))


class SearchIndex:
    """Distinct folded titles and details of a library's items, and memos of results."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        self._texts = _Texts()
        for item in items:
            entry = item.entry
            self._texts.add("\n".join((item.chapter_title, entry.title, *entry.details)))
        self._everything = _Scope(range(len(items)), self._texts)
        self._scope = self._everything
        self._text_hits: dict[str, _Hits] = {}
        self._memo: dict[str, Sequence[int]] = {}

    def search(self, query: str, scope: Sequence[int]) -> Sequence[int]:
        """Indexes (into `items`) within `scope`, in scope order, having every word.

        `scope` is the list of candidate indexes in ascending order (what the filters let
        through); results are remembered while the same scope is searched again.
        """
        words = fold(query).split()
        if not words:
            return list(scope)
        self._use_scope(scope)
        normal = " ".join(words)
        found = self._memo.get(normal)
        if found is None:
            found = self._match(self._hits(normal, words).flags)
            _remember(self._memo, normal, found)
        return found

    def _use_scope(self, scope: Sequence[int]) -> None:
        known = self._scope.positions
        same = scope == known if isinstance(scope, range) else scope is known
        if not same:
            if isinstance(scope, range) and scope == self._everything.positions:
                self._scope = self._everything
            else:
                self._scope = _Scope(scope, self._texts)
            self._memo = {}

    def _match(self, flags: Sequence[int]) -> Sequence[int]:
        """The scope's items whose text is flagged."""
        scope = self._scope
        count = sum(compress(scope.sizes, flags))
        if count == 0:
            return []
        if count == len(scope.positions):
            return scope.positions
        if self._few(flags, len(scope.positions)):
            return self._gather(flags)
        return Matches(count, scope.matching(flags))

    def _few(self, flags: Sequence[int], candidates: int) -> bool:
        """Whether the matching items are few enough to collect rather than filter for."""
        return sum(compress(self._everything.sizes, flags)) * 8 < candidates

    def _gather(self, flags: Sequence[int]) -> list[int]:
        """The scope's items having a flagged text, collected from the texts' items."""
        found = sorted(chain.from_iterable(compress(self._texts.items_of, flags)))
        if self._scope.whole:
            return found
        return list(filter(self._scope.members.__contains__, found))

    def _hits(self, normal: str, words: list[str]) -> _Hits:
        """The distinct texts holding every word (remembered per query, whatever the
        scope), looked for among the texts of the narrowest query remembered."""
        known = self._text_hits.get(normal)
        if known is not None:
            return known
        within, proven = self._narrowest(words)
        remaining = [word for word in dict.fromkeys(words) if word not in proven]
        found = self._scan(remaining.pop(0)) if within is None else within
        if remaining:
            numbers = found.numbers
            for word in remaining:
                numbers = self._holding(numbers, word)
            found = _Hits.of(numbers, len(self._texts.texts))
        _remember(self._text_hits, normal, found)
        return found

    def _scan(self, word: str) -> _Hits:
        """Every text holding `word`: one C-level pass over them all."""
        texts = self._texts.texts
        flags = bytes(map(contains, texts, repeat(word)))
        return _Hits(list(compress(range(len(texts)), flags)), flags)

    def _narrowest(self, words: list[str]) -> tuple[_Hits | None, set[str]]:
        """The hits of the remembered query with the fewest texts among those whose every
        word lies within one of `words` (the texts holding `words` hold its words too), and
        which of `words` it has proven present."""
        best: _Hits | None = None
        best_words: list[str] = []
        for query, hits in self._text_hits.items():
            if best is not None and len(hits.numbers) >= len(best.numbers):
                continue
            known = query.split()
            if all(any(k in word for word in words) for k in known):
                best, best_words = hits, known
        return best, set(best_words).intersection(words)

    def _holding(self, numbers: list[int], word: str) -> list[int]:
        """Those of the texts numbered `numbers` that hold `word` (one C-level pass)."""
        holding = map(contains, map(self._texts.texts.__getitem__, numbers), repeat(word))
        return list(compress(numbers, holding))


def _remember(memo: dict[str, V], key: str, value: V) -> None:
    """Keep `value` under `key`, forgetting the oldest once `_REMEMBERED` are kept."""
    if len(memo) >= _REMEMBERED:
        memo.pop(next(iter(memo)))
    memo[key] = value
