"""Chapter identity: one key per chapter across a manual's releases.

(First cut: a normalised title. Aliases, renames, history and lost-title recovery follow.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Manual


@dataclass(frozen=True)
class Assignment:
    """The chapter an entry belongs to, and how that was decided."""

    chapter: str
    title: str
    inferred: bool = False
    evidence: str = ""


def chapter_key(title: str) -> str:
    """The identity key of a chapter title."""
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


def assign_chapters(manuals: Sequence[Manual]) -> list[list[Assignment]]:
    """Per manual, per entry in `Manual.entries()` order: the entry's chapter."""
    return [
        [Assignment(chapter_key(entry.title), entry.title) for _, entry in manual.entries()]
        for manual in manuals
    ]
