"""The one-line search field: typing filters as you go; enter or down goes to the results,
escape back to where `/` was pressed.

It takes letters only once `/` has opened it: it is out of the Tab order (`can_focus` is
set only while it is open), so command keys never become a search by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input


class SearchBox(Input, can_focus=False):
    """An `Input` that hands focus back with enter, down (to the results) or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Results", id="search-results", tooltip="to the results"),
        Binding("down", "leave", "Results", show=False, id="search-down"),
        Binding(
            "escape", "cancel", "Cancel", id="search-cancel", tooltip="back to where / was pressed"
        ),
    ]

    DEFAULT_CSS = """
    SearchBox { border: none; height: 1; padding: 0 1; background: $boost; }
    SearchBox:focus { border: none; background: $panel; }
    """

    class Leave(Message):
        """The user is done typing: to the results (enter, down), or back (escape)."""

        def __init__(self, to_results: bool) -> None:
            super().__init__()
            self.to_results = to_results

    class Open(Message):
        """The box was clicked: open the search as `/` does."""

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
        self.post_message(self.Leave(to_results=True))

    def action_cancel(self) -> None:
        self.post_message(self.Leave(to_results=False))

    async def action_submit(self) -> None:
        await super().action_submit()
        self.post_message(self.Leave(to_results=True))

    def on_click(self, event: events.Click) -> None:
        if not self.has_focus:
            self.post_message(self.Open())
