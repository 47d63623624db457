"""The explorer on the library: what an update found is marked new and filtered to, "seen"
records the look `manualtui new` reads; entries and a chapter marked read by keys make a
pre-filled tracker say Read; and an explorer left open while two `library update`s run
loses nothing and shows no error. Loose files get a toast, not a mark."""

from __future__ import annotations

import datetime
import json
import re
import shlex
from dataclasses import replace
from pathlib import Path

from textual.binding import Binding
from textual.widgets._toast import Toast

from manualtui.library import open_store
from manualtui.library.progress import Progress, progress
from manualtui.load import load_manuals, samples_dir
from manualtui.model import Item, Library
from manualtui.select import Selection
from manualtui.tui.app import ManualApp, build_app
from manualtui.tui.dialogs.confirm import ConfirmDialog
from manualtui.tui.dialogs.filters import FiltersDialog
from manualtui.tui.labels import filters_text
from manualtui.tui.screens.base import EntriesScreen, ViewScreen
from manualtui.tui.screens.releases import ReleasesScreen
from manualtui.tui.widgets.entry_view import EntryView
from manualtui.tui.widgets.item_table import ItemTable
from manualtui.tui.widgets.key_bar import KeyBar, key_bar_text
from manualtui.tui.widgets.toggles import MarkedSelectionList
from manualtui.wording import day_text
from tests.export_support import checklist_rows
from tests.library_support import (
    NEWTOWN_NEW_RELEASE,
    NEWTOWN_RELEASES,
    LocalServer,
    newtown_page,
    page,
)
from tests.test_e2e_tmux import assert_console_font
from tests.test_library_concurrency import (
    PATH,
    finish,
    manualtui,
    release,
    samples_newtown_and_oldtown,
    with_releases,
)
from tests.test_tui_keys import burst, typed
from tests.tracker_support import run
from tests.tui_support import (
    LUTON,
    Terminal,
    async_test,
    installed_manualtui,
    sample_library,
    settle,
)


