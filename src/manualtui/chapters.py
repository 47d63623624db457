"""Chapter identity: one key per chapter across a manual's releases; aliases, renames, history.

Owns: the comparable form of a title (`normalise_title`), the grouping of a manual's entries
into chapters (exact normalised titles first, then renames stated in the details, a Removed
list beside a new chapter of the same subject, and near-identical titles that never appear in
the same release), the titles proposed for entries whose page lost them (from a near-identical
entry elsewhere, always marked and explained), and matching chapters across councils.

Every link between two titles records its evidence: the phrase that states it, or the
similarity that suggests it. Fuzzy scores are rapidfuzz scores (0-100); the thresholds are
the named constants below, backed by tests of pairs that must and must not match.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .model import Entry, Item, Kind, Library, Manual, Release

# Two titles in one manual scoring at least this (`title_similarity`) and that
# never appear in the same release are taken for one chapter whose title was edited.
SAME_MANUAL_TITLE_THRESHOLD = 92.0
# A title named in a rename phrase ("previously called X") resolves to a title of the manual
# scoring at least this (`title_similarity`); otherwise X is kept as an alias only.
STATED_NAME_THRESHOLD = 85.0
# "replaces the previous chapter" without a name: the most similar title last seen before
# that release (and never after) is linked when it scores at least this (token_set_ratio)
# and beats the runner-up by the margin.
UNNAMED_PREDECESSOR_THRESHOLD = 70.0
UNNAMED_PREDECESSOR_MARGIN = 5.0
# ... unless the candidates within the margin all score at least this: then the one seen
# last is taken.
UNNAMED_PREDECESSOR_TIE_BREAK = 90.0
# A chapter in a release's Removed list and a new chapter of the same release are one
# chapter when their titles score at least this (`title_similarity`).
REMOVED_BESIDE_NEW_THRESHOLD = 75.0
# Two councils' chapters with different titles are matched when their titles score at least
# this (see `title_similarity`).
CROSS_COUNCIL_TITLE_THRESHOLD = 86.0
# Titles where each has a word the other lacks ("Placements in Foster Care", "Placements in
# Residential Care") score at most this: below every title threshold.
SUBSTITUTED_WORD_CAP = 70.0
# Two entries' details are near-identical (a twin: same national update, or the source of a
# lost title) when they score at least this (see `details_score`).
TWIN_DETAILS_THRESHOLD = 88.0
# A details text needs this many informative words (not boilerplate such as "This chapter
# has been updated") before it can serve as a twin.
TWIN_MIN_INFORMATIVE_WORDS = 4


@dataclass(frozen=True)
class Assignment:
    """The chapter an entry belongs to, and how that was decided.

    `inferred` is True when the page lost the entry's title and `title` was proposed from a
    near-identical entry; `evidence` then says which one, and how similar.
    """

    chapter: str
    title: str
    inferred: bool = False
    evidence: str = ""


@dataclass(frozen=True)
class RenameLink:
    """Two titles of one chapter, and why they are taken for one.

    `evidence` is the phrase of the details that states the link (quoted), or the similarity
    that suggests it. `release` (`YYYY-MM`) and `line` point at the entry that states it;
    both are empty/0 for links suggested by similarity alone.
    """

    old_title: str
    new_title: str
    evidence: str
    release: str = ""
    line: int = 0


@dataclass(frozen=True)
class Chapter:
    """One chapter of one manual: its key, current title, other titles and changes.

    `items` are newest release first. `title` is the newest title the manual used;
    `aliases` are the other titles it used or named (earlier names, spelling variants).
    """

    key: str
    title: str
    aliases: tuple[str, ...]
    council: str
    manual: str
    items: tuple[Item, ...]
    renames: tuple[RenameLink, ...] = ()

    @property
    def changes(self) -> int:
        return len(self.items)

    @property
    def first_release(self) -> str:
        """The oldest release (`YYYY-MM`) that changed this chapter ("" if none)."""
        return min((i.release.key for i in self.items), default="")

    @property
    def last_release(self) -> str:
        """The newest release (`YYYY-MM`) that changed this chapter ("" if none)."""
        return max((i.release.key for i in self.items), default="")

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class ChapterMatch:
    """Two councils' chapters taken for the same chapter, and why."""

    a: Chapter
    b: Chapter
    evidence: str
    score: float


