"""The releases navigator: manuals, then years, then releases, newest first.

Each release shows how many of its entries the filters let through; releases inside the
marked range carry a `»` marker. Tree is a line-API widget, so thousands of releases are
fine. Manuals are known by their key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...model import Library, Manual, Release
from ...wording import month_label, short_council

RANGE_MARK = "»"
_EXPAND_ALL_UP_TO = 300


@dataclass(frozen=True)
class Scope:
    """What a tree node stands for: everything, a manual, one year of it, or a release."""

    manual: str | None = None
    year: int | None = None
    release: Release | None = None

    def describe(self, library: Library) -> str:
        if self.manual is None:
            return "All releases"
        council = short_council(next(m for m in library.manuals if m.key == self.manual).council)
        if self.release is not None:
            return f"{council} · {self.release.label}"
        if self.year is not None:
            return f"{council} · {self.year}"
        return f"{council} · all releases"


class ReleaseTree(Tree[Scope]):
    """Manuals -> years -> releases; `refresh_labels` redraws counts and range markers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            id="open",
            tooltip="a release: its entries; a manual or a year: open or close it",
        ),
        Binding(
            "m",
            "mark_release",
            "Mark",
            id="mark-range",
            tooltip="on a release: the first press marks where a range starts, the second "
            "where it ends",
        ),
    ]

    DEFAULT_CSS = """
    ReleaseTree { background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("All releases", data=Scope(), id=id)
        self.guide_depth = 2
        self.show_root = True
        self.auto_expand = False
        self._library: Library | None = None
        self._release_nodes: list[TreeNode[Scope]] = []
        self._counts: Mapping[tuple[str, int], int] = {}
        self._in_range: Callable[[str], bool] = lambda key: False
        self._drawing_style: Style | None = None

    def populate(
        self,
        library: Library,
        counts: Mapping[tuple[str, int], int],
        in_range: Callable[[str], bool],
    ) -> None:
        """One node per manual; a manual's years and releases are made when it is first
        opened (thousands of releases would otherwise slow the first screen)."""
        self.clear()
        self._library = library
        self._counts, self._in_range = counts, in_range
        self.root.data = Scope()
        self._release_nodes = []
        expand_all = sum(len(m.releases) for m in library.manuals) <= _EXPAND_ALL_UP_TO
        for index, manual in enumerate(library.manuals):
            node = self.root.add(
                self._manual_label(manual),
                data=Scope(manual.key),
                allow_expand=bool(manual.releases),
            )
            if expand_all or index == 0:
                self._add_releases(node)
                node.expand()
        self.root.expand()

    def _add_releases(self, node: TreeNode[Scope]) -> None:
        """Years and releases under a manual's node (once)."""
        scope = node.data
        if node.children or scope is None or scope.manual is None or self._library is None:
            return
        manual = next(m for m in self._library.manuals if m.key == scope.manual)
        for year, group in groupby(manual.releases, key=lambda r: r.year):
            year_node = node.add(str(year), data=Scope(scope.manual, year), expand=True)
            for release in group:
                leaf = year_node.add_leaf(
                    self._release_label(scope.manual, release),
                    data=Scope(scope.manual, year, release),
                )
                self._release_nodes.append(leaf)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._drawing_style = None

    def render_line(self, y: int) -> Strip:
        """A line as Tree draws it, with the widget's style worked out once per drawing
        rather than once per line (which was most of the time the tree took to draw, each
        time a search shows it again)."""
        style = self._drawing_style
        if style is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Scope]) -> None:
        self._add_releases(event.node)

    @staticmethod
    def _manual_label(manual: Manual) -> str:
        return f"{short_council(manual.council)} ({len(manual.releases)})"

    def _release_label(self, manual: str, release: Release) -> Text:
        count = self._counts.get((manual, release.line), 0)
        marker = RANGE_MARK if self._in_range(release.key) else " "
        return Text(
            f"{month_label(release.key):<9}{count:>4}{marker}", style="" if count else "dim"
        )

    def refresh_labels(
        self, counts: Mapping[tuple[str, int], int], in_range: Callable[[str], bool]
    ) -> None:
        """Counts per (manual key, release line) of entries the filters let through."""
        self._counts, self._in_range = counts, in_range
        for node in self._release_nodes:
            scope = node.data
            if scope is not None and scope.release is not None and scope.manual is not None:
                node.set_label(self._release_label(scope.manual, scope.release))

    def select_scope(self, manual: str, release: Release | None = None) -> bool:
        """Move the cursor to a manual, or to one of its releases, at once (the next key
        acts on it)."""
        manual_node = next(
            (n for n in self.root.children if n.data is not None and n.data.manual == manual), None
        )
        if manual_node is None:
            return False
        target = manual_node
        if release is not None:
            self._add_releases(manual_node)
            found = [
                leaf
                for year in manual_node.children
                for leaf in year.children
                if leaf.data is not None and leaf.data.release is release
            ]
            if not found:
                return False
            target = found[0]
        for ancestor in _ancestors(target):
            ancestor.expand()
        _ = self._tree_lines  # lays out the expanded nodes now, as a refresh would
        self.cursor_line = target.line
        self._reveal(target)
        return True

    def _reveal(self, node: TreeNode[Scope]) -> None:
        """Scroll `node` into view, once the tree has a size (a first screen may not)."""
        if self.size.height:
            self.scroll_to_node(node, animate=False)
        else:
            self.call_after_refresh(self._reveal, node)

    @property
    def scope(self) -> Scope:
        node = self.cursor_node
        return node.data if node is not None and node.data is not None else Scope()

    def action_mark_release(self) -> None:
        """Tell the screen (which owns the marks) that a range end was marked."""
        release = self.scope.release
        if release is not None:
            self.post_message(self.ReleaseMarked(release))

    class ReleaseMarked(Message):
        """`m` was pressed on a release: one end of the range to mark."""

        def __init__(self, release: Release) -> None:
            super().__init__()
            self.release = release


def _ancestors(node: TreeNode[Scope]) -> list[TreeNode[Scope]]:
    chain: list[TreeNode[Scope]] = []
    parent = node.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain
