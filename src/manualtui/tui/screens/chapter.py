"""The chapter view: one chapter's timeline in its council and in the other council.

Side by side when the terminal is wide, stacked when narrow. The chapter's renames and
other titles are listed in the heading; the matching chapter in the other council is found
by a worker (fuzzy matching) and appears when ready.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.markup import escape
from textual.widgets import Footer, Static

from ...chapters import Chapter
from ...model import Item
from ...wording import month_label, short_council
from ..relations import Related
from ..widgets.entry_view import EntryView
from ..widgets.export_status import ExportStatus
from ..widgets.item_table import ItemTable
from ..widgets.view_bar import ViewBar
from .base import PaletteCommand, ViewScreen


def chapter_summary(
    council: str, items: tuple[Item, ...] | list[Item], chapter: Chapter | None, evidence: str = ""
) -> Text:
    """`Enfield: 5 changes, Oct 2017 to Oct 2020` (and how the chapter was matched), then
    its renames and other titles."""
    text = Text()
    text.append(f"{short_council(council)}: ", "bold")
    if not items:
        text.append("no matching chapter", "dim")
        return text
    newest, oldest = items[0].release.key, items[-1].release.key
    text.append(
        f"{len(items)} change{'s' if len(items) != 1 else ''}, "
        f"{month_label(oldest)} to {month_label(newest)}"
    )
    if evidence:
        text.append(f" · matched by {evidence}", "dim")
    if chapter is not None:
        for rename in chapter.renames:
            when = f" ({month_label(rename.release)})" if rename.release else ""
            text.append(f"\n  renamed{when}: “{rename.old_title}” → “{rename.new_title}”", "italic")
        if chapter.aliases:
            text.append("\n  also titled: " + "; ".join(chapter.aliases), "dim")
    return text


class ChapterScreen(ViewScreen):
    """A chapter across releases, in this council and the other."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "go_to_chapter", "Go to chapter", id="go-to-chapter"),
        Binding("z", "zoom", "Zoom pane", show=False, id="zoom"),
        Binding("escape", "back", "Back", show=False, id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.anchor_item: Item | None = None

    def compose(self) -> ComposeResult:
        yield ViewBar("chapter")
        yield Static("", id="chapter-head")
        with Container(id="timelines"):
            yield ItemTable(id="timeline-a")
            yield ItemTable(id="timeline-b")
        yield EntryView(id="chapter-detail")
        yield ExportStatus()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#chapter-detail").border_title = "Entry"
        for table in self.query(ItemTable):
            table.set_councils(self.catalog.library.councils)
        self.show_focus()

    def on_screen_resume(self) -> None:
        self.show_focus()

    def show_focus(self) -> None:
        """Show the chapter the app points at (`app.chapter_focus`)."""
        app = self.manual_app
        focus = app.chapter_focus
        if focus is None and app.current_item is not None:
            focus = (self.catalog.manual_of(app.current_item), app.current_item.chapter)
        if focus is None:
            self._empty()
            return
        manual, key = focus
        items = self.catalog.chapter_items(manual, key)
        if not items:
            self._empty()
            return
        if any(item is self.anchor_item for item in items):
            return
        self.anchor_item = items[0]
        self._show_chapter(items[0], self.manual_app.related_now(items[0]))
        self.query_one("#timeline-a", ItemTable).focus()

    def _empty(self) -> None:
        self.query_one("#chapter-head", Static).update(
            Text(
                "No chapter chosen: press g to pick one, or h on an entry in the releases view.",
                "dim",
            )
        )

    def related_ready(self, item: Item, related: Related) -> None:
        if item is self.anchor_item:
            self._show_chapter(item, related)

    def _show_chapter(self, anchor: Item, related: Related | None) -> None:
        catalog = self.catalog
        mine = catalog.chapter_items(catalog.manual_of(anchor), anchor.chapter)
        partner = self.manual_app.partner_for(anchor.council)
        theirs = list(related.counterpart.items) if related and related.counterpart else []
        title = related.chapter.title if related and related.chapter else ""
        head = Text(title or anchor.chapter_title or "(the page lost this chapter's title)", "bold")
        head.append("\n")
        head.append_text(
            chapter_summary(anchor.council, mine, related.chapter if related else None)
        )
        if partner is not None:
            head.append("\n")
            if related is None:
                head.append(f"{short_council(partner)}: looking for the matching chapter…", "dim")
            else:
                head.append_text(
                    chapter_summary(partner, theirs, related.counterpart, related.evidence)
                )
        self.query_one("#chapter-head", Static).update(head)
        table_a = self.query_one("#timeline-a", ItemTable)
        table_b = self.query_one("#timeline-b", ItemTable)
        table_a.border_title = escape(short_council(anchor.council))
        table_b.border_title = escape(short_council(partner)) if partner else ""
        table_b.display = partner is not None
        table_a.set_items(mine, show_release=True, show_chapter=False, keep=table_a.current)
        table_b.set_items(theirs, show_release=True, show_chapter=False, keep=table_b.current)

    def on_item_table_highlighted(self, event: ItemTable.Highlighted) -> None:
        if event.table.has_focus:
            self._detail(event.item)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, ItemTable):
            self._detail(focused.current)

    def _detail(self, item: Item | None) -> None:
        detail = self.query_one(EntryView)
        detail.show(self.catalog, item, empty="No change here.", history=False)

    def on_item_table_mark_toggled(self, event: ItemTable.MarkToggled) -> None:
        app = self.manual_app
        app.marks = app.marks.toggle_entry(event.item.id)
        for table in self.query(ItemTable):
            table.set_marked(app.marks.entry_ids)

    def action_go_to_chapter(self) -> None:
        self.manual_app.action_go_to_chapter()

    def action_back(self) -> None:
        if self.maximized is not None:
            self.minimize()
        self.query_one("#timeline-a", ItemTable).focus()

    def palette_commands(self) -> list[PaletteCommand]:
        return [("Chapter: go to chapter…", self.action_go_to_chapter, "(g)")]
