"""The explorer app: loading, shared state (filters, marks), export, and the three views.

`build_app(sources)` makes the app (tests call it); `run_app(sources)` runs it for
`manualtui browse` and turns a failed load into the CLI's one-line error.

Every blocking job (loading, export) is a thread worker posting a typed message; worker
failures all go through `on_worker_state_changed`, which turns them into a notification
(or, for loading, an exit with the error). Views share state through two reactives,
`filters` and `marks`, which they watch.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from ..errors import ManualError
from ..model import Item, Kind, Library, Priority, Release
from .catalog import Catalog
from .commands import ChapterProvider, CouncilProvider, ReleaseProvider, ViewCommandsProvider
from .labels import KIND_WORD, PRIORITY_MARK, PRIORITY_WORD
from .messages import ComparisonReady, ExportDone, ExportProgress, LibraryLoaded, RelatedReady
from .screens.base import ViewScreen
from .screens.releases import ReleasesScreen
from .state import CompareSetup, Filters, Marks, common_period, export_selection

if TYPE_CHECKING:
    from ..compare import Comparison
    from .dialogs.export import ExportChoice
    from .relations import Related, Relations
    from .screens.chapter import ChapterScreen
    from .screens.compare import CompareScreen

VIEWS = ("releases", "compare", "chapter")
RELATE_PAUSE = 0.25  # seconds on an entry before its chapter is matched in the other council
_COUNCIL_COMMANDS = 50  # beyond this many councils, the filters dialog is the way


class ManualApp(App[None]):
    """The explorer over the manuals named by `sources` (none: the bundled samples)."""

    TITLE = "manualtui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar = App.COMMANDS | {
        ViewCommandsProvider,
        CouncilProvider,
        ReleaseProvider,
        ChapterProvider,
    }
    DEFAULT_MODE = "releases"  # the releases view is the first screen, loading or not
    MODES: ClassVar = {
        "releases": ReleasesScreen,
        "compare": lambda: _compare_screen(),
        "chapter": lambda: _chapter_screen(),
    }
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("f", "filters", "Filter", id="filters"),
        Binding("e", "export", "Export", id="export"),
        Binding("r", "toggle_reread", "Re-read only", show=False, id="filter-reread"),
        Binding("u", "clear_marks", "Clear marks", show=False, id="clear-marks"),
        Binding("1", "view('releases')", "Releases view", show=False, id="view-releases"),
        Binding("2", "view('compare')", "Compare view", show=False, id="view-compare"),
        Binding("3", "view('chapter')", "Chapter view", show=False, id="view-chapter"),
        Binding("q", "quit", "Quit", show=False, id="quit"),
    ]

    filters: reactive[Filters] = reactive(Filters, init=False)
    marks: reactive[Marks] = reactive(Marks, init=False)
    export_progress: reactive[float | None] = reactive(None, init=False)

    def __init__(self, sources: Sequence[str] = (), library: Library | None = None) -> None:
        super().__init__()
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        self.sources = tuple(sources)
        self._preloaded = library
        self.catalog: Catalog | None = None
        self.relations: Relations | None = None
        self._relate_timer: Timer | None = None
        self.load_error: ManualError | None = None
        self.last_export: Path | None = None
        self.export_target = ""
        self.chapter_focus: tuple[int, str] | None = None
        self.current_item: Item | None = None
        self.compare_setup: CompareSetup | None = None
        self.comparison: Comparison | None = None

    def on_load(self) -> None:
        self.load_library()  # before the first screen is composed: they overlap

    # -- loading ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", name="load")
    def load_library(self) -> None:
        from ..load import load_manuals

        library = self._preloaded or load_manuals(self.sources)
        catalog = Catalog(library)
        # The library lives as long as the session: keep the cyclic collector from
        # rescanning its millions of objects at every collection.
        gc.freeze()
        self.post_message(LibraryLoaded(catalog))

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.catalog = message.catalog
        from .relations import Relations

        self.relations = Relations(message.catalog.library)
        self.compare_setup = default_compare(message.catalog.library)
        for screen in self.get_screen_stack("releases"):  # under a dialog, perhaps
            if isinstance(screen, ReleasesScreen):
                screen.library_ready()
        self.call_after_refresh(self.prepare_search)

    @work(thread=True, exclusive=True, exit_on_error=False, group="index", name="index")
    def prepare_search(self) -> None:
        """Build the search index once the first screen is drawn."""
        if self.catalog is not None:
            _ = self.catalog.search_index

    # -- relating items to chapters and the other council ----------------------------

    def partner_for(self, council: str) -> str | None:
        """The "other council" of the compare pair for `council` (None with one council)."""
        if self.compare_setup is None:
            return None
        first, second = self.compare_setup.council_a, self.compare_setup.council_b
        return second if council == first else first

    def related_now(self, item: Item) -> Related | None:
        """`item`'s chapter and counterpart if already worked out; else ask a worker for
        them, after a short pause (the first screen is drawn first, and moving through a
        list does not start a worker per line)."""
        if self.relations is None:
            return None
        partner = self.partner_for(item.council)
        if self.relations.ready(item.council, partner):
            return self.relations.related(item, partner)
        if self._relate_timer is not None:
            self._relate_timer.stop()
        self._relate_timer = self.set_timer(RELATE_PAUSE, partial(self.relate, item, partner))
        return None

    @work(thread=True, exclusive=True, exit_on_error=False, group="relate", name="relate")
    def relate(self, item: Item, partner: str | None) -> None:
        assert self.relations is not None
        self.post_message(RelatedReady(item, self.relations.related(item, partner)))

    def on_related_ready(self, message: RelatedReady) -> None:
        for screen in self.screen_stack:  # the view may be under a dialog
            if isinstance(screen, ViewScreen):
                screen.related_ready(message.item, message.related)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures become a message for the user."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        text = (
            str(error) if isinstance(error, ManualError) else (f"{type(error).__name__}: {error}")
        )
        if event.worker.group == "load":
            self.load_error = (
                error
                if isinstance(error, ManualError)
                else ManualError("manualtui", f"cannot load the manuals ({text})")
            )
            self.exit(return_code=1)
            return
        if event.worker.group == "export":
            self.export_progress = None
        self.notify(
            text,
            title="Export failed" if event.worker.group == "export" else "Error",
            severity="error",
            timeout=20,
            markup=False,
        )

    # -- views ------------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        if self.catalog is not None and view in VIEWS and self.current_mode != view:
            self.switch_mode(view)

    def show_chapter(self, manual: int, chapter: str) -> None:
        """Open the chapter view on one manual's chapter."""
        self.chapter_focus = (manual, chapter)
        if self.current_mode == "chapter":
            screen = self.screen
            if _is_chapter_screen(screen):
                screen.show_focus()
        else:
            self.switch_mode("chapter")

    def show_release(self, manual: int) -> None:
        """Go to the releases view, on a manual."""
        self.go_to_release(manual, None)

    def go_to_release(self, manual: int, release: Release | None) -> None:
        """Go to the releases view, on a release of a manual (or the manual itself)."""
        self.action_view("releases")
        self.call_after_refresh(self._select_in_releases, manual, release)

    def _select_in_releases(self, manual: int, release: Release | None) -> None:
        screen = self.screen
        if isinstance(screen, ReleasesScreen):
            screen.go_to(manual, release)

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare", name="compare")
    def run_compare(self, setup: CompareSetup) -> None:
        from ..compare import compare

        assert self.catalog is not None
        self.post_message(
            ComparisonReady(
                compare(
                    self.catalog.library, setup.council_a, setup.council_b, setup.start, setup.end
                )
            )
        )

    def on_comparison_ready(self, message: ComparisonReady) -> None:
        self.comparison = message.comparison
        screen = self.screen
        if _is_compare_screen(screen):
            screen.comparison_ready(message.comparison)

    def action_go_to_chapter(self) -> None:
        from textual.command import CommandPalette

        self.push_screen(
            CommandPalette(
                providers=[ChapterProvider], placeholder="Go to chapter… (type part of its title)"
            )
        )

    def action_go_to_release(self) -> None:
        from textual.command import CommandPalette

        self.push_screen(
            CommandPalette(
                providers=[ReleaseProvider, CouncilProvider],
                placeholder="Go to release… (council and month)",
            )
        )

    def action_go_to(self) -> None:
        from textual.command import CommandPalette

        self.push_screen(
            CommandPalette(
                providers=[ReleaseProvider, CouncilProvider, ChapterProvider],
                placeholder="Go to a release, council or chapter… (type part of its name)",
            )
        )

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- filters and marks ------------------------------------------------------------

    def action_filters(self) -> None:
        if self.catalog is None:
            return
        from .dialogs.filters import FiltersDialog

        self.push_screen(FiltersDialog(self.catalog.library, self.filters), self._apply_filters)

    def _apply_filters(self, filters: Filters | None) -> None:
        if filters is not None:
            self.filters = filters

    def action_toggle_reread(self) -> None:
        self.filters = self.filters.toggle_priority(Priority.REREAD)
        shown = "only re-read items" if self.filters.priorities else "all priorities"
        self.notify(f"Showing {shown}.", timeout=3)

    def action_clear_filters(self) -> None:
        self.filters = Filters()

    def action_clear_marks(self) -> None:
        self.marks = Marks()
        self.notify("Marks cleared.", timeout=3)

    def mark_range(self, start: str, end: str) -> None:
        low, high = sorted((start, end))
        self.marks = Marks(entry_ids=self.marks.entry_ids, start=low, end=high)

    # -- export -----------------------------------------------------------------------

    def export_items(self) -> list[Item]:
        """The items the current marks and filters select for export."""
        if self.catalog is None:
            return []
        return export_selection(self.filters, self.marks).apply(self.catalog.library)

    def action_export(self, fmt: str = "xlsx") -> None:
        if self.catalog is None:
            return
        if self.export_progress is not None:
            self.notify("An export is already running.", severity="warning")
            return
        from .dialogs.export import ExportDialog

        selection = export_selection(self.filters, self.marks)
        count = len(self.export_items())
        if not count:
            self.notify(
                "Nothing selected: mark releases (m) or entries (space), "
                "or loosen the filters (f).",
                severity="warning",
                timeout=8,
            )
            return
        self.push_screen(ExportDialog(selection, count, fmt), self._start_export)

    def _start_export(self, choice: ExportChoice | None) -> None:
        if choice is None or self.catalog is None:
            return
        self.export_target = str(choice.path)
        self.export_progress = 0.0
        self.run_export(choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", name="export")
    def run_export(self, choice: ExportChoice) -> None:
        from manualtui.exporters import ExportRequest, export

        assert self.catalog is not None
        selection = export_selection(self.filters, self.marks)
        items = selection.apply(self.catalog.library)
        request = ExportRequest(
            fmt=choice.fmt,
            path=choice.path,
            items=items,
            library=self.catalog.library,
            selection=selection,
            force=choice.force,
            by=choice.by,
            staff=choice.staff,
            due=choice.due,
        )

        def progress(fraction: float) -> None:
            self.post_message(ExportProgress(fraction))

        written = export(request, progress=progress)
        self.post_message(ExportDone(written, len(items)))

    def on_export_progress(self, message: ExportProgress) -> None:
        if self.export_progress is not None:
            self.export_progress = message.fraction

    def on_export_done(self, message: ExportDone) -> None:
        self.export_progress = None
        self.last_export = message.path
        self.notify(
            f"{message.count} entries written to {message.path}",
            title="Export finished",
            timeout=30,
            markup=False,
        )

    # -- palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.catalog is None:
            return
        yield SystemCommand(
            "View: Releases",
            "Releases, entries and their details (1)",
            lambda: self.action_view("releases"),
        )
        yield SystemCommand(
            "View: Compare councils",
            "Two councils side by side (2)",
            lambda: self.action_view("compare"),
        )
        yield SystemCommand(
            "View: Chapter history",
            "One chapter across releases (3)",
            lambda: self.action_view("chapter"),
        )
        yield SystemCommand(
            "Filters…", "Filter by council, kind, priority, period (f)", self.action_filters
        )
        yield SystemCommand(
            "Filter: re-read only (toggle)",
            "Only entries to re-read (r)",
            self.action_toggle_reread,
        )
        yield SystemCommand("Filter: clear", "Show everything", self.action_clear_filters)
        yield SystemCommand(
            "Filter: period…", "Only releases from/to a month or year", self.action_period_filter
        )
        for kind in Kind:
            yield SystemCommand(
                f"Filter: only {KIND_WORD[kind]} chapters",
                f"Entries whose chapter was {KIND_WORD[kind]}",
                partial(self.set_filter, kinds=frozenset({kind})),
            )
        for priority in Priority:
            yield SystemCommand(
                f"Filter: only {PRIORITY_MARK[priority]} {PRIORITY_WORD[priority]}",
                "Entries of this priority",
                partial(self.set_filter, priorities=frozenset({priority})),
            )
        for council in self.catalog.library.councils[:_COUNCIL_COMMANDS]:
            yield SystemCommand(
                f"Filter: only {council}",
                "One council's entries",
                partial(self.set_filter, councils=frozenset({council})),
            )
        yield SystemCommand(
            "Marks: clear", "Unmark the range and all entries (u)", self.action_clear_marks
        )
        yield SystemCommand(
            "Marks: release range from/to…", "Mark releases by month", self.action_range_dialog
        )
        yield SystemCommand(
            "Export: Excel re-read tracker…",
            "Write an .xlsx tracker (e)",
            lambda: self.action_export("xlsx"),
        )
        yield SystemCommand(
            "Export: Word briefing…",
            "Write a .docx briefing pack",
            lambda: self.action_export("docx"),
        )
        yield SystemCommand("Go to chapter…", "Pick a chapter by title", self.action_go_to_chapter)
        yield SystemCommand(
            "Go to release…", "Pick a release by council and month", self.action_go_to_release
        )
        yield SystemCommand("Help", "Keys and views (?)", self.action_help)

    def set_filter(self, **changes: Any) -> None:
        """Replace some of the filters (the palette's one-step filters)."""
        self.filters = replace(self.filters, **changes)

    def action_period_filter(self) -> None:
        from .dialogs.period import PeriodDialog

        self.push_screen(
            PeriodDialog(
                "Only releases from/to", self.filters.start, self.filters.end, require_both=False
            ),
            self._apply_period_filter,
        )

    def _apply_period_filter(self, period: tuple[str | None, str | None] | None) -> None:
        if period is not None:
            self.set_filter(start=period[0], end=period[1])

    def action_range_dialog(self) -> None:
        from .dialogs.period import PeriodDialog

        self.push_screen(
            PeriodDialog("Mark releases from/to", self.marks.start, self.marks.end),
            self._apply_range,
        )

    def _apply_range(self, period: tuple[str | None, str | None] | None) -> None:
        if period is None:
            return
        start, end = period
        if start and end:
            self.mark_range(start, end)


# The compare and chapter views (and the fuzzy matching they use) are imported when first
# shown, to keep start-up lean.


def _compare_screen() -> CompareScreen:
    from .screens.compare import CompareScreen

    return CompareScreen()


def _chapter_screen() -> ChapterScreen:
    from .screens.chapter import ChapterScreen

    return ChapterScreen()


def _is_compare_screen(screen: object) -> TypeGuard[CompareScreen]:
    from .screens.compare import CompareScreen

    return isinstance(screen, CompareScreen)


def _is_chapter_screen(screen: object) -> TypeGuard[ChapterScreen]:
    from .screens.chapter import ChapterScreen

    return isinstance(screen, ChapterScreen)


def default_compare(library: Library) -> CompareSetup | None:
    """The first two councils, over the months both manuals span (else all releases)."""
    councils = library.councils
    if len(councils) < 2:
        return None
    spans = [_span(library, council) for council in councils[:2]]
    period = common_period(spans[0], spans[1]) if all(spans) else None
    return CompareSetup(councils[0], councils[1], *(period or (None, None)))


def _span(library: Library, council: str) -> tuple[str, str]:
    keys = [r.key for m in library.manuals if m.council == council for r in m.releases]
    return (min(keys), max(keys)) if keys else ("", "")


def build_app(sources: Sequence[str] = (), library: Library | None = None) -> ManualApp:
    """The explorer over `sources` (`PATH` or `NAME=PATH`; none: the bundled samples).

    `library`, if given, is shown instead of loading `sources` (tests and benchmarks load
    once and start many apps).
    """
    return ManualApp(sources, library)


def run_app(sources: Sequence[str]) -> None:
    """Run the explorer; a failed load raises the `ManualError` the CLI prints on one line."""
    app = build_app(sources)
    app.run()
    if app.load_error is not None:
        raise app.load_error
