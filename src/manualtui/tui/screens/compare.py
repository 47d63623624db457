"""The compare view: two councils' chapters side by side over a period.

Rows are chapters changed in the period in both councils, only in A, or only in B (`s`
cycles which are shown); a shared national update is marked with its lag. The pane below
shows the highlighted chapter's changes on each side and a word diff of the newest details.
The comparison itself (fuzzy chapter matching) runs in a worker.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Static

from ...compare import ComparedChapter, Comparison, Presence, word_diff
from ...model import Item
from ...wording import month_label, short_council
from ..state import CompareSetup
from ..widgets.entry_view import EntryView, timeline
from ..widgets.export_status import ExportStatus
from ..widgets.view_bar import ViewBar
from .base import PaletteCommand, ViewScreen

SHOW_ORDER = ("all", "both", "only_a", "only_b")


def lag_text(months: int, short_b: str) -> str:
    """The lag of B behind A: `same month`, `Luton +2 mo`, `Luton -1 mo`."""
    return "same month" if months == 0 else f"{short_b[:8]} {months:+d} mo"


def status_text(row: ComparedChapter, short_a: str, short_b: str) -> str:
    """`both`, `shared, Luton +2 mo`, `only Enfield`… (words, not colours)."""
    if row.status is Presence.ONLY_A:
        return f"only {short_a}"
    if row.status is Presence.ONLY_B:
        return f"only {short_b}"
    if row.lag_months is not None:
        return f"shared, {lag_text(row.lag_months, short_b)}"
    return "both"


def side_text(items: tuple[Item, ...]) -> str:
    """The newest release in the period, and how many more changes there were."""
    if not items:
        return "—"
    more = f" +{len(items) - 1}" if len(items) > 1 else ""
    return f"{month_label(items[0].release.key)}{more}"


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


def row_lines(row: ComparedChapter, short_a: str, short_b: str) -> list[Text]:
    """The detail of one compared chapter: both sides' changes, shared updates, word diff."""
    lines = [Text(row.label, "bold")]
    if row.match:
        lines.append(Text(f"Matched: {row.match}", "dim"))
    for update in row.shared:
        lag = abs(update.lag_months)
        who_first = (
            "the same month"
            if lag == 0
            else f"{short_b} {lag} month{'s' if lag != 1 else ''} "
            f"{'later' if update.lag_months > 0 else 'earlier'}"
        )
        lines.append(
            Text(
                f"Shared national update: {short_a} {update.item_a.release.label}, "
                f"{short_b} {update.item_b.release.label} ({who_first}; "
                f"{update.similarity:.0f}% alike)",
                "bold",
            )
        )
    for name, items in ((short_a, row.items_a), (short_b, row.items_b)):
        lines += [
            Text(""),
            Text(
                f"{name}: {len(items)} change{'s' if len(items) != 1 else ''} in the period", "bold"
            ),
        ]
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


