"""How commands print: lines, JSON and aligned tables, all safe for a terminal; and the
loader imported on first use.

Every line a command prints goes through `printable` (see `manualtui.printable`): a page, a
file name or an option value cannot reach the terminal with escape sequences or control
characters. JSON keeps every character, those a terminal would act on written as `\\u`
escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import click

from ..model import Library
from ..printable import printable, printable_line

# JSON escapes C0 controls itself; these it would print as they are.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f]")


def load_manuals(sources: Sequence[str]) -> Library:
    """The loader, imported on first use: the explorer's first frame does not wait for it."""
    from ..load import load_manuals as load

    return load(sources)


def say(text: str = "", err: bool = False) -> None:
    """Print `text` (and a newline) on stdout (stderr if `err`), without anything a terminal
    would act on."""
    click.echo(printable(text), err=err)


def emit_json(data: object) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    click.echo(_JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text))


def emit_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain aligned table; the last column is not padded so long text is not cut."""
    texts = [[printable_line(str(cell)) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(header)]
    for row in [list(header), *texts]:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=False)] + [row[-1]]
        click.echo("  ".join(cells).rstrip())
