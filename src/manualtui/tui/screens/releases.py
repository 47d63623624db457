"""The releases view: manuals and releases -> a release's entries -> one entry in full.

The tree on the left picks a scope (everything, a manual, a year, a release); the list
shows the scope's entries that pass the filters, or, while a search is typed, every
matching entry in the library; the pane below shows the highlighted entry in full.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.timer import Timer
from textual.widgets import Footer, Tree

from ...model import Item, Release
from ..catalog import ItemsAt
from ..state import Filters, Marks
from ..widgets.entry_view import EntryView
from ..widgets.export_status import ExportStatus
from ..widgets.item_table import ItemTable
from ..widgets.release_tree import ReleaseTree, Scope
from ..widgets.search_box import SearchBox
from ..widgets.view_bar import ViewBar
from .base import PaletteCommand, ViewScreen

if TYPE_CHECKING:
    from ..relations import Related


TYPING_PAUSE = 0.15  # seconds without a keystroke before the entry pane follows a search


class ReleasesScreen(ViewScreen):
    """Tree of releases, list of entries, entry in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search"),
        Binding("h", "history", "History", id="history"),
        Binding("escape", "back", "Back", show=False, id="back"),
        Binding("z", "zoom", "Zoom pane", show=False, id="zoom"),
        Binding("y", "copy", "Copy entry", show=False, id="copy-entry"),
        Binding("g", "go_to", "Go to", show=False, id="go-to"),
        Binding("tab", "focus_next_pane", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "focus_previous_pane", "Previous pane", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._candidates: Sequence[int] = ()
        self._scope = Scope()
        self._ready = False
        self._detail_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ViewBar("releases")
        with Horizontal(id="releases-body"):
            yield ReleaseTree(id="tree")
            with Vertical(id="releases-main"):
                yield SearchBox(id="search", on_change=self._query_changed)
                yield ItemTable(id="entries")
                yield EntryView(id="detail")
        yield ExportStatus()
        yield Footer()

    def on_mount(self) -> None:
        if self.manual_app.catalog is None:  # the first screen, shown while loading
            self.query_one("#releases-body").loading = True
        else:
            self.library_ready()

    def library_ready(self) -> None:
        """Fill the view from the loaded library."""
        self.query_one("#releases-body").loading = False
        self.query_one(ViewBar).refresh_bar()
        self._candidates = self._filtered(self.manual_app.filters)
        tree = self.query_one(ReleaseTree)
        tree.populate(self.catalog.library, self._release_counts(), self.manual_app.marks.in_range)
        self.query_one(ItemTable).set_councils(self.catalog.library.councils)
        self.query_one("#entries").border_title = "Entries"
        self.query_one("#detail").border_title = "Entry"
        self.watch(self.manual_app, "filters", self._filters_changed, init=False)
        self.watch(self.manual_app, "marks", self._marks_changed, init=False)
        self._refresh_entries()
        self._ready = True
        tree.focus()
        first = (
            next(iter(self.catalog.library.manuals[0].releases), None)
            if (self.catalog.library.manuals)
            else None
        )
        if first is not None:
            tree.select_scope(0, first)

    # -- what the list shows ----------------------------------------------------------

    def _filtered(self, filters: Filters) -> Sequence[int]:
        """Positions of the items the filters let through (all: a range)."""
        items = self.catalog.items
        if not filters.active:
            return range(len(items))
        return [p for p, item in enumerate(items) if filters.matches(item)]

    def _filters_changed(self, filters: Filters) -> None:
        self._candidates = self._filtered(filters)
        self._refresh_tree_labels()
        self._refresh_entries()

    def _marks_changed(self, marks: Marks) -> None:
        self.query_one(ItemTable).set_marked(marks.entry_ids)
        self._refresh_tree_labels()

    def _release_counts(self) -> Mapping[tuple[int, int], int]:
        """Entries per (manual, release line) that the filters let through."""
        catalog = self.catalog
        if not self.manual_app.filters.active:
            return catalog.release_sizes
        return Counter(map(catalog.release_of.__getitem__, self._candidates))

    def _refresh_tree_labels(self) -> None:
        self.query_one(ReleaseTree).refresh_labels(
            self._release_counts(), self.manual_app.marks.in_range
        )

    def _scope_positions(self, scope: Scope) -> Sequence[int]:
        catalog = self.catalog
        if scope.manual is None:
            return range(len(catalog.items))
        manual = catalog.library.manuals[scope.manual]
        if scope.release is not None:
            return catalog.release_positions(scope.manual, scope.release)
        if scope.year is not None:
            return [
                p
                for release in manual.releases
                if release.year == scope.year
                for p in catalog.release_positions(scope.manual, release)
            ]
        return catalog.manual_positions(scope.manual)

    def _refresh_entries(self, keep: Item | None = None) -> None:
        catalog = self.catalog
        table = self.query_one(ItemTable)
        query = self.query_one(SearchBox).value
        pane = self.query_one("#entries")
        filters = self.manual_app.filters
        positions: Sequence[int]
        if query.strip():
            positions = catalog.search_index.search(query, self._candidates)
            pane.border_title = escape(f"Search “{query.strip()}” in all releases")
            show_release = True
        else:
            scope_positions = self._scope_positions(self._scope)
            positions = (
                scope_positions
                if not filters.active
                else [p for p in scope_positions if filters.matches(catalog.items[p])]
            )
            pane.border_title = escape(self._scope.describe(catalog.library))
            show_release = self._scope.release is None
        count = len(positions)
        pane.border_subtitle = f"{count} entr{'y' if count == 1 else 'ies'}" + (
            " (filtered)" if filters.active else ""
        )
        show_council = len(catalog.library.manuals) > 1 and (
            bool(query.strip()) or self._scope.manual is None
        )
        table.set_items(
            ItemsAt(catalog.items, positions),
            show_release=show_release,
            show_council=show_council,
            keep=keep or table.current,
        )
        table.set_marked(self.manual_app.marks.entry_ids)

    # -- events -----------------------------------------------------------------------

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Scope]) -> None:
        scope = event.node.data or Scope()
        if scope != self._scope:
            self._scope = scope
            if not self.query_one(SearchBox).value.strip():
                self._refresh_entries()

    def on_tree_node_selected(self, event: Tree.NodeSelected[Scope]) -> None:
        scope = event.node.data or Scope()
        if scope.release is not None:
            self.query_one(ItemTable).focus()

    def _query_changed(self, _: str) -> None:
        if self._ready:
            self._refresh_entries()

    def on_search_box_leave(self, _: SearchBox.Leave) -> None:
        self.query_one(ItemTable).focus()

    def on_item_table_highlighted(self, event: ItemTable.Highlighted) -> None:
        if isinstance(self.focused, SearchBox):
            # while a query is typed, the entry pane waits for a pause in the typing
            if self._detail_timer is not None:
                self._detail_timer.stop()
            self._detail_timer = self.set_timer(TYPING_PAUSE, self._detail_for_current)
        else:
            self._detail_for(event.item)

    def _detail_for_current(self) -> None:
        self._detail_timer = None
        self._detail_for(self.query_one(ItemTable).current)

    def _detail_for(self, item: Item | None) -> None:
        if item is not None:
            self.manual_app.current_item = item
        related = self.manual_app.related_now(item) if item is not None else None
        self._show_detail(item, related)

    def related_ready(self, item: Item, related: Related) -> None:
        if self.query_one(EntryView).item is item:
            self._show_detail(item, related)

    def _show_detail(self, item: Item | None, related: Related | None) -> None:
        detail = self.query_one(EntryView)
        partner = self.manual_app.partner_for(item.council) if item is not None else None
        detail.show(self.catalog, item, empty="No entries here.", related=related, partner=partner)

    def on_item_table_mark_toggled(self, event: ItemTable.MarkToggled) -> None:
        app = self.manual_app
        app.marks = app.marks.toggle_entry(event.item.id)

    def on_release_tree_release_marked(self, event: ReleaseTree.ReleaseMarked) -> None:
        app = self.manual_app
        app.marks = app.marks.mark_release(event.release.key)
        marks = app.marks
        if marks.pending:
            self.notify(
                f"Range starts at {event.release.label}: press m on the last release.",
                timeout=6,
                markup=False,
            )
        else:
            self.notify(f"Marked releases {marks.start} to {marks.end}.", timeout=4)

    # -- actions ----------------------------------------------------------------------

    def action_search(self) -> None:
        self.minimize()
        self.query_one(SearchBox).focus()

    def action_history(self) -> None:
        item = self.query_one(ItemTable).current
        if item is None or not item.chapter:
            self.notify("Highlight an entry with a chapter first.", severity="warning")
            return
        self.manual_app.show_chapter(self.catalog.manual_of(item), item.chapter)

    def action_back(self) -> None:
        if self.maximized is not None:
            self.minimize()
            self.query_one(ItemTable).focus()
        elif isinstance(self.focused, EntryView):
            self.query_one(ItemTable).focus()
        else:
            self.query_one(ReleaseTree).focus()

    def action_focus_next_pane(self) -> None:
        self._cycle(1)

    def action_focus_previous_pane(self) -> None:
        self._cycle(-1)

    def _cycle(self, step: int) -> None:
        if self.maximized is not None:
            self.minimize()
        panes = [
            self.query_one(ReleaseTree),
            self.query_one(SearchBox),
            self.query_one(ItemTable),
            self.query_one(EntryView),
        ]
        current = panes.index(self.focused) if self.focused in panes else 0
        panes[(current + step) % len(panes)].focus()

    def action_go_to(self) -> None:
        self.manual_app.action_go_to()

    def action_copy(self) -> None:
        """Copy the highlighted entry as text (OSC 52: works over SSH too)."""
        item = self.query_one(ItemTable).current
        if item is None:
            return
        self.app.copy_to_clipboard(self.query_one(EntryView).plain)
        self.notify("Entry copied to the clipboard.", timeout=3)

    def action_mark_release(self) -> None:
        self.query_one(ReleaseTree).action_mark_release()

    def palette_commands(self) -> list[PaletteCommand]:
        table = self.query_one(ItemTable)
        commands: list[PaletteCommand] = [
            ("Search titles and details", self.action_search, "(/)"),
            ("Zoom the focused pane", self.action_zoom, "(z)"),
        ]
        if table.current is not None:
            commands += [
                ("Entry: read in full", lambda: table.action_choose(), "(enter)"),
                ("Entry: mark or unmark for export", lambda: table.action_toggle_mark(), "(space)"),
                ("Entry: chapter history", self.action_history, "(h)"),
                ("Entry: copy as text", self.action_copy, "(y)"),
            ]
        if self.query_one(ReleaseTree).scope.release is not None:
            commands.append(
                ("Release: mark as one end of the range", self.action_mark_release, "(m)")
            )
        return commands

    def go_to(self, manual: int, release: Release | None) -> None:
        """Put the tree cursor on a manual or release (palette "go to")."""
        self.minimize()
        self.query_one(SearchBox).value = ""
        tree = self.query_one(ReleaseTree)
        tree.select_scope(manual, release)
        tree.focus()
