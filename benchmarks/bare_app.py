"""The baseline for the explorer's first screen: a bare Textual app (Header, a DataTable of
one row, Footer), started the same way (`python -m benchmarks.bare_app`)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROW = ("Bare Borough Council", "October 2020", "Bare baseline row")


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("Council", "Release", "Chapter")
        table.add_row(*ROW)


if __name__ == "__main__":
    BareApp().run()
