"""Splitting one-line rows, where a chapter title and its details share a line.

"Placements in Other Arrangements This chapter has been refreshed throughout." has no
separator: the title ends where the details begin. Each word boundary is a candidate, scored
by the evidence the input gives:

- the details' opening ("This chapter ...", "Section 4, ...", "A link ...": phrases and
  weights in `data/split.toml`, with the weights of the other evidence);
- the title being one seen on its own elsewhere (own line, pipe cell, link) in any loaded
  manual, including the bundled samples (`TitleIndex`);
- a sentence starting (a capital word followed by ordinary lower-case words);
- the title's shape (title case, no dangling "and"/"of", balanced brackets).

The best candidate wins (the earliest on a tie). Its evidence is kept; a split below the
`strong` threshold is reported to the user with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import settings
from ..errors import ManualError

SMALL_WORDS = frozenset(
    "a an the and or of in on at to for from with by under into within between after before "
    "during who which that whose where when as their its his her our your not no be been is "
    "are was were may can will about against over through up out off per via than nor but so "
    "if upon across including using &".split()
)
# Words a title never ends with (a title can end "Looked After" or "Set Up").
_DANGLING = SMALL_WORDS - {"after", "before", "up", "out", "off", "over", "in"}
# A title may end with a particle written with a capital, as titles write their verbs'
# particles ("Ending Placements and Moving On"); a preposition left dangling is lower case.
_PARTICLES = frozenset({"on", "through"})
# A whole line may end with "is" or "are" where a question is embedded in it ("Understanding
# what Transition is"); a split never ends a title so.
_EMBEDDED_QUESTION = frozenset({"what", "who", "how", "where", "why", "when", "which"})
_BAD_TITLE_END = tuple("-–—,:;(&/+")
_ARTICLES = frozenset({"The", "This", "These", "A", "An"})
_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[A-Za-z]")
_NOT_INDEXED = re.compile(r"[^\w\s]|_")


@dataclass(frozen=True)
class Split:
    """Where a one-line row was split, and why. `score` is the weight of the evidence."""

    title: str
    details: str
    score: float
    strong: bool
    evidence: str


@dataclass(frozen=True)
class _Rules:
    """The split rules. The openers are one pattern: an alternative per weight, heaviest
    first, so that one match finds the heaviest opener that matches (the first of its
    weight in the file)."""

    openers: re.Pattern[str]
    opener_weights: dict[str, float]  # an alternative's group name: its weight
    strong: float
    change_words: frozenset[str]
    max_title_words: int
    known_title: float
    known_title_alone: float
    sentence_opens: float
    sentence_start: dict[int, float]  # the position of the first lower-case word: its weight
    lower_case_word: float
    article_inside: float
    first_opener: float


_WEIGHT = settings.Number(0.0, 10.0)
_SCHEMA = settings.Table(
    {
        "strong": settings.Number(0.1, 10.0),
        "max_title_words": settings.Whole(2, 100),
        "change_words": settings.Array(settings.Text()),
        "weights": settings.Table(
            {
                "known_title": _WEIGHT,
                "sentence_opens": _WEIGHT,
                "known_title_alone": _WEIGHT,
                "sentence_start": settings.Array(_WEIGHT, low=1, high=4),
                "lower_case_word": _WEIGHT,
                "article_inside": _WEIGHT,
                "first_opener": _WEIGHT,
            }
        ),
        "opener": settings.Array(
            settings.Table({"pattern": settings.Pattern(), "weight": _WEIGHT}), low=1
        ),
    }
)
# Group references, which would point elsewhere once the openers are one pattern.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?P<")


@cache
def _rules() -> _Rules:
    path = settings.bundled("split.toml")
    data = settings.load(path, _SCHEMA, "the split rules")
    weights = data["weights"]
    tiers: dict[float, list[str]] = {}
    for number, opener in enumerate(data["opener"]):
        if _GROUP_REFERENCE.search(opener["pattern"]):
            key = settings.item("opener", number)
            raise ManualError(str(path), f"{key}.pattern: no named groups or back-references")
        tiers.setdefault(float(opener["weight"]), []).append(opener["pattern"])
    heaviest_first = sorted(tiers, reverse=True)
    alternatives = "|".join(
        f"(?P<w{n}>{'|'.join(f'(?:{p})' for p in tiers[weight])})"
        for n, weight in enumerate(heaviest_first)
    )
    return _Rules(
        openers=re.compile(alternatives),
        opener_weights={f"w{n}": weight for n, weight in enumerate(heaviest_first)},
        strong=float(data["strong"]),
        change_words=frozenset(w.casefold() for w in data["change_words"]),
        max_title_words=data["max_title_words"],
        known_title=weights["known_title"],
        known_title_alone=weights["known_title_alone"],
        sentence_opens=weights["sentence_opens"],
        sentence_start=dict(enumerate(weights["sentence_start"], start=1)),
        lower_case_word=weights["lower_case_word"],
        article_inside=weights["article_inside"],
        first_opener=weights["first_opener"],
    )


@lru_cache(maxsize=1 << 16)
def _index_form(title: str) -> str:
    """A title reduced for comparison: case, '&', dashes, quotes and punctuation folded."""
    return " ".join(form for form in map(_word_index_form, title.split()) if form)


@lru_cache(maxsize=1 << 16)
def _word_index_form(word: str) -> str:
    """One word's part of `_index_form` (it folds each word on its own)."""
    return " ".join(_NOT_INDEXED.sub(" ", word.casefold().replace("&", " and ")).split())


