"""The filters dialog (`f`): councils, kinds, priorities, a period and (on the library) only
what is new to the user, as a `Selection`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from ...model import Kind, Library, Priority
from ...select import Selection, parse_period
from ...wording import short_council
from ..labels import KIND_WORD, NEW_MARK, PRIORITY_MARK, PRIORITY_WORD
from ..widgets.toggles import MarkedSelectionList
from .form import FormDialog


class FiltersDialog(FormDialog[Selection]):
    """Tick what to show; nothing ticked in a group shows all of it. `new_ids` are the
    entries new to the user (None: not on the library, no such choice)."""

    CONFIRM = "apply"

    def __init__(
        self, library: Library, filters: Selection, new_ids: frozenset[str] | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.filters = filters
        self.new_ids = new_ids

    def compose(self) -> ComposeResult:
        filters = self.filters
        with Vertical(classes="dialog", id="filters-dialog") as box:
            box.border_title = "Filters · space ticks · nothing ticked = all"
            with Horizontal(id="filter-lists"):
                councils = MarkedSelectionList(
                    *[
                        (Text(short_council(c)), c, c in filters.councils)
                        for c in self.library.councils
                    ],
                    id="councils",
                )
                councils.border_title = "Councils"
                yield councils
                kinds = MarkedSelectionList(
                    *[(Text(KIND_WORD[k]), k.value, k in filters.kinds) for k in Kind], id="kinds"
                )
                kinds.border_title = "Kinds"
                yield kinds
                priorities = MarkedSelectionList(
                    *[
                        (
                            Text(f"{PRIORITY_MARK[p]} {PRIORITY_WORD[p]}"),
                            p.value,
                            p in filters.priorities,
                        )
                        for p in Priority
                    ],
                    id="priorities",
                )
                priorities.border_title = "Priorities"
                yield priorities
                if self.new_ids is not None:
                    entries = MarkedSelectionList(
                        (
                            Text(f"{NEW_MARK} new ({len(self.new_ids)})"),
                            "new",
                            filters.new_ids is not None,
                        ),
                        id="entries",
                    )
                    entries.border_title = "Entries"
                    yield entries
            with Horizontal(classes="field"):
                yield Label("From", classes="field-label")
                yield Input(filters.start or "", placeholder="YYYY or YYYY-MM", id="start")
                yield Label("To", classes="field-label")
                yield Input(filters.end or "", placeholder="YYYY or YYYY-MM", id="end")
            yield Label("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear all", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#councils").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "clear":
            self.dismiss(Selection())
        else:
            super().on_button_pressed(event)

    def finish(self) -> None:
        try:
            start, end = parse_period(
                self.query_one("#start", Input).value, self.query_one("#end", Input).value
            )
        except ValueError as error:
            self.query_one("#problem", Label).update(Text(str(error)))
            return

        def ticked(list_id: str) -> list[str]:
            return list(self.query_one(f"#{list_id}", MarkedSelectionList).selected)

        councils = set(ticked("councils"))
        kinds = {Kind(k) for k in ticked("kinds")}
        priorities = {Priority(p) for p in ticked("priorities")}
        only_new = self.new_ids is not None and "new" in ticked("entries")
        self.dismiss(
            Selection(
                councils=tuple(c for c in self.library.councils if c in councils),
                kinds=tuple(k for k in Kind if k in kinds),
                priorities=tuple(p for p in Priority if p in priorities),
                start=start,
                end=end,
                new_ids=self.new_ids if only_new else None,
            )
        )