@dataclass(frozen=True)
class ChapterHistory:
    """A chapter's timeline in one council: its items newest first and its renames.

    `match` says how this council's chapter was found for the query (the key, a title, or a
    similarity), so that a view can show how sure the match is.
    """

    chapter: Chapter
    match: str

    @property
    def council(self) -> str:
        return self.chapter.council

    @property
    def items(self) -> tuple[Item, ...]:
        return self.chapter.items

    @property
    def renames(self) -> tuple[RenameLink, ...]:
        return self.chapter.renames


# ---------------------------------------------------------------------------------------
# Titles

_UNDER_REVIEW = re.compile(r"[\s\-–—:(]*\bunder review\b[\s)]*$", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['‘’`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DROPPED_WORDS = frozenset({"and", "the"})


@lru_cache(maxsize=65536)
def display_title(title: str) -> str:
    """A title as written, without a trailing status such as "- under review"."""
    return _UNDER_REVIEW.sub("", title).strip()


@lru_cache(maxsize=65536)
def normalise_title(title: str) -> str:
    """The form two spellings of one chapter title share.

    Case, quotes, apostrophes, hyphens, dashes, slashes and other punctuation, "&"/"and",
    "the", plural "-s" and a trailing "- under review" do not count: "Assessment and
    Approvals of Prospective Adopters" and "Assessment & Approval of prospective adopters"
    share a form.
    """
    text = _APOSTROPHE.sub("", display_title(title).casefold().replace("&", " and "))
    words = [_singular(w) for w in _NON_WORD.sub(" ", text).split() if w not in _DROPPED_WORDS]
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def chapter_key(title: str) -> str:
    """The key of a chapter whose current title is `title`: lower case, hyphen-separated."""
    text = _APOSTROPHE.sub("", display_title(title).casefold().replace("&", " and "))
    return _NON_WORD.sub("-", text).strip("-")


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are (0-100) for matching across councils."""
    return _title_score(normalise_title(a), normalise_title(b))


def _title_score(form_a: str, form_b: str, *, score_cutoff: float | None = None,
                 processor: object = None) -> float:
    """A rapidfuzz scorer over two normalised titles (see `title_similarity`)."""
    if not form_a or not form_b:
        return 0.0
    # token_set_ratio lets "Death or Serious Injury to a Child" meet its longer variant
    # "... (Looked After and Child in Need)"; the plain ratio (plus a margin) keeps a short
    # title from meeting every long title that contains its words ("Assessments").
    score = min(fuzz.token_set_ratio(form_a, form_b), fuzz.ratio(form_a, form_b) + 25.0)
    if _substitutes_words(form_a, form_b):
        score = min(score, SUBSTITUTED_WORD_CAP)
    return 0.0 if score_cutoff is not None and score < score_cutoff else score


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


# ---------------------------------------------------------------------------------------
# Assigning chapters


def assign_chapters(manuals: Sequence[Manual]) -> list[list[Assignment]]:
    """Per manual, per entry in `Manual.entries()` order: the entry's chapter.

    Titles lost by the page are proposed from near-identical entries in any of `manuals`.
    """
    proposals = propose_lost_titles(manuals)
    result: list[list[Assignment]] = []
    for index, manual in enumerate(manuals):
        facts = [
            _Fact(release, entry, *proposals.get((index, ordinal), (entry.title, "")))
            for ordinal, (release, entry) in enumerate(manual.entries())
        ]
        grouping = _group(facts)
        result.append([
            Assignment(grouping.keys[n], grouping.titles[n], inferred=bool(fact.inference),
                       evidence=fact.inference)
            for n, fact in enumerate(facts)
        ])
    return result


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
        matches = [(score, position) for score, form in (
                       (details_score(query, forms[f]), forms[f])
                       for f in word_index.candidates(query))
                   if score >= TWIN_DETAILS_THRESHOLD for position in holders[form]]
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
            for word in set(form.split()) - _BOILERPLATE:
                self.postings[word].append(position)

    def candidates(self, query: str) -> list[int]:
        words = sorted(set(query.split()) - _BOILERPLATE,
                       key=lambda w: len(self.postings.get(w, ())))
        counts: dict[int, int] = defaultdict(int)
        for word in words[:self.RAREST_WORDS]:
            for position in self.postings.get(word, ()):
                counts[position] += 1
        ranked = sorted(counts, key=lambda p: -counts[p])
        return [p for p in ranked[:self.CANDIDATES] if counts[p] >= 2]


# ---------------------------------------------------------------------------------------
# Details similarity

_BOILERPLATE = frozenset("""
a an the this that these it its has have had been be being is are was were to of in into on
for with and or by as at from also which chapter procedure document guidance policy section
manual information contained updated update revised revision amended amendment reviewed
refreshed added new throughout should re read reread extensively substantially significantly
fully further been general minor changes change made
""".split())


def details_form(text: str) -> str:
    """The comparable form of an entry's details: case, quotes and punctuation do not count."""
    return " ".join(_NON_WORD.sub(" ", _APOSTROPHE.sub("", text.casefold())).split())


def is_informative(form: str) -> bool:
    """Whether a details form says enough to identify one update (not just "updated")."""
    informative = [w for w in form.split() if w not in _BOILERPLATE]
    return len(informative) >= TWIN_MIN_INFORMATIVE_WORDS


def details_score(a: str, b: str, *, score_cutoff: float | None = None,
                  processor: object = None) -> float:
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


# ---------------------------------------------------------------------------------------
# Grouping one manual's entries into chapters


@dataclass(frozen=True)
class _Fact:
    release: Release
    entry: Entry
    title: str
    inference: str


@dataclass
class _Grouping:
    keys: list[str]
    titles: list[str]
    renames: dict[str, list[RenameLink]]
    aliases: dict[str, list[str]]


class _Sets:
    """Union-find over title forms."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, form: str) -> str:
        self.parent.setdefault(form, form)
        root = form
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[form] != root:
            self.parent[form], form = root, self.parent[form]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a


def _group(facts: Sequence[_Fact]) -> _Grouping:
    """Group one manual's entries (newest release first) into chapters."""
    sets = _Sets()
    seen: dict[str, list[str]] = defaultdict(list)  # form -> titles as written, newest first
    releases: dict[str, set[str]] = defaultdict(set)  # form -> releases it appears in
    for fact in facts:
        if fact.title.strip():
            form = normalise_title(fact.title)
            sets.find(form)
            seen[form].append(display_title(fact.title))
            releases[form].add(fact.release.key)
    links: list[tuple[str, str, RenameLink]] = []
    links += _stated_links(facts, seen)
    # A Removed list names a chapter by its current title: no similarity links for those.
    listed = {normalise_title(f.title) for f in facts
              if f.title.strip() and f.entry.kind is not Kind.REMOVED}
    links += _similar_title_links({f: t for f, t in seen.items() if f in listed}, releases)
    for old_form, new_form, _ in links:
        sets.union(new_form, old_form)
    return _finish(facts, sets, seen, links)


def _finish(facts: Sequence[_Fact], sets: _Sets, seen: dict[str, list[str]],
            links: Sequence[tuple[str, str, RenameLink]]) -> _Grouping:
    canonical: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    for fact in facts:  # newest first: the first title of a set is its current title
        if fact.title.strip():
            canonical.setdefault(sets.find(normalise_title(fact.title)), display_title(fact.title))
    for form, written in seen.items():
        root = sets.find(form)
        aliases[root].extend(t for t in written if t != canonical.get(root))
    renames: dict[str, list[RenameLink]] = defaultdict(list)
    for old_form, _, link in links:
        root = sets.find(old_form)
        if root in canonical:
            key = chapter_key(canonical[root])
            renames[key].append(link)
            if link.old_title not in aliases[root] and link.old_title != canonical[root]:
                aliases[root].append(link.old_title)
    keys: list[str] = []
    titles: list[str] = []
    for fact in facts:
        if fact.title.strip():
            root = sets.find(normalise_title(fact.title))
            keys.append(chapter_key(canonical[root]))
            titles.append(display_title(fact.title) if not fact.inference else fact.title)
        else:
            keys.append(f"untitled-{fact.entry.first_line}")
            titles.append("")
    alias_by_key = {chapter_key(canonical[root]): list(dict.fromkeys(names))
                    for root, names in aliases.items() if root in canonical}
    return _Grouping(keys, titles, dict(renames), alias_by_key)


# Rename phrases. Each captures the earlier title (group "old") where the page names it.
_TITLE_END = r"(?=\s*(?:[.;]\s|[.;]?$|\)|,?\s+and\s+(?:has|is|was|extensively)\b))"
_STATED_RENAMES = [
    re.compile(r"re-?titled\s*\(\s*(?:previously|formerly)\s+(?:called|named|entitled|known as)\s+"
               r"(?P<old>[^)]+)\)", re.IGNORECASE),
    re.compile(r"(?:has been|was)\s+(?:previously|formerly)\s+(?:called|named|entitled|known as)"
               r"\s+(?P<old>.+?)" + _TITLE_END, re.IGNORECASE),
    re.compile(r"replaces\s+the\s+previous(?:ly)?\s+(?:entitled\s+)?chapter\s+(?:called\s+|"
               r"entitled\s+|named\s+)?(?P<old>[A-Z].+?)" + _TITLE_END),
    re.compile(r"(?:previously|formerly)\s+(?:located|found)\s+in\s+(?:the\s+)?(?P<old>[A-Z].+?)"
               r"(?:\s+chapter)?" + _TITLE_END),
    re.compile(r"(?:previously|formerly)\s+(?:called|named|entitled|known as)\s+(?P<old>[A-Z].+?)"
               + _TITLE_END),
]
_COMBINED = re.compile(r"combines?\s+to\s+replace\s+the\s+previous\s+(?:\d+|two|three)\s+chapters"
                       r"\s+(?P<old>.+?)" + _TITLE_END, re.IGNORECASE)
_UNNAMED_PREDECESSOR = re.compile(
    r"replaces\s+(?:a|the)\s+previous\s+(?:one|chapter|version|procedure)(?=\s*[.;]|\s*$)",
    re.IGNORECASE)


def stated_renames(details: str) -> list[tuple[str, str]]:
    """The earlier titles an entry's details name, each with the phrase naming it.

    "re-titled (previously called Overnight Stays and Social Visits)" gives
    `[("Overnight Stays and Social Visits", "re-titled (previously called ...)")]`; "combines
    to replace the previous 2 chapters A And B" gives both A and B.
    """
    return list(_stated_renames(details))


def _may_name_predecessor(details: str) -> bool:
    """Every rename phrase says "previous(ly)" or "formerly": a cheap test before the
    patterns (most details say neither)."""
    folded = details.casefold()
    return "previous" in folded or "formerly" in folded


@lru_cache(maxsize=65536)
def _stated_renames(details: str) -> tuple[tuple[str, str], ...]:
    if not _may_name_predecessor(details):
        return ()
    found: list[tuple[str, str]] = []
    combined = _COMBINED.search(details)
    if combined:
        return tuple((part, combined.group(0)) for part in _split_combined(combined["old"]))
    for pattern in _STATED_RENAMES:
        for match in pattern.finditer(details):
            old = match["old"].strip(" .'\"‘’“”")
            if old and all(old != known for known, _ in found):
                found.append((old, match.group(0)))
        if found:
            break
    return tuple(found)


def _split_combined(names: str) -> list[str]:
    """Split "A and B" where A and B are titles that may themselves contain "and".

    The split is made at the "and" after which the text repeats the first word of A
    ("Holidays and School Trips In the UK And Holidays and ..."), else at a capitalised
    "And", else at the last "and".
    """
    names = names.strip(" .")
    joints = list(re.finditer(r"\s+(and|And|&)\s+", names))
    if not joints:
        return [names]
    first_word = names.split()[0].casefold()
    repeating = [j for j in joints if names[j.end():].casefold().startswith(first_word)]
    capitalised = [j for j in joints if j.group(1) == "And"]
    joint = (repeating or capitalised or joints)[-1 if not repeating else 0]
    return [names[:joint.start()].strip(), names[joint.end():].strip()]


def _stated_links(facts: Sequence[_Fact], seen: dict[str, list[str]]
                  ) -> list[tuple[str, str, RenameLink]]:
    links: list[tuple[str, str, RenameLink]] = []
    forms = list(seen)
    last_seen: dict[str, tuple[str, str]] = {}
    for fact in facts:
        if not fact.title.strip():
            continue
        new_form = normalise_title(fact.title)
        for old, phrase in stated_renames(fact.entry.details_text):
            old_form = _resolve_form(old, [f for f in forms if f != new_form])
            if old_form and old_form != new_form:
                links.append((old_form, new_form, RenameLink(
                    old, display_title(fact.title), f"'{phrase}'", fact.release.key,
                    fact.entry.first_line)))
        if (_may_name_predecessor(fact.entry.details_text)
                and _UNNAMED_PREDECESSOR.search(fact.entry.details_text)):
            last_seen = last_seen or _last_seen(facts)
            links += _unnamed_predecessor(fact, new_form, last_seen)
    links += _removed_beside_new(facts)
    return links


def _resolve_form(title: str, forms: Sequence[str]) -> str:
    """The form of a title named in a phrase: a title the manual uses, or its own form."""
    form = normalise_title(title)
    if form in forms or not forms:
        return form
    near = process.extract(form, forms, scorer=fuzz.token_set_ratio,
                           score_cutoff=STATED_NAME_THRESHOLD, limit=10)
    scored = [(_title_score(form, match), match) for match, _, _ in near]
    best = max(scored, default=(0.0, form))
    return best[1] if best[0] >= STATED_NAME_THRESHOLD else form


def _last_seen(facts: Sequence[_Fact]) -> dict[str, tuple[str, str]]:
    """Per title form: the newest release it appears in, and the title as written."""
    last: dict[str, tuple[str, str]] = {}
    for fact in facts:
        if fact.title.strip():
            form = normalise_title(fact.title)
            if form not in last or fact.release.key > last[form][0]:
                last[form] = (fact.release.key, display_title(fact.title))
    return last


def _unnamed_predecessor(fact: _Fact, new_form: str, seen: dict[str, tuple[str, str]]
                         ) -> list[tuple[str, str, RenameLink]]:
    phrase = _UNNAMED_PREDECESSOR.search(fact.entry.details_text)
    if not phrase:
        return []
    when = fact.release.key
    last_seen = {form: release for form, (release, _) in seen.items()}
    earlier = [f for f, last in last_seen.items() if last < when and f != new_form]
    ranked = process.extract(new_form, earlier, scorer=fuzz.token_set_ratio, limit=None,
                             score_cutoff=UNNAMED_PREDECESSOR_THRESHOLD)
    if not ranked:
        return []
    close = [r for r in ranked if ranked[0][1] - r[1] < UNNAMED_PREDECESSOR_MARGIN]
    if len(close) > 1 and ranked[0][1] < UNNAMED_PREDECESSOR_TIE_BREAK:
        return []
    # Among equally good candidates the one in use last is the one replaced.
    best = max(close, key=lambda r: (r[1] >= UNNAMED_PREDECESSOR_TIE_BREAK, last_seen[r[0]]))
    return [(best[0], new_form, RenameLink(
        seen[best[0]][1], display_title(fact.title),
        f"'{phrase.group(0)}' (unnamed; most similar earlier title, {best[1]:.0f}%)",
        when, fact.entry.first_line))]


def _removed_beside_new(facts: Sequence[_Fact]) -> list[tuple[str, str, RenameLink]]:
    by_release: dict[str, list[_Fact]] = defaultdict(list)
    for fact in facts:
        if fact.title.strip():
            by_release[fact.release.key].append(fact)
    links: list[tuple[str, str, RenameLink]] = []
    for release, group in by_release.items():
        removed = [f for f in group if f.entry.kind is Kind.REMOVED]
        added = [f for f in group if f.entry.kind is Kind.NEW]
        for old in removed:
            old_form = normalise_title(old.title)
            scored = [(_title_score(old_form, normalise_title(n.title)), n) for n in added]
            score, new = max(scored, key=lambda pair: pair[0], default=(0.0, None))
            if new is not None and score >= REMOVED_BESIDE_NEW_THRESHOLD:
                links.append((old_form, normalise_title(new.title), RenameLink(
                    display_title(old.title), display_title(new.title),
                    f"removed in the release that added a chapter of the same subject "
                    f"(titles {score:.0f}% alike)", release, new.entry.first_line)))
    return links


def _similar_title_links(seen: dict[str, list[str]], releases: dict[str, set[str]]
                         ) -> list[tuple[str, str, RenameLink]]:
    forms = list(seen)
    links: list[tuple[str, str, RenameLink]] = []
    if len(forms) < 2:
        return links
    # token_set_ratio bounds `_title_score` from above: a native all-pairs pass finds the
    # few candidate pairs, the full score is computed for those only.
    pairs = ((form, match) for i, form in enumerate(forms)
             for match, _, _ in process.extract(form, forms[i + 1:], scorer=fuzz.token_set_ratio,
                                                score_cutoff=SAME_MANUAL_TITLE_THRESHOLD,
                                                limit=None))
    for form, match in pairs:
        score = _title_score(form, match)
        if score < SAME_MANUAL_TITLE_THRESHOLD or releases[form] & releases[match]:
            continue
        newer, older = sorted((form, match), key=lambda f: max(releases[f]), reverse=True)
        links.append((older, newer, RenameLink(
            seen[older][0], seen[newer][0],
            f"similar titles ({score:.0f}%), never in the same release")))
    return links


# ---------------------------------------------------------------------------------------
# Chapters of a library


def chapters(library: Library, council: str | None = None) -> list[Chapter]:
    """The chapters of every manual (or of one council's), in order of first appearance."""
    return [chapter for index, manual in enumerate(library.manuals)
            if council is None or manual.council == council
            for chapter in _manual_chapters_of(library, index)]


@dataclass
class _LibraryChapters:
    """A library's items per manual, and the chapters of the manuals asked for so far."""

    items: dict[int, list[Item]]
    done: dict[int, tuple[Chapter, ...]]


_CHAPTERS: dict[int, _LibraryChapters] = {}


def _manual_chapters_of(library: Library, index: int) -> tuple[Chapter, ...]:
    """One manual's chapters, computed once while the library lives, and only when asked
    for: a briefing on 20 of 200 councils groups those 20 manuals only."""
    memo = _CHAPTERS.get(id(library))
    if memo is None:
        by_manual: dict[int, list[Item]] = defaultdict(list)
        for item in library.items:
            by_manual[_manual_index(item)].append(item)
        memo = _CHAPTERS[id(library)] = _LibraryChapters(dict(by_manual), {})
        weakref.finalize(library, _CHAPTERS.pop, id(library), None)
    found = memo.done.get(index)
    if found is None:
        found = memo.done[index] = tuple(
            _manual_chapters(library.manuals[index], memo.items.get(index, [])))
    return found


def _manual_index(item: Item) -> int:
    return int(item.id.split(":", 1)[0])


def _manual_chapters(manual: Manual, items: Sequence[Item]) -> list[Chapter]:
    facts = [_Fact(i.release, i.entry, i.chapter_title if i.title_inferred else i.entry.title,
                   i.inference) for i in items]
    grouping = _group(facts)
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.chapter].append(item)
    return [
        Chapter(
            key=key,
            title=members[0].chapter_title,
            aliases=tuple(a for a in grouping.aliases.get(key, ())
                          if a != members[0].chapter_title),
            council=manual.council,
            manual=manual.title,
            items=tuple(members),
            renames=tuple(grouping.renames.get(key, ())),
        )
        for key, members in grouped.items()
    ]


def find_chapter(library: Library, text: str, council: str | None = None) -> list[Chapter]:
    """Chapters whose key, title or aliases match `text`, best first.

    Exact keys and normalised titles come first, then titles containing the text, then
    fuzzy matches scoring at least `CROSS_COUNCIL_TITLE_THRESHOLD`.
    """
    scored = [(_query_score(text, chapter), chapter) for chapter in chapters(library, council)]
    return [c for score, c in sorted(scored, key=lambda p: -p[0]) if score > 0]


def _query_score(text: str, chapter: Chapter) -> float:
    wanted = text.strip()
    if not wanted:
        return 0.0
    if wanted.casefold() == chapter.key:
        return 300.0
    form = normalise_title(wanted)
    forms = [normalise_title(t) for t in chapter.titles]
    if form in forms:
        return 250.0
    if any(form and form in f for f in forms):
        return 200.0 - min(len(f) for f in forms if form in f) / 100
    best = max(_title_score(form, f) for f in forms)
    return best if best >= CROSS_COUNCIL_TITLE_THRESHOLD else 0.0


def match_chapters(a: Sequence[Chapter], b: Sequence[Chapter]) -> list[ChapterMatch]:
    """One-to-one matches between two councils' chapters.

    First chapters sharing a normalised title (current or earlier), then chapters whose
    entries include a near-identical update (the same national change), then titles scoring
    at least `CROSS_COUNCIL_TITLE_THRESHOLD`.
    """
    matches: list[ChapterMatch] = []
    taken_a: set[int] = set()
    taken_b: set[int] = set()

    def take(i: int, j: int, evidence: str, score: float) -> None:
        taken_a.add(i)
        taken_b.add(j)
        matches.append(ChapterMatch(a[i], b[j], evidence, score))

    for i, j, evidence in _same_title_pairs(a, b):
        if i not in taken_a and j not in taken_b:
            take(i, j, evidence, 100.0)
    for i, j, score, evidence in _twin_pairs(a, b, taken_a, taken_b):
        if i not in taken_a and j not in taken_b:
            take(i, j, evidence, score)
    rest_b = [j for j in range(len(b)) if j not in taken_b]
    rest_forms = {j: [normalise_title(t) for t in b[j].titles] for j in rest_b}
    for i, chapter in enumerate(a):
        if i in taken_a:
            continue
        best: tuple[float, int] = (0.0, -1)
        for form in (normalise_title(t) for t in chapter.titles):
            for j in rest_b:
                if j in taken_b:
                    continue
                score = max(_title_score(form, f) for f in rest_forms[j])
                best = max(best, (score, j))
        if best[0] >= CROSS_COUNCIL_TITLE_THRESHOLD:
            take(i, best[1], f"titles {best[0]:.0f}% alike", best[0])
    return matches


def _same_title_pairs(a: Sequence[Chapter], b: Sequence[Chapter]
                      ) -> Iterable[tuple[int, int, str]]:
    current_b = {normalise_title(c.title): j for j, c in enumerate(b)}
    any_b: dict[str, int] = {}
    for j, chapter in enumerate(b):
        for title in chapter.titles:
            any_b.setdefault(normalise_title(title), j)
    for i, chapter in enumerate(a):
        form = normalise_title(chapter.title)
        if form in current_b:
            yield i, current_b[form], "same title"
    for i, chapter in enumerate(a):
        for title in chapter.titles:
            other = any_b.get(normalise_title(title))
            if other is not None:
                yield i, other, f"same title ('{title}')"


def _twin_pairs(a: Sequence[Chapter], b: Sequence[Chapter], taken_a: set[int],
                taken_b: set[int]) -> list[tuple[int, int, float, str]]:
    rows_b = [(j, item, details_form(item.entry.details_text))
              for j, chapter in enumerate(b) if j not in taken_b for item in chapter.items]
    rows_b = [row for row in rows_b if is_informative(row[2])]
    if not rows_b:
        return []
    forms_b = [row[2] for row in rows_b]
    pairs: list[tuple[int, int, float, str]] = []
    for i, chapter in enumerate(a):
        if i in taken_a:
            continue
        for item in chapter.items:
            form = details_form(item.entry.details_text)
            if not is_informative(form):
                continue
            best = process.extractOne(form, forms_b, scorer=details_score,
                                      score_cutoff=TWIN_DETAILS_THRESHOLD)
            if best:
                j, twin, _ = rows_b[best[2]]
                pairs.append((i, j, best[1], f"same update: {item.release.label} and "
                              f"{twin.release.label} details {best[1]:.0f}% alike"))
    return sorted(pairs, key=lambda p: -p[2])


def history(library: Library, chapter: str) -> list[ChapterHistory]:
    """A chapter's timeline in each council that has it, by key or title text.

    The best chapter for the text in each council is taken (see `find_chapter`); the other
    councils' chapters are then matched to it as `match_chapters` does.
    """
    found = find_chapter(library, chapter)
    if not found:
        return []
    anchor = found[0]
    result = [ChapterHistory(anchor, _how_found(chapter, anchor))]
    for council in library.councils:
        if council == anchor.council:
            continue
        theirs = chapters(library, council)
        pairs = match_chapters([anchor], theirs)
        if pairs:
            result.append(ChapterHistory(pairs[0].b, pairs[0].evidence))
    return result


def _how_found(text: str, chapter: Chapter) -> str:
    score = _query_score(text, chapter)
    if score >= 300:
        return "key"
    if score >= 250:
        return "title"
    if score > 100:
        return "title contains the text"
    return f"title {score:.0f}% alike"
