"""Titles for entries whose page lost them, proposed from a near-identical entry elsewhere
(always marked as inferred, with the evidence)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from ..model import Entry, Manual, Release
from .details import BOILERPLATE, details_form, details_score, is_informative
from .thresholds import TWIN_DETAILS_THRESHOLD
from .titles import display_title, normalise_title


def propose_lost_titles(manuals: Sequence[Manual]) -> dict[tuple[int, int], tuple[str, str]]:
    """For entries without a title: `(manual index, entry position) -> (title, evidence)`.

    A title is proposed only from a near-identical entry (details scoring at least
    `TWIN_DETAILS_THRESHOLD`, with enough informative words) whose near-identical twins all
    agree on one chapter title.
    """
    titled: list[tuple[str, int, Release, Entry]] = []
    lost: list[tuple[int, int, Entry]] = []
    for index, manual in enumerate(manuals):
        for ordinal, (release, entry) in enumerate(manual.entries()):
            if entry.title.strip():
                titled.append((manual.council, index, release, entry))
            elif entry.details:
                lost.append((index, ordinal, entry))
    if not lost or not titled:
        return {}
    # Councils word national updates alike: each distinct details text is indexed and
    # scored once, for all the entries that share it.
    holders: dict[str, list[int]] = defaultdict(list)
    for position, (_, _, _, entry) in enumerate(titled):
        holders[_details_form_of(entry.details)].append(position)
    forms = list(holders)
    word_index = _TokenIndex(forms)
    proposals: dict[tuple[int, int], tuple[str, str]] = {}
    for index_of_manual, ordinal, entry in lost:
        query = _details_form_of(entry.details)
        if not is_informative(query):
            continue
        matches = [
            (score, position)
            for score, form in (
                (details_score(query, forms[f]), forms[f]) for f in word_index.candidates(query)
            )
            if score >= TWIN_DETAILS_THRESHOLD
            for position in holders[form]
        ]
        if len({normalise_title(titled[n][3].title) for _, n in matches}) != 1:
            continue
        score, position = max(matches)
        council, _, release, twin = titled[position]
        proposals[(index_of_manual, ordinal)] = (
            display_title(twin.title),
            f"details {score:.0f}% like {council} {release.label} '{twin.title}' "
            f"(line {twin.first_line})",
        )
    return proposals


@lru_cache(maxsize=65536)
def _details_form_of(details: tuple[str, ...]) -> str:
    return details_form("\n\n".join(details))


class _TokenIndex:
    """Which details forms share a query's rarest informative words: the few worth scoring."""

    RAREST_WORDS = 6
    CANDIDATES = 40

    def __init__(self, forms: Sequence[str]) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        for position, form in enumerate(forms):
            for word in set(form.split()) - BOILERPLATE:
                self.postings[word].append(position)

    def candidates(self, query: str) -> list[int]:
        words = sorted(
            set(query.split()) - BOILERPLATE, key=lambda w: len(self.postings.get(w, ()))
        )
        counts: dict[int, int] = defaultdict(int)
        for word in words[: self.RAREST_WORDS]:
            for position in self.postings.get(word, ()):
                counts[position] += 1
        ranked = sorted(counts, key=lambda p: -counts[p])
        return [p for p in ranked[: self.CANDIDATES] if counts[p] >= 2]
