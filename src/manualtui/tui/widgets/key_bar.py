"""The bottom line: the keys that matter where the focus is, in one line that fits.

Textual's Footer gives each key a widget and lays them out again at every focus change; this
is one line of text made from the same place (`Screen.active_bindings`: the focused
widget's keys first, then the view's, then the app's, each shown only where it works). The
keys that must always be seen (`ESSENTIAL`: enter, escape, the views, help, quit) stay;
then those the app says matter now (`urgent_keys`: on the library, marking read; with
entries new to the user, showing them and recording that they were seen), even where their
binding is not shown otherwise, while they fit; then the others while they fit, in that
order, and the palette's key last. Keys are named as typed ("enter", "esc", "/"), never by
symbols a terminal may lack.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

ESSENTIAL = frozenset(
    {"read", "open", "compare-read", "back", "help", "quit", "search-results", "search-cancel"}
)
VIEW_KEYS = "Views"  # the group whose keys are shown as one: "1-3 Views"
KEY_NAMES = {
    "escape": "esc",
    "enter": "enter",
    "space": "space",
    "question_mark": "?",
    "slash": "/",
    "ctrl+p": "^p",
    "pageup": "pgup",
    "pagedown": "pgdn",
}


def key_name(key: str) -> str:
    """How a key is written for people: "esc", "?", "^p", "f1"."""
    return KEY_NAMES.get(key, key)


def key_hint(owner: type, binding_id: str) -> str:
    """ "key /": the palette's hint for a command, from the binding that does the same."""
    return "key " + keys_of(owner, binding_id)


def keys_of(owner: type, binding_id: str) -> str:
    """ "/", "? or f1": the keys of a binding of `owner` (or of a class it inherits from)."""
    for cls in owner.__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id == binding_id:
                return " or ".join(key_name(key) for key in binding.key.split(","))
    raise LookupError(f"{owner.__name__} has no binding {binding_id!r}")


def key_bar_text(
    bindings: Iterable[Binding],
    width: int,
    palette: str = "^p More",
    urgent: frozenset[str] = frozenset(),
) -> Text:
    """The bindings as one line of at most `width` cells (see the module's docstring)."""
    pairs: list[tuple[str, str, int]] = []  # key, description, rank (0 essential, 1 urgent)
    views: list[str] = []
    for binding in bindings:
        if binding.group is not None and binding.group.description == VIEW_KEYS:
            if not views:
                pairs.append(("", VIEW_KEYS, 0))
            views.append(key_name(binding.key))
            continue
        first_key = binding.key.split(",")[0]
        rank = 0 if binding.id in ESSENTIAL else 1 if binding.id in urgent else 2
        pairs.append((key_name(first_key), binding.description, rank))
    if views:
        keys = f"{views[0]}-{views[-1]}" if len(views) > 2 else " ".join(views)
        pairs = [(keys if not k and d == VIEW_KEYS else k, d, e) for k, d, e in pairs]
    gap = "  "
    shown = _fitting(pairs, width - len(palette) - 2, len(gap))
    if len(shown) < len(pairs):  # closer together, rather than a key fewer
        gap = " "
        shown = _fitting(pairs, width, len(gap))
    text = Text(no_wrap=True, overflow="crop", end="")
    for key, description, _ in shown:
        if text:
            text.append(gap)
        text.append(key, "bold reverse")
        text.append(f" {description}")
    if text.cell_len + 2 + len(palette) <= width:
        text.append(" " * (width - text.cell_len - len(palette)))
        key, _, description = palette.partition(" ")
        text.append(key, "bold reverse")
        text.append(f" {description}")
    return text


def _fitting(pairs: list[tuple[str, str, int]], width: int, gap: int) -> list[tuple[str, str, int]]:
    """The essential pairs, then the urgent ones and then the others, in order, while the
    line fits; shown in their own order."""

    def length(chosen: list[tuple[str, str, int]]) -> int:
        return sum(len(k) + 1 + len(d) for k, d, _ in chosen) + gap * max(len(chosen) - 1, 0)

    chosen = [pair for pair in pairs if pair[2] == 0]
    for rank in (1, 2):
        for pair in pairs:
            if pair[2] == rank and length([*chosen, pair]) <= width:
                chosen.append(pair)
    return [pair for pair in pairs if pair in chosen]


class KeyBar(Static):
    """The keys line at the bottom of a screen."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_resize(self) -> None:
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached:
            return
        urgent: frozenset[str] = getattr(self.app, "urgent_keys", frozenset())
        bindings = [
            active.binding
            for active in screen.active_bindings.values()
            if (active.binding.show or active.binding.id in urgent) and active.enabled
        ]
        self.update(key_bar_text(_unique(bindings), self.size.width or 80, urgent=urgent))


def _unique(bindings: list[Binding]) -> list[Binding]:
    """One entry per action (a key bound twice, as `?` and `f1`, shows once)."""
    seen: set[str] = set()
    unique = []
    for binding in bindings:
        if binding.action not in seen:
            seen.add(binding.action)
            unique.append(binding)
    return unique
