"""What the three views share: access to the app's state, palette commands, related data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.screen import Screen

from ...model import Item
from ..catalog import Catalog
from ..widgets.entry_view import EntryView
from ..widgets.item_table import ItemTable

if TYPE_CHECKING:
    from ..app import ManualApp
    from ..relations import Related

PaletteCommand = tuple[str, Callable[[], object], str]


class ViewScreen(Screen[None]):
    """A view of the loaded library (never shown before it is loaded)."""

    ALLOW_IN_MAXIMIZED_VIEW = "Footer, ViewBar, ExportStatus"
    ESCAPE_TO_MINIMIZE = False  # escape is each view's "back", which also minimizes

    @property
    def manual_app(self) -> ManualApp:
        return self.app  # type: ignore[return-value]

    @property
    def catalog(self) -> Catalog:
        catalog = self.manual_app.catalog
        assert catalog is not None, "views open once the library is loaded"
        return catalog

    def action_zoom(self) -> None:
        """Fill the screen with the focused pane, or go back to all panes."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused, container=False)

    def on_item_table_chosen(self, event: ItemTable.Chosen) -> None:
        """Enter on an entry: read it in full."""
        detail = self.query_one(EntryView)
        detail.focus()
        self.maximize(detail, container=False)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """This view's own actions, offered by the command palette."""
        return ()

    def related_ready(self, item: Item, related: Related) -> None:
        """A worker finished relating `item` to its chapter and counterpart."""
