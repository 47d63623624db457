"""A line above the footer while an export runs: where it is writing, and how far it got."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Label

if TYPE_CHECKING:
    from ..app import ExportRun


class ExportStatus(Horizontal):
    """Hidden unless an export runs (`app.export_run`). Its label and bar are made when the
    first export starts: the first screen has no use for them, and a progress bar (its
    parts and their styles) would delay it."""

    DEFAULT_CSS = """
    ExportStatus { height: 1; display: none; background: $panel; }
    ExportStatus.-running { display: block; }
    ExportStatus Label { width: auto; padding: 0 1; }
    ExportStatus ProgressBar { width: 1fr; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "export_run", self._progress, init=True)

    def _progress(self, run: ExportRun | None) -> None:
        self.set_class(run is not None, "-running")
        if run is None:
            return
        from textual.widgets import ProgressBar

        where = Text(f"Exporting {run.path}")
        done = round(run.fraction * 100)
        if not self.children:
            bar = ProgressBar(total=100, show_eta=False, id="export-bar")
            bar.update(progress=done)
            self.mount(Label(where, id="export-label"), bar)
            return
        self.query_one(ProgressBar).update(progress=done)
        self.query_one("#export-label", Label).update(where)
