"""Text safe to show in a terminal: the one function that removes control characters and
escape sequences.

A page, a file name, a manifest or an option value can hold ESC sequences that set the
terminal's title, move the cursor or clear the screen, and bytes that ring the bell or
erase what was printed (BEL, backspace, DEL). `printable` removes escape sequences whole
(CSI, OSC and the other string sequences up to their terminator) and every other control
character (C0 but tab and newline, DEL, C1). The loader runs it over every page's text, with
a diagnostic where it changed something; the command line runs it over everything it prints.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: parameters, intermediates, final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC ...
    r"|\x1b[ -/]*[0-~]?"  # any other escape sequence
)
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_UNPRINTABLE = re.compile(f"{_ESCAPE_SEQUENCE}|{_CONTROL}")
# Every escape sequence starts with a control character: looking for one is enough to tell.
_ANY_CONTROL = re.compile(_CONTROL)
_SPACING = re.compile(r"[\t\n]")


def printable(text: str) -> str:
    """`text` without escape sequences and control characters (tab and newline kept)."""
    return _UNPRINTABLE.sub("", text)


def printable_line(text: str) -> str:
    """`printable(text)` on one line: tabs and newlines become spaces (a table cell)."""
    return _SPACING.sub(" ", printable(text))


def has_unprintable(text: str) -> bool:
    return _ANY_CONTROL.search(text) is not None
