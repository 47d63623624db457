"""A line above the footer while an export runs: where it is writing, and how far it got."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

if TYPE_CHECKING:
    from ..app import ManualApp


class ExportStatus(Horizontal):
    """Hidden unless `app.export_progress` is a fraction."""

    DEFAULT_CSS = """
    ExportStatus { height: 1; display: none; background: $panel; }
    ExportStatus.-running { display: block; }
    ExportStatus Label { width: auto; padding: 0 1; }
    ExportStatus ProgressBar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label("Exporting…", id="export-label")
        yield ProgressBar(total=100, show_eta=False, id="export-bar")

    def on_mount(self) -> None:
        self.watch(self.app, "export_progress", self._progress, init=True)

    def _progress(self, fraction: float | None) -> None:
        app: ManualApp = self.app  # type: ignore[assignment]
        self.set_class(fraction is not None, "-running")
        if fraction is not None:
            self.query_one(ProgressBar).update(progress=round(fraction * 100))
            self.query_one("#export-label", Label).update(
                Text(f"Exporting {app.export_target or ''}")
            )
