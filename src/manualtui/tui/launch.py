"""`manualtui browse`: the explorer started so that its first screen comes soonest.

Textual takes a while to import and the first screen a while to compose; the library is read
meanwhile, in a thread started before either (`Loading`): reading the pages and hashing them
leave the interpreter free, so they overlap the imports rather than follow them. This module
imports neither Textual nor the app until the terminal is checked and the reading started.
The app reads its library through a `Loading` too; built without one (tests), it starts one
as it loads.
"""

from __future__ import annotations

import gc
import os
import queue
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..library import store as library_store
from ..model import Library

if TYPE_CHECKING:
    from ..load import Stage
    from .state import Reading

FIRST_SCREEN_WAIT = 5.0  # seconds the other manuals wait for the first to be on screen

Read = tuple["Reading | None", "Stage"]


def opens_library(sources: Sequence[str], library: Library | None) -> bool:
    """Whether the explorer shows the user's library: no sources or library given, and a
    library made (else, without sources, the bundled samples)."""
    return not sources and library is None and library_store.exists()


class Loading:
    """The explorer's library read in a thread of its own, from the moment it is made: the
    sources given, else the user's library (with what is new to the user and what they have
    read), else the bundled samples; `library`, if given, is taken as read. `stages()` gives
    it as read, in stages (`load.load_stages`): where the other manuals take a while, the
    first manual, then every manual. After a stage short of the whole library the thread
    waits for `go_on()`: the explorer calls it once that stage is on screen (reading the
    others holds the interpreter, which would slow the screen drawing it)."""

    def __init__(self, sources: Sequence[str], library: Library | None, user: str) -> None:
        self.opens_library = opens_library(sources, library)
        self._sources = tuple(sources)
        self._library = library
        self._user = user
        self._read: queue.SimpleQueue[Read | Exception | None] = queue.SimpleQueue()
        self._go_on = threading.Event()
        threading.Thread(target=self._run, name="manualtui-load", daemon=True).start()

    def _run(self) -> None:
        try:
            reading, stages = self._stages()
            for stage in stages:
                self._read.put((reading, stage))
                if not stage.complete:
                    self._go_on.wait(FIRST_SCREEN_WAIT)
        except Exception as error:  # raised again where the stages are taken
            self._read.put(error)
        else:
            self._read.put(None)

    def _stages(self) -> tuple[Reading | None, Iterable[Stage]]:
        from .. import load

        if self._library is not None:
            return None, [load.Stage(self._library, len(self._library.manuals))]
        if self.opens_library:
            from ..library.progress import default_user
            from .reading import open_library

            reading, sources = open_library(self._user or default_user())
            return reading, load.load_stages(sources)  # none: the library is empty, the samples
        return None, load.load_stages(self._sources)

    def stages(self) -> Iterator[Read]:
        """The stages as they are read (what is new to the user with each); a failure to
        read is raised here."""
        while (read := self._read.get()) is not None:
            if isinstance(read, Exception):
                raise read
            yield read

    def go_on(self) -> None:
        """The stage taken last is on screen: read the rest."""
        self._go_on.set()


def run_app(sources: Sequence[str], user: str = "") -> None:
    """Run the explorer, then end the process; a failed load raises the `ManualError` the
    CLI prints on one line.

    Without a terminal on both stdin and stdout (`manualtui < file`, `ssh host manualtui`
    without `-t`) it says so on one line and exits with 2, instead of drawing to no one."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "manualtui: the explorer needs a terminal (stdin and stdout); "
            "use `ssh -t`, or a command such as `manualtui entries --json`",
            file=sys.stderr,
        )
        raise SystemExit(2)
    # Until its first screen is drawn the explorer makes objects by the hundred thousand
    # (its modules, its widgets, the library) and no garbage: the cyclic collector, which
    # would scan them again and again, waits (the app turns it back on).
    gc.disable()
    loading = Loading(sources, None, user)
    from .app import build_app

    app = build_app(sources, user=user, loading=loading)
    app.run()
    if app.load_error is not None:
        raise app.load_error
    app.write_pending_progress()
    # Leave without freeing the library object by object at interpreter exit (most of the
    # time quitting took): the terminal is restored, output flushed, nothing else is open.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or 0)
