"""The explorer driven by keys (Textual's Pilot): navigate, search, filter, compare, follow a
chapter, select and export; asserting what the screens hold and what the files contain."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from rich.style import Style
from textual.strip import Strip
from textual.widgets import DataTable, Input, Label, RadioSet

from manualtui.library.progress import Progress
from manualtui.model import Kind, Priority
from manualtui.select import Selection
from manualtui.tui.app import ManualApp, build_app
from manualtui.tui.dialogs.export import ExportDialog
from manualtui.tui.dialogs.help import HelpScreen
from manualtui.tui.screens.chapter import ChapterScreen
from manualtui.tui.screens.compare import CompareScreen
from manualtui.tui.screens.releases import ReleasesScreen
from manualtui.tui.state import Reading
from manualtui.tui.widgets.entry_view import EntryView
from manualtui.tui.widgets.item_table import ItemTable
from manualtui.tui.widgets.release_tree import ReleaseTree
from tests.tui_support import (
    ENFIELD,
    LUTON,
    async_test,
    big_library,
    release_of,
    sample_app,
    sample_library,
    settle,
)


def entries(app: ManualApp) -> list[object]:
    return list(app.screen.query_one("#entries", ItemTable).items)


def detail_text(app: ManualApp, selector: str = "#detail") -> str:
    return app.screen.query_one(selector, EntryView).plain


async def go_to_release(pilot: object, app: ManualApp, council: str, key: str) -> None:
    manual, release = release_of(sample_library(), council, key)
    app.go_to_release(manual, release)
    await settle(pilot)  # type: ignore[arg-type]


@async_test
async def test_the_first_screen_appears_before_the_library_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import manualtui.load

    release = threading.Event()
    real_load = manualtui.load.load_stages

    def slow_load(sources: object = ()) -> object:
        release.wait(timeout=30)
        yield from real_load(sources)  # type: ignore[arg-type]

    monkeypatch.setattr(manualtui.load, "load_stages", slow_load)
    app = build_app(())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReleasesScreen)
        assert app.screen.query_one("#releases-body").loading
        assert "reading the sample manuals" in str(app.screen.query_one("#view-bar").render())
        await pilot.press("question_mark")  # help, while it loads
        assert isinstance(app.screen, HelpScreen)
        release.set()
        await settle(pilot)
        await pilot.press("escape")
        assert not app.screen.query_one("#releases-body").loading
        assert app.catalog is not None
        assert len(app.catalog.items) == len(sample_library().items) > 400


@async_test
async def test_the_first_manual_shows_while_the_others_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the other pages take a while to read, the first manual is on screen before
    them; keys typed meanwhile act on the whole library once it is read."""
    import threading

    import manualtui.load
    from tests.test_tui_keys import burst

    monkeypatch.setattr(manualtui.load, "PREVIEW_BYTES", 0)  # the samples are quick to read
    monkeypatch.setenv("MANUALTUI_NO_CACHE", "1")
    first_shown = threading.Event()
    real_stages = manualtui.load.load_stages

    def stages(sources: object = ()) -> object:
        for stage in real_stages(sources):  # type: ignore[arg-type]
            yield stage
            first_shown.wait(timeout=30)  # the other manuals are read once the test says

    monkeypatch.setattr(manualtui.load, "load_stages", stages)
    app = build_app(())
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            if app.catalog is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        enfield = sample_library().manuals[0]
        tree = app.screen.query_one(ReleaseTree)
        assert [node.data.manual for node in tree.root.children] == [enfield.key]
        latest = [r.key for r in enfield.releases[:3]]
        assert [n.data.release.key for n in tree._release_nodes[:3]] == latest
        shown = entries(app)
        assert len(shown) == len(enfield.releases[0].entries)
        assert {i.entry.details for i in shown} == {e.details for e in enfield.releases[0].entries}
        assert "reading 1 more manual..." in str(app.screen.query_one("#view-bar").render())
        burst(app, ["tab", "down", "space"])  # held until the whole library is read
        await pilot.pause()
        assert app.marks.empty

        first_shown.set()
        await settle(pilot)
        assert [node.data.manual for node in tree.root.children] == [
            m.key for m in sample_library().manuals
        ]
        assert "reading" not in str(app.screen.query_one("#view-bar").render())
        table = app.screen.query_one("#entries", ItemTable)
        assert app.focused is table
        assert app.marks.entry_ids == {table.items[1].id}
        assert table.items[1] in app.catalog.items  # type: ignore[union-attr]
        assert [i.id for i in table.items] == [
            i.id for i in sample_library().items if i.release is enfield.releases[0]
        ]


