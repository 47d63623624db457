"""The first screen: shown at once while the loading worker reads the manuals."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    """A loading indicator and a line saying what is being read."""

    def compose(self) -> ComposeResult:
        sources = getattr(self.app, "sources", ())
        what = f"{len(sources)} manual{'s' if len(sources) != 1 else ''}" if sources else (
            "the bundled sample manuals")
        with Middle(id="loading"):
            with Center():
                yield Static(f"manualtui · reading {what}…", id="loading-text")
            yield LoadingIndicator()
        yield Footer()
