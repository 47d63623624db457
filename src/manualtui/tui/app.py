"""The explorer app: loading, the state the views share, going between views, export.

`build_app(sources)` makes the app (tests call it; `launch.run_app` runs it for `manualtui
browse`).

The state the views share lives here, in reactives the views watch and never write behind
each other's backs: the loaded `catalog`, the `filters` (a core `Selection`), the `marks`,
the councils and period compared (`compare_setup`), the chapter the chapter view shows
(`chapter_focus`), the running export (`export_run`), the file last written
(`last_export`) and, on the library, what is new to the user and what they have read
(`reading`, see `reading.py`). Views change them through the app's actions and methods.
Escape goes back along `trail`, the views left behind.

Every blocking job (loading, relating, comparing, export) is a thread worker posting a typed
message; worker failures all go through `on_worker_state_changed`. Loading posts the first
manual first where the others take a while (`launch.Loading`): the first screen, as it
mounts, takes it at once (drawn once, with it), and the whole library replaces it when read.
Keys are admitted one at a time (`key_queue.KeyQueue`), so keys typed in a burst act on the
screen the previous key left; until the whole library is read they wait (help and quit
excepted).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.filter import LineFilter
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from ..errors import ManualError
from ..model import Item, Kind, Library, Priority, Release
from ..select import Selection
from ..wording import count, short_council
from .catalog import Catalog
from .commands import GoTo, GoToProvider, ViewCommandsProvider, places
from .glyphs import ConsoleGlyphs, TerminalSafe, console_font_only
from .key_queue import KeyQueue, escape_apart, typing
from .labels import KIND_WORD, NEW_MARK, PRIORITY_WORD, chapter_label
from .launch import Loading, opens_library
from .messages import ExportDone, ExportProgress, LibraryLoaded, RelatedReady
from .screens.base import EntriesScreen, ViewScreen
from .screens.releases import ReleasesScreen
from .state import ChapterFocus, CompareSetup, Marks, Place, Reading, common_period
from .stylesheet import SteadyStylesheet
from .widgets.key_bar import key_hint, keys_of

if TYPE_CHECKING:
    from .dialogs.export import ExportChoice
    from .reading import ProgressWriter, Write
    from .relations import Related

VIEWS = ("releases", "compare", "chapter")
VIEW_NAMES = {"releases": "Releases", "compare": "Compare", "chapter": "Chapter"}
RELATE_PAUSE = 0.25  # seconds on an entry before its chapter is matched in the other council
TOAST_SECONDS = 5
TRAIL_LENGTH = 50
# Up to this many seconds the first screen waits for the first manuals, to be drawn once
# with them rather than drawn loading and again (a screen late by less is not seen as late).
FIRST_READ_PATIENCE = 0.3
_COUNCIL_COMMANDS = 50  # beyond this many councils, the filters dialog is the way
# Keys that work before the library is loaded (the others wait for it).
KEYS_WHILE_LOADING = frozenset({"question_mark", "f1", "q", "ctrl+q", "ctrl+c"})

# Under NO_COLOR every colour is dropped as the screen is drawn; what marks the cursor, the
# focus and the selected is then text style alone: reverse, bold, underline.
MONOCHROME = Theme(
    name="manualtui-monochrome",
    ansi=True,
    primary="ansi_default",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        "ansi-background": "ansi_default",
        "ansi-foreground": "ansi_default",
        "border-blurred": "ansi_default",
        "block-cursor-foreground": "ansi_default",
        "block-cursor-background": "ansi_default",
        "block-cursor-text-style": "reverse bold",
        "block-cursor-blurred-text-style": "underline",
        "input-cursor-text-style": "reverse",
        "button-focus-text-style": "reverse bold",
    },
)


@dataclass(frozen=True)
class ExportRun:
    """An export being written: where, and how far it got (0.0 to 1.0)."""

    path: Path
    fraction: float = 0.0


class ManualApp(App[None]):
    """The explorer over the manuals named by `sources` (none: the bundled samples)."""

    TITLE = "manualtui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar = App.COMMANDS | {ViewCommandsProvider, GoToProvider}
    DEFAULT_MODE = "releases"  # the releases view is the first screen, loading or not
    MODES: ClassVar = {
        "releases": ReleasesScreen,
        "compare": lambda: _compare_screen(),
        "chapter": lambda: _chapter_screen(),
    }
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    VIEW_KEYS = Binding.Group("Views", compact=True)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "view('releases')", "Releases", id="view-releases", group=VIEW_KEYS),
        Binding("2", "view('compare')", "Compare", id="view-compare", group=VIEW_KEYS),
        Binding("3", "view('chapter')", "Chapter", id="view-chapter", group=VIEW_KEYS),
        Binding(
            "f", "filters", "Filter", id="filters", tooltip="councils, kinds, priorities, period"
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="export",
            tooltip="what the view shows: xlsx, docx, csv, json, md",
        ),
        Binding(
            "r",
            "toggle_reread",
            "Re-read only",
            show=False,
            id="filter-reread",
            tooltip="again for all",
        ),
        Binding(
            "u", "clear_marks", "Clear marks", show=False, id="clear-marks", tooltip="asks first"
        ),
        Binding(
            "n",
            "toggle_new",
            "New",
            id="filter-new",
            show=False,
            tooltip="only the entries new since your last look (+); again for all",
        ),
        Binding(
            "a",
            "seen",
            "Seen",
            show=False,
            id="seen",
            tooltip="record that you have seen what is new (asks first), as "
            "manualtui new --seen does",
        ),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    catalog: reactive[Catalog | None] = reactive(None, init=False)
    filters: reactive[Selection] = reactive(Selection, init=False)
    marks: reactive[Marks] = reactive(Marks, init=False)
    compare_setup: reactive[CompareSetup | None] = reactive(None, init=False)
    chapter_focus: reactive[ChapterFocus | None] = reactive(None, init=False)
    export_run: reactive[ExportRun | None] = reactive(None, init=False)
    last_export: reactive[Path | None] = reactive(None, init=False)
    reading: reactive[Reading | None] = reactive(None, init=False)

    def __init__(
        self,
        sources: Sequence[str] = (),
        library: Library | None = None,
        user: str = "",
        loading: Loading | None = None,
    ) -> None:
        monochrome = "NO_COLOR" in os.environ
        super().__init__(ansi_color=True if monochrome else None)
        self.stylesheet = SteadyStylesheet(variables=self.get_css_variables())
        if monochrome:
            self.register_theme(MONOCHROME)
            self.theme = MONOCHROME.name
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        self._screen_filters: list[LineFilter] = [TerminalSafe()]
        if console_font_only():
            self._screen_filters.append(ConsoleGlyphs())
        self.sources = tuple(sources)
        self._preloaded = library
        self.user = user
        self._writer: ProgressWriter | None = None
        self._loading = loading
        self.opens_library = (
            loading.opens_library if loading is not None else opens_library(sources, library)
        )
        self.loaded = False  # the whole library is in `catalog`
        self.still_reading = 0  # manuals not yet in `catalog` while it is being read
        self.load_error: ManualError | None = None
        self.trail: list[Place] = []
        self.keys = KeyQueue(self, self._can_take, lambda key: typing(key, self.focused))
        self._first_read = threading.Event()  # the worker has read the first manuals
        self._first_loaded: LibraryLoaded | None = None
        self._relate_timer: Timer | None = None

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), *self._screen_filters]

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but on Linux and macOS one that quits without a 0.2 s wait."""
        driver_class = super().get_driver_class()
        if sys.platform != "win32":
            from textual.drivers.linux_driver import LinuxDriver

            from .driver import QuickQuitDriver

            if driver_class is LinuxDriver:
                return QuickQuitDriver
        return driver_class

    # -- keys -------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self.screen_stack:  # shutting down: no screen to take it
                return
            for key in escape_apart(event):
                if self.keys.admit(key):
                    try:
                        await super().on_event(key)
                    finally:
                        self.keys.handled()
            return
        await super().on_event(event)

    def _can_take(self, key: events.Key) -> bool:
        """Keys wait for the whole library, except help and quit (and keys for a dialog)."""
        loading = not self.loaded and isinstance(self.screen, ViewScreen)
        return not loading or key.key in KEYS_WHILE_LOADING

    # -- loading ----------------------------------------------------------------------

    def on_load(self) -> None:
        self.load_library()  # before the first screen is composed: they overlap

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", name="load")
    def load_library(self) -> None:
        """The library as `Loading` reads it (started here unless `manualtui browse` started
        it before importing the app), each stage posted with its catalog."""
        if self._loading is None:
            self._loading = Loading(self.sources, self._preloaded, self.user)
        for reading, stage in self._loading.stages():
            if stage.complete:
                # The library lives as long as the session: keep the cyclic collector from
                # rescanning its millions of objects at every collection.
                gc.freeze()
            still = stage.manuals - len(stage.library.manuals)
            self._hand_over(LibraryLoaded(Catalog(stage.library), reading, still))

    def _hand_over(self, message: LibraryLoaded) -> None:
        """Post what the worker read; the first of it is also left where the first screen,
        as it mounts, can take it at once (`show_first_library`)."""
        if not self._first_read.is_set():
            self._first_loaded = message
            self._first_read.set()
        self.post_message(message)

    def show_first_library(self) -> None:
        """Called by the first screen as it mounts: the first manuals read, shown now if they
        are read within `FIRST_READ_PATIENCE`, so the screen is drawn once, with them (its
        message, when it comes, is then passed over); else the screen shows it is loading."""
        if self._first_read.wait(FIRST_READ_PATIENCE) and self._first_loaded is not None:
            self.on_library_loaded(self._first_loaded)

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        if message.shown:
            return
        message.shown = True
        self.loaded = not message.still_reading
        self.still_reading = message.still_reading
        if self.loaded:
            self.compare_setup = default_compare(message.catalog.library)
        self.reading = message.reading
        self.catalog = message.catalog  # the views fill themselves
        if self.loaded:
            self.keys.try_release()
            self._once_drawn(self.prepare)
        else:
            self._once_drawn(self._go_on_reading)

    def _once_drawn(self, callback: Callable[[], object]) -> None:
        """`callback` once the screen is drawn with what changed. "After the next refresh" is
        asked for once the app takes its next message: the first screen is filled while the
        app holds its updates (as it starts), when the next refresh draws nothing."""
        self.call_later(self.call_after_refresh, callback)

    def _go_on_reading(self) -> None:
        if self._loading is not None:
            self._loading.go_on()

    def on_unmount(self) -> None:
        self._go_on_reading()  # a reading waiting for the first screen goes on, and ends

    def prepare(self) -> None:
        """Once the first screen is drawn: what later keys will want, made ready now (the
        help screen, the other views, the search index, the first comparison)."""
        from .dialogs.help import HelpScreen

        gc.enable()  # off while the first screen was made (`manualtui browse`)
        self.install_screen(HelpScreen(), "help")
        self.prepare_in_background()
        self._compose_views()
        if self.screen is self.view:  # composed now, shown when asked
            self.push_screen("help")
            self.pop_screen()

    def _compose_views(self) -> None:
        """The compare and chapter views, composed now and left at once: Textual reads its
        whole stylesheet again the first time a view is shown, which would otherwise be
        the first `2` or `3` that the user presses."""
        shown = self.current_mode
        for view in VIEWS:
            self.switch_mode(view)
        self.switch_mode(shown)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare", name="prepare")
    def prepare_in_background(self) -> None:
        """The search index and the list's label widths, the compare view's module and its
        first comparison."""
        catalog = self.catalog
        if catalog is None:
            return
        _ = catalog.search_index
        _ = catalog.label_widths
        places(catalog)
        from .screens import compare as _compare_view  # noqa: F401

        if self.compare_setup is not None:
            catalog.comparison(self.compare_setup)
        # What was just built (the index, the palette's places, the comparison) lives as long
        # as the library: a full collection rescanning it would stall a keystroke for 0.1 s.
        gc.freeze()

    # -- relating items to chapters and the other council ----------------------------

    def partner_for(self, council: str) -> str | None:
        """The "other council" of the compare pair for `council` (None with one council)."""
        setup = self.compare_setup
        if setup is None:
            return None
        return setup.council_b if council == setup.council_a else setup.council_a

    def related_now(self, item: Item) -> Related | None:
        """`item`'s chapter and counterpart if already worked out; else ask a worker for
        them, after a short pause (moving through a list does not start a worker per
        line). Nothing while the library is read (the catalog will change)."""
        if self.catalog is None or not self.loaded:
            return None
        relations = self.catalog.relations_built
        partner = self.partner_for(item.council)
        if relations is not None and relations.ready(item.council, partner):
            return relations.related(item, partner)
        if self._relate_timer is not None:
            self._relate_timer.stop()
        self._relate_timer = self.set_timer(RELATE_PAUSE, partial(self.relate, item, partner))
        return None

    @work(thread=True, exclusive=True, exit_on_error=False, group="relate", name="relate")
    def relate(self, item: Item, partner: str | None) -> None:
        assert self.catalog is not None
        self.post_message(RelatedReady(item, self.catalog.relations.related(item, partner)))

    def on_related_ready(self, message: RelatedReady) -> None:
        for screen in self.screen_stack:  # the view may be under a dialog
            if isinstance(screen, ViewScreen):
                screen.related_ready(message.item, message.related)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures become a message for the user."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        text = str(error) if isinstance(error, ManualError) else f"{type(error).__name__}: {error}"
        if event.worker.group == "load":
            self.load_error = (
                error
                if isinstance(error, ManualError)
                else ManualError("manualtui", f"cannot load the manuals ({text})")
            )
            self.exit(return_code=1)
            return
        if event.worker.group == "export":
            self.export_run = None
        titles = {"export": "Export failed", "progress": "Not saved in the library"}
        self.notify(
            text,
            title=titles.get(event.worker.group, "Error"),
            severity="error",
            timeout=3 * TOAST_SECONDS,
            markup=False,
        )

    # -- notifications ----------------------------------------------------------------

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        """A toast; short-lived unless given a timeout."""
        kwargs.setdefault("timeout", TOAST_SECONDS)
        super().notify(message, *args, **kwargs)

    # -- views and the way back -------------------------------------------------------

    @property
    def view(self) -> ViewScreen | None:
        """The view on screen (under any dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ViewScreen):
                return screen
        return None

    def here(self) -> Place:
        view = self.view
        return Place(self.current_mode, view.current_item() if view is not None else None)

    def action_view(self, view: str) -> None:
        """Switch to a view (the chapter view opens on the highlighted entry's chapter)."""
        if not self.loaded or view not in VIEWS or self.current_mode == view:
            return
        if view == "chapter" and self.chapter_focus is None:
            item = self.here().item
            if item is not None and item.chapter:
                self.chapter_focus = ChapterFocus.of(item)
        self._leave_for(view)

    def _leave_for(self, view: str) -> None:
        if self.current_mode != view:
            self.trail = [*self.trail[-TRAIL_LENGTH:], self.here()]
            self.switch_mode(view)

    @property
    def can_go_back(self) -> bool:
        return bool(self.trail)

    def go_back(self) -> None:
        """Back to the view left last, on the entry that was highlighted there."""
        if not self.trail:
            return
        place = self.trail[-1]
        self.trail = self.trail[:-1]
        if place.view == "chapter" and place.item is not None:
            self.chapter_focus = ChapterFocus.of(place.item)
        if self.current_mode != place.view:
            self.switch_mode(place.view)
        view = self.view
        if view is not None and place.item is not None:
            view.show_item(place.item)

    def show_chapter(self, focus: ChapterFocus) -> None:
        """Open the chapter view on a chapter (and the entry the user came from)."""
        self.chapter_focus = focus
        self._leave_for("chapter")

    def go_to_release(self, manual: str, release: Release | None, item: Item | None = None) -> None:
        """The releases view, on a manual or one of its releases (and one of its entries).

        Done at once, not after a refresh: the next key acts on the release gone to."""
        self._leave_for("releases")
        screen = self.screen
        if isinstance(screen, ReleasesScreen):
            screen.go_to(manual, release, item)

    def show_release(self, manual: str) -> None:
        self.go_to_release(manual, None)

    def go_to_place(self, place: GoTo) -> None:
        """Where the palette's "go to" points: a chapter, a release or a manual."""
        if place.chapter is not None:
            self.show_chapter(place.chapter)
        else:
            self.go_to_release(place.manual, place.release)

    def action_go_to(self, placeholder: str = "") -> None:
        from textual.command import CommandPalette

        self.push_screen(
            CommandPalette(
                providers=[GoToProvider],
                placeholder=placeholder or "Go to a release, council or chapter: type part of it",
            )
        )

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        if self.is_screen_installed("help"):
            self.push_screen("help")
        else:
            self.push_screen(HelpScreen())

    # -- filters and marks ------------------------------------------------------------

    def action_filters(self) -> None:
        if self.catalog is None or not self.loaded:
            return
        from .dialogs.filters import FiltersDialog

        new_ids = self.reading.new_ids if self.reading is not None else None
        self.push_screen(
            FiltersDialog(self.catalog.library, self.filters, new_ids), self._apply_filters
        )

    def _apply_filters(self, filters: Selection | None) -> None:
        if filters is not None:
            self.filters = filters

    def action_toggle_reread(self) -> None:
        only = (Priority.REREAD,)
        self.set_filter(priorities=() if self.filters.priorities == only else only)
        shown = "only entries to re-read" if self.filters.priorities else "all priorities"
        self.notify(f"Showing {shown}.")

    def action_clear_filters(self) -> None:
        self.filters = Selection()

    def set_filter(self, **changes: Any) -> None:
        """Replace some of the filters (the palette's one-step filters)."""
        self.filters = replace(self.filters, **changes)

    def action_clear_marks(self) -> None:
        if self.marks.empty:
            self.notify("Nothing is marked.")
            return
        from .dialogs.confirm import ConfirmDialog

        self.push_screen(
            ConfirmDialog(f"Clear the marks ({self.marks.describe()})?", "Clear marks", "Keep"),
            self._clear_marks,
        )

    def _clear_marks(self, confirmed: bool | None) -> None:
        if confirmed:
            self.marks = Marks()
            self.notify("Marks cleared.")

    # -- what is new, and what the user has read (on the library) ---------------------

    @property
    def urgent_keys(self) -> frozenset[str]:
        """The keys the key bar keeps in view now (see `widgets.key_bar`): on the library,
        marking read; while entries are new to the user, showing them and "seen"."""
        reading = self.reading
        if reading is None:
            return frozenset()
        if reading.new:
            return frozenset({"read-entry", "filter-new", "seen"})
        return frozenset({"read-entry"})

    def watch_reading(self) -> None:
        self.refresh_bindings()

    def _on_library(self, what: str) -> Reading | None:
        """The user's reading, or None after a toast saying why `what` cannot be done."""
        if self.catalog is None:
            return None
        if self.reading is None:
            self.notify(
                f"{what} only in your library, and these pages were opened as files. Add a "
                "page once with `manualtui library add NAME PAGE`; then `manualtui` opens it.",
                severity="warning",
                markup=False,
            )
        return self.reading

    def action_toggle_new(self) -> None:
        """Only the entries new to the user (the first of them highlighted), or all."""
        reading = self._on_library("New entries are known")
        if reading is None or self.catalog is None:
            return
        if self.filters.new_ids is not None:
            self.set_filter(new_ids=None)
            self.notify("Showing all entries, new or not.")
        elif not reading.new:
            self.notify(f"Nothing is new for {reading.user} since the last look.")
        else:
            self.set_filter(new_ids=reading.new_ids)
            self.notify(f"Showing only what is new: {_entries(len(reading.new))}.")
            view, here = self.view, self.here().item
            first = next((i for i in self.catalog.items if i.id in reading.new), None)
            if (
                view is not None
                and first is not None
                and (here is None or here.id not in reading.new)
            ):
                view.show_item(first)

    def action_seen(self) -> None:
        reading = self._on_library("What you have seen is recorded")
        if reading is None:
            return
        if not reading.new:
            self.notify(f"Nothing is new for {reading.user} since the last look.")
            return
        from .dialogs.confirm import ConfirmDialog

        self.push_screen(
            ConfirmDialog(
                f"Record that {reading.user} has seen the {_entries(len(reading.new))} new "
                f"since the last look? They will no longer be marked new ({NEW_MARK}).",
                "Seen",
                "Not yet",
            ),
            self._record_look,
        )

    def _record_look(self, confirmed: bool | None) -> None:
        reading = self.reading
        if not confirmed or reading is None:
            return
        from .reading import recording_look

        self._write(recording_look(reading.user, reading.through_event))
        self.reading = reading.seen()
        if self.filters.new_ids is not None:
            self.set_filter(new_ids=None)
        self.notify(f"Recorded {reading.user}'s look: {_entries(len(reading.new))} no longer new.")

    def toggle_read(self, item: Item) -> None:
        """Mark an entry read today, or unmark it if it was marked."""
        reading = self._on_library("Reading progress is kept")
        if reading is None:
            return
        from .reading import marking_read, read_today, unmarking

        again = keys_of(EntriesScreen, "read-entry")
        was = reading.progress.get(item.id)
        if was is None:
            status = read_today()
            self._write(marking_read(reading.user, [item.id], status))
            self.reading = reading.with_read([item.id], status)
            said = f"Marked read: {chapter_label(item)}; {again} again unmarks it."
        else:
            self._write(unmarking(reading.user, [item.id]))
            self.reading = reading.without_read([item.id])
            said = f"No longer marked {was.status}: {chapter_label(item)}."
        self.notify(said, markup=False)

    def toggle_chapter_read(self, item: Item) -> None:
        """Mark every entry of the item's chapter (in its manual) read today, those not
        marked yet; or unmark them all when they all were."""
        reading = self._on_library("Reading progress is kept")
        if reading is None or self.catalog is None:
            return
        if not item.chapter:
            alone = keys_of(EntriesScreen, "read-entry")
            self.notify(f"This entry has no chapter: mark it alone ({alone}).", severity="warning")
            return
        from .reading import marking_read, read_today, unmarking

        again = keys_of(EntriesScreen, "read-chapter")
        ids = [i.id for i in self.catalog.chapter_items(item.manual.key, item.chapter)]
        unread = [i for i in ids if i not in reading.progress]
        chapter = f"{chapter_label(item)} ({short_council(item.council)}): {_entries(len(ids))}"
        if unread:
            status = read_today()
            self._write(marking_read(reading.user, unread, status))
            self.reading = reading.with_read(unread, status)
            said = f"Chapter read: {chapter}; {again} again unmarks them."
        else:
            self._write(unmarking(reading.user, ids))
            self.reading = reading.without_read(ids)
            said = f"Chapter no longer marked read: {chapter}."
        self.notify(said, markup=False)

    def _write(self, write: Write) -> None:
        """Queue a write to the library, and a worker to write what is queued."""
        if self._writer is None:
            from .reading import ProgressWriter

            self._writer = ProgressWriter()
        self._writer.add(write)
        self.write_progress()

    @work(thread=True, exit_on_error=False, group="progress", name="progress")
    def write_progress(self) -> None:
        if self._writer is not None:
            self._writer.write_pending()

    def write_pending_progress(self) -> None:
        """What the workers have not written yet (the process is about to end)."""
        if self._writer is not None:
            self._writer.write_pending()

    # -- marks ------------------------------------------------------------------------

    def mark_release(self, release: Release) -> None:
        """One end of the marked range (the first press starts it, the second ends it)."""
        self.marks = self.marks.mark_release(release.key)
        if self.marks.pending:
            self.notify(f"Range starts at {release.label}: press m on the last release.")
        else:
            self.notify(f"Marked releases {self.marks.describe()}.")

    def toggle_mark(self, item: Item) -> None:
        self.marks = self.marks.toggle_entry(item.id)

    def mark_range(self, start: str, end: str) -> None:
        low, high = sorted((start, end))
        self.marks = replace(self.marks, start=low, end=high, pending=None)

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
        if period is not None and period[0] and period[1]:
            self.mark_range(period[0], period[1])

    # -- export -----------------------------------------------------------------------

    def action_export(self, fmt: str = "xlsx") -> None:
        """The export dialog, on what the view shows (its marks, its comparison...)."""
        view = self.view
        if self.catalog is None or not self.loaded or view is None:
            return
        if self.export_run is not None:
            self.notify("An export is already running.", severity="warning")
            return
        from .dialogs.export import ExportDialog

        scope = view.export_scope()
        items = scope.selection.apply(self.catalog.library)
        if not items:
            self.notify(
                "Nothing selected: mark releases (m) or entries (space), "
                "or loosen the filters (f).",
                severity="warning",
            )
            return
        folder = self.last_export.parent if self.last_export is not None else Path.cwd()
        self.push_screen(ExportDialog(scope, items, fmt, folder), self._start_export)

    def _start_export(self, choice: ExportChoice | None) -> None:
        if choice is not None and self.catalog is not None:
            self.export_run = ExportRun(choice.path)
            self.run_export(choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", name="export")
    def run_export(self, choice: ExportChoice) -> None:
        """Write the items the dialog showed, with the selection it showed."""
        from manualtui.exporters import ExportRequest, export

        assert self.catalog is not None
        request = ExportRequest(
            fmt=choice.fmt,
            path=choice.path,
            items=list(choice.items),
            library=self.catalog.library,
            selection=choice.selection,
            force=choice.force,
            by=choice.by,
            staff=choice.staff,
            due=choice.due,
        )

        def progress(fraction: float) -> None:
            self.post_message(ExportProgress(fraction))

        written = export(request, progress=progress)
        self.post_message(ExportDone(written, len(choice.items)))

    def on_export_progress(self, message: ExportProgress) -> None:
        if self.export_run is not None:
            self.export_run = replace(self.export_run, fraction=message.fraction)

    def on_export_done(self, message: ExportDone) -> None:
        self.export_run = None
        self.last_export = message.path
        self.notify(
            f"{count(message.count, 'entry', 'entries')} written to {message.path}",
            title="Export finished",
            timeout=3 * TOAST_SECONDS,
            markup=False,
        )

    # -- palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The app's own commands (the view's come from `ViewCommandsProvider`)."""
        yield from super().get_system_commands(screen)
        if self.catalog is None or not self.loaded:
            return

        def key(binding_id: str) -> str:
            return key_hint(ManualApp, binding_id)

        for view in VIEWS:
            yield SystemCommand(
                f"View: {VIEW_NAMES[view]}", key(f"view-{view}"), partial(self.action_view, view)
            )
        yield SystemCommand(
            "Go to a release, council or chapter", key_hint(ViewScreen, "go-to"), self.action_go_to
        )
        yield SystemCommand(
            "Filters: councils, kinds, priorities, period", key("filters"), self.action_filters
        )
        yield SystemCommand(
            "Filter: re-read only, or all", key("filter-reread"), self.action_toggle_reread
        )
        yield SystemCommand(
            "Filter: clear all filters", "show everything", self.action_clear_filters
        )
        yield SystemCommand(
            "Filter: period, from and to", "a year or a month", self.action_period_filter
        )
        yield SystemCommand(
            "Filter: only entries new since your last look, or all",
            key("filter-new"),
            self.action_toggle_new,
        )
        yield SystemCommand(
            "New: record that you have seen what is new", key("seen"), self.action_seen
        )
        for kind in Kind:
            yield SystemCommand(
                f"Filter: only {KIND_WORD[kind]} chapters",
                f"entries whose chapter was {KIND_WORD[kind]}",
                partial(self.set_filter, kinds=(kind,)),
            )
        for priority in Priority:
            yield SystemCommand(
                f"Filter: only priority {PRIORITY_WORD[priority]}",
                "entries of this priority",
                partial(self.set_filter, priorities=(priority,)),
            )
        for council in self.catalog.library.councils[:_COUNCIL_COMMANDS]:
            yield SystemCommand(
                f"Filter: only {short_council(council)}",
                council,
                partial(self.set_filter, councils=(council,)),
            )
        yield SystemCommand("Marks: clear all marks", key("clear-marks"), self.action_clear_marks)
        yield SystemCommand(
            "Marks: release range, from and to", "mark releases by month", self.action_range_dialog
        )
        yield SystemCommand(
            "Export: Excel re-read tracker", key("export"), partial(self.action_export, "xlsx")
        )
        yield SystemCommand(
            "Export: Word briefing pack", key("export"), partial(self.action_export, "docx")
        )
        yield SystemCommand("Help: keys and markers", key("help"), self.action_help)


# The compare and chapter views (and the fuzzy matching they use) are imported when first
# shown, to keep start-up lean.


def _compare_screen() -> ViewScreen:
    from .screens.compare import CompareScreen

    return CompareScreen()


def _chapter_screen() -> ViewScreen:
    from .screens.chapter import ChapterScreen

    return ChapterScreen()


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


def build_app(
    sources: Sequence[str] = (),
    library: Library | None = None,
    user: str = "",
    loading: Loading | None = None,
) -> ManualApp:
    """The explorer over `sources` (`PATH` or `NAME=PATH`; none: the user's library when it
    has manuals, else the bundled samples); `user` is whose looks and reading progress it
    shows and records (default: the login name).

    `library`, if given, is shown instead of loading `sources` (tests and benchmarks load
    once and start many apps); `loading`, if given, is the reading of them already started
    (`launch.run_app`).
    """
    return ManualApp(sources, library, user, loading)


def _entries(number: int) -> str:
    return count(number, "entry", "entries")
