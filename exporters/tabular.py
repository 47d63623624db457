"""csv, json and markdown exports: one record per entry, for scripts and quick reading.

json is exactly what `manualtui entries --json` prints for the same selection (JSON escapes
every character, so nothing needs cleaning; `title_inferred` and `inference` say where a
title was inferred). csv takes its columns from `columns.toml`; fields go through the
shared cleaner, and formula-like text gets the leading quote mark OWASP recommends, so
that opening the file in a spreadsheet never runs it. markdown is a titled table; cell text
is cleaned and escaped so it cannot break the table, inject HTML or make a link or a remote
image (`[x](javascript:...)`, `![x](https://...)`): page text stays text. In csv and markdown the
chapter title is shown as in the tracker and briefing: "(title inferred)" where it was.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..model import Item
from ..record import item_record
from .columns import load_settings
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
    fields = load_settings().csv_fields
    total = max(len(request.items), 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(fields)
        for number, item in enumerate(request.items, 1):
            record = _shown_record(item)
            writer.writerow([csv_text(_flat(record[field])) for field in fields])
            if number % _PROGRESS_EVERY == 0:
                progress(number / total)


def write_markdown(request: ExportRequest, path: Path, progress: Callable[[float], None]) -> None:
    settings = load_settings()
    labels: dict[str, dict[str, str]] = {
        "priority": {p.value: label for p, label in settings.priorities.items()},
        "kind": {k.value: label for k, label in settings.kinds.items()},
    }
    lines = [
        f"# Procedures manual changes: {_markdown_cell(request.selection.describe())}",
        "",
        f"{len(request.items)} entries. Written by manualtui {__version__}.",
        "",
        "| " + " | ".join(settings.markdown_headers) + " |",
        "|" + "---|" * len(settings.markdown_headers),
    ]
    for item in request.items:
        record = _shown_record(item)
        cells = [
            labels.get(field, {}).get(str(record[field]), _flat(record[field]))
            for field in settings.markdown_fields
        ]
        lines.append("| " + " | ".join(_markdown_cell(c) for c in cells) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _shown_record(item: Item) -> dict[str, object]:
    """The entry's record with its chapter title as the exports show it (see `display_title`)."""
    record = item_record(item)
    record["chapter_title"] = display_title(item)
    return record


def _flat(value: object) -> str:
    """A record value as one text: lists joined with "; ", sections as "6 Name"."""
    if isinstance(value, list):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


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
