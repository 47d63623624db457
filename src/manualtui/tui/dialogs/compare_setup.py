"""The compare setup dialog: which two councils, over which period."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from ...select import parse_period
from ...wording import short_council
from ..state import CompareSetup
from .form import FormDialog


class CompareDialog(FormDialog[CompareSetup]):
    """Council A, council B, from and to (a year such as 2019, or 2019-04)."""

    MOVES_ON = ("start",)

    def __init__(self, councils: tuple[str, ...], setup: CompareSetup) -> None:
        super().__init__()
        self.councils = councils
        self.setup = setup

    def compose(self) -> ComposeResult:
        options = [(Text(short_council(c)), c) for c in self.councils]
        with Vertical(classes="dialog", id="compare-dialog") as box:
            box.border_title = "Compare two councils"
            with Horizontal(classes="field"):
                yield Label("From", classes="field-label")
                yield Input(self.setup.start or "", placeholder="YYYY or YYYY-MM", id="start")
                yield Label("To", classes="field-label")
                yield Input(self.setup.end or "", placeholder="YYYY or YYYY-MM", id="end")
            with Horizontal(classes="field"):
                yield Label("A", classes="field-label")
                yield Select(options, value=self.setup.council_a, allow_blank=False, id="a")
                yield Label("B", classes="field-label")
                yield Select(options, value=self.setup.council_b, allow_blank=False, id="b")
            yield Label("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Compare", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#start", Input).focus()

    def finish(self) -> None:
        problem = self.query_one("#problem", Label)
        start_text = self.query_one("#start", Input).value
        end_text = self.query_one("#end", Input).value
        year = start_text.strip()
        if year and not end_text.strip() and year.isascii() and year.isdigit():
            end_text = start_text  # "2019" alone means the whole of 2019
        try:
            start, end = parse_period(start_text, end_text)
        except ValueError as error:
            problem.update(Text(str(error)))
            return
        a = self.query_one("#a", Select).value
        b = self.query_one("#b", Select).value
        if not isinstance(a, str) or not isinstance(b, str) or a == b:
            problem.update("Choose two different councils.")
            return
        self.dismiss(CompareSetup(a, b, start, end))
