"""The export toolkit: one selection of items in, one file out (xlsx, docx, csv, json, md).

`export(ExportRequest(...))` is the one entry point the CLI and the TUI call. It checks the
target, writes the file atomically (a temporary file in the same folder, then a link that
never replaces anything unless `force`; see `atomic`) and returns the path written. Problems
a user can fix (an existing file without `force`, a missing or read-only folder, an unknown
format, an empty selection) raise
`ManualError(path, problem)`, the same for every format. `check_target` is the target check
alone, for callers that want to refuse a bad path before loading anything.

The writers import openpyxl and python-docx themselves, only when their format is asked
for, so `import exporters` stays cheap for the CLI and the TUI.
"""

from __future__ import annotations

import gc
import getpass
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ManualError
from ..model import Item, Library
from ..select import Selection
from .atomic import check_target, write_atomically

if TYPE_CHECKING:
    from ..library.progress import Progress as ReadingProgress

__all__ = ["FORMATS", "GROUPINGS", "ExportRequest", "Progress", "check_target", "export"]

FORMATS = ("xlsx", "docx", "csv", "json", "md")
GROUPINGS = ("chapter", "entry")

Progress = Callable[[float], None]

# format -> (module, function); each function is `write(request, path, progress) -> None`.
_WRITERS: dict[str, tuple[str, str]] = {
    "xlsx": (".xlsx_tracker", "write_tracker"),
    "docx": (".docx_briefing", "write_briefing"),
    "csv": (".tabular", "write_csv"),
    "json": (".tabular", "write_json"),
    "md": (".tabular", "write_markdown"),
}


@dataclass(frozen=True)
class ExportRequest:
    """What to export, where, and how.

    `items` are the selected items (usually `selection.apply(library)`); `library` and
    `selection` give the context written on title pages and About sheets. `by` groups the
    xlsx checklist: "chapter" (one row per chapter, earlier changes listed in the row) or
    "entry" (one row per entry); the other formats list entries. `staff` adds the xlsx
    Staff sheet and fills the docx sign-off table; `due` fills due dates (xlsx) and the
    "re-read by" dates (docx). `appendix` adds to the docx the list of every entry.
    `prepared_by` names the author (xlsx and docx; the login name if empty). `force` allows
    replacing an existing file. `prefill` (xlsx) is reading progress to start statuses
    from, by person then entry id (`Item.id`): with staff, each person's Staff column
    follows their own; without, the Checklist follows the one person's given.
    """

    fmt: str
    path: Path
    items: Sequence[Item]
    library: Library
    selection: Selection
    force: bool = False
    by: str = "chapter"
    staff: tuple[str, ...] = ()
    due: date | None = None
    appendix: bool = False
    prepared_by: str = ""
    prefill: Mapping[str, Mapping[str, ReadingProgress]] = field(default_factory=dict)

    @property
    def author(self) -> str:
        """Who prepared the file: `prepared_by`, else the login name, else nobody."""
        return " ".join(self.prepared_by.split()) or _login_name()


def export(request: ExportRequest, progress: Progress | None = None) -> Path:
    """Write `request.items` to `request.path` in `request.fmt`; return the path written.

    `progress`, if given, is called with fractions from 0.0 to 1.0 as the work proceeds
    (from the calling thread). Raises `ManualError` for an unknown format or grouping, an
    existing file without `force`, a missing or unwritable folder, an empty selection (in
    every format: an empty tracker or briefing helps no one, and an empty csv looks like a
    failure), a briefing longer than a meeting can use (`docx_briefing.MOST_ENTRIES`), or a
    failed write; in every failure any earlier file at `path` is left
    untouched and no partial file remains.
    """
    if request.fmt not in FORMATS:
        raise ManualError(
            str(request.path), f"unknown export format '{request.fmt}' (use {', '.join(FORMATS)})"
        )
    if request.by not in GROUPINGS:
        raise ManualError(
            str(request.path), f"unknown grouping '{request.by}' (use {' or '.join(GROUPINGS)})"
        )
    target = check_target(request.path, request.force)
    if not request.items:
        raise ManualError(
            str(target),
            f"nothing to export: the selection has no entries ({request.selection.describe()})",
        )
    report = progress or _ignore_progress
    module_name, function_name = _WRITERS[request.fmt]
    writer = getattr(import_module(module_name, __package__), function_name)
    with _collector_paused():
        written = write_atomically(
            target, lambda temp: writer(request, temp, report), force=request.force
        )
    report(1.0)
    return written


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Writing makes many short-lived objects beside a loaded library of millions of
    long-lived ones, which the cyclic collector would otherwise rescan again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or passwd
        return ""


def _ignore_progress(fraction: float) -> None:
    """The progress callback used when the caller gives none."""