def ok(*args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def table_lines(app: ManualApp) -> list[str]:
    table = app.screen.query_one("#entries", ItemTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def line_of(app: ManualApp, item: Item) -> str:
    """The list's line for `item` (on screen)."""
    table = app.screen.query_one("#entries", ItemTable)
    position = list(table.items).index(item) - int(table.scroll_y)
    return table.render_line(position).text


def an_entry_alone_and_a_chapter_after_it(library: Library) -> tuple[list[Item], int, int]:
    """A Luton release's entries, the row of one whose chapter has no other change (to be
    marked alone), and a later row whose chapter has several (to be marked whole)."""
    items = [item for item in library.items if item.council == LUTON]
    chapters: dict[str, list[Item]] = {}
    for item in items:
        chapters.setdefault(item.chapter, []).append(item)
    for rel in next(m for m in library.manuals if m.council == LUTON).releases:
        shown = [item for item in items if item.release is rel]
        sizes = [len(chapters[item.chapter]) if item.chapter else 0 for item in shown]
        alone = sizes.index(1) if 1 in sizes else len(sizes)
        later = next((n for n in range(alone + 1, len(sizes)) if sizes[n] > 1), None)
        if later is not None:
            return shown, alone, later
    raise LookupError("no Luton release with both kinds of entry")


@async_test
async def test_entries_and_a_chapter_marked_read_by_keys_are_read_in_a_prefilled_tracker(
    library_home: Path, tmp_path: Path
) -> None:
    ok("library", "add", "samples", samples_dir())
    shown, alone, later = an_entry_alone_and_a_chapter_after_it(load_manuals())
    label = shown[0].release.label
    app = build_app(user="alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.reading is not None and app.reading.user == "alice"
        keys = ["ctrl+p", *typed(f"release luton {label}"), "enter", "tab"]
        keys += [*["down"] * alone, "x", *["down"] * (later - alone), "c"]
        burst(app, keys)
        await settle(pilot)
        assert app.catalog is not None
        entry, chapter_of = shown[alone], shown[later]
        chapter = app.catalog.chapter_items(chapter_of.manual.key, chapter_of.chapter)
        today = datetime.date.today()
        read = Progress("Read", today)
        with open_store() as store:
            assert progress(store, "alice") == dict.fromkeys(
                [entry.id, *(i.id for i in chapter)], read
            )
            assert progress(store, "bob") == {}
        # Shown on the entries: the list's read mark, the pane's day and chapter count.
        marked = {entry.id, *(i.id for i in chapter)}
        for item in shown[: len(table_lines(app))]:
            assert line_of(app, item)[1:3] == (" ✓" if item.id in marked else "  "), item
        detail = app.screen.query_one("#detail", EntryView).plain
        assert f"✓ Read on {day_text(today)}" in detail
        assert f"chapter: {len(chapter)} of {len(chapter)} entries read" in detail
        # x again unmarks; x once more marks it again (written in that order).
        burst(app, ["x", "x"])
        await settle(pilot)
    with open_store() as store:
        assert set(progress(store, "alice")) == {entry.id, *(i.id for i in chapter)}

    tracker = tmp_path / "tracker.xlsx"
    ok("export", "xlsx", "-o", tracker, "--council", "luton", "--prefill", "--user", "alice")
    rows = checklist_rows(tracker)
    done = {row["Chapter"]: row["Date read"].date() for row in rows if row["Status"] == "Read"}
    assert done == {entry.chapter_title: today, chapter_of.chapter_title: today}
    assert len(rows) > 50 and all(r["Status"] in ("Read", "Pending") for r in rows)


def new_release_served(local_server: LocalServer) -> set[str]:
    """The Newtown page, added; then a release more (the titles of its entries)."""
    local_server.routes[PATH] = page(newtown_page(), etag='"v1"')
    ok("library", "add", "samples", samples_dir())
    ok("library", "add", "newtown", local_server.url(PATH), "--council", "Newtown Council")
    local_server.routes[PATH] = page(
        newtown_page([NEWTOWN_NEW_RELEASE, *NEWTOWN_RELEASES]), etag='"v2"'
    )
    return {title for title, _ in NEWTOWN_NEW_RELEASE[1]}


@async_test
async def test_what_an_update_found_is_marked_new_filtered_to_and_seen(
    library_home: Path, local_server: LocalServer
) -> None:
    arrived = new_release_served(local_server)
    reports = {r["name"]: r for r in json.loads(ok("library", "update", "--json"))}
    assert {e["title"] for e in reports["newtown"]["new"]} == arrived
    assert len(reports["newtown"]["new"]) == len(arrived)
    assert reports["samples"]["new"] == []
    assert {e["title"] for e in json.loads(ok("new", "--json", "--user", "alice"))} == arrived

    app = build_app(user="alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.catalog is not None and app.reading is not None
        new = [item for item in app.catalog.items if item.id in app.reading.new]
        assert {item.entry.title for item in new} == arrived
        assert "+ 3 new" in str(app.screen.query_one("#view-bar").render())
        footer = str(app.screen.query_one(KeyBar).render())
        assert "n New" in footer and "a Seen" in footer and "x Mark read" in footer

        burst(app, ["n"])
        await settle(pilot)
        assert app.filters.new_ids == frozenset(item.id for item in new)
        table = app.screen.query_one("#entries", ItemTable)
        assert list(table.items) == new
        assert all(line_of(app, item).startswith(" + ") for item in new)
        assert "filter: new since last look" in str(app.screen.query_one("#view-bar").render())
        # The filters dialog shows the same filter, ticked.
        burst(app, ["f"])
        await settle(pilot)
        assert isinstance(app.screen, FiltersDialog)
        assert app.screen.query_one("#entries", MarkedSelectionList).selected == ["new"]
        burst(app, ["escape", "a"])
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "has seen the 3 entries new since the last look" in app.screen.question
        burst(app, ["enter"])
        await settle(pilot)
        assert app.reading.new == {} and app.filters.new_ids is None
        assert not any(line.startswith(" + ") for line in table_lines(app))
        assert "n New" not in str(app.screen.query_one(KeyBar).render())
    assert json.loads(ok("new", "--json", "--user", "alice")) == []
    assert len(json.loads(ok("new", "--json", "--user", "bob"))) == 3


@async_test
async def test_on_loose_files_the_reading_keys_say_why_they_cannot(tmp_path: Path) -> None:
    app = build_app([str(samples_dir() / "luton-children.txt")])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        burst(app, ["tab", "x", "c", "n", "a"])
        await settle(pilot)
        said = [" ".join(str(toast.render()).split()) for toast in app.screen.query(Toast)]
        assert len(said) == 4 and all("only in your library" in text for text in said), said
        assert app.reading is None and not app.filters.filters_anything
        # No reading column: the kind right after the export mark, as ever.
        assert table_lines(app)[0][2:].split()[0] in ("updated", "new", "removed")


def test_an_explorer_stays_open_while_two_updates_run_and_loses_nothing(
    library_home: Path, local_server: LocalServer, tmp_path: Path
) -> None:
    oldtown = samples_newtown_and_oldtown(library_home, local_server, tmp_path)
    local_server.routes[PATH] = page(with_releases(1))
    finish(manualtui(library_home, "library", "update"))
    first = [i for i in load_manuals().items if i.council == "Newtown"][:3]
    assert {i.entry.title for i in first} == {t for t, _ in release(0)[1]}

    command = f"env TERM=linux NO_COLOR=1 {shlex.quote(str(installed_manualtui()))}"
    with Terminal(f"{command} browse --user alice", 80, 24, cwd=tmp_path) as term:
        screen = term.wait_for("[1 Releases]", "+ 3 new", "Newtown", timeout=60)
        assert re.search(r"\+  updated \[.\] Newtown Chapter 0 A", screen), screen
        local_server.routes[PATH] = page(with_releases(3))
        oldtown.write_bytes(with_releases(1, "Oldtown"))
        updates = [manualtui(library_home, "library", "update", "--json") for _ in range(2)]
        term.keys("Tab", "x", "Down", "x")
        reports = [json.loads(finish(update)) for update in updates]
        screen = term.wait_until(
            lambda text: len(re.findall(r"\+v updated", text)) == 2, "both entries read"
        )
        assert_console_font(screen)
        term.burst("Down", "x", "q")  # marked as the explorer quits: written before it ends
        term.wait_until(lambda text: "[1 Releases]" not in text, "the explorer closed")
        after = term.screen(history=True)
        for problem in ("Traceback", "Error", "Not saved", "locked"):
            assert problem not in after, after

    reported = sorted(e["title"] for report in reports for r in report for e in r["new"])
    expected = [t for n in (1, 2) for t, _ in release(n)[1]] + [
        t for t, _ in release(0, "Oldtown")[1]
    ]
    assert reported == sorted(expected)
    listed = {e["title"] for e in json.loads(ok("new", "--json", "--user", "alice"))}
    assert listed == {*expected, *(t for t, _ in release(0)[1])}
    loaded = load_manuals()
    with open_store() as store:
        assert set(progress(store, "alice")) == {i.id for i in first}
        present = {r[0] for r in store.rows("SELECT stable_id FROM entry WHERE present")}
    assert {item.id for item in loaded.items} == present
    assert sum(1 for i in loaded.items if i.council == "Oldtown") == 4 + 3
    assert sum(1 for i in loaded.items if i.council == "Newtown") == 4 + 3 * 3


def test_what_is_new_is_a_filter_of_the_one_selection() -> None:
    library = sample_library()
    wanted = [item for item in library.items if item.council == LUTON][5:8]
    only_new = Selection(new_ids=frozenset(item.id for item in wanted))
    assert only_new.filters_anything and only_new.apply(library) == wanted
    assert only_new.describe() == "all councils; only entries new since the last look"
    assert filters_text(replace(only_new, councils=(LUTON,))) == "Luton · new since last look"
    assert Selection(new_ids=frozenset()).apply(library) == []
    assert replace(only_new, priorities=(wanted[0].priority,)).apply(library)[0] == wanted[0]


def test_the_key_bar_offers_the_library_keys_that_matter_and_still_quit() -> None:
    urgent = frozenset({"read-entry", "filter-new", "seen"})
    owners = (ItemTable, EntriesScreen, ViewScreen, ReleasesScreen, ManualApp)
    bindings = [
        binding
        for owner in owners
        for binding in owner.__dict__["BINDINGS"]
        if isinstance(binding, Binding) and (binding.show or binding.id in urgent)
    ]
    line = key_bar_text(bindings, 80, urgent=urgent).plain
    for needed in ("enter Read", "esc Back", "x Mark read", "n New", "a Seen", "q Quit"):
        assert needed in line, line
    narrow = key_bar_text(bindings, 60, urgent=urgent).plain
    assert len(narrow) <= 60 and "q Quit" in narrow and "? Help" in narrow, narrow
