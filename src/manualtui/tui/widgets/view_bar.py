"""The top line: the three views with their keys, then what is filtered and marked, and
(on the library) how many entries are new to the user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from ...wording import count
from ..labels import NEW_MARK, filters_text

if TYPE_CHECKING:
    from ..app import ManualApp

VIEW_TABS = (
    ("releases", "1", "Releases"),
    ("compare", "2", "Compare"),
    ("chapter", "3", "Chapter"),
)


class ViewBar(Static):
    """`[1 Releases]  2 Compare  3 Chapter    filter: ... marked: ... + 3 new` (the active
    view bracketed)."""

    DEFAULT_CSS = """
    ViewBar { height: 1; background: $panel; color: $text; }
    """

    def __init__(self, active: str) -> None:
        super().__init__("", id="view-bar")
        self.active = active

    def on_mount(self) -> None:
        for state in ("catalog", "filters", "marks", "reading"):
            self.watch(self.app, state, self._changed, init=False)
        self._changed()

    def on_resize(self) -> None:
        self._changed()

    def _changed(self, _: object = None) -> None:
        self.update(self.bar_text(self.size.width))

    def bar_text(self, width: int) -> Text:
        app: ManualApp = self.app  # type: ignore[assignment]
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for view, key, name in VIEW_TABS:
            if view == self.active:
                text.append(f"[{key} {name}]", "bold reverse")
            else:
                text.append(f" {key} {name} ", "dim")
        status = Text(no_wrap=True, end="")
        if app.catalog is None:
            sources = len(app.sources)
            if sources:
                reading = f"reading {count(sources, 'page')}..."
            elif app.opens_library:
                reading = "reading your library..."
            else:
                reading = "reading the sample manuals..."
            status.append(reading, "dim")
        elif app.still_reading:
            status.append(f"reading {count(app.still_reading, 'more manual')}...", "dim")
        if app.filters.filters_anything:
            status.append("filter: ", "dim")
            status.append(filters_text(app.filters), "bold")
        if not app.marks.empty:
            if status:
                status.append("  ")
            status.append("marked: ", "dim")
            status.append(app.marks.describe(), "bold")
        if app.reading is not None and app.reading.new:
            if status:
                status.append("  ")
            status.append(f"{NEW_MARK} {len(app.reading.new)} new", "bold")
        gap = max(1, width - text.cell_len - status.cell_len - 1)
        text.append(" " * gap)
        text.append_text(status)
        text.truncate(max(width, 1), overflow="ellipsis")
        return text
