"""Titles: the display form, the normalised form two spellings of one chapter share, the
chapter key, and how alike two titles are."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from .thresholds import load_thresholds

_STATUS = "under review"
_AFTER_STATUS = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace()) + ")"
_BEFORE_STATUS = _AFTER_STATUS.replace(")", "") + "-–—:("
APOSTROPHE = re.compile(r"['‘’`´]")
NON_WORD = re.compile(r"[^0-9a-z]+")
_DROPPED_WORDS = frozenset({"and", "the"})


@lru_cache(maxsize=65536)
def display_title(title: str) -> str:
    """A title as written, without a trailing status such as "- under review".

    Done with string methods, not a pattern: a pattern that skips separators before the
    status takes time in the square of a run of spaces or dashes.
    """
    text = title.rstrip(_AFTER_STATUS)
    before = text[: -len(_STATUS)]
    if text[-len(_STATUS) :].lower() != _STATUS or (before and _is_word(before[-1])):
        return title.strip()
    return before.rstrip(_BEFORE_STATUS).strip()


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


@lru_cache(maxsize=65536)
def normalise_title(title: str) -> str:
    """The form two spellings of one chapter title share.

    Case, quotes, apostrophes, hyphens, dashes, slashes and other punctuation, "&"/"and",
    "the", plural "-s" and a trailing "- under review" do not count: "Assessment and
    Approvals of Prospective Adopters" and "Assessment & Approval of prospective adopters"
    share a form.
    """
    text = APOSTROPHE.sub("", display_title(title).casefold().replace("&", " and "))
    words = [_singular(w) for w in NON_WORD.sub(" ", text).split() if w not in _DROPPED_WORDS]
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def chapter_key(title: str) -> str:
    """The key of a chapter whose current title is `title`: lower case, hyphen-separated."""
    text = APOSTROPHE.sub("", display_title(title).casefold().replace("&", " and "))
    return NON_WORD.sub("-", text).strip("-")


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are (0-100) for matching across councils."""
    return title_score(normalise_title(a), normalise_title(b))


def title_score(
    form_a: str, form_b: str, *, score_cutoff: float | None = None, processor: object = None
) -> float:
    """A rapidfuzz scorer over two normalised titles (see `title_similarity`)."""
    score = _title_score(form_a, form_b)
    return 0.0 if score_cutoff is not None and score < score_cutoff else score


@lru_cache(maxsize=1 << 16)
def _title_score(form_a: str, form_b: str) -> float:
    """`title_score` without a cutoff, once per pair (national titles meet again and again)."""
    if not form_a or not form_b:
        return 0.0
    # token_set_ratio lets "Death or Serious Injury to a Child" meet its longer variant
    # "... (Looked After and Child in Need)"; the plain ratio (plus a margin) keeps a short
    # title from meeting every long title that contains its words ("Assessments").
    score = min(fuzz.token_set_ratio(form_a, form_b), fuzz.ratio(form_a, form_b) + 25.0)
    if _substitutes_words(form_a, form_b):
        score = min(score, load_thresholds().substituted_word_cap)
    return score


def _substitutes_words(form_a: str, form_b: str) -> bool:
    """Whether each title has a word the other lacks (beyond a typo).

    Adding words to a title ("Leaving Care" -> "Leaving Care and Transition") keeps its
    subject; swapping one ("Foster" -> "Residential", "In" -> "Outside") changes it.
    """
    extra_a = set(form_a.split()) - set(form_b.split())
    extra_b = set(form_b.split()) - set(form_a.split())
    for word in list(extra_a):
        typo = next((w for w in extra_b if len(word) > 4 and fuzz.ratio(word, w) >= 85), None)
        if typo:
            extra_a.discard(word)
            extra_b.discard(typo)
    return bool(extra_a and extra_b)
