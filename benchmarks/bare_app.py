"""The baseline for the explorer's first screen and keys: a bare Textual app (Header, a
DataTable of one row, Footer), started the same way (`python -m benchmarks.bare_app`).

It answers the keys the explorer is measured on, the plainest way Textual allows: `?` opens
a help screen (one Static), `2` switches to a second screen (a DataTable of one row),
`ctrl+p` opens Textual's command palette, `q` quits.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Static

ROW = ("Bare Borough Council", "October 2020", "Bare baseline row")
HELP = "Bare help: keys and views"
COMPARED = ("Bare compared chapter", "October 2020", "November 2020")


class BareHelp(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        yield Static(HELP)


def one_row_table(columns: tuple[str, ...], row: tuple[str, ...]) -> ComposeResult:
    """Header, a DataTable of one row, Footer."""
    table: DataTable[str] = DataTable()
    table.add_columns(*columns)
    table.add_row(*row)
    yield Header()
    yield table
    yield Footer()


class BareCompare(Screen[None]):
    def compose(self) -> ComposeResult:
        yield from one_row_table(("Chapter", "A", "B"), COMPARED)


class BareApp(App[None]):
    MODES: ClassVar = {"compare": BareCompare}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("2", "switch_mode('compare')", "Compare"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield from one_row_table(("Council", "Release", "Chapter"), ROW)

    def action_help(self) -> None:
        self.push_screen(BareHelp())


if __name__ == "__main__":
    BareApp().run()
