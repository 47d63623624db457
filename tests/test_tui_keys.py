"""Keys land where the screen says: in bursts, after a "go to", with Tab, with Escape as
"back"; and help and the key bar say what the bindings do."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from textual import events
from textual._context import active_message_pump
from textual.binding import Binding
from textual.command import CommandPalette, Hits
from textual.message import Message
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from manualtui.tui import key_queue
from manualtui.tui.app import ManualApp
from manualtui.tui.commands import GoToProvider
from manualtui.tui.dialogs.confirm import ConfirmDialog
from manualtui.tui.dialogs.export import ExportDialog
from manualtui.tui.dialogs.help import HelpScreen, help_lines, key_names, key_sections
from manualtui.tui.screens.chapter import ChapterScreen
from manualtui.tui.screens.compare import CompareScreen
from manualtui.tui.screens.releases import ReleasesScreen
from manualtui.tui.widgets.item_table import ItemTable
from manualtui.tui.widgets.key_bar import KeyBar
from manualtui.tui.widgets.release_tree import ReleaseTree
from manualtui.tui.widgets.search_box import SearchBox
from tests.tui_support import (
    ENFIELD,
    LUTON,
    async_test,
    installed_manualtui,
    release_of,
    sample_app,
    sample_library,
    settle,
)


def burst(app: ManualApp, keys: Iterable[str]) -> None:
    """Keys as a terminal delivers a burst: all queued before the app handles the first."""
    for key in keys:
        character = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


async def go_to_release_and_mark(pilot: Pilot[None], council: str, key: str, name: str) -> None:
    """The palette's "go to release" and `m`, in one burst: the tree ends on the release."""
    app: ManualApp = pilot.app  # type: ignore[assignment]
    _, release = release_of(sample_library(), council, key)
    burst(app, ["ctrl+p", *typed(f"release {name}"), "enter", "m"])
    await settle(pilot)
    assert app.screen.query_one(ReleaseTree).scope.release is release


@async_test
async def test_a_mark_typed_right_after_go_to_release_marks_the_release_gone_to() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to_release_and_mark(pilot, LUTON, "2021-06", "luton june 2021")
        assert app.marks.pending == "2021-06"
        # and the other end, in one burst too: April 2019 to June 2021
        await go_to_release_and_mark(pilot, ENFIELD, "2019-04", "enfield april 2019")
        assert (app.marks.start, app.marks.end) == ("2019-04", "2021-06")


class SlowToGo(Static):
    """A widget that takes a moment to be removed, as any widget may on a busy machine."""

    async def on_unmount(self) -> None:
        await asyncio.sleep(0.5)


@async_test
async def test_a_key_after_go_to_waits_for_an_enter_taken_off_a_queue() -> None:
    """Issue 13's lost `m`, forced: the palette is busy a moment as Enter reaches it, and as
    it passes Enter up to the app, a widget is removed (as when a toast expires), which the
    app awaits. Each time the Enter has already been taken off a queue (Textual takes the
    next message before it has finished the current one), so no queue holds it: an `m` let
    go then was typed into the palette, which still went to the release, but unmarked."""
    leaving: list[Widget] = []

    def delay_enter_then_remove(message: Message) -> None:
        if not (leaving and isinstance(message, events.Key) and message.key == "enter"):
            return
        palette, pump = app.screen, active_message_pump.get(None)
        if not isinstance(palette, CommandPalette) or pump is None:
            return
        if pump.parent is palette:  # the enter's last step before the palette
            palette.call_later(asyncio.sleep, 0.2)
        elif pump is palette:
            leaving.pop().remove()

    app = sample_app()
    async with app.run_test(size=(80, 24), message_hook=delay_enter_then_remove) as pilot:
        await settle(pilot)
        leaving.append(SlowToGo())
        await app.screen.mount(*leaving)
        await go_to_release_and_mark(pilot, ENFIELD, "2020-10", "enfield october 2020")
        assert not leaving
        assert app.marks.pending == "2020-10"


