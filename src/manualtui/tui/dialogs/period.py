"""A small dialog asking for a period: from and to, each a year or `YYYY-MM`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from ...select import parse_period
from .form import FormDialog

Period = tuple[str | None, str | None]


class PeriodDialog(FormDialog[Period]):
    """Returns (start, end) as `YYYY-MM` (a bare year: January / December), or None."""

    MOVES_ON = ("start",)

    def __init__(
        self, title: str, start: str | None, end: str | None, require_both: bool = True
    ) -> None:
        super().__init__()
        self.title_text = title
        self.start = start or ""
        self.end = end or ""
        self.require_both = require_both

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            with Horizontal(classes="field"):
                yield Label("From", classes="field-label")
                yield Input(self.start, placeholder="YYYY or YYYY-MM", id="start")
            with Horizontal(classes="field"):
                yield Label("To", classes="field-label")
                yield Input(self.end, placeholder="YYYY or YYYY-MM", id="end")
            yield Label("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#start", Input).focus()

    def finish(self) -> None:
        problem = self.query_one("#problem", Label)
        try:
            start, end = parse_period(
                self.query_one("#start", Input).value, self.query_one("#end", Input).value
            )
        except ValueError as error:
            problem.update(Text(str(error)))
            return
        if self.require_both and (start is None or end is None):
            problem.update("Give both ends (a year such as 2019, or 2019-04).")
            return
        self.dismiss((start, end))
