"""What a line of an Amendments page is: release heading, table heading, column header, note.

These recognisers are shared by every layout. They read the family of spellings tri.x pages
use ("Updated Chapters" / "Updated Procedures", "Chapter Name" / "Name of Chapter" ...), not
one spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Kind

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}

_RELEASE = re.compile(
    r"^(?:(?:release|update|amendments?)\s*[:\-–]?\s*)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    # "March 2025 Release", "October 2024 Amendments", "May 2023 Updates"
    r"([A-Za-z]{3,9})\.?,?\s+(\d{4})\s*(?:release|updates?|amendments?|changes)?"
    # "April 2025 (interim)", "June 2021 - Interim Update"
    r"(?:\s*\([^()]{1,40}\)|\s+[-–:]\s*[^.]{1,40})?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(19|20)\d{2}$")
_HEADING_VERBS = (
    r"updated|amended|revised|new|added|removed|deleted|withdrawn|archived|renamed|retired"
)
_HEADING_NOUNS = (
    r"chapters?|procedures?|polic(?:y|ies)|documents?|pages?|guidance|resources?|sections?|"
    r"features?|content|information|materials?|items?|forms?|appendix|appendices|protocols?"
)
_TABLE_HEADING = re.compile(
    # "Updated Chapters", "New and Updated Chapters", "New Procedures and Features"
    rf"^(?:(?P<verb>{_HEADING_VERBS})\s+(?:(?:and|&)\s+(?P<second>{_HEADING_VERBS})\s+)?"
    rf"(?:{_HEADING_NOUNS})(?:,?\s+(?:and|&)\s+(?:{_HEADING_NOUNS}))*"
    # "Chapters Removed", "Procedures Updated" (entries in the plural, then what befell them)
    r"|(?:chapters|procedures|policies|documents|pages|resources|appendices|protocols)"
    rf"(?:,?\s+(?:and|&)\s+(?:{_HEADING_NOUNS}))*\s+(?P<after>{_HEADING_VERBS})"
    # "Chapter Amendments", "Procedure Updates"
    r"|(?:chapter|procedure|policy|document)s?\s+(?P<changes>amendments|updates|changes))\s*:?$",
    re.IGNORECASE,
)
# A heading that names its entries in the plural ("Updated Chapters"), unlike a short
# details paragraph ("New chapter", "Updated procedure").
_PLURAL_ENTRIES = re.compile(
    r"\b(?:chapters|procedures|policies|documents|pages|resources|sections|features|materials|"
    r"items|forms|appendices|protocols)\b",
    re.IGNORECASE,
)
_COLUMN_HEADER = re.compile(
    r"^(?:(?:chapter|procedure|policy|document|page|section|resource)s?\s+(?:name|title)s?"
    r"|name\s+of\s+(?:the\s+)?(?:chapter|procedure|policy|document)|title|chapter|procedure)"
    r"\s*\|?\s*(?:details|description|summary|changes|amendments?|comments?)?\s*\|?$",
    re.IGNORECASE,
)
_NOTE = re.compile(
    r"^(?:the\s+)?next\s+(?:scheduled\s+)?(?:update|release|review)\b.*", re.IGNORECASE
)
_CAPTION = re.compile(r"^caption\s*:", re.IGNORECASE)
_YEARS = r"(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2})?"
_PAGE_TITLE = re.compile(
    # "Amendments", "Archived Amendments 2019-2023", "2018 Amendments" (an archive link)
    rf"^(?:{_YEARS}\s+)?(?:(?:archived?|previous|past|older)\s+)?(?:amendments?|archive|contents)"
    rf"(?:\s+archive)?(?:\s+{_YEARS})?\s*:?$",
    re.IGNORECASE,
)
# Site furniture around the page's text: skip links, logos, text-size and print controls.
_CHROME = re.compile(
    r"^(?:skip\s+to\s+(?:main\s+)?content|top\s+of\s+(?:the\s+)?page|back\s+to\s+top|"
    r"print(?:\s+this\s+page)?|size\s*:\s*view\s+this\s+website\b.*)$",
    re.IGNORECASE,
)
# A table's header/body separator as text renderings write it: "---|---|".
_RULE = re.compile(r"^[|:\s]*-{3,}[-|:\s]*$")
BULLET = re.compile(r"^\s*(?:[•●▪◦·\-*–]|\d+[.)])\s+")

_VERB_KIND = {
    "updated": Kind.UPDATED,
    "amended": Kind.UPDATED,
    "revised": Kind.UPDATED,
    "new": Kind.NEW,
    "added": Kind.NEW,
    "removed": Kind.REMOVED,
    "deleted": Kind.REMOVED,
    "withdrawn": Kind.REMOVED,
    "archived": Kind.REMOVED,
    "retired": Kind.REMOVED,
    "renamed": Kind.UPDATED,
}


@dataclass(frozen=True)
class ReleaseHeading:
    label: str
    year: int
    month: int


@dataclass(frozen=True)
class LineShape:
    """What a line of a page is by itself, tried in this order: a table caption, furniture
    (column header, page title, year line, site chrome), a release heading, a table heading
    or a release note; none of these for content. A table heading may read as a note too,
    for where the page makes it a title's details."""

    caption: bool = False
    furniture: bool = False
    release: ReleaseHeading | None = None
    table: Kind | None = None
    note: bool = False


_CAPTION_SHAPE = LineShape(caption=True)
_FURNITURE_SHAPE = LineShape(furniture=True)
_NOTE_SHAPE = LineShape(note=True)
_CONTENT_SHAPE = LineShape()