class CompareScreen(ViewScreen):
    """Chapters of two councils aligned, over a period."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "setup", "Period/councils", id="compare-setup"),
        Binding("s", "cycle_show", "Show", id="compare-show"),
        Binding("h", "history", "History", id="history"),
        Binding("x", "swap", "Swap A/B", show=False, id="compare-swap"),
        Binding("z", "zoom", "Zoom pane", show=False, id="zoom"),
        Binding("escape", "back", "Back", show=False, id="back"),
    ]

    show: reactive[str] = reactive("all", init=False)

    def __init__(self) -> None:
        super().__init__()
        self.comparison: Comparison | None = None
        self.rows: list[ComparedChapter] = []

    def compose(self) -> ComposeResult:
        yield ViewBar("compare")
        yield Static("", id="compare-head")
        table: DataTable[str] = DataTable(id="pairs", cursor_type="row", zebra_stripes=False)
        yield table
        yield EntryView(id="pair-detail")
        yield ExportStatus()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pairs").border_title = "Chapters"
        self.query_one("#pair-detail").border_title = "The chapter in the two councils"
        self.query_one(DataTable).focus()
        self.recompute()

    def on_screen_resume(self) -> None:
        latest = self.manual_app.comparison
        if latest is not None and latest is not self.comparison:
            self.comparison_ready(latest)
        if self.comparison is not None and self._setup_of(self.comparison) != (
            self.manual_app.compare_setup
        ):
            self.recompute()

    @staticmethod
    def _setup_of(comparison: Comparison) -> CompareSetup:
        return CompareSetup(
            comparison.council_a, comparison.council_b, comparison.start, comparison.end
        )

    @property
    def short(self) -> dict[str, str]:
        return {c: short_council(c) for c in self.catalog.library.councils}

    def recompute(self) -> None:
        """Ask the app's worker for the comparison the setup names."""
        setup = self.manual_app.compare_setup
        head = self.query_one("#compare-head", Static)
        if setup is None:
            head.update("Comparing needs two councils: load two manuals.")
            return
        head.update(Text(f"{setup.describe(self.short)} · comparing…", "dim"))
        self.query_one(DataTable).loading = True
        self.manual_app.run_compare(setup)

    def comparison_ready(self, comparison: Comparison) -> None:
        if self._setup_of(comparison) != self.manual_app.compare_setup:
            return
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
        short_a = short_council(comparison.council_a)
        short_b = short_council(comparison.council_b)
        wanted = {
            "all": None,
            "both": Presence.BOTH,
            "only_a": Presence.ONLY_A,
            "only_b": Presence.ONLY_B,
        }[self.show]
        self.rows = [r for r in comparison.rows if wanted is None or r.status is wanted]
        self._head(comparison, short_a, short_b)
        table: DataTable[str] = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        side = max(len(short_a), len(short_b), 11)
        chapter_width = max(16, self.size.width - 2 * (side + 2) - 22 - 4)
        table.add_column("Chapter", width=chapter_width, key="chapter")
        table.add_column(short_a, width=side, key="a")
        table.add_column(short_b, width=side, key="b")
        table.add_column("In", width=20, key="status")
        for row in self.rows:
            table.add_row(
                _cut(row.label, chapter_width),
                side_text(row.items_a),
                side_text(row.items_b),
                status_text(row, short_a, short_b),
            )
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self._show_row(table.cursor_row if self.rows else None)

    def _head(self, comparison: Comparison, short_a: str, short_b: str) -> None:
        counts = {status: len(comparison.with_status(status)) for status in Presence}
        shared = sum(1 for row in comparison.rows if row.shared)
        showing = {
            "all": "all",
            "both": "changed in both",
            "only_a": f"only {short_a}",
            "only_b": f"only {short_b}",
        }[self.show]
        setup = self._setup_of(comparison)
        head = Text(setup.describe(self.short), "bold")
        head.append(
            f"\nboth {counts[Presence.BOTH]} (shared {shared}) · only {short_a} "
            f"{counts[Presence.ONLY_A]} · only {short_b} {counts[Presence.ONLY_B]}"
            f" · showing: {showing}",
            "dim",
        )
        self.query_one("#compare-head", Static).update(head)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_row(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        detail = self.query_one(EntryView)
        detail.focus()
        self.maximize(detail, container=False)

    def _show_row(self, index: int | None) -> None:
        detail = self.query_one(EntryView)
        comparison = self.comparison
        if comparison is None or index is None or not 0 <= index < len(self.rows):
            detail.show_lines([Text("No chapters changed in this period.", "dim")])
            return
        detail.show_lines(
            row_lines(
                self.rows[index],
                short_council(comparison.council_a),
                short_council(comparison.council_b),
            )
        )

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
            self.recompute()

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
        comparison = self.comparison
        table: DataTable[str] = self.query_one(DataTable)
        if comparison is None or not self.rows:
            return
        row = self.rows[table.cursor_row]
        items = row.items_a or row.items_b
        if items:
            item = items[0]
            self.manual_app.show_chapter(self.catalog.manual_of(item), item.chapter)

    def action_back(self) -> None:
        if self.maximized is not None:
            self.minimize()
        self.query_one(DataTable).focus()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            ("Compare: period and councils…", self.action_setup, "Choose A, B, from, to (p)"),
            ("Compare: show all chapters", lambda: self.set_show("all"), "(s cycles)"),
            ("Compare: show changed in both", lambda: self.set_show("both"), ""),
            ("Compare: show only in A", lambda: self.set_show("only_a"), ""),
            ("Compare: show only in B", lambda: self.set_show("only_b"), ""),
            ("Compare: swap A and B", self.action_swap, "(x)"),
        ]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
