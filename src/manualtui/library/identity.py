"""The stable identity of an entry, the same in every snapshot of its page.

An `Item.id` (`<manual>:<line>`) changes whenever a page gains a release above the entry.
The stable id does not: it is a hash of the council, the manual, the release, the entry's
title in normal form (`chapters.normalise_title`; for an entry whose page lost its title,
its details) and the entry's ordinal among entries sharing all of those. So a snapshot that
rewrites an entry's details keeps its id (it is "changed"), an entry that arrives gets a
new one, and reading progress recorded against an id survives every update.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from ..chapters import normalise_title
from ..model import Entry, Item, Library


def stable_ids(library: Library) -> dict[str, str]:
    """Every item's stable id, by `Item.id`."""
    seen: Counter[tuple[str, ...]] = Counter()
    ids = {}
    for item in library.items:
        key = (item.council, item.manual.title, item.release.key, _title_key(item.entry))
        seen[key] += 1
        ids[item.id] = _hash(*key, str(seen[key]))
    return ids


def fingerprint(item: Item) -> str:
    """What counts as the entry's content: a change to any of these is a rewrite."""
    entry = item.entry
    return _hash(entry.kind.value, entry.title, entry.details_text)


def _title_key(entry: Entry) -> str:
    if entry.title.strip():
        return "title " + (normalise_title(entry.title) or entry.title.casefold().strip())
    return "details " + _hash(" ".join(entry.details_text.split()).casefold())


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
