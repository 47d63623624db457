"""What chapter identity produces: an entry's chapter, rename links, chapters of a manual,
matches across councils and a chapter's history."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Entry, Item, Release, RenameLink


@dataclass(frozen=True)
class Assignment:
    """The chapter an entry belongs to, and how that was decided.

    `inferred` is True when the page lost the entry's title and `title` was proposed: from a
    near-identical entry, or suggested from what the details are about; `evidence` then says
    how, and `confidence` (0-1) how sure.
    """

    chapter: str
    title: str
    inferred: bool = False
    evidence: str = ""
    confidence: float | None = None


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


@dataclass(frozen=True)
class Fact:
    """An entry as grouping sees it: the title it goes by (its own, or one proposed for a
    lost title, with the evidence in `inference`)."""

    release: Release
    entry: Entry
    title: str
    inference: str
