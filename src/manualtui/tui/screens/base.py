"""What the three views share: the app's state, Escape as "back", reading in full, zoom,
what the view would export, and palette commands."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ...model import Item
from ...wording import count, period_text
from ..catalog import Catalog
from ..labels import filters_text
from ..state import ExportScope
from ..widgets.entry_view import EntryView
from ..widgets.item_table import ItemTable
from ..widgets.key_bar import key_hint

if TYPE_CHECKING:
    from ..app import ManualApp
    from ..relations import Related

PaletteCommand = tuple[str, Callable[[], object], str]


class ViewScreen(Screen[None]):
    """A view of the loaded library (the releases view is shown while loading)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            id="back",
            tooltip="out of the full-screen entry, the search or the list; "
            "then to the view you came from",
        ),
        Binding(
            "z", "zoom", "Zoom", show=False, id="zoom", tooltip="the focused pane, full screen"
        ),
        Binding(
            "g",
            "go_to",
            "Go to",
            show=False,
            id="go-to",
            tooltip="a release, council or chapter by part of its name",
        ),
    ]
    ALLOW_IN_MAXIMIZED_VIEW = "KeyBar, ViewBar, ExportStatus"
    ESCAPE_TO_MINIMIZE = False  # escape is the views' "back", which also minimizes

    def __init__(self) -> None:
        super().__init__()
        self.update_classes(breakpoint_classes(self.app), update=False)

    def _compositor_refresh(self) -> None:
        """Textual (8.2) draws a screen whose layout changed even while the app holds its
        updates (as it does while it starts), then throws the drawing away: at start-up, a
        whole first screen drawn for nothing. Here the screen is drawn once they are let go
        (the app's next message comes after)."""
        if self.app._batch_count:
            self.app.call_later(self.refresh)
            return
        super()._compositor_refresh()

    @property
    def manual_app(self) -> ManualApp:
        return self.app  # type: ignore[return-value]

    @property
    def catalog(self) -> Catalog:
        catalog = self.manual_app.catalog
        assert catalog is not None, "views open once the library is loaded"
        return catalog

    # -- back -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            if not self.is_mounted:
                return False
            return self.maximized is not None or self.can_step_back() or self.manual_app.can_go_back
        return True

    def action_back(self) -> None:
        """Out of the full screen, then back within the view, then to the view before."""
        if self.maximized is not None:
            self.minimize()
            self.after_minimize()
        elif self.can_step_back():
            self.step_back()
        else:
            self.manual_app.go_back()
        self.refresh_bindings()

    def can_step_back(self) -> bool:
        """Whether Escape has somewhere to go within this view."""
        return False

    def step_back(self) -> None:
        """Escape within the view (the search, the list...)."""

    def after_minimize(self) -> None:
        """Focus where the full screen was opened from."""

    # -- reading ----------------------------------------------------------------------

    def action_go_to(self) -> None:
        self.manual_app.action_go_to()

    def action_zoom(self) -> None:
        """Fill the screen with the focused pane, or go back to all panes."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused, container=False)
        self.refresh_bindings()

    def on_item_table_chosen(self, event: ItemTable.Chosen) -> None:
        """Enter on an entry: read it in full."""
        detail = self.query_one(EntryView)
        detail.focus()
        self.maximize(detail, container=False)
        self.refresh_bindings()

    # -- what the app asks of a view --------------------------------------------------

    def current_item(self) -> Item | None:
        """The entry highlighted in this view, if any."""
        return None

    def show_item(self, item: Item) -> None:
        """Highlight `item` (coming back to this view)."""

    def export_scope(self) -> ExportScope:
        """What an export from this view covers: the marks, narrowed by the filters."""
        marks, filters = self.manual_app.marks, self.manual_app.filters
        parts: list[str] = []
        if marks.start and marks.end:
            parts.append(f"the releases marked, {period_text(marks.start, marks.end)}")
        if marks.entry_ids:
            parts.append(count(len(marks.entry_ids), "entry marked", "entries marked"))
        if filters.filters_anything:
            parts.append(f"filter: {filters_text(filters)}")
        return ExportScope(marks.selection(filters), "; ".join(parts) or "every entry")

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """This view's own actions, offered by the command palette."""
        return ()

    def related_ready(self, item: Item, related: Related) -> None:
        """A worker finished relating `item` to its chapter and counterpart."""


def breakpoint_classes(app: App[object]) -> dict[str, bool]:
    """The app's breakpoint classes for the terminal's size, as Textual sets them on a screen
    when it is first resized. A view sets them as it is made: set after its widgets are
    composed, they would style every widget again before the first screen is drawn."""
    width, height = app.size
    classes: dict[str, bool] = {}
    for size, breakpoints in (
        (width, app.HORIZONTAL_BREAKPOINTS or []),
        (height, app.VERTICAL_BREAKPOINTS or []),
    ):
        reached = [name for least, name in sorted(breakpoints) if size >= least]
        classes |= {name: name == reached[-1] if reached else False for _, name in breakpoints}
    return classes


class EntriesScreen(ViewScreen):
    """A view listing entries one by one (releases, chapter): the highlighted entry, or its
    whole chapter, can be marked read in the user's library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x",
            "toggle_read",
            "Mark read",
            show=False,
            id="read-entry",
            tooltip="the highlighted entry, read today, in your library (again: unmark)",
        ),
        Binding(
            "c",
            "toggle_chapter_read",
            "Chapter read",
            show=False,
            id="read-chapter",
            tooltip="every entry of the highlighted entry's chapter, read today (again: unmark)",
        ),
    ]

    def reading_commands(self) -> list[PaletteCommand]:
        """The palette's commands for the highlighted entry's reading progress."""
        if self.current_item() is None:
            return []
        return [
            (
                "Entry: mark read, or unmark",
                self.action_toggle_read,
                key_hint(EntriesScreen, "read-entry"),
            ),
            (
                "Chapter: mark every entry read, or unmark",
                self.action_toggle_chapter_read,
                key_hint(EntriesScreen, "read-chapter"),
            ),
        ]

    def action_toggle_read(self) -> None:
        item = self.current_item()
        if item is not None:
            self.manual_app.toggle_read(item)

    def action_toggle_chapter_read(self) -> None:
        item = self.current_item()
        if item is not None:
            self.manual_app.toggle_chapter_read(item)
