"""How commands print: lines, JSON and tables, all safe for a terminal; and the loader,
imported on first use, with progress for a long load.

Every line a command prints goes through `printable` (see `manualtui.printable`): a page, a
file name or an option value cannot reach the terminal with escape sequences or control
characters. JSON keeps every character, those a terminal would act on written as `\\u`
escapes. Tables and wrapped text are laid out by Rich to the width of the output (`COLUMNS`
when set, else the terminal's, else 80): long columns wrap, the short ones are cut with "…"
only when even they do not fit. On a terminal a table has a ruled, bold, coloured header (bold
only with `NO_COLOR`); otherwise it is plain text.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ..model import Library
from ..printable import printable, printable_line
from .progress import StderrProgress

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

KEEP_WIDTH = 12
"""A table column no wider than this is kept on one line; wider ones wrap."""
# JSON escapes C0 controls itself; these it would print as they are.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f]")


def load_manuals(sources: Sequence[str]) -> Library:
    """The loader, imported on first use (the explorer's first frame does not wait for it),
    with progress on stderr while many pages are parsed."""
    from ..load import load_manuals as load

    with StderrProgress("Reading pages") as progress:
        return load(sources, progress.update)


def say(text: str = "", err: bool = False) -> None:
    """Print `text` (and a newline) on stdout (stderr if `err`), without anything a terminal
    would act on."""
    click.echo(printable(text), err=err)


def emit_json(data: object) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    click.echo(_JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text))


def emit_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    indent: int = 0,
    err: bool = False,
) -> None:
    """A table that fits the output's width (stdout's, or stderr's if `err`). Short columns
    (dates, kinds, counts: none wider than `KEEP_WIDTH`) keep their text on one line; the
    others wrap. A cell is any value shown as text, or a tuple of lines."""
    from rich import box
    from rich.cells import cell_len
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = _console(err)
    table = Table(
        box=box.SIMPLE_HEAD if console.is_terminal else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold cyan" if console.is_terminal else "",
    )
    cells = [[Text(_cell_text(cell)) for cell in row] for row in rows]
    for number, name in enumerate(header):
        widest = max([cell_len(name), *(row[number].cell_len for row in cells)])
        keep = widest <= KEEP_WIDTH
        table.add_column(name, no_wrap=keep, overflow="ellipsis" if keep else "fold")
    for row in cells:
        table.add_row(*row)
    _emit(console, Padding(table, (0, 0, 0, indent)), err)


def _cell_text(cell: object) -> str:
    lines = cell if isinstance(cell, tuple) else (cell,)
    return "\n".join(printable_line(str(line)) for line in lines)


def emit_wrapped(text: str, indent: int = 0, hanging: int = 2) -> None:
    """One line of text, wrapped to the output's width; lines after the first indented by
    `hanging` more."""
    from rich.padding import Padding
    from rich.text import Text

    console = _console()
    lines = Text(printable_line(text)).wrap(console, max(console.width - indent - hanging, 20))
    for number, line in enumerate(lines):
        left = indent + (hanging if number else 0)
        _emit(console, Padding(line, (0, 0, 0, left)))


def _console(err: bool = False) -> Console:
    """A console that renders for stdout (or stderr): its width, and styles only for a
    terminal."""
    from rich.console import Console

    out = sys.stderr if err else sys.stdout
    width = Console(file=out).width
    terminal = out.isatty()
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=terminal,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _emit(console: Console, renderable: RenderableType, err: bool = False) -> None:
    """Render on `console` and print the lines, trailing spaces removed."""
    with console.capture() as captured:
        console.print(renderable)
    for line in captured.get().splitlines():
        click.echo(line.rstrip(), err=err)
