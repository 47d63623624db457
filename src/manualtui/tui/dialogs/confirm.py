"""A yes-or-no question before something that cannot be undone (clearing the marks)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from .form import FormDialog


class ConfirmDialog(FormDialog[bool]):
    """`question`, then enter (or the first button) for yes, escape for no."""

    CONFIRM = "yes"

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Label(Text(self.question))
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def finish(self) -> None:
        self.dismiss(True)
