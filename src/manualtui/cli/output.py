"""How commands print: JSON, aligned tables, and the loader imported on first use."""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from ..model import Library


def load_manuals(sources: Sequence[str]) -> Library:
    """The loader, imported on first use: the explorer's first frame does not wait for it."""
    from ..load import load_manuals as load

    return load(sources)


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def emit_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain aligned table; the last column is not padded so long text is not cut."""
    texts = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(header)]
    for row in [list(header), *texts]:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=False)] + [row[-1]]
        click.echo("  ".join(cells).rstrip())
