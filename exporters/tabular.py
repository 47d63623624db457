"""csv, json and markdown exports: one record per entry, for scripts and quick reading.

All three write the one entry record (`manualtui.record`): the same fields in the same order
with the same values. json is exactly what `manualtui entries --json` prints for the same
selection (JSON escapes every character, so nothing needs cleaning). csv has a column per
field, each value written as `field_text` writes it (`true`/`false`, lists joined by "; ");
fields go through the shared cleaner, and formula-like text gets the leading quote mark
OWASP recommends, so that opening the file in a spreadsheet never runs it. markdown gives
each entry a heading (its chapter title, marked where it was inferred) and a two-column
table of every field, values as in csv; cell text is cleaned and escaped so it cannot break
the table, inject HTML or make a link or a remote image (`[x](javascript:...)`,
`![x](https://...)`): page text stays text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..record import ENTRY_FIELDS, field_text, item_record
from .rows import display_title
from .text import clean, csv_text

if TYPE_CHECKING:
    from . import ExportRequest

_PROGRESS_EVERY = 1000


def write_json(request: ExportRequest, path: Path, progress: Callable[[float], None]) -> None:
    records = [item_record(item) for item in request.items]
    with path.open("w", encoding="utf-8") as out:
        json.dump(records, out, indent=2, ensure_ascii=False)
        out.write("\n")


def write_csv(request: ExportRequest, path: Path, progress: Callable[[float], None]) -> None:
    total = max(len(request.items), 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(ENTRY_FIELDS)
        for number, item in enumerate(request.items, 1):
            record = item_record(item)
            writer.writerow([csv_text(field_text(record[field])) for field in ENTRY_FIELDS])
            if number % _PROGRESS_EVERY == 0:
                progress(number / total)


def write_markdown(request: ExportRequest, path: Path, progress: Callable[[float], None]) -> None:
    total = max(len(request.items), 1)
    lines = [
        f"# Procedures manual changes: {_markdown_cell(request.selection.describe())}",
        "",
        f"{len(request.items)} entries. Written by manualtui {__version__}.",
    ]
    for number, item in enumerate(request.items, 1):
        record = item_record(item)
        lines += ["", f"## {number}. {_markdown_cell(display_title(item))}", ""]
        lines += ["| field | value |", "|---|---|"]
        lines += [f"| {f} | {_markdown_cell(field_text(record[f]))} |" for f in ENTRY_FIELDS]
        if number % _PROGRESS_EVERY == 0:
            progress(number / total)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _markdown_cell(text: str) -> str:
    """Text that stays text in a markdown table: no HTML, no link or image (`[x](...)`,
    `![x](...)`), nothing that ends the cell."""
    escaped = (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )
    return "<br>".join(line.strip() for line in escaped.splitlines() if line.strip()) or " "
