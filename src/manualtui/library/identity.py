"""An entry's content fingerprint. Its identity is `Item.id`, the same in every snapshot of
its page (see `load`): a snapshot that rewrites an entry's details keeps its id and changes
its fingerprint (it is "changed"), an entry that arrives gets a new id, and reading progress
recorded against an id survives every update.
"""

from __future__ import annotations

import hashlib

from ..model import Item


def fingerprint(item: Item) -> str:
    """What counts as the entry's content: a change to any of these is a rewrite."""
    entry = item.entry
    return _hash(entry.kind.value, entry.title, entry.details_text)


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