class TitleIndex:
    """Titles seen on their own (own line, table cell, link) in any loaded page, and the
    splits of one-line rows made with them (each distinct row is split once)."""

    def __init__(self, titles: Iterable[str] = ()) -> None:
        self._keys: set[str] = set()
        self._splits: dict[str, Split] = {}
        for title in titles:
            self.add(title)

    def add(self, title: str) -> None:
        key = _index_form(title)
        if key and key not in self._keys:
            self._keys.add(key)
            self._splits.clear()

    def extend(self, other: TitleIndex) -> None:
        if not other._keys <= self._keys:
            self._keys |= other._keys
            self._splits.clear()

    def __contains__(self, title: object) -> bool:
        return isinstance(title, str) and _index_form(title) in self._keys

    def has_key(self, key: str) -> bool:
        """Whether a title in `_index_form` is known."""
        return key in self._keys

    def split(self, text: str) -> Split:
        """`split_row(text, self)`, computed once per text."""
        found = self._splits.get(text)
        if found is None:
            found = self._splits[text] = _best_split(text, self)
        return found


@lru_cache(maxsize=1 << 16)
def opener_weight(text: str) -> float:
    """How strongly `text` opens like an entry's details (0 when it does not)."""
    return _opening(text, 0)[0]


def _opening(text: str, start: int) -> tuple[float, int]:
    """The weight of the opening of details that `text` has at `start` (a word's first
    character), and where the opening ends."""
    rules = _rules()
    match = rules.openers.match(text, start)
    if match is None or match.lastgroup is None:
        return 0.0, start
    return rules.opener_weights[match.lastgroup], match.end()


def only_change_words(text: str) -> bool:
    """A line that says only what changed ("New Chapter", "Links updated", "Minor
    Amendments"): details, never a title."""
    words = text.casefold().strip(" .;:").split()
    return bool(words) and all(word in _rules().change_words for word in words)


def is_strong(score: float) -> bool:
    return score >= _rules().strong


def split_row(text: str, index: TitleIndex) -> Split:
    """The best split of a one-line row into title and details."""
    return index.split(text)


def _best_split(text: str, index: TitleIndex) -> Split:
    found = list(_WORD.finditer(text))
    words = [m.group() for m in found]
    if len(words) < 2 or not _starts_like_title(words[0]):
        return _no_split(text)
    forms = [_word_index_form(word) for word in words]
    # The first article inside a title ("\s(The|This|These|A|An)\s"), or past every title.
    article = next((n for n in range(1, len(words)) if words[n] in _ARTICLES), len(words))
    best: tuple[float, _Boundary, float, bool] | None = None
    first_opener = True
    for boundary in _boundaries(text, found):
        if best is not None and not first_opener and _best_possible(boundary) <= best[0]:
            continue
        known = index.has_key(" ".join(form for form in forms[: boundary.position] if form))
        sentence = _sentence_start_weight(words, boundary.position)
        score = _score(
            boundary.opening, sentence, known, boundary.lower_words, article < boundary.position - 1
        )
        if first_opener and is_strong(boundary.opening):
            # Details often name sections and links further on: the first opening wins.
            score += _rules().first_opener
            first_opener = False
        if best is None or score > best[0]:
            best = (score, boundary, sentence, known)
    if best is None:
        return _no_split(text)
    score, boundary, sentence, known = best
    head = " ".join(words[boundary.position : boundary.position + 3])
    return Split(
        text[: boundary.start].rstrip(),
        text[boundary.start :],
        score,
        is_strong(score),
        _evidence(boundary.opening, sentence, known, head),
    )


