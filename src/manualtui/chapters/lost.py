"""Titles for entries whose page lost them (always marked as inferred, with the evidence).

A title is proposed from a near-identical entry elsewhere (a twin: the same update in
another release or council). Without a twin, a chapter is *suggested* when the details say
what the chapter is about ("This chapter provides guidance on the storage of personal data
on mobile devices") in the words of a known chapter's title ("Storage of Data on Mobile
Devices"): a suggestion, with its evidence and a confidence, never taken for fact.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from ..model import Entry, Manual, Release
from .details import BOILERPLATE, details_form, details_score, is_informative
from .thresholds import load_thresholds
from .titles import display_title, normalise_title

# Words that say nothing about a chapter's subject, besides the details' boilerplate.
_FUNCTION_WORDS = frozenset(
    """
about after all any are before between can does for from has her his how its may more not
our other over such than their them they there through under upon what when where which
while who whom whose will with within without you your
""".split()
)
# The details say what the chapter is about: "This chapter provides guidance on ...",
# "In this chapter, guidance is offered in relation to ...".
_ABOUT = re.compile(
    r"\b(?:this|the)\s+(?:chapter|procedure|guidance|policy|document|protocol)\s+"
    r"(?:provides|gives|offers|sets\s+out|covers|explains|describes|outlines|contains|"
    r"is\s+about|deals\s+with|relates\s+to|concerns|focuses\s+on)\b"
    r"|\bin\s+this\s+(?:chapter|procedure|guidance|policy|document)\b",
    re.IGNORECASE,
)
# Far above the error of adding a title's few word weights in another order.
_ROUNDING = 1e-9


@dataclass(frozen=True)
class Proposal:
    """A title for an entry whose page lost it, why, and how sure (0-1)."""

    title: str
    evidence: str
    confidence: float


def propose_lost_titles(manuals: Sequence[Manual]) -> dict[tuple[int, int], Proposal]:
    """For entries without a title: `(manual index, entry position) -> Proposal`.

    A title is proposed from a near-identical entry (details scoring at least the
    `twin_details` threshold, with enough informative words) whose near-identical twins all
    agree on one chapter title; failing that, suggested from what the details are about.
    """
    proposals = _twin_titles(manuals)
    suggester = _Suggester(manuals)
    for index, manual in enumerate(manuals):
        for ordinal, (_, entry) in enumerate(manual.entries()):
            if not entry.title.strip() and (index, ordinal) not in proposals:
                suggestion = suggester.suggest(entry)
                if suggestion is not None:
                    proposals[(index, ordinal)] = suggestion
    return proposals


def _twin_titles(manuals: Sequence[Manual]) -> dict[tuple[int, int], Proposal]:
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
    proposals: dict[tuple[int, int], Proposal] = {}
    for index_of_manual, ordinal, entry in lost:
        query = _details_form_of(entry.details)
        if not is_informative(query):
            continue
        matches = [
            (score, position)
            for score, form in (
                (details_score(query, forms[f]), forms[f]) for f in word_index.candidates(query)
            )
            if score >= load_thresholds().twin_details
            for position in holders[form]
        ]
        if len({normalise_title(titled[n][3].title) for _, n in matches}) != 1:
            continue
        score, position = max(matches)
        council, _, release, twin = titled[position]
        proposals[(index_of_manual, ordinal)] = Proposal(
            display_title(twin.title),
            f"details {score:.0f}% like {council} {release.label} '{twin.title}' "
            f"(line {twin.first_line})",
            round(score / 100, 2),
        )
    return proposals


class _Suggester:
    """Known chapters' titles, by the words that name their subject (rare words weigh
    more: "consent" says more than "children")."""

    def __init__(self, manuals: Sequence[Manual]) -> None:
        self.titles: dict[str, tuple[str, str]] = {}  # form -> (title, council)
        for manual in manuals:
            for _, entry in manual.entries():
                if entry.title.strip():
                    form = normalise_title(entry.title)
                    self.titles.setdefault(form, (display_title(entry.title), manual.council))
        self.words = {form: _subject_words(form) for form in self.titles}
        counts = Counter(word for words in self.words.values() for word in words)
        self.weight = {word: math.log(1 + len(self.words) / n) for word, n in counts.items()}
        self.total = {form: _sum(self.weight, words) for form, words in self.words.items()}
        self.holders: dict[str, list[str]] = defaultdict(list)
        for form, words in self.words.items():
            for word in words:
                self.holders[word].append(form)
        self.suggested: dict[str, Proposal | None] = {}

    def suggest(self, entry: Entry) -> Proposal | None:
        """A chapter for a lost title, from what its details say (once per details text)."""
        text = entry.details_text
        if text not in self.suggested:
            self.suggested[text] = self._suggest(text)
        return self.suggested[text]

    def _suggest(self, text: str) -> Proposal | None:
        about = _ABOUT.search(text)
        subject = text[about.end() :].split(". ")[0] if about else text
        said = _subject_words(normalise_title(subject))
        scored = self._best_two(said)
        if not scored:
            return None
        coverage, form = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if about is not None:
            confident = coverage >= load_thresholds().suggestion_min_coverage
            confidence = coverage
        else:
            # Without the details saying what the chapter is about, only a title whose
            # every word they name.
            confident = coverage == 1.0 and len(self.words[form]) >= 2
            confidence = coverage * load_thresholds().suggestion_unstated_subject
        if not confident or coverage - runner_up < load_thresholds().suggestion_margin:
            return None
        title, council = self.titles[form]
        named = ", ".join(f"'{w}'" for w in sorted(self.words[form] & said))
        return Proposal(
            title,
            f"suggestion, {_level(confidence)} confidence ({confidence:.2f}): the details "
            f"{'are about' if about else 'name'} {named}, as {council}'s chapter '{title}' does",
            round(confidence, 2),
        )

    def _best_two(self, said: AbstractSet[str]) -> list[tuple[float, str]]:
        """The two titles the details cover best, as (coverage, form), best first.

        Every title sharing a word is scored at once by adding up the weights of the shared
        words along their holders; the few within rounding of the top two are then scored
        exactly (an exact sum, whatever the order of the words)."""
        shared: dict[str, float] = defaultdict(float)
        for word in said:
            for form in self.holders.get(word, ()):
                shared[form] += self.weight[word]
        rough = {form: part / self.total[form] for form, part in shared.items()}
        if not rough:
            return []
        ranked = sorted(rough.values(), reverse=True)
        floor = ranked[min(1, len(ranked) - 1)] - _ROUNDING
        close = [form for form, value in rough.items() if value >= floor]
        return sorted(((self._coverage(form, said), form) for form in close), reverse=True)[:2]

    def _coverage(self, form: str, said: AbstractSet[str]) -> float:
        total = self.total[form]
        return _sum(self.weight, self.words[form] & said) / total if total else 0.0


def _sum(weight: dict[str, float], words: AbstractSet[str]) -> float:
    """The words' weights added up exactly (the same whatever order a set holds them in)."""
    return math.fsum(weight[w] for w in words)


def _subject_words(form: str) -> frozenset[str]:
    return frozenset(
        w
        for w in form.split()
        if len(w) > 2 and not w.isdigit() and w not in BOILERPLATE and w not in _FUNCTION_WORDS
    )


def _level(confidence: float) -> str:
    return "high" if confidence >= 0.9 else "medium" if confidence >= 0.6 else "low"


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
