"""A virtual list of entries: only the visible lines are ever rendered.

DataTable builds an object per row and measures every cell as rows are added, which is too
slow to refill on each keystroke at 100,000 entries. This list holds a reference to a
sequence of items and renders line `y` on demand (Textual's line API), so replacing its
contents costs nothing however long they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...model import Item
from ...wording import month_label, short_council, summary
from ..labels import (
    KIND_STYLE,
    KIND_WORD,
    MARK,
    PRIORITY_MARK,
    PRIORITY_STYLE,
    READING_STYLE,
    list_label,
    reading_marks,
)
from ..state import Reading

_KIND_WIDTH = 8
_PRIORITY_WIDTH = 4
_RELEASE_WIDTH = 9
_TITLE_ROOM = 40  # a title gets this much before the release or the summary get any
_MIN_SUMMARY = 16
_MAX_COUNCIL = 12
MEASURED = 2000  # lines whose titles are measured to size the title column


@dataclass(frozen=True)
class Columns:
    """Widths of the optional columns for a given line width (0 = hidden)."""

    release: int
    council: int
    chapter: int
    summary: int


def layout_columns(
    width: int,
    show_release: bool,
    council_width: int,
    show_chapter: bool = True,
    longest_title: int = _TITLE_ROOM,
    show_reading: bool = False,
) -> Columns:
    """Which columns fit: mark (and new or read, on the library), kind and priority always,
    the council whenever it is shown (more than one council listed); then the title, up to
    its longest or `_TITLE_ROOM`; then the release; the summary gets what is left, if that
    is enough to read."""
    free = width - 2 - 2 * show_reading - _KIND_WIDTH - _PRIORITY_WIDTH
    council = council_width + 1 if council_width else 0
    free -= council
    wanted = min(longest_title + 1, _TITLE_ROOM) if show_chapter else _MIN_SUMMARY
    release = _RELEASE_WIDTH if show_release and free - _RELEASE_WIDTH >= wanted else 0
    free = max(free - release, 0)
    if not show_chapter:
        return Columns(release, council, 0, free)
    chapter = min(longest_title + 2, free)
    summary = free - chapter
    if summary < _MIN_SUMMARY:
        chapter, summary = free, 0
    return Columns(release, council, chapter, summary)


class ItemTable(ScrollView, can_focus=True):
    """Entries, one per line: mark, (new or read), kind, priority, (release, council),
    chapter, summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Read", id="read", tooltip="the highlighted entry, full screen"),
        Binding(
            "space",
            "toggle_mark",
            "Mark",
            show=False,
            id="mark-entry",
            tooltip="mark or unmark the highlighted entry for export",
        ),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="cursor-up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="cursor-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page-down"),
        Binding("home", "jump(0)", "First", show=False, id="first"),
        Binding("end", "jump(-1)", "Last", show=False, id="last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-table--cursor",
        "item-table--cursor-blurred",
        "item-table--marked",
        "item-table--dim",
    }

    DEFAULT_CSS = """
    ItemTable {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .item-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .item-table--cursor-blurred {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .item-table--marked { text-style: bold; }
        & > .item-table--dim { color: $text-muted; }
        &:nocolor > .item-table--cursor { text-style: bold reverse; }
        &:nocolor > .item-table--cursor-blurred { text-style: bold underline; }
    }
    """

    cursor: reactive[int] = reactive(0, init=False)

    class Highlighted(Message):
        """The cursor moved to `item` (None when the list is empty)."""

        def __init__(self, table: ItemTable, item: Item | None) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ItemTable:
            return self.table

    class Chosen(Message):
        """Enter was pressed (or a line clicked twice) on `item`."""

        def __init__(self, table: ItemTable, item: Item) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ItemTable:
            return self.table

    class MarkToggled(Message):
        """Space was pressed on `item`."""

        def __init__(self, table: ItemTable, item: Item) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ItemTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: Sequence[Item] = ()
        self.marked: frozenset[str] = frozenset()
        self.reading: Reading | None = None
        self.show_release = False
        self.show_chapter = True
        self._council_width = 0
        self.show_council = False
        self._longest_title = _TITLE_ROOM
        self.short_names: dict[str, str] = {}
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._styles: _LineStyles | None = None
        self._combined: dict[tuple[Style, Style | str], Style] = {}
        self._layouts: dict[tuple[int, bool, int, bool, int, bool], Columns] = {}

    # -- contents ---------------------------------------------------------------------

    def set_items(
        self,
        items: Sequence[Item],
        *,
        show_release: bool = False,
        show_council: bool = False,
        show_chapter: bool = True,
        keep: Item | None = None,
        longest_title: int | None = None,
    ) -> None:
        """Show `items`; the cursor stays on `keep` if it is among the first screenfuls.

        `longest_title` is the longest `list_label` of the first `MEASURED` items, if the
        caller has it at hand (else it is measured here).
        """
        self.items = items
        self.show_release = show_release
        self.show_chapter = show_chapter
        self.show_council = show_council
        if longest_title is None:
            longest_title = max(
                (len(list_label(item)) for item in islice(items, MEASURED)), default=_TITLE_ROOM
            )
        self._longest_title = longest_title
        self._strips.clear()
        self._set_length(len(items))
        position = self._find(keep)
        self.set_reactive(ItemTable.cursor, position)
        self.scroll_to(y=max(0, position - self._page() // 2), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def _set_length(self, length: int) -> None:
        """Tell the scrollbars how many lines there are, without a layout of the whole
        screen (which setting `virtual_size` would ask for, on every keystroke of a
        search); only a scrollbar appearing or going away lays the screen out again."""
        size = Size(self.size.width, length)
        if size != self.virtual_size:
            self.set_reactive(ItemTable.virtual_size, size)
            self._scroll_update(size)

    def set_councils(self, councils: Iterable[str]) -> None:
        """The councils that may be listed, for the short names of the council column."""
        self.short_names = {c: short_council(c) for c in councils}
        self._council_width = min(
            _MAX_COUNCIL, max((len(s) for s in self.short_names.values()), default=0)
        )

    def set_marked(self, marked: frozenset[str]) -> None:
        self.marked = marked
        self.refresh()

    def set_reading(self, reading: Reading | None) -> None:
        """What is new to the user and what they have read (None: not on the library, no
        such column)."""
        if reading is not self.reading:
            self.reading = reading
            self._strips.clear()
            self.refresh()

    @property
    def current(self) -> Item | None:
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None

    def move_to(self, item: Item) -> bool:
        """Put the cursor on `item` if it is listed."""
        for position, listed in enumerate(self.items):
            if listed is item:
                self.cursor = position
                return True
        return False

    def _find(self, item: Item | None) -> int:
        if item is None:
            return 0
        for position, listed in enumerate(islice(self.items, 5000)):
            if listed is item:
                return position
        return 0

    # -- cursor -----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.items) - 1)) if self.items else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _scroll_cursor_into_view(self) -> None:
        top = int(self.scroll_y)
        height = self._page()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self._page()

    def action_jump(self, position: int) -> None:
        self.cursor = position if position >= 0 else len(self.items) - 1

    def action_choose(self) -> None:
        if (item := self.current) is not None:
            self.post_message(self.Chosen(self, item))

    def action_toggle_mark(self) -> None:
        if (item := self.current) is not None:
            self.post_message(self.MarkToggled(self, item))
            self.cursor += 1

    def on_click(self, event: events.Click) -> None:
        position = int(self.scroll_y) + event.y
        if 0 <= position < len(self.items):
            self.cursor = position
            if event.chain > 1:
                self.action_choose()

    def on_resize(self, event: events.Resize) -> None:
        self._set_length(len(self.items))
        self._scroll_cursor_into_view()

    # -- rendering --------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        position = int(self.scroll_y) + y
        styles = self._line_styles()
        if position >= len(self.items):
            return Strip.blank(width, styles.base)
        item = self.items[position]
        cursor = position == self.cursor
        key = (
            item.id,
            width,
            cursor,
            cursor and self.has_focus,
            item.id in self.marked,
            reading_marks(self.reading, item) if self.reading is not None else "",
            self.show_release,
            self.show_council,
            self.show_chapter,
        )
        strip = self._strips.get(key)
        if strip is None:
            line_style = styles.base
            if cursor:
                line_style = styles.cursor if self.has_focus else styles.cursor_blurred
            parts = self._line_parts(item, width, cursor, styles)
            strip = self._line_strip(parts, width, line_style)
            self._strips.set(key, strip)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._combined.clear()
        self._strips.clear()

    def _line_styles(self) -> _LineStyles:
        """The styles lines are drawn in, worked out once until the widget's styles change."""
        if self._styles is None:
            base = self.rich_style
            self._styles = _LineStyles(
                base=base,
                cursor=base + self.get_component_rich_style("item-table--cursor"),
                cursor_blurred=base + self.get_component_rich_style("item-table--cursor-blurred"),
                marked=self.get_component_rich_style("item-table--marked"),
                dim=self.get_component_rich_style("item-table--dim"),
            )
        return self._styles

    def _line_strip(self, parts: list[tuple[str, Style | str]], width: int, style: Style) -> Strip:
        """`parts` on one line of `width` cells, each in its style over `style`."""
        return self._cut_strip(parts, width, style) or self._text_strip(parts, width, style)

    def _cut_strip(
        self, parts: list[tuple[str, Style | str]], width: int, style: Style
    ) -> Strip | None:
        """The line cut into segments directly, if it is one-cell characters that fit
        (nearly every line): as `_text_strip` draws it, without building a Rich Text."""
        line = "".join(text for text, _ in parts)
        if len(line) > width or cell_len(line) != len(line):
            return None
        segments = [Segment(text, self._over(style, part)) for text, part in parts if text]
        if len(line) < width:
            segments.append(Segment(" " * (width - len(line)), style))
        return Strip(segments, width)

    def _text_strip(self, parts: list[tuple[str, Style | str]], width: int, style: Style) -> Strip:
        """The line through Rich's Text, which measures wide characters and cuts with "…"."""
        text = Text(style=style, no_wrap=True, overflow="ellipsis", end="")
        for part_text, part_style in parts:
            text.append(part_text, part_style)
        text.truncate(width, overflow="ellipsis", pad=True)
        # Text.render leaves the text's own style off unstyled stretches: put it under.
        strip = Strip(list(text.render(self.app.console)), width).apply_style(style)
        return strip.crop_extend(0, width, style)

    def _over(self, line_style: Style, part: Style | str) -> Style:
        """`part` (a style or its name) over the line's style (remembered)."""
        key = (line_style, part)
        combined = self._combined.get(key)
        if combined is None:
            combined = line_style + (Style.parse(part) if isinstance(part, str) else part)
            self._combined[key] = combined
        return combined

    def _columns(self, width: int) -> Columns:
        key = (
            width,
            self.show_release,
            self._council_width if self.show_council else 0,
            self.show_chapter,
            self._longest_title,
            self.reading is not None,
        )
        columns = self._layouts.get(key)
        if columns is None:
            columns = self._layouts[key] = layout_columns(*key)
        return columns

    def _line_parts(
        self, item: Item, width: int, cursor: bool, styles: _LineStyles
    ) -> list[tuple[str, Style | str]]:
        """The line's pieces of text and their styles (plain on the cursor line: one style,
        readable on its colour)."""
        columns = self._columns(width)
        marked = item.id in self.marked
        parts: list[tuple[str, Style | str]] = [(MARK, styles.marked) if marked else (" ", "")]
        if self.reading is not None:
            for state in reading_marks(self.reading, item):
                parts.append((state, "" if cursor else READING_STYLE.get(state, "")))
        kind = item.entry.kind
        parts += [
            (" ", ""),
            (KIND_WORD[kind].ljust(_KIND_WIDTH), "" if cursor else KIND_STYLE[kind]),
            (PRIORITY_MARK[item.priority], "" if cursor else PRIORITY_STYLE[item.priority]),
            (" ", ""),
        ]
        dim: Style | str = "" if cursor else styles.dim
        if columns.release:
            parts.append((month_label(item.release.key).ljust(_RELEASE_WIDTH), dim))
        if columns.council:
            name = self.short_names.get(item.council) or short_council(item.council)
            parts.append((name[: columns.council - 1].ljust(columns.council), dim))
        if not columns.chapter:
            parts.append((_fit(summary(item), columns.summary), ""))
        elif not item.chapter_title:  # "? details…" across both columns
            parts.append((_fit(list_label(item), columns.chapter + columns.summary), "italic"))
        else:
            title_style = "italic" if item.title_inferred else ""
            parts.append((_fit(list_label(item), columns.chapter), title_style))
            if columns.summary:
                parts.append((_fit(summary(item), columns.summary), dim))
        return parts


@dataclass(frozen=True)
class _LineStyles:
    """The widget's own style, and its cursor, marked and dim styles."""

    base: Style
    cursor: Style
    cursor_blurred: Style
    marked: Style
    dim: Style


def _fit(text: str, width: int) -> str:
    """`text` cut (with an ellipsis) or padded to exactly `width` cells, with a gap after."""
    if width <= 0:
        return ""
    if len(text) >= width:
        return text[: width - 2] + "… "
    return text.ljust(width)