def _best_possible(boundary: _Boundary) -> float:
    """The highest score a boundary could have past the first opening: a sentence surely
    starting there, the title known, no article in it."""
    rules = _rules()
    sure = max(rules.sentence_start.values())
    known = max(rules.known_title, rules.known_title_alone)
    return max(boundary.opening, sure) + known - rules.lower_case_word * boundary.lower_words


def title_before_first_opening(text: str) -> str:
    """The title ended by the first strong opening of details in a one-line row, or ''.

    A cheap first look, used to learn titles before the full split: the full split takes
    the first strong opening too, unless other evidence outweighs it."""
    return _title_before_first_opening(text)


@lru_cache(maxsize=1 << 16)
def _title_before_first_opening(text: str) -> str:
    words = list(_WORD.finditer(text))
    if len(words) < 2 or not _starts_like_title(words[0].group()):
        return ""
    for boundary in _boundaries(text, words):
        if boundary.lower_words:
            return ""  # only grows along the line: no later boundary qualifies
        if is_strong(boundary.opening):
            return text[: boundary.start].rstrip()
    return ""


@dataclass(frozen=True)
class _Boundary:
    """A word boundary where a title could end and details begin: before the word at
    `position`, which starts at `start`."""

    position: int
    start: int
    opening: float
    lower_words: int


def _boundaries(text: str, words: list[re.Match[str]]) -> Iterator[_Boundary]:
    """The boundaries of a one-line row where a title could end, in order. A boundary is
    dropped where title words (one at least not a small word) lead from it to a strong
    opening of details that its own opening does not take in: the title goes on
    ("Assessment Following Hospital Discharge This chapter ...", "Deprivation of Liberty
    Safeguards New chapter added."; but "... Care Local Guidance has been added")."""
    pending: list[tuple[int, int, _Boundary]] = []  # followed so far by title words only
    last_title_word = -1  # the position of the last capitalised word that is not small
    shape = _TitleShape()
    for position in range(1, min(len(words), _rules().max_title_words + 1)):
        last = words[position - 1].group()
        shape.add(last)
        if not _plain_title_word(last):
            yield from (boundary for _, _, boundary in pending)
            pending = []
        elif _bare(last).casefold() not in SMALL_WORDS:
            last_title_word = position - 1
        start = words[position].start()
        if not _could_start_details(text[start]) or not shape.could_end_with(last, position):
            continue
        opening, end = _opening(text, start)
        strong = is_strong(opening)
        if strong:
            pending = [
                (p, reach, boundary)
                for p, reach, boundary in pending
                if p > last_title_word or reach > start
            ]
        reach = end if strong else 0
        pending.append((position, reach, _Boundary(position, start, opening, shape.lower_words)))
    yield from (boundary for _, _, boundary in pending)


def _plain_title_word(word: str) -> bool:
    """A word a title runs on with: capitalised or small, without a closing comma or colon."""
    return not word.endswith((",", ":", ";", ".")) and (
        _is_capitalised(word) or _bare(word).casefold() in SMALL_WORDS
    )


def _no_split(text: str) -> Split:
    return Split("", text, 0.0, False, "no word boundary looks like a title's end")


