"""Progress on stderr for work that can take over a second (loading many pages, exports).

A Rich progress bar, shown only when stderr is a terminal and only once the work has gone
on for `SHOW_AFTER_SECONDS` (a quick command prints nothing); it is cleared when the work
ends, so stdout and what stays on the screen are the same as without it.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

SHOW_AFTER_SECONDS = 0.5


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


class StderrProgress:
    """`update(done, total)` as the work goes on; use it as a context manager."""

    def __init__(self, label: str, console: Console | None = None) -> None:
        self.label = label
        self._console = console
        self._enabled = console is not None or stderr_is_terminal()
        self._started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> StderrProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, done: float, total: float) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._started < SHOW_AFTER_SECONDS:
                return
            self._start()
        assert self._bar is not None and self._task is not None
        self._bar.update(self._task, completed=done, total=total)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        self._bar = Progress(
            TextColumn(self.label),
            BarColumn(),
            TaskProgressColumn(),
            console=self._console or Console(stderr=True, force_terminal=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.label)
