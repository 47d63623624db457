"""Grouping one manual's entries into chapters: exact normalised titles first, then the
rename links, with union-find over title forms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ChapterNames, Kind, Manual, RenameLink
from .lost import propose_lost_titles
from .model import Assignment, Fact
from .renames import similar_title_links, stated_links
from .thresholds import load_thresholds
from .titles import chapter_key, display_title, normalise_title


def assign_chapters(manuals: Sequence[Manual]) -> list[tuple[list[Assignment], list[ChapterNames]]]:
    """Per manual: each entry's chapter (in `Manual.entries()` order), and the other titles
    and rename links of the chapters that have them.

    Titles lost by the page are proposed from near-identical entries in any of `manuals`.
    """
    load_thresholds()  # a fault in the file is reported whatever the pages hold
    proposals = propose_lost_titles(manuals)
    result: list[tuple[list[Assignment], list[ChapterNames]]] = []
    for index, manual in enumerate(manuals):
        entries = list(manual.entries())
        found = [proposals.get((index, n)) for n in range(len(entries))]
        facts = [
            Fact(release, entry, *((p.title, p.evidence) if p else (entry.title, "")))
            for (release, entry), p in zip(entries, found, strict=True)
        ]
        grouping = group(facts)
        assignments = [
            Assignment(
                grouping.keys[n],
                grouping.titles[n],
                inferred=bool(fact.inference),
                evidence=fact.inference,
                confidence=proposal.confidence if proposal else None,
            )
            for n, (fact, proposal) in enumerate(zip(facts, found, strict=True))
        ]
        result.append((assignments, _names(manual.key, grouping)))
    return result


def _names(manual: str, grouping: _Grouping) -> list[ChapterNames]:
    keys = dict.fromkeys([*grouping.aliases, *grouping.renames])
    return [
        ChapterNames(
            manual,
            key,
            tuple(grouping.aliases.get(key, ())),
            tuple(grouping.renames.get(key, ())),
        )
        for key in keys
        if grouping.aliases.get(key) or grouping.renames.get(key)
    ]


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


def group(facts: Sequence[Fact]) -> _Grouping:
    """Group one manual's entries (newest release first) into chapters."""
    forms = [normalise_title(f.title) if f.title.strip() else "" for f in facts]
    sets = _Sets()
    seen: dict[str, list[str]] = defaultdict(list)  # form -> titles as written, newest first
    releases: dict[str, set[str]] = defaultdict(set)  # form -> releases it appears in
    for fact, form in zip(facts, forms, strict=True):
        if fact.title.strip():
            sets.find(form)
            seen[form].append(display_title(fact.title))
            releases[form].add(fact.release.key)
    links: list[tuple[str, str, RenameLink]] = []
    links += stated_links(facts, seen)
    # A Removed list names a chapter by its current title: no similarity links for those.
    listed = {
        form
        for fact, form in zip(facts, forms, strict=True)
        if fact.title.strip() and fact.entry.kind is not Kind.REMOVED
    }
    links += similar_title_links({f: t for f, t in seen.items() if f in listed}, releases)
    for old_form, new_form, _ in links:
        sets.union(new_form, old_form)
    return _finish(facts, forms, sets, seen, links)


def _finish(
    facts: Sequence[Fact],
    forms: Sequence[str],
    sets: _Sets,
    seen: dict[str, list[str]],
    links: Sequence[tuple[str, str, RenameLink]],
) -> _Grouping:
    titled = [bool(fact.title.strip()) for fact in facts]
    canonical: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    roots = {form: sets.find(form) for form in seen}
    for fact, form, has_title in zip(facts, forms, titled, strict=True):
        # newest first: the first title of a set is its current title
        if has_title and roots[form] not in canonical:
            canonical[roots[form]] = display_title(fact.title)
    for form, written in seen.items():
        root = roots[form]
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
    for fact, form, has_title in zip(facts, forms, titled, strict=True):
        if has_title:
            keys.append(chapter_key(canonical[roots[form]]))
            titles.append(display_title(fact.title) if not fact.inference else fact.title)
        else:
            keys.append(f"untitled-{fact.entry.first_line}")
            titles.append("")
    alias_by_key = {
        chapter_key(canonical[root]): list(dict.fromkeys(names))
        for root, names in aliases.items()
        if root in canonical
    }
    return _Grouping(keys, titles, dict(renames), alias_by_key)
