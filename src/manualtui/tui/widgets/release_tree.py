"""The releases navigator: manuals, then years, then releases, newest first.

Each release shows how many of its entries the filters let through; releases inside the
marked range carry a `»` marker. Tree is a line-API widget, so thousands of releases are
fine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...model import Library, Manual, Release
from ..labels import month_label, short_council

RANGE_MARK = "»"
_EXPAND_ALL_UP_TO = 300


@dataclass(frozen=True)
class Scope:
    """What a tree node stands for: everything, a manual, one year of it, or a release."""

    manual: int | None = None
    year: int | None = None
    release: Release | None = None

    def describe(self, library: Library) -> str:
        if self.manual is None:
            return "All releases"
        council = short_council(library.manuals[self.manual].council)
        if self.release is not None:
            return f"{council} · {self.release.label}"
        if self.year is not None:
            return f"{council} · {self.year}"
        return f"{council} · all releases"


class ReleaseTree(Tree[Scope]):
    """Manuals -> years -> releases; `refresh_labels` redraws counts and range markers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "mark_release", "From/to", id="mark-range"),
    ]

    DEFAULT_CSS = """
    ReleaseTree { background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("All releases", data=Scope(), id=id)
        self.guide_depth = 2
        self.show_root = True
        self.auto_expand = False
        self._release_nodes: list[TreeNode[Scope]] = []

    def populate(self, library: Library) -> None:
        self.clear()
        self.root.data = Scope()
        self._release_nodes = []
        releases = sum(len(m.releases) for m in library.manuals)
        for index, manual in enumerate(library.manuals):
            node = self.root.add(self._manual_label(manual), data=Scope(index))
            for year, group in groupby(manual.releases, key=lambda r: r.year):
                year_node = node.add(str(year), data=Scope(index, year))
                for release in group:
                    leaf = year_node.add_leaf(month_label(release.key),
                                              data=Scope(index, year, release))
                    self._release_nodes.append(leaf)
                if releases <= _EXPAND_ALL_UP_TO or index == 0:
                    year_node.expand()
            if releases <= _EXPAND_ALL_UP_TO or index == 0:
                node.expand()
        self.root.expand()

    @staticmethod
    def _manual_label(manual: Manual) -> str:
        return f"{short_council(manual.council)} ({len(manual.releases)})"

    def refresh_labels(self, counts: Mapping[tuple[int, int], int],
                       in_range: Callable[[str], bool]) -> None:
        """Counts per (manual, release line) of entries the filters let through."""
        for node in self._release_nodes:
            scope = node.data
            if scope is None or scope.release is None or scope.manual is None:
                continue
            count = counts.get((scope.manual, scope.release.line), 0)
            marker = RANGE_MARK if in_range(scope.release.key) else " "
            label = Text(f"{month_label(scope.release.key):<9}{count:>4}{marker}")
            if not count:
                label.stylize("dim")
            node.set_label(label)

    def select_scope(self, manual: int, release: Release | None = None) -> bool:
        """Move the cursor to a manual, or to one of its releases."""
        for node in self._walk(self.root):
            scope = node.data
            if scope is None or scope.manual != manual:
                continue
            if scope.year is None if release is None else scope.release is release:
                for ancestor in _ancestors(node):
                    ancestor.expand()
                self.move_cursor(node, animate=False)
                return True
        return False

    def _walk(self, node: TreeNode[Scope]) -> list[TreeNode[Scope]]:
        nodes = [node]
        for child in node.children:
            nodes.extend(self._walk(child))
        return nodes

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
