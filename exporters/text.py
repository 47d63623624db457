"""The one text cleaner every writer uses before text reaches a file.

- XML-illegal characters (C0 controls other than tab, newline and carriage return, lone
  surrogates, U+FFFE/U+FFFF) are removed: openpyxl and python-docx refuse them.
- Text that a spreadsheet would read as a formula (starting, once cleaned, with = + - @,
  tab or CR) is flagged so the xlsx writer stores it as a text cell and the csv writer
  prefixes the quote mark OWASP recommends. The test is made on the cleaned text, the text
  that reaches the file: "\x01=cmd" is written as "=cmd" and so is a formula.
- Links: only web addresses (http, https, mailto) become clickable links in any writer; a
  `javascript:` or relative link is shown as plain text (`web_link`, from `manualtui.links`).
- Excel's limits: 32,767 characters in a cell; sheet names of at most 31 characters
  without [ ] : * ? / \\; table names that are unique identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from ..links import web_link as web_link  # the writers' one link check lives in the core

EXCEL_CELL_LIMIT = 32_767
SHEET_NAME_LIMIT = 31

_ILLEGAL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_ILLEGAL = re.compile(f"[{_ILLEGAL_CHARACTERS}]")
# A formula start after any characters the cleaner removes.
_FORMULA_START = re.compile(f"[{_ILLEGAL_CHARACTERS}]*[=+\\-@\t\r]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]")
_LOOKS_LIKE_CELL = re.compile(r"^(?:[A-Za-z]{1,3}\d+|[RrCc]\d*)$")


def clean(text: str) -> str:
    """`text` without the characters XML (and so xlsx and docx) cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text, once cleaned, for a formula."""
    return _FORMULA_START.match(text) is not None


def cell_text(text: str) -> str:
    """Cleaned text cut to Excel's cell limit, saying so at the end when it was cut."""
    cleaned = clean(text)
    if len(cleaned) <= EXCEL_CELL_LIMIT:
        return cleaned
    marker = f" [... cut: {len(cleaned):,} characters in full]"
    return cleaned[: EXCEL_CELL_LIMIT - len(marker)] + marker


def csv_text(text: str) -> str:
    """Cleaned text for a csv field; formula-like text gets a leading quote mark."""
    cleaned = clean(text)
    return "'" + cleaned if is_formula_like(cleaned) else cleaned


def sheet_title(name: str, taken: Collection[str] = ()) -> str:
    """A valid, unused worksheet name made from `name`."""
    base = _SHEET_FORBIDDEN.sub(" ", clean(name)).strip().strip("'").strip() or "Sheet"
    base = base[:SHEET_NAME_LIMIT].rstrip()
    return _unused(base, taken, SHEET_NAME_LIMIT, " ({})")


def table_name(name: str, taken: Collection[str] = ()) -> str:
    """A valid, unused Excel table name (letters, digits, underscore; not a cell ref)."""
    base = _NOT_IDENTIFIER.sub("_", clean(name)).strip("_") or "Table"
    if not base[0].isalpha() or _LOOKS_LIKE_CELL.match(base):
        base = "T_" + base
    return _unused(base[:200], taken, 255, "_{}")


def unique_names(names: Iterable[str]) -> list[str]:
    """Cleaned, non-empty header names, repeats (in any letter case) numbered "Name (2)".

    Excel repairs a file whose table has blank or repeated column names.
    """
    unique: list[str] = []
    for name in names:
        unique.append(_unused(clean(name).strip() or "Column", unique, 255, " ({})"))
    return unique


def _unused(base: str, taken: Collection[str], limit: int, suffix_format: str) -> str:
    """`base`, or `base` with a number suffix, that no name in `taken` equals (any case)."""
    used = {t.casefold() for t in taken}
    candidate, number = base, 1
    while candidate.casefold() in used:
        number += 1
        suffix = suffix_format.format(number)
        candidate = base[: limit - len(suffix)] + suffix
    return candidate
