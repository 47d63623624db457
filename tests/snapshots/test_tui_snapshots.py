"""The explorer's main screens at 80x24 and 120x40, compared with accepted SVG snapshots."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from manualtui.library.progress import Progress
from manualtui.library.update import Change
from manualtui.tui.app import ManualApp
from manualtui.tui.state import ChapterFocus, CompareSetup, Reading
from manualtui.tui.widgets.item_table import ItemTable
from tests.tui_support import ENFIELD, LUTON, release_of, sample_app, sample_library, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Compare = Callable[..., bool]


def app_for_snapshot(monkeypatch: pytest.MonkeyPatch) -> ManualApp:
    """The samples app, in a fixed working folder (export paths show it)."""
    monkeypatch.chdir(Path("/"))
    return sample_app()


async def on_release(pilot: Pilot[Any], council: str, key: str, down: int) -> None:
    app: ManualApp = pilot.app  # type: ignore[assignment]
    await settle(pilot)
    manual, release = release_of(sample_library(), council, key)
    app.go_to_release(manual, release)
    await settle(pilot)
    await pilot.press("enter", *["down"] * down)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_releases_view(
    snap_compare: Compare, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await on_release(pilot, LUTON, "2019-12", 2)

    assert snap_compare(app_for_snapshot(monkeypatch), terminal_size=size, run_before=run_before)


def test_search_results(snap_compare: Compare, monkeypatch: pytest.MonkeyPatch) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash")
        pilot.app.screen.query_one("#search", Input).value = "secure accommodation"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(
        app_for_snapshot(monkeypatch), terminal_size=(80, 24), run_before=run_before
    )


async def compared_in_2019(pilot: Pilot[Any]) -> None:
    app: ManualApp = pilot.app  # type: ignore[assignment]
    await settle(pilot)
    app.compare_setup = CompareSetup(ENFIELD, LUTON, "2019-01", "2019-12")
    await pilot.press("2")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_compare_view(
    snap_compare: Compare, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await compared_in_2019(pilot)
        await pilot.press("down", "down")
        await settle(pilot)

    assert snap_compare(app_for_snapshot(monkeypatch), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_chapter_view(
    snap_compare: Compare, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app: ManualApp = pilot.app  # type: ignore[assignment]
        await settle(pilot)
        item = next(
            i
            for i in sample_library().items
            if i.council == ENFIELD and i.chapter_title == "Placements with Parents"
        )
        app.show_chapter(ChapterFocus.of(item))
        await settle(pilot)

    assert snap_compare(app_for_snapshot(monkeypatch), terminal_size=size, run_before=run_before)


def test_export_dialog(snap_compare: Compare, monkeypatch: pytest.MonkeyPatch) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app: ManualApp = pilot.app  # type: ignore[assignment]
        await settle(pilot)
        app.mark_range("2019-04", "2020-10")
        await pilot.press("r", "e")
        await settle(pilot)

    app = app_for_snapshot(monkeypatch)
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]  # no toasts
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_filters_dialog(snap_compare: Compare, monkeypatch: pytest.MonkeyPatch) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(
        app_for_snapshot(monkeypatch), terminal_size=(80, 24), run_before=run_before
    )


def test_help(snap_compare: Compare, monkeypatch: pytest.MonkeyPatch) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(
        app_for_snapshot(monkeypatch), terminal_size=(80, 24), run_before=run_before
    )


def test_releases_view_without_colour(
    snap_compare: Compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every marker in text, the cursor in reverse, the focused pane under a double line."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[Any]) -> None:
        app: ManualApp = pilot.app  # type: ignore[assignment]
        await on_release(pilot, ENFIELD, "2019-04", 1)
        table = app.screen.query_one("#entries", ItemTable)
        app.toggle_mark(table.items[2])
        app.mark_range("2019-04", "2020-10")
        await settle(pilot)

    assert snap_compare(
        app_for_snapshot(monkeypatch), terminal_size=(80, 24), run_before=run_before
    )


def test_compare_view_without_colour(
    snap_compare: Compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(
        app_for_snapshot(monkeypatch), terminal_size=(80, 24), run_before=compared_in_2019
    )


def test_releases_view_on_the_library_without_colour(
    snap_compare: Compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the library: `+` new since the last look and `✓` read, in text; the entry says
    when, the top line counts what is new, the key bar offers n, a and x."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[Any]) -> None:
        app: ManualApp = pilot.app  # type: ignore[assignment]
        await on_release(pilot, ENFIELD, "2019-04", 0)
        items = list(app.screen.query_one("#entries", ItemTable).items)
        arrived = "2025-05-06T12:00:00+00:00"
        new = {
            item.id: Change("new", item.id, item.council, "", "", "", "", "", at=arrived)
            for item in (items[0], items[2])
        }
        read = Progress("Read", datetime.date(2025, 5, 7))
        app.reading = Reading("alice", 9, new, {items[1].id: read, items[2].id: read})
        await settle(pilot)

    assert snap_compare(
        app_for_snapshot(monkeypatch), terminal_size=(80, 24), run_before=run_before
    )
