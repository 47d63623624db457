"""Which pairs of titles are worth scoring: an index of their words instead of every pair.

Every title threshold lies above `substituted_word_cap` (`data/chapters.toml`; its loader
checks it), so two titles that reach one never each have a word the other lacks (beyond a
typo): the words of one are all in the other. So its least common words are too. Each
title is looked up in the other side's index by its two least common words (and by the
words one typo away from those: a word and each of its forms with one letter dropped are
its keys, and two words sharing a key are near), and only the titles found are scored. A
page of many thousands of titles costs about as many lookups as it has titles, instead of
the square of their number.

The words near each word are kept for the whole run (titles repeat their words across
manuals): each new word is compared once with those that share a key with it.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

_PROBES = 2  # least common words each title is looked up by
_TYPO_MIN_LENGTH = 5  # `_substitutes_words` forgives typos in words longer than 4 letters


def candidate_pairs(left: Sequence[str], right: Sequence[str]) -> set[tuple[int, int]]:
    """(i, j) for the normalised titles `left[i]`, `right[j]` that may reach a title
    threshold (see the module's docstring); never a pair with no word in common, up to typos."""
    words = [[_words(form) for form in left]]
    words.append(words[0] if right is left else [_words(form) for form in right])
    counts: Counter[str] = Counter(w for side in words for form in side for w in form)
    _VOCABULARY.learn(counts)
    holders = [_holders(words[0])]
    holders.append(holders[0] if right is left else _holders(words[1]))
    pairs: set[tuple[int, int]] = set()
    for side, other in ((0, 1), (1, 0)):
        held = holders[other]
        for number, form in enumerate(words[side]):
            partners: set[int] = set()
            for word in sorted(form, key=lambda w: (counts[w], w))[:_PROBES]:
                for near in _VOCABULARY.near(word):
                    partners.update(held.get(near, ()))
            if side == 0:
                pairs.update((number, partner) for partner in partners)
            else:
                pairs.update((partner, number) for partner in partners)
    return pairs


def _holders(forms: Sequence[frozenset[str]]) -> dict[str, list[int]]:
    """Each word to the forms that have it."""
    holders: defaultdict[str, list[int]] = defaultdict(list)
    for number, form in enumerate(forms):
        for word in form:
            holders[word].append(number)
    return holders


class _Vocabulary:
    """Every word seen so far, each with the words that share a key with it (itself too).
    A word's set of near words is replaced, never changed, so a reader in another thread
    never sees one change under it."""

    def __init__(self) -> None:
        self._near: dict[str, frozenset[str]] = {}
        self._by_key: defaultdict[str, list[str]] = defaultdict(list)
        self._lock = threading.Lock()

    def learn(self, words: Iterable[str]) -> None:
        fresh = [word for word in words if word not in self._near]
        if not fresh:
            return
        with self._lock:
            for word in fresh:
                if word in self._near:
                    continue
                near = {word}
                for key in _keys(word):
                    for other in self._by_key[key]:
                        near.add(other)
                        self._near[other] |= {word}
                    self._by_key[key].append(word)
                self._near[word] = frozenset(near)

    def near(self, word: str) -> frozenset[str]:
        return self._near[word]


_VOCABULARY = _Vocabulary()


@lru_cache(maxsize=1 << 16)
def _words(form: str) -> frozenset[str]:
    return frozenset(form.split())


def _keys(word: str) -> tuple[str, ...]:
    """`word`, and the word with each letter dropped in turn (long words only): two words
    one edit apart share a key."""
    if len(word) < _TYPO_MIN_LENGTH:
        return (word,)
    return tuple(dict.fromkeys((word, *(word[:at] + word[at + 1 :] for at in range(len(word))))))