@async_test
async def test_a_library_read_as_the_first_screen_mounts_is_on_it_when_first_drawn() -> None:
    """The first screen takes the library as it mounts: drawn once, with the entries, never
    first drawn loading."""
    app = sample_app()
    loading_shown = []
    real_mount = ReleasesScreen.on_mount

    def on_mount(screen: ReleasesScreen) -> None:
        real_mount(screen)
        loading_shown.append(screen.query_one("#releases-body").loading)

    ReleasesScreen.on_mount = on_mount  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert loading_shown == [False]
            assert app.catalog is not None
            enfield = sample_library().manuals[0]
            assert len(entries(app)) == len(enfield.releases[0].entries)
            await settle(pilot)
    finally:
        ReleasesScreen.on_mount = real_mount  # type: ignore[method-assign]


def test_the_other_manuals_are_read_once_the_first_is_on_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading the other manuals holds the interpreter, which would slow the first screen:
    `Loading` reads them only once told the first stage is on screen."""
    import manualtui.load
    from manualtui.tui.launch import Loading

    monkeypatch.setattr(manualtui.load, "PREVIEW_BYTES", 0)  # the samples are quick to read
    monkeypatch.setenv("MANUALTUI_NO_CACHE", "1")
    happened: list[str] = []
    real_stages = manualtui.load.load_stages

    def stages(sources: object = ()) -> object:
        for stage in real_stages(sources):  # type: ignore[arg-type]
            yield stage
            happened.append("read on")

    monkeypatch.setattr(manualtui.load, "load_stages", stages)
    loading = Loading((), None, "")
    taken = loading.stages()
    _, first = next(taken)
    happened.append("first on screen")
    loading.go_on()
    rest = [stage for _, stage in taken]
    assert happened == ["first on screen", "read on", "read on"]
    assert [len(first.library.manuals)] + [len(s.library.manuals) for s in rest] == [1, 2]
    assert rest[-1].complete


@async_test
async def test_a_load_error_exits_with_the_message_and_code_1(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    app = build_app((str(missing),))
    async with app.run_test() as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert app.load_error is not None and str(missing) in str(app.load_error)


@async_test
async def test_every_release_of_both_councils_is_in_the_tree() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(ReleaseTree)
        listed = [
            (node.data.manual, node.data.release.key)
            for node in tree._release_nodes
            if node.data and node.data.release
        ]
        library = sample_library()
        expected = [(m.key, r.key) for m in library.manuals for r in m.releases]
        assert listed == expected
        assert len(expected) == 28
        assert [m.council for m in library.manuals] == [ENFIELD, LUTON]


@async_test
async def test_navigating_shows_a_release_and_an_entry_in_full() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to_release(pilot, app, LUTON, "2019-12")
        _, release = release_of(sample_library(), LUTON, "2019-12")
        assert [i.entry for i in entries(app)] == list(release.entries)  # type: ignore[attr-defined]
        await pilot.press("enter")  # the tree's release: focus its entries
        table = app.screen.query_one("#entries", ItemTable)
        assert app.focused is table
        await pilot.press("down", "down")
        item = table.current
        assert item is not None
        await settle(pilot)
        text = detail_text(app)
        assert item.entry.details[0][:60] in text
        assert "History in Luton" in text
        assert "In Enfield" in text
        await pilot.press("enter")
        assert app.screen.maximized is app.screen.query_one("#detail")
        await pilot.press("escape")
        assert app.screen.maximized is None and app.focused is table


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(char, segment.style) for segment in strip for char in segment.text]


@async_test
async def test_list_lines_cut_directly_show_what_rich_text_draws() -> None:
    """The list cuts most lines into segments itself: each shows the same characters, in
    the same styles, as Rich's Text draws them (cursor, marked, new and read, every column,
    at several widths)."""
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        items = sample_library().items
        table = app.screen.query_one(ItemTable)
        table.set_councils({item.council for item in items})
        table.set_items(items, show_release=True, show_council=True)
        table.set_marked(frozenset(item.id for item in items[::3]))
        read = Progress("Read", datetime.date(2025, 5, 7))
        table.set_reading(Reading("alice", 0, {}, {item.id: read for item in items[::4]}))
        styles = table._line_styles()
        cut = 0
        for item in items:
            for width in (50, 80, 119):
                for cursor, style in ((False, styles.base), (True, styles.cursor)):
                    parts = table._line_parts(item, width, cursor, styles)
                    direct = table._cut_strip(parts, width, style)
                    drawn = table._text_strip(parts, width, style)
                    if direct is not None:
                        cut += 1
                        assert cells(direct) == cells(drawn), (item.id, width, cursor)
                    assert drawn.cell_length == width
        assert cut > len(items) * 5  # nearly every line is cut directly


@async_test
async def test_search_as_you_type_finds_titles_and_details_everywhere() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"secure acc")
        found = entries(app)
        assert found
        for item in found:
            text = " ".join((item.chapter_title, *item.entry.details)).casefold()  # type: ignore[attr-defined]
            assert "secure" in text and "acc" in text
        assert {item.council for item in found} == {ENFIELD, LUTON}  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert isinstance(app.focused, ItemTable)
        await pilot.press("slash", "escape")
        assert app.screen.query_one(Input).value == ""
        assert len(entries(app)) < len(found) + 40  # back to the release's entries


@async_test
async def test_the_reread_filter_and_the_filters_dialog() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        manual, _ = release_of(sample_library(), LUTON, "2019-03")
        app.show_release(manual)  # the whole Luton manual
        await settle(pilot)
        await pilot.press("r")
        shown = entries(app)
        assert shown and all(i.priority is Priority.REREAD for i in shown)  # type: ignore[attr-defined]
        await pilot.press("r")
        assert not app.filters.filters_anything

        await pilot.press("f")
        await pilot.pause()
        # councils list has focus: tick Luton (second), then kinds: tick "new" (second)
        await pilot.press("down", "space", "tab", "down", "space")
        councils = app.screen.query_one("#councils")
        lines = [councils.render_line(y).text for y in range(3)]  # type: ignore[attr-defined]
        ticked = {line.split("▌")[1].strip() for line in lines if "▐X▌" in line}
        unticked = {line.split("▌")[1].strip() for line in lines if "▐ ▌" in line}
        assert (ticked, unticked) == ({"Luton"}, {"Enfield"})  # a mark, not only a colour
        app.screen.query_one("#start", Input).value = "2019"
        app.screen.query_one("#end", Input).value = "2019"
        app.screen.query_one("#start", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        filters = app.filters
        assert filters.councils == (LUTON,) and filters.kinds == (Kind.NEW,)
        assert (filters.start, filters.end) == ("2019-01", "2019-12")
        shown = entries(app)
        assert shown and all(
            i.council == LUTON
            and i.entry.kind is Kind.NEW  # type: ignore[attr-defined]
            and i.release.year == 2019
            for i in shown
        )  # type: ignore[attr-defined]


@async_test
async def test_compare_two_councils_for_a_year() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is not None
        assert (screen.comparison.start, screen.comparison.end) == ("2017-10", "2020-10")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"2019", "enter", *"2019", "enter")
        await settle(pilot)
        comparison = screen.comparison
        assert comparison is not None
        assert (comparison.council_a, comparison.council_b) == (ENFIELD, LUTON)
        assert (comparison.start, comparison.end) == ("2019-01", "2019-12")
        table = screen.query_one(DataTable)
        assert table.row_count == len(comparison.rows) > 0
        shared = [row for row in comparison.rows if row.shared]
        assert shared, "some national updates were made by both councils in 2019"
        lagged = next(row for row in shared if row.lag_months)
        cells = [str(c) for c in table.get_row_at(comparison.rows.index(lagged))]
        assert cells[3].startswith(("Enfield ", "Luton ")) and cells[3].endswith("later")
        await pilot.press("s")
        assert screen.show == "both"
        assert len(screen.rows) == len([r for r in comparison.rows if r.status.value == "both"])
        await pilot.press("s")
        assert all(r.status.value == "only_a" for r in screen.rows)
        table.move_cursor(row=0)
        await settle(pilot)
        text = detail_text(app, "#pair-detail")
        assert screen.rows[0].title in text and "Enfield: " in text


@async_test
async def test_following_a_chapters_history_across_releases_and_councils() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to_release(pilot, app, ENFIELD, "2019-10")
        await pilot.press("enter")
        table = app.screen.query_one("#entries", ItemTable)
        target = next(i for i in table.items if i.chapter_title == "Placements with Parents")
        table.move_to(target)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChapterScreen)
        mine = list(screen.query_one("#timeline-a", ItemTable).items)
        theirs = list(screen.query_one("#timeline-b", ItemTable).items)
        assert target in mine and all(i.council == ENFIELD for i in mine)
        assert theirs and all(i.council == LUTON for i in theirs)
        assert all(i.chapter == theirs[0].chapter for i in theirs)
        assert [i.release.key for i in mine] == sorted((i.release.key for i in mine), reverse=True)


@async_test
async def test_go_to_chapter_from_the_command_palette() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"chap plac parents luton")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChapterScreen)
        mine = list(app.screen.query_one("#timeline-a", ItemTable).items)
        assert mine and all(i.council == LUTON and i.chapter == mine[0].chapter for i in mine)
        assert mine[0].chapter_title == "Placements with Parents"
        assert {i.chapter_title for i in mine} >= {"Placement with Parents"}  # a variant


@async_test
async def test_g_goes_to_a_release() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g", *"luton december 2019")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        _, release = release_of(sample_library(), LUTON, "2019-12")
        assert app.screen.query_one(ReleaseTree).scope.release is release
        assert [i.entry for i in entries(app)] == list(release.entries)  # type: ignore[attr-defined]


@async_test
async def test_the_palette_offers_filters_and_only_this_views_actions() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"only new chap")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.filters.kinds == (Kind.NEW,)
        assert all(i.entry.kind is Kind.NEW for i in entries(app))  # type: ignore[attr-defined]
        names = [name for name, _, _ in app.screen.palette_commands()]  # type: ignore[attr-defined]
        assert "Search titles and details" in names
        assert not any(name.startswith("Compare:") for name in names)
        await pilot.press("2")
        await settle(pilot)
        names = [name for name, _, _ in app.screen.palette_commands()]  # type: ignore[attr-defined]
        assert "Compare: show those changed only in B" in names
        assert "Search titles and details" not in names


@async_test
async def test_one_council_alone_has_no_comparison_but_everything_else() -> None:
    from manualtui.load import load_manuals, samples_dir

    library = load_manuals([str(samples_dir() / "luton-children.txt")])
    app = build_app((), library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "down", "h")
        await settle(pilot)
        assert isinstance(app.screen, ChapterScreen)
        assert not app.screen.query_one("#timeline-b").display
        await pilot.press("2")
        await settle(pilot)
        assert "needs two councils" in str(app.screen.query_one("#compare-head").render())
        await pilot.press("1", "slash", *"foster")
        assert entries(app) and app.is_running


@async_test
async def test_help_opens_with_question_mark_and_closes_with_escape() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def mark_april_2019_to_october_2020(pilot: object, app: ManualApp) -> None:
    await go_to_release(pilot, app, ENFIELD, "2019-04")
    await pilot.press("m")  # type: ignore[attr-defined]
    await go_to_release(pilot, app, ENFIELD, "2020-10")
    await pilot.press("m")  # type: ignore[attr-defined]


async def export_with_dialog(
    pilot: object, app: ManualApp, down: int, path: Path, staff: str = "", due: str = ""
) -> None:
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ExportDialog)
    assert isinstance(app.focused, RadioSet)
    await pilot.press(*["down"] * down, "enter", "tab")  # type: ignore[attr-defined]
    field = app.screen.query_one("#path", Input)
    assert app.focused is field
    field.value = str(path)  # typing a long path key by key is the e2e tests' job
    app.screen.query_one("#staff", Input).value = staff
    app.screen.query_one("#due", Input).value = due
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


@async_test
async def test_mark_a_range_and_export_an_excel_tracker_and_a_word_briefing(tmp_path: Path) -> None:
    import docx
    import openpyxl

    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await mark_april_2019_to_october_2020(pilot, app)
        assert (app.marks.start, app.marks.end) == ("2019-04", "2020-10")
        await pilot.press("r")
        assert app.view is not None
        expected = app.view.export_scope().selection.apply(sample_library())
        assert expected and all(i.priority is Priority.REREAD for i in expected)
        assert {i.council for i in expected} == {ENFIELD, LUTON}

        tracker = tmp_path / "tracker.xlsx"
        await export_with_dialog(pilot, app, 0, tracker, "A. Khan, B. Jones", "2024-06-30")
        assert app.last_export == tracker and tracker.is_file()
        assert app.export_run is None
        workbook = openpyxl.load_workbook(tracker)
        staff_cells = {str(c.value) for row in workbook["Staff"].iter_rows() for c in row}
        assert {"A. Khan", "B. Jones"} <= staff_cells
        sheet = workbook["Checklist"]
        rows = [[str(c.value or "") for c in row] for row in sheet.iter_rows(min_row=2)]
        chapters = {i.chapter_title for i in expected if i.chapter_title}
        written = " ".join(" ".join(r) for r in rows)
        assert all(title in written for title in chapters)

        briefing = tmp_path / "briefing.docx"
        await export_with_dialog(pilot, app, 1, briefing)
        assert app.last_export == briefing and briefing.is_file()
        document = docx.Document(str(briefing))
        body = "\n".join(p.text for p in document.paragraphs)
        body += "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        assert any(title in body for title in chapters)


@async_test
async def test_the_export_dialog_reads_due_dates_as_the_command_line_does(tmp_path: Path) -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await mark_april_2019_to_october_2020(pilot, app)
        tracker = tmp_path / "tracker.xlsx"
        await export_with_dialog(pilot, app, 0, tracker, due="20300131")
        assert isinstance(app.screen, ExportDialog)
        problem = str(app.screen.query_one("#problem", Label).render())
        assert problem == "'20300131' is not a date: write it as YYYY-MM-DD (2030-01-31)"
        assert not tracker.exists()


@async_test
async def test_the_export_writes_what_the_dialog_showed(tmp_path: Path) -> None:
    """The filters changed behind the open dialog: the file holds the entries and the
    selection the dialog showed, not what the filters now pick."""
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await mark_april_2019_to_october_2020(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        shown = [item.id for item in dialog.items]
        described = dialog.scope.selection.describe()
        app.filters = Selection(priorities=(Priority.NOTE,))
        assert app.view is not None
        now = {i.id for i in app.view.export_scope().selection.apply(sample_library())}
        assert now != set(shown)
        await pilot.press("down", "down", "down", "down", "enter", "tab")  # markdown
        out = tmp_path / "shown.md"
        dialog.query_one("#path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines[0] == f"# Procedures manual changes: {described}"
        assert lines[2].startswith(f"{len(shown)} entries.")


@async_test
async def test_marked_entries_alone_are_exported(tmp_path: Path) -> None:
    import json

    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to_release(pilot, app, LUTON, "2023-12")
        await pilot.press("enter", "space", "space")
        table = app.screen.query_one("#entries", ItemTable)
        marked = [table.items[0].id, table.items[1].id]
        assert app.marks.entry_ids == set(marked)
        out = tmp_path / "two.json"
        await export_with_dialog(pilot, app, 3, out)
        records = json.loads(out.read_text(encoding="utf-8"))
        if isinstance(records, dict):
            records = next(v for v in records.values() if isinstance(v, list))
        assert sorted(r["id"] for r in records) == sorted(marked)


@async_test
async def test_an_export_runs_in_a_worker_and_shows_its_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import manualtui.exporters as exporters

    halfway = threading.Event()
    carry_on = threading.Event()
    real_export = exporters.export

    def paused_export(
        request: exporters.ExportRequest, progress: exporters.Progress | None = None
    ) -> Path:
        assert progress is not None
        progress(0.25)
        halfway.set()
        carry_on.wait(timeout=30)
        return real_export(request, progress)

    monkeypatch.setattr(exporters, "export", paused_export)
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.animation_level == "none"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab")
        app.screen.query_one("#path", Input).value = str(tmp_path / "all.xlsx")
        await pilot.press("enter")
        for _ in range(100):  # the screen stays live while the worker works
            await pilot.pause(0.05)
            if halfway.is_set() and app.export_run and app.export_run.fraction == 0.25:
                break
        status = app.screen.query_one("ExportStatus")
        assert app.export_run is not None and app.export_run.fraction == 0.25
        assert status.has_class("-running")
        assert "all.xlsx" in str(status.query_one("#export-label").render())
        await pilot.press("2")  # still answers keys
        carry_on.set()
        await settle(pilot)
        assert app.export_run is None and not status.has_class("-running")
        assert app.last_export is not None and app.last_export.name == "all.xlsx"


@async_test
async def test_an_export_error_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await export_with_dialog(pilot, app, 0, tmp_path / "missing-folder" / "t.xlsx")
        assert app.is_running and app.export_run is None
        notes = [n.message for n in app._notifications]
        assert any("missing-folder" in note for note in notes)
        assert not (tmp_path / "missing-folder").exists()


@async_test
async def test_an_existing_file_is_not_replaced_without_asking(tmp_path: Path) -> None:
    target = tmp_path / "kept.xlsx"
    target.write_bytes(b"precious")
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await export_with_dialog(pilot, app, 0, target)
        assert isinstance(app.screen, ExportDialog)
        assert "exists" in str(app.screen.query_one("#problem").render())
        assert target.read_bytes() == b"precious"


@async_test
async def test_resizing_never_crashes_and_narrow_terminals_stack() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-wide")
        for size in ((80, 24), (40, 12), (200, 60), (81, 25), (20, 8), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.screen.has_class("-narrow")
        await pilot.press("2")
        await settle(pilot)
        await pilot.resize_terminal(120, 40)
        await pilot.press("3")
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert app.is_running


@async_test
async def test_no_color_keeps_every_meaning_in_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        await pilot.press("tab", "tab")
        screenshot = app.export_screenshot()
        assert "[V]" in screenshot and "updated" in screenshot


@async_test
async def test_a_hundred_thousand_entries_stay_one_list() -> None:
    library = big_library(1 + 100_000 // len(sample_library().items))
    assert len(library.items) > 100_000
    app = build_app((), library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"placement")
        table = app.screen.query_one("#entries", ItemTable)
        assert len(table.items) > 5_000
        assert all(
            "placement" in " ".join((i.chapter_title, *i.entry.details)).casefold()
            for i in table.items[:200]
        )
        assert len(app.screen.query(ItemTable)) == 1  # one widget, however many rows
        await pilot.press("enter", "end")
        assert table.current is table.items[len(table.items) - 1]

        tree = app.screen.query_one(ReleaseTree)
        manuals = tree.root.children
        assert len(manuals) == len(library.manuals)
        assert not manuals[5].children  # releases are made when a manual is opened
        release = library.manuals[5].releases[0]
        app.go_to_release(library.manuals[5].key, release)
        await settle(pilot)
        assert tree.scope.release is release
        assert [i.release for i in entries(app)] == [release] * len(release.entries)  # type: ignore[attr-defined]
