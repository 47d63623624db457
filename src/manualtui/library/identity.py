"""The stable identity of an entry, the same in every snapshot of its page.

`Item.id` (`<manual key>/<release>/<position>`) counts positions: an entry inserted into a
release, or one dropped from it, moves the ids of those after it. The stable id does not:
it is `<manual key>/<release>/<hash>`, the hash of the entry's title in normal form
(`chapters.normalise_title`; for an entry whose page lost its title, its details) and its
ordinal among the release's entries with that title. So a snapshot that rewrites an
entry's details keeps its id (it is "changed"), an entry that arrives gets a new one, and
reading progress recorded against an id survives every update.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from ..chapters import normalise_title
from ..model import Entry, Item, Library


def stable_ids(library: Library) -> dict[str, str]:
    """Every item's stable id, by `Item.id`."""
    seen: Counter[tuple[str, str, str]] = Counter()
    ids = {}
    for item in library.items:
        key = (item.manual.key, item.release.key, _title_key(item.entry))
        seen[key] += 1
        ids[item.id] = f"{key[0]}/{key[1]}/{_hash(key[2], str(seen[key]))}"
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
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
