"""Which pairs of titles are worth scoring: an index of their words instead of every pair.

Every title threshold lies above `substituted_word_cap` (`data/chapters.toml`; its loader
checks it), so two titles that reach one never each have a word the other lacks (beyond a
typo): the words of one are all in the other. So its least common words are too. Each
title is looked up in the other side's index by its two least common words (and by those
words with one letter dropped, which finds a title where that word has a typo), and only
the titles found are scored. A page of many thousands of titles costs about as many
lookups as it has titles, instead of the square of their number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

_PROBES = 2  # least common words each title is looked up by
_TYPO_MIN_LENGTH = 5  # `_substitutes_words` forgives typos in words longer than 4 letters


def candidate_pairs(left: Sequence[str], right: Sequence[str]) -> set[tuple[int, int]]:
    """(i, j) for the normalised titles `left[i]`, `right[j]` that may reach a title
    threshold (see the module's docstring); never a pair with no word in common, up to typos."""
    words = [[_words(form) for form in left]]
    words.append(words[0] if right is left else [_words(form) for form in right])
    counts: Counter[str] = Counter(w for side in words for form in side for w in form)
    indexes = [_index(left)]
    indexes.append(indexes[0] if right is left else _index(right))
    pairs: set[tuple[int, int]] = set()
    for side, other in ((0, 1), (1, 0)):
        index = indexes[other]
        for number, form in enumerate(words[side]):
            partners: set[int] = set()
            for word in sorted(form, key=lambda w: (counts[w], w))[:_PROBES]:
                for key in _keys(word):
                    partners.update(index.get(key, ()))
            if side == 0:
                pairs.update((number, partner) for partner in partners)
            else:
                pairs.update((partner, number) for partner in partners)
    return pairs


def _index(forms: Sequence[str]) -> dict[str, list[int]]:
    """Each word, and each word with one letter dropped, to the forms that have it."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    for number, form in enumerate(forms):
        for key in _form_keys(form):
            index[key].append(number)
    return index


@lru_cache(maxsize=1 << 16)
def _words(form: str) -> frozenset[str]:
    return frozenset(form.split())


@lru_cache(maxsize=1 << 16)
def _form_keys(form: str) -> frozenset[str]:
    """The keys of each of a form's words (once per form: titles repeat across manuals)."""
    return frozenset(k for w in _words(form) for k in _keys(w))


@lru_cache(maxsize=1 << 16)
def _keys(word: str) -> tuple[str, ...]:
    """`word`, and the word with each letter dropped in turn (long words only): two words
    one edit apart share a key."""
    if len(word) < _TYPO_MIN_LENGTH:
        return (word,)
    return (word, *(word[:at] + word[at + 1 :] for at in range(len(word))))
