"""A line above the footer while an export runs: where it is writing, and how far it got."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

if TYPE_CHECKING:
    from ..app import ExportRun


class ExportStatus(Horizontal):
    """Hidden unless an export runs (`app.export_run`)."""

    DEFAULT_CSS = """
    ExportStatus { height: 1; display: none; background: $panel; }
    ExportStatus.-running { display: block; }
    ExportStatus Label { width: auto; padding: 0 1; }
    ExportStatus ProgressBar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label("Exporting", id="export-label")
        yield ProgressBar(total=100, show_eta=False, id="export-bar")

    def on_mount(self) -> None:
        self.watch(self.app, "export_run", self._progress, init=True)

    def _progress(self, run: ExportRun | None) -> None:
        self.set_class(run is not None, "-running")
        if run is not None:
            self.query_one(ProgressBar).update(progress=round(run.fraction * 100))
            self.query_one("#export-label", Label).update(Text(f"Exporting {run.path}"))
