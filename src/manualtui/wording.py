"""Display wording shared by the CLI, the explorer and the exporters.

One place says how a month, a council, a lost or inferred title, a count, a lag between
two councils and what to read are written, so that the same thing reads the same everywhere:
"Oct 2020" and "October 2020", "Enfield" for "London Borough of Enfield", "(title lost)",
"Luton 5 months later", "Whole chapter". Month names are spelled out here rather than taken
from `strftime`, which follows the process's locale.
"""

from __future__ import annotations

import re
from datetime import date

from .model import Item, Release

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
LOST_TITLE = "(title lost)"
INFERRED_NOTE = " (title inferred)"

# `(?<!\s)`: the suffix is tried only where a run of spaces starts, not again inside it
# (which takes time in the square of the run's length).
_COUNCIL_NOISE = re.compile(
    r"^(?:london borough of|royal borough of|city of|the)\s+|"
    r"(?<!\s)\s+(?:(?:metropolitan borough|borough|city|county|district)\s+)?council$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])[.;](?:\s|$)")


def _year_month(month: Release | str) -> tuple[int, int] | None:
    if isinstance(month, Release):
        return month.year, month.month
    year, _, number = month.partition("-")
    if not (year.isascii() and year.isdigit() and number.isascii() and number.isdigit()):
        return None
    if not 1 <= int(number) <= 12:
        return None
    return int(year), int(number)


def month_label(month: Release | str) -> str:
    """A release or `YYYY-MM` month as "Oct 2020" (anything else is returned as it is)."""
    parts = _year_month(month)
    if parts is None:
        return str(month)
    return f"{MONTH_NAMES[parts[1] - 1][:3]} {parts[0]}"


def month_name(month: Release | str) -> str:
    """A release or `YYYY-MM` month as "October 2020" (anything else as it is)."""
    parts = _year_month(month)
    if parts is None:
        return str(month)
    return f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"


def period_text(start: str | None, end: str | None) -> str:
    """A period of releases (`YYYY-MM` bounds, either open): "Apr 2019 to Oct 2020",
    "from Apr 2019", "to Oct 2020", "Oct 2020" (one month) or "all releases"."""
    if start and end:
        return month_label(start) if start == end else f"{month_label(start)} to {month_label(end)}"
    if start:
        return f"from {month_label(start)}"
    if end:
        return f"to {month_label(end)}"
    return "all releases"


def day_text(day: date) -> str:
    """A date as "31 January 2030"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_council(name: str) -> str:
    """The council as people say it: "London Borough of Enfield" -> "Enfield", "Luton
    Borough Council" -> "Luton", "The City of Edinburgh Council" -> "Edinburgh"."""
    short = name
    for _ in range(2):
        short = _COUNCIL_NOISE.sub("", short).strip()
    return short or name


def count(number: int, singular: str, plural: str = "") -> str:
    """ "1 month", "5 months", "2 entries" (with `plural` given)."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def lag_text(lag_months: int, council_a: str, council_b: str) -> str:
    """How much later the second council made a shared update: "Luton 5 months later",
    "Enfield 2 months later" (a negative lag: A was later), or "same month"."""
    if lag_months == 0:
        return "same month"
    later = council_b if lag_months > 0 else council_a
    return f"{short_council(later)} {count(abs(lag_months), 'month')} later"


def chapter_title(item: Item) -> str:
    """The chapter title of an item for a listing: its title, marked when inferred, or
    `LOST_TITLE` when the page lost it and nothing was inferred."""
    if not item.chapter_title:
        return LOST_TITLE
    return item.chapter_title + INFERRED_NOTE if item.title_inferred else item.chapter_title


def untitled(line: int, details: str = "", words: int = 6) -> str:
    """An entry whose page lost its title, told apart from the others by its line and the
    opening words of its details: "untitled entry, line 217: 'Section 6, Placements of ...'"."""
    opening = details.split()
    if not opening:
        return f"untitled entry, line {line}"
    more = " ..." if len(opening) > words else ""
    return f"untitled entry, line {line}: '{' '.join(opening[:words])}{more}'"


def summary(item: Item) -> str:
    """The first sentence of the details, on one line."""
    text = " ".join(" ".join(item.entry.details).split())
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1] if match else text


# What to read, as the tracker and the briefing say it.
WHOLE_CHAPTER = "Whole chapter"
CHANGES_DESCRIBED = "The changes described"
NOTHING_TO_READ = "Nothing to read (for information)"
REMOVED_ACTION = "No longer in the manual; stop using printed copies"