@async_test
async def test_enter_on_the_palette_waits_for_a_slow_search_and_leaves_it_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A search slower than a widget may take to answer (a busy machine): `enter` waits
    for its list. Giving up waiting used to cancel the search, leaving the palette without
    a list: `enter` did nothing and the `m` was typed into the palette."""
    search = GoToProvider.search

    async def slow_search(self: GoToProvider, query: str) -> Hits:
        await asyncio.sleep(4 * key_queue.ROUND_TIMEOUT)
        async for hit in search(self, query):
            yield hit

    monkeypatch.setattr(key_queue, "ROUND_TIMEOUT", 0.2)
    monkeypatch.setattr(GoToProvider, "search", slow_search)
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to_release_and_mark(pilot, ENFIELD, "2020-10", "enfield october 2020")
        assert app.marks.pending == "2020-10"


@async_test
async def test_keys_typed_while_the_library_loads_act_on_the_loaded_view() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, ["tab", "down", "space"])  # before the library is there
        await settle(pilot)
        table = app.screen.query_one("#entries", ItemTable)
        assert app.focused is table
        assert app.marks.entry_ids == {table.items[1].id}


@async_test
async def test_tab_never_leaves_the_focus_in_the_search_box() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        for _ in range(6):
            await pilot.press("tab")
            assert app.focused is not box
        burst(app, ["tab", "tab", "enter", "q"])  # q still quits, not a search for "q"
        await settle(pilot)
        assert box.value == ""
    assert app.return_code == 0


@async_test
async def test_search_takes_letters_once_slash_opened_it_and_escape_returns() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the entries list
        table = app.screen.query_one("#entries", ItemTable)
        before = list(table.items)
        assert app.focused is table
        burst(app, ["slash", *typed("foster"), "escape"])
        await settle(pilot)
        assert app.focused is table and app.screen.query_one(SearchBox).value == ""
        assert list(table.items) == before
        burst(app, ["slash", *typed("foster"), "enter"])
        await settle(pilot)
        assert app.focused is table and len(table.items) > len(before)
        assert not app.screen.query_one(ReleaseTree).display  # results fill the width
        await pilot.press("escape")  # out of the search: the release again
        assert list(table.items) == before
        assert app.screen.query_one(ReleaseTree).display


@async_test
async def test_escape_and_a_key_read_as_one_alt_key_are_both_kept() -> None:
    """Over SSH `esc` then `2` can arrive in one read, which a terminal parser takes for
    alt+2: it leaves the search and switches to Compare, and the search is not "pl2"."""
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        burst(app, ["slash", "p", "l", "alt+2"])
        await settle(pilot)
        assert box.value == ""
        assert isinstance(app.screen, CompareScreen)
        burst(app, ["alt+1", "slash", "p", "alt+shift+q"])  # escape, then "Q": no binding
        await settle(pilot)
        assert isinstance(app.screen, ReleasesScreen)
        assert box.value == "" and app.focused is not box


@async_test
async def test_history_opens_on_the_entry_you_came_from_and_escape_goes_back_to_it() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        library = sample_library()
        manual, april_2019 = release_of(library, ENFIELD, "2019-04")
        newest = {}
        for item in library.items:
            if item.council == ENFIELD and item.chapter:
                newest.setdefault(item.chapter, item)
        older = next(
            i
            for i in library.items
            if i.release is april_2019 and newest.get(i.chapter) not in (None, i)
        )
        app.go_to_release(manual, april_2019, older)
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ChapterScreen)
        timeline = app.screen.query_one("#timeline-a", ItemTable)
        assert timeline.items[0] is not older and timeline.current is older
        assert "esc Back" in str(app.screen.query_one(KeyBar).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReleasesScreen)
        assert app.screen.query_one("#entries", ItemTable).current is older


@async_test
async def test_escape_steps_back_out_of_reading_then_to_the_view_before() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter")  # read the first entry full screen
        assert app.screen.maximized is not None
        assert "esc Back" in str(app.screen.query_one(KeyBar).render())
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReleasesScreen)


@async_test
async def test_clearing_the_marks_asks_first() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "space", "space")
        marked = app.marks
        assert len(marked.entry_ids) == 2
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert app.marks == marked
        await pilot.press("u", "enter")
        await settle(pilot)
        assert app.marks.empty


@async_test
async def test_toasts_never_cover_a_dialog() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")  # "Showing only entries to re-read." as a toast
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        toasts = list(app.screen.query(Toast))
        assert toasts, "the toast is still current"
        assert not any(toast.visible for toast in toasts)
        await pilot.press("escape")
        await settle(pilot)
        shown = [toast for toast in app.screen.query(Toast) if toast.visible]
        assert shown and "re-read" in str(shown[0].render())


@async_test
async def test_export_from_compare_starts_from_the_compared_period(tmp_path: Path) -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p", *"2019", "enter", *"2019", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        selection = dialog.scope.selection
        assert (selection.start, selection.end) == ("2019-01", "2019-12")
        assert set(selection.councils) == {ENFIELD, LUTON}
        assert all(i.release.year == 2019 for i in dialog.items)
        assert dialog.query_one("#tracker-fields").display  # xlsx: staff and due
        await pilot.press("down", "enter")  # Word: no staff, due or one row per entry
        assert not dialog.query_one("#tracker-fields").display
        assert not dialog.query_one("#by-entry").display
        await pilot.press("tab")
        dialog.query_one("#path", Input).value = str(tmp_path / "compare.docx")
        await pilot.press("enter")
        await settle(pilot)
        assert app.last_export == tmp_path / "compare.docx"
        await pilot.press("e")  # the next export starts in the same folder
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        path = Path(app.screen.query_one("#path", Input).value)
        assert path.parent == tmp_path


@async_test
async def test_help_opens_at_once_and_closes_with_escape() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, ["question_mark", "escape", "question_mark"])
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)


def every_binding() -> list[Binding]:
    return [binding for _, bindings in key_sections() for binding in bindings]


def test_every_binding_has_an_id_and_a_description_and_is_in_the_help() -> None:
    text = " ".join(" ".join(line.plain for line in help_lines(76)).split())
    bindings = every_binding()
    assert len(bindings) > 30
    for binding in bindings:
        assert binding.id and binding.description, binding
        said = binding.description + (f": {binding.tooltip}" if binding.tooltip else "")
        assert f"{key_names(binding)} {' '.join(said.split())}" in text, binding


def test_every_key_the_key_bar_can_show_is_a_real_binding() -> None:
    from manualtui.tui.widgets.key_bar import ESSENTIAL

    ids = {binding.id for binding in every_binding()}
    assert ids | {"close-help"} >= ESSENTIAL


@async_test
async def test_the_key_bar_shows_what_the_focused_pane_and_the_view_can_do() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        for needed in ("enter Open", "m Mark", "/ Search", "1-3 Views", "? Help", "q Quit"):
            assert needed in line
        await pilot.press("tab")
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        for needed in ("enter Read", "esc Back", "e Export", "1-3 Views", "q Quit"):
            assert needed in line


def test_without_a_terminal_it_says_so_on_one_line_and_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(installed_manualtui())],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs a terminal" in lines[0]
    assert "\x1b" not in done.stderr
    assert sys.executable  # the installed command beside this Python was run


@async_test
async def test_palette_labels_are_plain_and_each_place_is_offered_once() -> None:
    from manualtui.tui.commands import places

    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.catalog is not None
        labels = [place.label for _, place in places(app.catalog)]
        assert len(labels) == len(set(labels)) > 200
        system = [command.title for command in app.get_system_commands(app.screen)]
        for label in [*labels, *system]:
            assert "  " not in label and label == label.strip(), label
        assert any(label.startswith("Filter: only priority re-read") for label in system)


@async_test
async def test_the_export_writes_the_selection_the_dialog_showed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import manualtui.exporters as exporters

    written: list[exporters.ExportRequest] = []
    real_export = exporters.export

    def recording_export(
        request: exporters.ExportRequest, progress: exporters.Progress | None = None
    ) -> Path:
        written.append(request)
        return real_export(request, progress)

    monkeypatch.setattr(exporters, "export", recording_export)
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.mark_range("2019-04", "2020-10")
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        shown, items = dialog.scope.selection, list(dialog.items)
        app.toggle_mark(sample_library().items[0])  # the marks change under the dialog
        await pilot.press("tab")
        dialog.query_one("#path", Input).value = str(tmp_path / "shown.csv")
        dialog.query_one("#fmt-csv").value = True  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
    assert written and written[0].selection is shown and list(written[0].items) == items
