"""Shared by the explorer tests: the samples loaded once, a started app, a big library.

Loading the samples takes a moment, so it is done once per test session and handed to
`build_app(library=...)`, which still goes through the app's loading worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import replace
from functools import cache, wraps
from typing import Any

from textual.pilot import Pilot

from manualtui.load import load_manuals
from manualtui.model import Item, Library, Manual, Release
from manualtui.tui.app import ManualApp, build_app

ENFIELD = "London Borough of Enfield"
LUTON = "Luton Borough Council"


def async_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test function in a fresh event loop (pytest fixtures still apply)."""

    @wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@cache
def sample_library() -> Library:
    return load_manuals()


def sample_app() -> ManualApp:
    return build_app((), sample_library())


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the screen has caught up (a worker's message
    may start another worker, hence the rounds)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def release_of(library: Library, council: str, key: str) -> tuple[int, Release]:
    """(manual index, release) for a council's release `YYYY-MM`."""
    for index, manual in enumerate(library.manuals):
        if manual.council == council:
            for release in manual.releases:
                if release.key == key:
                    return index, release
    raise LookupError(f"{council} has no release {key}")


def big_library(copies: int) -> Library:
    """The samples' items repeated `copies` times as separate manuals (distinct ids)."""
    base = sample_library()
    manuals: list[Manual] = []
    items: list[Item] = []
    for copy in range(copies):
        for manual in base.manuals:
            index = len(manuals)
            clone = replace(manual, council=f"{manual.council} {copy:04d}")
            manuals.append(clone)
            items.extend(replace(item, id=f"{index}:{item.entry.first_line}", manual=clone)
                         for item in base.items if item.manual is manual)
    return Library(manuals=tuple(manuals), items=tuple(items))
