"""The one-line search field: typing filters as you go; enter or down moves to the results."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
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

    def __init__(
        self, *, on_change: Callable[[str], None] | None = None, id: str | None = None
    ) -> None:
        super().__init__(placeholder="/ to search titles and details", id=id)
        self.on_change = on_change

    def _watch_value(self, value: str) -> None:
        # Input widens its virtual size to the text on every keystroke, which lays out the
        # whole screen; a one-line field needs no layout for that, so set it quietly first.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def watch_value(self, value: str) -> None:
        """Search at once, in the same turn as the key (a `Changed` message would wait
        behind a screen refresh); `Changed` is still posted for anyone else."""
        if self.on_change is not None:
            self.on_change(value)

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
