"""The help screen (`?` or F1): the views and markers from help.md, and the keys from the
bindings themselves (their keys, descriptions and tooltips), so help never disagrees with
what the keys do.

The app installs the screen once the first screen is drawn, and help is plain text in one
widget, so `?` shows it at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from ..widgets.key_bar import KeyBar, key_name

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"
_CODE = re.compile(r"`([^`]+)`")


def key_sections() -> list[tuple[str, list[Binding]]]:
    """The bindings of the app, its views, their widgets and dialogs, by where they work."""
    from ..app import ManualApp
    from ..screens.base import ViewScreen
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
                *_bindings(ReleaseTree),
                *_bindings(ItemTable),
                *_bindings(SearchBox),
            ],
        ),
        ("Compare view", [*_bindings(PairTable), *_bindings(CompareScreen)]),
        ("Chapter view", [*_bindings(ChapterScreen), *_bindings(ItemTable)]),
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


def help_text() -> Group:
    """help.md, with the key sections in place of its `{keys}` line: headings, paragraphs,
    and lists (of keys or of points) whose lines wrap under their text."""
    parts: list[RenderableType] = []
    rows: list[tuple[str, str]] = []

    def close_list() -> None:
        if rows:
            parts.append(_list(rows))
            rows.clear()

    for raw in HELP_FILE.read_text(encoding="utf-8").splitlines():
        if raw.strip() == "{keys}":
            close_list()
            for title, bindings in key_sections():
                parts.append(Text(title, "bold underline"))
                parts.append(_list(dict.fromkeys(binding_row(b) for b in bindings)))
                parts.append(Text(""))
        elif raw.startswith("- "):
            rows.append(("•", raw[2:]))
        else:
            close_list()
            parts.append(
                Text(raw.lstrip("#").strip(), "bold underline")
                if raw.startswith("#")
                else _marked(raw)
            )
    close_list()
    return Group(*parts)


def _list(rows: Iterable[tuple[str, str]]) -> Padding:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for key, said in rows:
        table.add_row(Text(key), _marked(said))
    return Padding(table, (0, 0, 0, 2))


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


class HelpScreen(ModalScreen[None]):
    """The help text in a scrolling pane; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help (escape closes)"
            yield Static(help_text(), id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def on_screen_resume(self) -> None:
        self.query_one("#help-body").scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss()
