"""What reaches the terminal: filters run on every line Textual draws, so that no widget
needs to know about them.

- `TerminalSafe` (always): control characters in page text (escape sequences, carriage
  returns, bidirectional overrides) are dropped; they take no cells, so nothing moves.
- `ConsoleGlyphs` (under `TERM=linux`, the Linux console, whose font holds little beyond
  ASCII, code page 437 and line drawing): every other character the explorer would send
  (Textual's block borders and scrollbars, the palette's magnifier, curly quotes in page
  text) is replaced by a fallback of the same width.

Rich markup is never read from page text: views build `Text` objects, and the few string
places (border titles, palette help) escape it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

# What the Linux console's fonts all hold (its built-in font is code page 437): ASCII,
# the accented letters and signs of code page 437, and the light and double box lines.
CONSOLE_FONT = frozenset(
    "".join(chr(code) for code in range(0x20, 0x7F))
    + "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥ƒáíóúñÑªº¿¬½¼¡«"
    + "°±²·÷µßΣσπ≤≥≈∞√■•"
    + "─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬"
    + "░▒▓█▄▀▌▐▲▼►◄↑↓→←"
)
# Fallbacks for what Textual and page text send most; anything else is reduced to ASCII
# where Unicode says how (é -> e), else shown as "?".
FALLBACK = {
    "…": ".",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "»": ">",
    "›": ">",
    "⇄": "=",
    "●": "*",
    "✓": "v",
    "◼": "■",
    "▶": ">",
    "▸": ">",
    "╭": "┌",
    "╮": "┐",
    "╰": "└",
    "╯": "┘",
    "━": "═",
    "╸": "═",
    "╺": "═",
    "▕": "│",
    "▏": "│",
    "▎": "▌",
    "▊": "▌",
    "▉": "█",
    "▇": "█",
    "▆": "▄",
    "▅": "▄",
    "▃": "▄",
    "▂": " ",
    "▁": " ",
    "▔": " ",
    "▋": "▌",
    "▍": "▌",
    "🔎": "> ",
}


# C0 and C1 controls but tab, DEL, and the bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` without control characters (see the module's docstring)."""
    return _CONTROL.sub("", text)


class TerminalSafe(LineFilter):
    """Drops control characters from what is drawn."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(terminal_safe(segment.text), segment.style)
            if not segment.control and _CONTROL.search(segment.text)
            else segment
            for segment in segments
        ]


def console_font_only(environ: dict[str, str] | None = None) -> bool:
    """Whether the terminal is the Linux console (`TERM=linux`)."""
    return (environ if environ is not None else os.environ).get("TERM", "") == "linux"


@lru_cache(maxsize=4096)
def console_text(text: str) -> str:
    """`text` with each character outside `CONSOLE_FONT` replaced, cell widths kept."""
    if all(char in CONSOLE_FONT for char in text):
        return text
    return "".join(char if char in CONSOLE_FONT else _fallback(char) for char in text)


def _fallback(char: str) -> str:
    width = cell_len(char)
    if width == 0:
        return ""
    plain = FALLBACK.get(char)
    if plain is None:
        decomposed = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in decomposed if c.isascii() and c.isprintable())
        if not plain:
            plain = " " if unicodedata.category(char).startswith(("Z", "C")) else "?"
    return plain[:width].ljust(width, plain[-1] if len(plain) == 1 else " ")


class ConsoleGlyphs(LineFilter):
    """Replaces characters the Linux console cannot draw (see `console_text`)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment if segment.control else Segment(console_text(segment.text), segment.style)
            for segment in segments
        ]
