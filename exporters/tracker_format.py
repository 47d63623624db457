"""The tracker's machine-readable layout: what `xlsx_tracker` writes for a later reader and
`tracker_read` checks and reads back. One place for both, so they cannot drift apart.

The hidden sheet `FORMAT_SHEET` holds three tables, each under its header row and ended by a
blank row:
- facts, `key | value`: `format` (`FORMAT_NAME`), `format_version`, `manualtui_version`,
  `grouping` (chapter or entry), `generated`, `key_separator`, `sheet:<role>` (the sheet
  names), `checklist_first_row`, `staff_first_row` (with staff) and `statuses` (the status
  list and which count as done or nothing to do, as JSON);
- columns, `sheet | field | header | column`: every Checklist and Staff column (a person's
  field is `person:<name>`);
- entries, `row key | entry id`: the entries (`Item.id`) each row stands for.
The same format name and version are custom document properties too.
"""

from __future__ import annotations

FORMAT_NAME = "manualtui tracker"
FORMAT_VERSION = 1
FORMAT_SHEET = "manualtui"
FORMAT_PROPERTY = "manualtui format"
FORMAT_VERSION_PROPERTY = "manualtui format version"

FACTS_HEADER = ("key", "value")
COLUMNS_HEADER = ("sheet", "field", "header", "column")
ENTRIES_HEADER = ("row key", "entry id")

CHECKLIST = "checklist"
STAFF = "staff"
ROLES = (CHECKLIST, STAFF, "summary", "about", "lists")
CHECKLIST_FIRST_ROW = 2  # the header, then one row per chapter (or entry)
STAFF_FIRST_ROW = 3  # the header, % done per person, then the chapters
PERSON = "person:"


def sheet_fact(role: str) -> str:
    """The fact naming the sheet of `role`: "sheet:checklist"."""
    return f"sheet:{role}"


def person_field(name: str) -> str:
    return PERSON + name
