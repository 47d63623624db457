"""Splitting one-line rows ("Title Details...") where title and details share a line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import PageDraft


@dataclass(frozen=True)
class Split:
    title: str
    details: str
    strong: bool
    evidence: str


class TitleIndex:
    """Titles seen on their own in any loaded page."""

    def __init__(self, titles: Iterable[str] = ()) -> None:
        self.titles: set[str] = set(titles)

    @classmethod
    def from_drafts(cls, drafts: Iterable[PageDraft]) -> TitleIndex:
        return cls(t for d in drafts for t in d.own_titles())

    def extend(self, other: TitleIndex) -> None:
        self.titles |= other.titles


def split_row(text: str, index: TitleIndex) -> Split:
    return Split("", text, False, "stub")
