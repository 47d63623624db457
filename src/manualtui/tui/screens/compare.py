"""The compare view: two councils' chapters side by side over a period.

Rows are chapters changed in the period in both councils, only in A, or only in B (`s`
cycles which are shown); where both made the same (national) update, the row says who made
it later and by how much ("Luton 5 months later"). The pane below shows the highlighted
chapter's changes on each side and a word diff of the newest details. The councils and the
period are the app's `compare_setup`; the comparison (fuzzy chapter matching) runs in a
worker and is kept by the catalog, so coming back to a setup is instant.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from ...compare import ComparedChapter, Comparison, Presence, word_diff
from ...model import Item
from ...wording import count, lag_text, month_label, short_council
from ..labels import filters_text
from ..state import ChapterFocus, CompareSetup, ExportScope
from ..widgets.entry_view import EntryView, timeline
from ..widgets.export_status import ExportStatus
from ..widgets.key_bar import KeyBar, key_hint
from ..widgets.view_bar import ViewBar
from .base import PaletteCommand, ViewScreen

SHOW_ORDER = ("all", "both", "only_a", "only_b")
_MONTH_WIDTH = 8
_MAX_STATUS = 28
_MIN_CHAPTER = 16


def status_text(row: ComparedChapter, council_a: str, council_b: str) -> str:
    """ "both", "Luton 5 months later" (the same update, made later by Luton), "same
    month", "only Enfield" (words, not colours)."""
    if row.status is Presence.ONLY_A:
        return f"only {short_council(council_a)}"
    if row.status is Presence.ONLY_B:
        return f"only {short_council(council_b)}"
    if row.lag_months is not None:
        return lag_text(row.lag_months, council_a, council_b)
    return "both"


def side_text(items: tuple[Item, ...]) -> str:
    """The newest release in the period with a change to the chapter ("-": none)."""
    return month_label(items[0].release.key) if items else "-"


def diff_text(text_a: str, text_b: str) -> Text:
    """A word diff with text markers: `[-only in A-]` and `{+only in B+}`."""
    text = Text()
    for op, words in word_diff(text_a, text_b):
        if not words.strip():  # only spacing differs: nothing a reader needs to see
            if op != "delete":
                text.append(" " if op == "insert" else words)
        elif op == "equal":
            text.append(words)
        elif op == "delete":
            text.append(f"[-{words}-]", "red strike")
        else:
            text.append(f"{{+{words}+}}", "green underline")
    return text


def row_lines(row: ComparedChapter, council_a: str, council_b: str) -> list[Text]:
    """The detail of one compared chapter: both sides' changes, shared updates, word diff."""
    short_a, short_b = short_council(council_a), short_council(council_b)
    lines = [Text(row.label, "bold")]
    if row.match:
        lines.append(Text(f"Matched: {row.match}", "dim"))
    for update in row.shared:
        lines.append(
            Text(
                f"The same national update: {short_a} {update.item_a.release.label}, "
                f"{short_b} {update.item_b.release.label} "
                f"({lag_text(update.lag_months, council_a, council_b)}; "
                f"{update.similarity:.0f}% alike)",
                "bold",
            )
        )
    for name, items in ((short_a, row.items_a), (short_b, row.items_b)):
        lines += [Text(""), Text(f"{name}: {count(len(items), 'change')} in the period", "bold")]
        lines += timeline(items)
    newest_a = row.items_a[0] if row.items_a else None
    newest_b = row.items_b[0] if row.items_b else None
    if row.shared:
        newest_a, newest_b = row.shared[0].item_a, row.shared[0].item_b
    if newest_a is not None and newest_b is not None:
        text_a, text_b = newest_a.entry.details_text, newest_b.entry.details_text
        lines.append(Text(""))
        if text_a.split() == text_b.split():
            lines.append(Text("The newest details are word for word the same:", "bold"))
            lines.append(Text(text_a))
        else:
            lines.append(
                Text(
                    f"Word diff of the newest details: [-{short_a} only-] {{+{short_b} only+}}",
                    "bold",
                )
            )
            lines.append(diff_text(text_a, text_b))
    else:
        for item in (newest_a, newest_b):
            if item is not None:
                lines += [
                    Text(""),
                    Text(f"{month_label(item.release.key)}:", "bold"),
                    Text(item.entry.details_text),
                ]
    return lines


