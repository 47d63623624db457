"""Words and text markers the explorer shows, so that meaning never rests on colour alone.

Priorities are `[R]` re-read, `[V]` review, `[N]` note; kinds are spelled out. Colours (the
styles named here) only repeat what the text already says.
"""

from __future__ import annotations

import re

from ..model import Item, Kind, Priority

PRIORITY_MARK = {Priority.REREAD: "[R]", Priority.REVIEW: "[V]", Priority.NOTE: "[N]"}
PRIORITY_WORD = {Priority.REREAD: "re-read", Priority.REVIEW: "review", Priority.NOTE: "note"}
PRIORITY_STYLE = {Priority.REREAD: "bold red", Priority.REVIEW: "yellow", Priority.NOTE: "dim"}
KIND_WORD = {Kind.UPDATED: "updated", Kind.NEW: "new", Kind.REMOVED: "removed"}
KIND_STYLE = {Kind.UPDATED: "", Kind.NEW: "bold green", Kind.REMOVED: "magenta"}
MARK = "*"
LOST_TITLE = "(title lost)"
LOST = "?"
INFERRED = "~"

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_COUNCIL_NOISE = re.compile(
    r"^(london borough of|royal borough of|city of|the)\s+|"
    r"\s+(metropolitan borough|borough|city|county|district)?\s*council$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])[.;](\s|$)")


def short_council(name: str) -> str:
    """ "London Borough of Enfield" -> "Enfield"; "Luton Borough Council" -> "Luton"."""
    short = name
    for _ in range(2):
        short = _COUNCIL_NOISE.sub("", short).strip()
    return short or name


def month_label(key: str) -> str:
    """`2020-10` -> `Oct 2020`."""
    year, _, month = key.partition("-")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return key
    return f"{MONTHS[int(month) - 1]} {year}"


def long_month_label(key: str) -> str:
    """`2020-10` -> `October 2020`."""
    year, _, month = key.partition("-")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return key
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def chapter_label(item: Item) -> str:
    """The chapter to show for an item: its title, `~title` when inferred, or a placeholder."""
    if not item.chapter_title:
        return LOST_TITLE
    return f"{INFERRED}{item.chapter_title}" if item.title_inferred else item.chapter_title


def list_label(item: Item) -> str:
    """The chapter for a one-line list: as `chapter_label`, but `?` and the opening of the
    details when the title was lost (so the line still says something)."""
    if not item.chapter_title:
        return f"{LOST} {summary(item)}"
    return chapter_label(item)


def summary(item: Item) -> str:
    """The first sentence of the details, on one line."""
    text = " ".join(" ".join(item.entry.details).split())
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1] if match else text
