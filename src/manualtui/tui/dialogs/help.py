"""The help screen (`?` or F1): the views and markers from help.md, and the keys from the
bindings themselves (their keys, descriptions and tooltips), so help never disagrees with
what the keys do.

The app installs the screen once the first screen is drawn, and the help is wrapped once
per width and drawn a line at a time (only the lines in view), so `?` shows it at once.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from ..widgets.key_bar import KeyBar, key_name

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"
_CODE = re.compile(r"`([^`]+)`")


def key_sections() -> list[tuple[str, list[Binding]]]:
    """The bindings of the app, its views, their widgets and dialogs, by where they work."""
    from ..app import ManualApp
    from ..screens.base import EntriesScreen, ViewScreen
    from ..screens.chapter import ChapterScreen
    from ..screens.compare import CompareScreen, PairTable
    from ..screens.releases import ReleasesScreen
    from ..widgets.item_table import ItemTable
    from ..widgets.release_tree import ReleaseTree
    from ..widgets.search_box import SearchBox
    from .form import FormDialog

    return [
        ("Everywhere", [*_bindings(ManualApp), *_bindings(ViewScreen)]),
        (
            "Releases view",
            [
                *_bindings(ReleasesScreen),
                *_bindings(EntriesScreen),
                *_bindings(ReleaseTree),
                *_bindings(ItemTable),
                *_bindings(SearchBox),
            ],
        ),
        ("Compare view", [*_bindings(PairTable), *_bindings(CompareScreen)]),
        (
            "Chapter view",
            [*_bindings(ChapterScreen), *_bindings(EntriesScreen), *_bindings(ItemTable)],
        ),
        ("In a dialog", _bindings(FormDialog)),
    ]


def _bindings(owner: type[App[Any]] | type[Widget]) -> list[Binding]:
    """The class's own bindings (those with an id: the others are Textual's)."""
    declared: Iterable[BindingType] = owner.__dict__.get("BINDINGS", ())
    return [b for b in declared if isinstance(b, Binding) and b.id]


def key_names(binding: Binding) -> str:
    """The keys of a binding as the key bar names them: "? f1", "/", "esc"."""
    return " ".join(key_name(key) for key in binding.key.split(","))


def binding_row(binding: Binding) -> tuple[str, str]:
    """The keys of a binding, and what it does."""
    said = binding.description + (f": {binding.tooltip}" if binding.tooltip else "")
    return key_names(binding), said


HelpItem = tuple[str, str, list[tuple[str, str]]]  # kind, text, list rows


def help_items() -> list[HelpItem]:
    """help.md as headings, paragraphs and lists, with the key sections (from the bindings)
    in place of its `{keys}` line."""
    items: list[HelpItem] = []
    for raw in HELP_FILE.read_text(encoding="utf-8").splitlines():
        if raw.strip() == "{keys}":
            for title, bindings in key_sections():
                rows = list(dict.fromkeys(binding_row(b) for b in bindings))
                items += [("heading", title, []), ("list", "", rows), ("text", "", [])]
        elif raw.startswith("- "):
            if not items or items[-1][0] != "list" or items[-1][1] != "points":
                items.append(("list", "points", []))
            items[-1][2].append(("•", raw[2:]))
        elif raw.startswith("#"):
            items.append(("heading", raw.lstrip("#").strip(), []))
        else:
            items.append(("text", raw, []))
    return items


def help_lines(width: int) -> list[Text]:
    """The help, wrapped to `width`: list items wrap under their text, not their key."""
    lines: list[Text] = []
    for kind, text, rows in help_items():
        if kind == "heading":
            lines.append(Text(text, "bold underline"))
        elif kind == "text":
            lines += [_marked(line) for line in _wrap(text, width)] or [Text("")]
        else:
            key_width = max(len(key) for key, _ in rows)
            for key, said in rows:
                indent = " " * (2 + key_width + 1)
                for number, line in enumerate(_wrap(said, width - len(indent))):
                    row = Text("  " + key.ljust(key_width) + " " if number == 0 else indent)
                    row.stylize("bold", 2, 2 + key_width)
                    lines.append(row + _marked(line))
    return lines


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width`, never breaking inside a `code` span."""
    kept = _CODE.sub(lambda match: match.group(0).replace(" ", "\xa0"), text)
    wrapped = textwrap.wrap(kept, max(width, 10), break_on_hyphens=False)
    return [line.replace("\xa0", " ") for line in wrapped]


def _marked(line: str) -> Text:
    """A line of help.md: `code` in bold."""
    text = Text()
    position = 0
    for match in _CODE.finditer(line):
        text.append(line[position : match.start()])
        text.append(match.group(1), "bold")
        position = match.end()
    text.append(line[position:])
    return text


class HelpView(ScrollView, can_focus=True):
    """The help text, wrapped to the pane; only the lines in view are drawn."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Text] = []
        self._strips: dict[int, Strip] = {}

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        self.lines = help_lines(width)
        self._strips = {}
        self.virtual_size = Size(width, len(self.lines))
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = {}

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        strip = self._strips.get(index)
        if strip is None:
            width, style = self.scrollable_content_region.width, self.rich_style
            if index < len(self.lines):
                segments = list(self.lines[index].render(self.app.console))
                strip = Strip(segments).crop_extend(0, width, style).apply_style(style)
            else:
                strip = Strip.blank(width, style)
            self._strips[index] = strip
        return strip


class HelpScreen(ModalScreen[None]):
    """The help text in a scrolling pane; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        view = HelpView(id="help-body")
        view.border_title = "Help (escape closes)"
        yield view
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def on_screen_resume(self) -> None:
        self.query_one("#help-body").scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss()
