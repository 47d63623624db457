"""Text markers the explorer shows, so that meaning never rests on colour alone (the words
shared with the CLI and the exporters are in `manualtui.wording`).

Priorities are `[R]` re-read, `[V]` review, `[N]` note; kinds are spelled out; on the
library, `+` is new since the user's last look and `✓` read (`v` on the Linux console).
Colours (the styles named here) only repeat what the text already says.
"""

from __future__ import annotations

from ..model import Item, Kind, Priority
from ..select import Selection
from ..wording import LOST_TITLE, period_text, short_council, summary
from .state import Reading

PRIORITY_MARK = {Priority.REREAD: "[R]", Priority.REVIEW: "[V]", Priority.NOTE: "[N]"}
PRIORITY_WORD = {Priority.REREAD: "re-read", Priority.REVIEW: "review", Priority.NOTE: "note"}
PRIORITY_STYLE = {Priority.REREAD: "bold red", Priority.REVIEW: "yellow", Priority.NOTE: "dim"}
KIND_WORD = {Kind.UPDATED: "updated", Kind.NEW: "new", Kind.REMOVED: "removed"}
KIND_STYLE = {Kind.UPDATED: "", Kind.NEW: "bold green", Kind.REMOVED: "magenta"}
MARK = "*"
NEW_MARK = "+"
READ_MARK = "✓"
READING_STYLE = {NEW_MARK: "bold", READ_MARK: "green"}
LOST = "?"
INFERRED = "~"


def chapter_label(item: Item) -> str:
    """The chapter to show for an item: its title, `~title` when inferred, or a placeholder."""
    if not item.chapter_title:
        return LOST_TITLE
    return f"{INFERRED}{item.chapter_title}" if item.title_inferred else item.chapter_title


def reading_marks(reading: Reading, item: Item) -> str:
    """Two cells: `+` if the entry is new to the user since their last look, then `✓` if
    they have read it (or a tracker recorded another done status); blanks otherwise."""
    new = NEW_MARK if item.id in reading.new else " "
    return new + (READ_MARK if item.id in reading.progress else " ")


def list_label(item: Item) -> str:
    """The chapter for a one-line list: as `chapter_label`, but `?` and the opening of the
    details when the title was lost (so the line still says something)."""
    if not item.chapter_title:
        return f"{LOST} {summary(item)}"
    return chapter_label(item)


def filters_text(filters: Selection) -> str:
    """The filters in a few words: `re-read · Luton · Jan 2019 to Dec 2019`."""
    parts: list[str] = []
    if filters.councils:
        parts.append(", ".join(short_council(c) for c in filters.councils))
    if filters.kinds:
        parts.append("/".join(KIND_WORD[k] for k in filters.kinds))
    if filters.priorities:
        parts.append("/".join(PRIORITY_WORD[p] for p in filters.priorities))
    if filters.start or filters.end:
        parts.append(period_text(filters.start, filters.end))
    if filters.new_ids is not None:
        parts.append("new since last look")
    return " · ".join(parts)
