"""Details similarity: the comparable form of an entry's details, whether it says enough to
identify one update, and how alike two updates are."""

from __future__ import annotations

from rapidfuzz import fuzz

from ..model import Entry
from .thresholds import load_thresholds
from .titles import APOSTROPHE, NON_WORD

BOILERPLATE = frozenset(
    """
a an the this that these it its has have had been be being is are was were to of in into on
for with and or by as at from also which chapter procedure document guidance policy section
manual information contained updated update revised revision amended amendment reviewed
refreshed added new throughout should re read reread extensively substantially significantly
fully further been general minor changes change made
""".split()
)


def details_form(text: str) -> str:
    """The comparable form of an entry's details: case, quotes and punctuation do not count."""
    return " ".join(NON_WORD.sub(" ", APOSTROPHE.sub("", text.casefold())).split())


def is_informative(form: str) -> bool:
    """Whether a details form says enough to identify one update (not just "updated")."""
    informative = [w for w in form.split() if w not in BOILERPLATE]
    return len(informative) >= load_thresholds().twin_min_informative_words


def details_score(
    a: str, b: str, *, score_cutoff: float | None = None, processor: object = None
) -> float:
    """How alike two details forms are (0-100): a rapidfuzz scorer.

    The plain ratio, or, when one text is the other plus a sentence or two, the partial
    ratio scaled down by how much of the longer text the shorter covers.
    """
    if not a or not b:
        return 0.0
    short, long_ = sorted((a, b), key=len)
    score = fuzz.ratio(a, b)
    if len(short) >= 0.5 * len(long_):
        partial = fuzz.partial_ratio(short, long_) * (0.9 + 0.1 * len(short) / len(long_))
        score = max(score, partial)
    if score_cutoff is not None and score < score_cutoff:
        return 0.0
    return score


def update_similarity(a: Entry, b: Entry) -> float:
    """How alike two entries' details are (0-100), as the same update.

    The whole texts are compared, and so are the opening paragraphs when either entry has
    several (one council often adds a paragraph of local detail to a national update).
    """
    score = details_score(details_form(a.details_text), details_form(b.details_text))
    if len(a.details) > 1 or len(b.details) > 1:
        first_a, first_b = details_form(a.details[0]), details_form(b.details[0])
        if is_informative(first_a) and is_informative(first_b):
            score = max(score, details_score(first_a, first_b) - 2.0)
    return score
