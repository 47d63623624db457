"""The one-line search field: typing filters as you go; enter or down moves to the results."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    """An `Input` that hands focus back to the results with enter, down or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "leave", "Results", show=False),
        Binding("escape", "clear_or_leave", "Clear", show=False),
    ]

    DEFAULT_CSS = """
    SearchBox { border: none; height: 1; padding: 0 1; background: $boost; }
    SearchBox:focus { border: none; background: $panel; }
    """

    class Leave(Message):
        """The user is done typing; focus the results."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="/ to search titles and details", id=id)

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_clear_or_leave(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.Leave())

    async def action_submit(self) -> None:
        await super().action_submit()
        self.post_message(self.Leave())