@lru_cache(maxsize=1 << 16)
def line_shape(line: str) -> LineShape:
    """The shape of a line, worked out once per distinct line (pages repeat lines, and every
    line would otherwise go through each recogniser's pattern)."""
    if is_caption(line):
        return _CAPTION_SHAPE
    if is_column_header(line) or is_page_title(line) or is_year_line(line) or is_chrome(line):
        return _FURNITURE_SHAPE
    heading = release_heading(line)
    if heading:
        return LineShape(release=heading)
    kind = table_heading(line)
    if kind is not None:
        return LineShape(table=kind, note=is_note(line))
    return _NOTE_SHAPE if is_note(line) else _CONTENT_SHAPE


@lru_cache(maxsize=1 << 16)
def strip_cells(line: str) -> str:
    """A line without pipe-table cell markers and surrounding space."""
    # The same as removing r"(?:\s*\|)+\s*$", without a regex trying every position of
    # long details lines (a hot spot at 100,000 entries).
    text = line.rstrip()
    while text.endswith("|"):
        text = text[:-1].rstrip()
    return text.strip().strip("|").strip()


def release_heading(line: str) -> ReleaseHeading | None:
    """`October 2020`, `Sept 2019`, `March 2025 Release` ... as a release heading."""
    text = strip_cells(line)
    match = _RELEASE.match(text)
    if not match:
        return None
    word = match.group(1).casefold()
    month = MONTHS.get(word) or _MONTH_ABBREVIATIONS.get(word)
    if month is None:
        return None
    return ReleaseHeading(text, int(match.group(2)), month)


def is_year_line(line: str) -> bool:
    return bool(_YEAR.match(strip_cells(line)))


def table_heading(line: str) -> Kind | None:
    """The kind of entries a table heading ("Updated Chapters", "New Procedures and Features",
    "Removed Chapters", "Chapters Removed", "Chapter Amendments" ...) introduces."""
    match = _TABLE_HEADING.match(_without_bars(line))
    if not match:
        return None
    if match["changes"]:
        return Kind.UPDATED
    return _VERB_KIND[(match["verb"] or match["after"]).casefold()]


def mixed_table_heading(line: str) -> bool:
    """A table heading naming two kinds ("New and Updated Chapters"): each entry's kind is
    then read from its details."""
    match = _TABLE_HEADING.match(_without_bars(line))
    return bool(
        match
        and match["second"]
        and _VERB_KIND[match["second"].casefold()] is not _VERB_KIND[match["verb"].casefold()]
    )


def names_entries_in_plural(line: str) -> bool:
    return bool(_PLURAL_ENTRIES.search(line))


def is_column_header(line: str) -> bool:
    """A table's header row: "Chapter Name | Details |", "Chapter Title Details" ..."""
    text = _without_bars(line)
    return bool(text) and len(text.split()) <= 6 and bool(_COLUMN_HEADER.match(text))


def _without_bars(line: str) -> str:
    """A line with its pipe-table cell bars as spaces."""
    if "|" not in line:
        return line.strip()
    return " ".join(line.replace("|", " ").split())


def is_note(line: str) -> bool:
    """A release note such as "Next Update: March 2021"."""
    return bool(_NOTE.match(strip_cells(line)))


def is_caption(line: str) -> bool:
    return bool(_CAPTION.match(line.strip()))


def is_page_title(line: str) -> bool:
    return bool(_PAGE_TITLE.match(strip_cells(line)))


def is_chrome(line: str) -> bool:
    """Site furniture: skip links, logos, text-size controls, a link written twice over
    ("Report Abuse Report Abuse", a link's text and its title), table rules ("---|---|")."""
    text = strip_cells(line)
    if _CHROME.match(text) or _RULE.match(line.strip()):
        return True
    words = text.split()
    if 1 <= len(words) <= 6 and words[-1].casefold() == "logo":
        return True
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def names_a_manual(line: str) -> bool:
    """A page's heading naming its manual ("Gloucestershire Children's Social Care
    Procedures Manual")."""
    text = strip_cells(line)
    return 2 <= len(text.split()) <= 12 and text.casefold().endswith(("manual", "handbook"))


@lru_cache(maxsize=1 << 16)
def bullet_text(line: str) -> str | None:
    """The text of a bullet item (`  • Name;`), or None when the line is no bullet."""
    match = BULLET.match(line)
    if not match:
        return None
    return line[match.end() :].strip()


def removed_name(bullet: str) -> str:
    """A chapter name from a Removed Chapters bullet: without its closing `;`, `.` or `,`."""
    return re.sub(r"\s*(?:;\s*(?:and|or)?|[.,])\s*$", "", bullet).strip()


_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})\b")
_IN_MONTH = re.compile(
    r"\b(?:in|during)\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})\b", re.IGNORECASE
)


def _months(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    found = []
    for match in pattern.finditer(text):
        word = match.group(1).casefold()
        month = MONTHS.get(word) or _MONTH_ABBREVIATIONS.get(word)
        if month is not None:
            found.append((int(match.group(2)), month))
    return found


def dated_in(text: str) -> list[tuple[int, int]]:
    """The months details date their change by ("In May 2024, ...", "updated in May 2024")
    as (year, month)."""
    return _months(_IN_MONTH, text)


def month_named(text: str) -> tuple[int, int] | None:
    """The first month a line names ("Next update: January 2025"), as (year, month)."""
    found = _months(_MONTH_YEAR, text)
    return found[0] if found else None
