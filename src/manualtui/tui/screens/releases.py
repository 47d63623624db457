"""The releases view: manuals and releases -> a release's entries -> one entry in full.

The tree on the left picks a scope (everything, a manual, a year, a release); the list
shows the scope's entries that pass the filters; the pane below shows the highlighted entry
in full. `/` opens the search: while a search is on, the list holds every matching entry in
the library and fills the width (the tree steps aside). Tab goes round the tree, the list
and the entry, never into the search box; Escape steps back: out of the search to where `/`
was pressed, from the entry to the list, from the list to the tree, then to the view
before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Tree

from ...model import Item, Release
from ...select import Selection
from ...wording import count
from ..catalog import Catalog, ItemsAt
from ..state import ChapterFocus, Marks, Reading
from ..widgets.entry_view import EntryView
from ..widgets.export_status import ExportStatus
from ..widgets.item_table import MEASURED, ItemTable
from ..widgets.key_bar import KeyBar, key_hint
from ..widgets.release_tree import ReleaseTree, Scope
from ..widgets.search_box import SearchBox
from ..widgets.view_bar import ViewBar
from .base import EntriesScreen, PaletteCommand

if TYPE_CHECKING:
    from ..relations import Related


TYPING_PAUSE = 0.15  # seconds without a keystroke before the entry pane follows a search


class ReleasesScreen(EntriesScreen):
    """Tree of releases, list of entries, entry in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "search", "Search", id="search", tooltip="titles and details, as you type"
        ),
        Binding(
            "h",
            "history",
            "History",
            id="history",
            tooltip="the entry's chapter, in the chapter view",
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            show=False,
            id="copy-entry",
            tooltip="the highlighted entry as text (over SSH too)",
        ),
        Binding("tab", "focus_next_pane", "Next pane", show=False, id="next-pane"),
        Binding(
            "shift+tab", "focus_previous_pane", "Previous pane", show=False, id="previous-pane"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._candidates: Sequence[int] = ()
        self._scope = Scope()
        self._ready = False
        self._detail_timer: Timer | None = None
        self._before_search: Widget | None = None

    def compose(self) -> ComposeResult:
        yield ViewBar("releases")
        with Horizontal(id="releases-body"):
            yield ReleaseTree(id="tree")
            with Vertical(id="releases-main"):
                yield SearchBox(id="search", on_change=self._query_changed)
                yield ItemTable(id="entries")
                yield EntryView(id="detail")
        yield ExportStatus()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#entries").border_title = "Entries"
        self.query_one("#detail").border_title = "Entry"
        app = self.manual_app
        if app.catalog is None:
            app.show_first_library()
        self.watch(app, "filters", self._filters_changed, init=False)
        self.watch(app, "marks", self._marks_changed, init=False)
        self.watch(app, "reading", self._reading_changed, init=False)
        self.watch(app, "catalog", self._library_ready, init=False)
        if app.catalog is None:  # the first screen, shown while loading
            self.query_one("#releases-body").loading = True
        else:
            self._library_ready(app.catalog)

    def _library_ready(self, catalog: Catalog | None) -> None:
        """Fill the view from the loaded library: on its first manual's latest release, or
        where the view was on the first manual, shown while the rest was read."""
        if catalog is None:
            return
        shown = self._place() if self._ready else None
        self.query_one("#releases-body").loading = False
        self._candidates = self._filtered(self.manual_app.filters)
        tree = self.query_one(ReleaseTree)
        tree.populate(catalog.library, self._release_counts(), self.manual_app.marks.in_range)
        self.query_one(ItemTable).set_councils(catalog.library.councils)
        self._ready = True
        manuals = catalog.library.manuals
        first = manuals[0] if manuals else None
        if shown is not None and self._go_back_to(catalog, *shown):
            return
        if first is not None and first.releases:
            self.go_to(first.key, first.releases[0])
        else:
            self._refresh_entries()
            tree.focus()

    def _place(self) -> tuple[Scope, str | None]:
        """Where the view is: the tree's scope and the highlighted entry's id."""
        current = self.query_one(ItemTable).current
        return self.query_one(ReleaseTree).scope, current.id if current is not None else None

    def _go_back_to(self, catalog: Catalog, scope: Scope, item_id: str | None) -> bool:
        """The same manual and release (and entry, by its id) in `catalog`, if it has them."""
        if scope.manual not in catalog.manuals or scope.release is None:
            return False
        manual = catalog.manual(scope.manual)
        release = next((r for r in manual.releases if r.line == scope.release.line), None)
        if release is None:
            return False
        positions = catalog.release_positions(manual.key, release)
        item = next((catalog.items[p] for p in positions if catalog.items[p].id == item_id), None)
        focused = self.focused
        self.go_to(manual.key, release, item)
        if focused is not None and focused.is_attached and item is not None:
            focused.focus()
        return True

    # -- what the list shows ----------------------------------------------------------

    @property
    def searching(self) -> bool:
        return bool(self.query_one(SearchBox).value.strip())

    def _filtered(self, filters: Selection) -> Sequence[int]:
        """Positions of the items the filters let through (all: a range)."""
        items = self.catalog.items
        if not filters.filters_anything:
            return range(len(items))
        return [p for p, item in enumerate(items) if filters.matches(item)]

    def _filters_changed(self, filters: Selection) -> None:
        if not self._ready:
            return
        self._candidates = self._filtered(filters)
        self._refresh_tree_labels()
        self._refresh_entries()

    def _marks_changed(self, marks: Marks) -> None:
        if not self._ready:
            return
        self.query_one(ItemTable).set_marked(marks.entry_ids)
        self._refresh_tree_labels()

    def _reading_changed(self, reading: Reading | None) -> None:
        if not self._ready:
            return
        self.query_one(ItemTable).set_reading(reading)
        self._detail_for(self.query_one(ItemTable).current)

    def _release_counts(self) -> Mapping[tuple[str, int], int]:
        """Entries per (manual, release line) that the filters let through."""
        catalog = self.catalog
        if not self.manual_app.filters.filters_anything:
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
        if scope.release is not None:
            return catalog.release_positions(scope.manual, scope.release)
        if scope.year is not None:
            manual = catalog.manual(scope.manual)
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
        query = self.query_one(SearchBox).value.strip()
        filters = self.manual_app.filters
        positions: Sequence[int]
        longest_title: int | None = None
        if query:
            positions = catalog.search_index.search(query, self._candidates)
            widths = catalog.label_widths
            longest_title = max(map(widths.__getitem__, islice(positions, MEASURED)), default=None)
            table.border_title = escape(f'Search "{query}" in all releases')
            show_release = True
        else:
            scope_positions = self._scope_positions(self._scope)
            positions = (
                scope_positions
                if not filters.filters_anything
                else [p for p in scope_positions if filters.matches(catalog.items[p])]
            )
            table.border_title = escape(self._scope.describe(catalog.library))
            show_release = self._scope.release is None
        self.query_one(ReleaseTree).display = not query
        table.border_subtitle = count(len(positions), "entry", "entries") + (
            " (filtered)" if filters.filters_anything else ""
        )
        show_council = len(catalog.library.manuals) > 1 and (
            bool(query) or self._scope.manual is None
        )
        table.set_items(
            ItemsAt(catalog.items, positions),
            show_release=show_release,
            show_council=show_council,
            keep=keep or table.current,
            longest_title=longest_title,
        )
        table.set_marked(self.manual_app.marks.entry_ids)
        table.set_reading(self.manual_app.reading)

    # -- events -----------------------------------------------------------------------

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Scope]) -> None:
        self._set_scope(event.node.data or Scope())

    def _set_scope(self, scope: Scope) -> None:
        if scope != self._scope:
            self._scope = scope
            if not self.searching:
                self._refresh_entries()

    def on_tree_node_selected(self, event: Tree.NodeSelected[Scope]) -> None:
        scope = event.node.data or Scope()
        if scope.release is not None:
            self.query_one(ItemTable).focus()

    def _query_changed(self, _: str) -> None:
        if self._ready:
            self._refresh_entries()

    def on_search_box_leave(self, event: SearchBox.Leave) -> None:
        box = self.query_one(SearchBox)
        box.can_focus = False
        if event.to_results:
            self.query_one(ItemTable).focus()
        else:
            box.value = ""
            back = self._before_search
            (back if back is not None and back.is_attached else self.query_one(ItemTable)).focus()
        self._before_search = None
        self.refresh_bindings()

    def on_search_box_open(self, _: SearchBox.Open) -> None:
        self.action_search()

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
        related = self.manual_app.related_now(item) if item is not None else None
        self._show_detail(item, related)

    def related_ready(self, item: Item, related: Related) -> None:
        if self.query_one(EntryView).item is item:
            self._show_detail(item, related)

    def _show_detail(self, item: Item | None, related: Related | None) -> None:
        detail = self.query_one(EntryView)
        partner = self.manual_app.partner_for(item.council) if item is not None else None
        detail.show(
            self.catalog,
            item,
            empty="No entries here.",
            related=related,
            partner=partner,
            reading=self.manual_app.reading,
        )

    def on_item_table_mark_toggled(self, event: ItemTable.MarkToggled) -> None:
        self.manual_app.toggle_mark(event.item)

    def on_release_tree_release_marked(self, event: ReleaseTree.ReleaseMarked) -> None:
        self.manual_app.mark_release(event.release)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # -- actions ----------------------------------------------------------------------

    def action_search(self) -> None:
        self.minimize()
        box = self.query_one(SearchBox)
        if not isinstance(self.focused, SearchBox):
            self._before_search = self.focused
        box.can_focus = True
        box.focus()

    def action_history(self) -> None:
        item = self.current_item()
        if item is None or not item.chapter:
            self.notify("Highlight an entry with a chapter first.", severity="warning")
            return
        self.manual_app.show_chapter(ChapterFocus.of(item))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and isinstance(self.focused, SearchBox):
            return False
        return super().check_action(action, parameters)

    def can_step_back(self) -> bool:
        return self.searching or self.focused is not self.query_one(ReleaseTree)

    def step_back(self) -> None:
        table = self.query_one(ItemTable)
        if isinstance(self.focused, EntryView):
            table.focus()
        elif self.searching:
            self.query_one(SearchBox).value = ""
            table.focus()
        else:
            self.query_one(ReleaseTree).focus()

    def after_minimize(self) -> None:
        self.query_one(ItemTable).focus()

    def action_focus_next_pane(self) -> None:
        self._cycle(1)

    def action_focus_previous_pane(self) -> None:
        self._cycle(-1)

    def _cycle(self, step: int) -> None:
        """Tree, list, entry (the search box only ever by `/`; no tree during a search)."""
        if self.maximized is not None:
            self.minimize()
        panes: list[Widget] = [self.query_one(ItemTable), self.query_one(EntryView)]
        if not self.searching:
            panes.insert(0, self.query_one(ReleaseTree))
        current = panes.index(self.focused) if self.focused in panes else -step
        panes[(current + step) % len(panes)].focus()

    def action_copy(self) -> None:
        """Copy the highlighted entry as text (OSC 52: works over SSH too)."""
        if self.current_item() is None:
            return
        self.app.copy_to_clipboard(self.query_one(EntryView).plain)
        self.notify("Entry copied to the clipboard.")

    def action_mark_release(self) -> None:
        self.query_one(ReleaseTree).action_mark_release()

    def palette_commands(self) -> list[PaletteCommand]:
        table = self.query_one(ItemTable)
        commands: list[PaletteCommand] = [
            ("Search titles and details", self.action_search, key_hint(ReleasesScreen, "search")),
            ("Zoom the focused pane", self.action_zoom, key_hint(ReleasesScreen, "zoom")),
        ]
        if table.current is not None:
            commands += [
                ("Entry: read in full", table.action_choose, key_hint(ItemTable, "read")),
                (
                    "Entry: mark or unmark for export",
                    table.action_toggle_mark,
                    key_hint(ItemTable, "mark-entry"),
                ),
                (
                    "Entry: its chapter's history",
                    self.action_history,
                    key_hint(ReleasesScreen, "history"),
                ),
                ("Entry: copy as text", self.action_copy, key_hint(ReleasesScreen, "copy-entry")),
                *self.reading_commands(),
            ]
        if self.query_one(ReleaseTree).scope.release is not None:
            commands.append(
                (
                    "Release: mark as one end of the range",
                    self.action_mark_release,
                    key_hint(ReleaseTree, "mark-range"),
                )
            )
        return commands

    # -- what the app asks --------------------------------------------------------------

    def current_item(self) -> Item | None:
        return self.query_one(ItemTable).current

    def show_item(self, item: Item) -> None:
        self.go_to(item.manual.key, item.release, item)

    def go_to(self, manual: str, release: Release | None, item: Item | None = None) -> None:
        """The tree on a manual or release, the list on `item` if given (focused then);
        done at once, so that the next key acts on it."""
        self.minimize()
        box = self.query_one(SearchBox)
        if box.value:
            box.value = ""
        tree = self.query_one(ReleaseTree)
        tree.select_scope(manual, release)
        self._set_scope(tree.scope)
        table = self.query_one(ItemTable)
        if item is not None and table.move_to(item):
            table.focus()
        else:
            tree.focus()