class _TitleShape:
    """What `could_be_title` checks, kept up to date word by word along a line."""

    def __init__(self) -> None:
        self.lower_words = 0
        self.brackets = 0
        self.quotes = 0

    def add(self, word: str) -> None:
        self.lower_words += _is_lower_content(word)
        self.brackets += word.count("(") - word.count(")")
        self.quotes += word.count('"')

    def could_end_with(self, word: str, count: int) -> bool:
        return (
            not word.endswith(_BAD_TITLE_END)
            and not _dangling(word)
            and self.brackets == 0
            and self.quotes % 2 == 0
            and self.lower_words <= max(1, count // 3)
        )


@lru_cache(maxsize=1 << 16)
def could_be_title(text: str) -> bool:
    """Whether `text` has the shape of a chapter title."""
    words = text.split()
    if not words or len(words) > _rules().max_title_words or text.endswith(_BAD_TITLE_END):
        return False
    if _dangles_at_end(words) or not _starts_like_title(words[0]):
        return False
    if text.count("(") != text.count(")") or text.count('"') % 2:
        return False
    return _lower_content_words(words) <= max(1, len(words) // 3)


@lru_cache(maxsize=1 << 16)
def ends_unfinished(text: str) -> bool:
    """Whether a title cannot end here ("... Regarding School", "... and", "... Care,")."""
    words = text.split()
    return bool(words) and (text.endswith(_BAD_TITLE_END) or _dangles_at_end(words))


def _dangles_at_end(words: list[str]) -> bool:
    last = words[-1].casefold()
    if last in ("is", "are"):
        return not _EMBEDDED_QUESTION & {w.casefold() for w in words[-4:-2]}
    return _dangling(words[-1])


def _dangling(word: str) -> bool:
    folded = word.casefold()
    return folded in _DANGLING and not (folded in _PARTICLES and word[:1].isupper())


@lru_cache(maxsize=1 << 16)
def title_case_ratio(text: str) -> float:
    """The share of content words (not small words) that start with a capital."""
    content = [
        w for w in text.split() if _LETTERS.search(w) and _bare(w).casefold() not in SMALL_WORDS
    ]
    if not content:
        return 0.0
    return sum(_is_capitalised(w) for w in content) / len(content)


def _score(
    opening: float, sentence: float, known: bool, lower_words: int, article_inside: bool
) -> float:
    """The weight of the evidence for a split (see the module docstring)."""
    rules = _rules()
    score = max(opening, sentence)
    if known:
        # A known title followed by more title-case words may be the start of a longer title.
        opens = opening >= rules.strong or sentence >= rules.sentence_opens
        score += rules.known_title if opens else rules.known_title_alone
    score -= rules.lower_case_word * lower_words
    if not known and article_inside:
        # "... Outline The statement of purpose ...": details usually open with an article;
        # a title known elsewhere may hold one ("... and The Public Law Outline").
        score -= rules.article_inside
    return score


def _evidence(opening: float, sentence: float, known: bool, head: str) -> str:
    reasons: list[str] = []
    if opening >= sentence and opening:
        reasons.append(f"details open like details ('{head}')")
    elif sentence:
        reasons.append(f"a sentence starts at '{head}'")
    if known:
        reasons.append("title seen on its own elsewhere")
    return "; ".join(reasons) or "title case gives way at this word"


def _sentence_start_weight(words: list[str], position: int) -> float:
    """Evidence that a sentence starts at `words[position]`: how soon ordinary lower-case
    words follow."""
    for offset, word in enumerate(words[position : position + 5]):
        if _starts_lower_content(word):
            return _rules().sentence_start.get(offset, 0.0)
    return 0.0


@lru_cache(maxsize=1 << 16)
def _starts_lower_content(word: str) -> bool:
    """A word that says something (not a small word, has letters) starting in lower case."""
    bare = word.strip("'‘’(\"“”,.;:")
    if not bare or not _LETTERS.search(bare) or bare.casefold() in SMALL_WORDS:
        return False
    return bare[0].islower()


def _could_start_details(first: str) -> bool:
    return first.isupper() or first in "'‘\"“"


def _starts_like_title(word: str) -> bool:
    first = word.lstrip("'‘\"“(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _is_capitalised(word: str) -> bool:
    bare = word.lstrip("'‘\"“(-–")
    return bool(bare) and (bare[0].isupper() or bare[0].isdigit())


def _lower_content_words(words: list[str]) -> int:
    return sum(_is_lower_content(w) for w in words)


@lru_cache(maxsize=1 << 16)
def _is_lower_content(word: str) -> bool:
    """A word that a title would capitalise: not a small word, and written in lower case."""
    return (
        bool(_LETTERS.search(word))
        and _bare(word).casefold() not in SMALL_WORDS
        and not _is_capitalised(word)
    )


def _bare(word: str) -> str:
    """A word without the quotes, brackets and punctuation around it: "(use" and "of)"."""
    return word.strip("'‘’\"“”(),.;:")