class PairTable(DataTable[Text]):
    """The compared chapters, one per row; enter reads the highlighted one in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Read",
            id="compare-read",
            tooltip="the chapter in both councils, full screen",
        ),
    ]


class CompareScreen(ViewScreen):
    """Chapters of two councils aligned, over a period."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p",
            "setup",
            "Period",
            id="compare-setup",
            tooltip="choose the two councils and the period (a year such as 2019, or 2019-04)",
        ),
        Binding(
            "s",
            "cycle_show",
            "Show",
            show=False,
            id="compare-show",
            tooltip="all chapters, changed in both, only in A, only in B (cycles)",
        ),
        Binding(
            "h", "history", "History", id="history", tooltip="the chapter, in the chapter view"
        ),
        Binding("x", "swap", "Swap", show=False, id="compare-swap", tooltip="swap A and B"),
    ]

    show: reactive[str] = reactive("all", init=False)

    def __init__(self) -> None:
        super().__init__()
        self.comparison: Comparison | None = None
        self.rows: list[ComparedChapter] = []

    def compose(self) -> ComposeResult:
        yield ViewBar("compare")
        yield Static("", id="compare-head")
        yield PairTable(id="pairs", cursor_type="row", zebra_stripes=False, cell_padding=0)
        yield EntryView(id="pair-detail")
        yield ExportStatus()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pairs").border_title = "Chapters"
        self.query_one("#pair-detail").border_title = "The chapter in the two councils"
        self.query_one(DataTable).focus()
        self.watch(self.manual_app, "compare_setup", self._setup_changed, init=True)

    def _setup_changed(self, setup: CompareSetup | None) -> None:
        """Show the comparison the setup names: at once if the catalog has it, else from a
        worker."""
        head = self.query_one("#compare-head", Static)
        if setup is None:
            head.update("Comparing needs two councils: load two manuals.")
            return
        if self.catalog.has_comparison(setup):
            self._comparison_ready(self.catalog.comparison(setup))
            return
        head.update(Text(f"{setup.describe()}: comparing...", "dim"))
        self.query_one(DataTable).loading = True
        self.run_worker(
            partial(self.catalog.comparison, setup),
            thread=True,
            exclusive=True,
            group="compare",
            name="compare",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "compare" and event.state is WorkerState.SUCCESS:
            result = event.worker.result
            if isinstance(result, Comparison):
                self._comparison_ready(result)

    def _comparison_ready(self, comparison: Comparison) -> None:
        if _setup_of(comparison) != self.manual_app.compare_setup:
            return  # a newer setup was chosen meanwhile
        self.comparison = comparison
        self.query_one(DataTable).loading = False
        self._fill()

    def watch_show(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        a, b = comparison.council_a, comparison.council_b
        wanted = {
            "all": None,
            "both": Presence.BOTH,
            "only_a": Presence.ONLY_A,
            "only_b": Presence.ONLY_B,
        }[self.show]
        self.rows = [r for r in comparison.rows if wanted is None or r.status is wanted]
        self._head(comparison)
        table: DataTable[Text] = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        statuses = [status_text(row, a, b) for row in self.rows]
        short_a, short_b = short_council(a), short_council(b)
        side = max(_MONTH_WIDTH, len(short_a), len(short_b)) + 1
        status = min(_MAX_STATUS, max((len(s) for s in statuses), default=7)) + 1
        chapter = max(_MIN_CHAPTER, self.size.width - 1 - 2 * side - status)
        table.add_column(Text("Chapter"), width=chapter, key="chapter")
        table.add_column(Text(short_a), width=side, key="a")
        table.add_column(Text(short_b), width=side, key="b")
        table.add_column(Text("Changed"), width=status, key="status")
        for row, said in zip(self.rows, statuses, strict=True):
            table.add_row(
                _cell(row.label, chapter),
                _cell(side_text(row.items_a), side),
                _cell(side_text(row.items_b), side),
                _cell(said, status),
            )
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self._show_row(table.cursor_row if self.rows else None)

    def _head(self, comparison: Comparison) -> None:
        short_a = short_council(comparison.council_a)
        short_b = short_council(comparison.council_b)
        counts = {status: len(comparison.with_status(status)) for status in Presence}
        shared = sum(1 for row in comparison.rows if row.shared)
        showing = {
            "all": "all",
            "both": "changed in both",
            "only_a": f"only {short_a}",
            "only_b": f"only {short_b}",
        }[self.show]
        head = Text(_setup_of(comparison).describe(), "bold")
        head.append(
            f"\nboth {counts[Presence.BOTH]} ({shared} the same update) · only {short_a} "
            f"{counts[Presence.ONLY_A]} · only {short_b} {counts[Presence.ONLY_B]}"
            f" · showing: {showing}",
            "dim",
        )
        self.query_one("#compare-head", Static).update(head)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_row(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_read()

    def action_read(self) -> None:
        detail = self.query_one(EntryView)
        detail.focus()
        self.maximize(detail, container=False)
        self.refresh_bindings()

    def _show_row(self, index: int | None) -> None:
        detail = self.query_one(EntryView)
        comparison = self.comparison
        if comparison is None or index is None or not 0 <= index < len(self.rows):
            detail.show_lines([Text("No chapters changed in this period.", "dim")])
            return
        detail.show_lines(row_lines(self.rows[index], comparison.council_a, comparison.council_b))

    # -- actions ----------------------------------------------------------------------

    def action_setup(self) -> None:
        from ..dialogs.compare_setup import CompareDialog

        setup = self.manual_app.compare_setup
        if setup is None:
            return
        self.app.push_screen(
            CompareDialog(self.catalog.library.councils, setup), self._setup_chosen
        )

    def _setup_chosen(self, setup: CompareSetup | None) -> None:
        if setup is not None:
            self.manual_app.compare_setup = setup

    def action_cycle_show(self) -> None:
        self.show = SHOW_ORDER[(SHOW_ORDER.index(self.show) + 1) % len(SHOW_ORDER)]

    def set_show(self, show: str) -> None:
        self.show = show

    def action_swap(self) -> None:
        setup = self.manual_app.compare_setup
        if setup is not None:
            self._setup_chosen(
                CompareSetup(setup.council_b, setup.council_a, setup.start, setup.end)
            )

    def action_history(self) -> None:
        item = self.current_item()
        if item is not None:
            self.manual_app.show_chapter(ChapterFocus.of(item))

    def after_minimize(self) -> None:
        self.query_one(DataTable).focus()

    def can_step_back(self) -> bool:
        return not self.query_one(DataTable).has_focus

    def step_back(self) -> None:
        self.query_one(DataTable).focus()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                "Compare: councils and period",
                self.action_setup,
                key_hint(CompareScreen, "compare-setup"),
            ),
            (
                "Compare: show all chapters",
                partial(self.set_show, "all"),
                key_hint(CompareScreen, "compare-show"),
            ),
            ("Compare: show those changed in both", partial(self.set_show, "both"), ""),
            ("Compare: show those changed only in A", partial(self.set_show, "only_a"), ""),
            ("Compare: show those changed only in B", partial(self.set_show, "only_b"), ""),
            ("Compare: swap A and B", self.action_swap, key_hint(CompareScreen, "compare-swap")),
        ]

    # -- what the app asks --------------------------------------------------------------

    def current_item(self) -> Item | None:
        table: DataTable[Text] = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row].first_item

    def show_item(self, item: Item) -> None:
        for index, row in enumerate(self.rows):
            if item in row.items_a or item in row.items_b:
                self.query_one(DataTable).move_cursor(row=index)
                return

    def export_scope(self) -> ExportScope:
        app = self.manual_app
        setup = app.compare_setup
        if setup is None:
            return super().export_scope()
        what = f"the comparison of {setup.describe()}"
        if app.filters.kinds or app.filters.priorities:
            what += (
                f"; filter: {filters_text(replace(app.filters, councils=(), start=None, end=None))}"
            )
        return ExportScope(setup.selection(app.filters), what)


def _cell(text: str, width: int) -> Text:
    """A cell of `width` cells: the text, cut with an ellipsis, and a gap after it."""
    cell = Text(text, no_wrap=True)
    cell.truncate(width - 1, overflow="ellipsis")
    return cell


def _setup_of(comparison: Comparison) -> CompareSetup:
    return CompareSetup(
        comparison.council_a, comparison.council_b, comparison.start, comparison.end
    )
