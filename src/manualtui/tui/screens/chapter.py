"""The chapter view: one chapter's timeline in its council and in the other council.

It shows the app's `chapter_focus`, starting on the entry the user came from. Side by side
when the terminal is wide, stacked when narrow. The chapter's renames and other titles are
listed in the heading; the matching chapter in the other council is found by a worker
(fuzzy matching) and appears when ready.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.markup import escape
from textual.widgets import Static

from ...chapters import Chapter
from ...model import Item
from ...select import Selection
from ...wording import LOST_TITLE, count, month_label, period_text, short_council
from ..relations import Related
from ..state import ChapterFocus, ExportScope, Marks, Reading
from ..widgets.entry_view import EntryView
from ..widgets.export_status import ExportStatus
from ..widgets.item_table import ItemTable
from ..widgets.key_bar import KeyBar, key_hint
from ..widgets.view_bar import ViewBar
from .base import EntriesScreen, PaletteCommand


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
    text.append(
        f"{count(len(items), 'change')}, {period_text(items[-1].release.key, items[0].release.key)}"
    )
    if evidence:
        text.append(f" · matched by {evidence}", "dim")
    if chapter is not None:
        for rename in chapter.renames:
            when = f" ({month_label(rename.release)})" if rename.release else ""
            text.append(
                f'\n  renamed{when}: "{rename.old_title}" to "{rename.new_title}"', "italic"
            )
        if chapter.aliases:
            text.append("\n  also titled: " + "; ".join(chapter.aliases), "dim")
    return text


class ChapterScreen(EntriesScreen):
    """A chapter across releases, in this council and the other."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "g",
            "go_to_chapter",
            "Go to",
            id="go-to-chapter",
            tooltip="another chapter, by part of its title",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.anchor_item: Item | None = None
        self._shown: ChapterFocus | None = None

    def compose(self) -> ComposeResult:
        yield ViewBar("chapter")
        yield Static("", id="chapter-head")
        with Container(id="timelines"):
            yield ItemTable(id="timeline-a")
            yield ItemTable(id="timeline-b")
        yield EntryView(id="chapter-detail")
        yield ExportStatus()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#chapter-detail").border_title = "Entry"
        for table in self.query(ItemTable):
            table.set_councils(self.catalog.library.councils)
        self.watch(self.manual_app, "chapter_focus", self._show_focus, init=True)
        self.watch(self.manual_app, "marks", self._marks_changed, init=False)
        self.watch(self.manual_app, "reading", self._reading_changed, init=True)

    def _show_focus(self, focus: ChapterFocus | None) -> None:
        """Show the chapter the app points at, on the entry the user came from."""
        if focus is None or focus is self._shown:
            if focus is None:
                self._empty()
            return
        items = self.catalog.chapter_items(focus.manual, focus.chapter)
        if not items:
            self._empty()
            return
        self._shown = focus
        self.anchor_item = items[0]
        self._show_chapter(items[0], self.manual_app.related_now(items[0]))
        table = self.query_one("#timeline-a", ItemTable)
        if focus.item is not None:
            table.move_to(focus.item)
        table.focus()

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
        mine = self.catalog.chapter_items(anchor.manual.key, anchor.chapter)
        partner = self.manual_app.partner_for(anchor.council)
        theirs = list(related.counterpart.items) if related and related.counterpart else []
        title = related.chapter.title if related and related.chapter else ""
        head = Text(title or anchor.chapter_title or LOST_TITLE, "bold")
        head.append("\n")
        head.append_text(
            chapter_summary(anchor.council, mine, related.chapter if related else None)
        )
        if partner is not None:
            head.append("\n")
            if related is None:
                head.append(f"{short_council(partner)}: looking for the matching chapter...", "dim")
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
        marked = self.manual_app.marks.entry_ids
        table_a.set_marked(marked)
        table_b.set_marked(marked)

    def _marks_changed(self, marks: Marks) -> None:
        for table in self.query(ItemTable):
            table.set_marked(marks.entry_ids)

    def _reading_changed(self, reading: Reading | None) -> None:
        for table in self.query(ItemTable):
            table.set_reading(reading)
        focused = self.focused
        if isinstance(focused, ItemTable):
            self._detail(focused.current)

    def on_item_table_highlighted(self, event: ItemTable.Highlighted) -> None:
        if event.table.has_focus:
            self._detail(event.item)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, ItemTable):
            self._detail(focused.current)
        self.refresh_bindings()

    def _detail(self, item: Item | None) -> None:
        detail = self.query_one(EntryView)
        detail.show(
            self.catalog,
            item,
            empty="No change here.",
            history=False,
            reading=self.manual_app.reading,
        )

    def on_item_table_mark_toggled(self, event: ItemTable.MarkToggled) -> None:
        self.manual_app.toggle_mark(event.item)

    def action_go_to_chapter(self) -> None:
        self.manual_app.action_go_to("Go to chapter: type part of its title")

    def can_step_back(self) -> bool:
        return not self.query_one("#timeline-a", ItemTable).has_focus

    def step_back(self) -> None:
        self.query_one("#timeline-a", ItemTable).focus()

    def after_minimize(self) -> None:
        self.query_one("#timeline-a", ItemTable).focus()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                "Chapter: go to another chapter",
                self.action_go_to_chapter,
                key_hint(ChapterScreen, "go-to-chapter"),
            ),
            *self.reading_commands(),
        ]

    # -- what the app asks --------------------------------------------------------------

    def current_item(self) -> Item | None:
        focused = self.focused
        table = (
            focused if isinstance(focused, ItemTable) else self.query_one("#timeline-a", ItemTable)
        )
        return table.current

    def show_item(self, item: Item) -> None:
        for table in self.query(ItemTable):
            if table.move_to(item):
                table.focus()
                return

    def export_scope(self) -> ExportScope:
        ids = tuple(
            item.id for table in self.query(ItemTable) if table.display for item in table.items
        )
        title = self.anchor_item.chapter_title if self.anchor_item is not None else ""
        return ExportScope(
            Selection(entry_ids=tuple(sorted(ids))),
            f"the chapter {title or 'shown'}, in every council shown",
        )
