"""The explorer's link to the library: what is new to the user and what they have read,
read as the library loads, and what they mark written back.

Only the explorer opened on the library (no sources given, a library with manuals) has a
`Reading`; on loose files there is nothing to read it from. What is new is read before the
manuals, so that "seen" never covers an entry an update added after the explorer loaded.

Marks are written off the screen's thread, in the order they were made: a `library
update` holding the write lock must not freeze the keys. `ProgressWriter` queues each write
and a worker writes what is queued; the app writes what is left before the process ends.
"""

from __future__ import annotations

import datetime
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable

from ..errors import ManualError
from ..library import open_store
from ..library import store as library_store
from ..library.news import record_look, whats_new
from ..library.progress import READ, Progress, mark_read, progress, unmark
from ..library.snapshots import current_snapshots
from ..library.store import Store
from ..load import Source
from .state import Reading

Write = Callable[[Store], object]


def open_library(user: str) -> tuple[Reading | None, list[Source]]:
    """The user's `Reading` and the library's manuals as sources; (None, []) without a
    library or with an empty one (the explorer then shows the bundled samples)."""
    if not library_store.exists():
        return None, []
    with open_store(create=False) as store:
        found = whats_new(store, user)
        reading = Reading(
            user=user,
            through_event=found.through_event,
            new={entry.stable_id: entry for entry in found.entries},
            progress=progress(store, user),
        )
        sources = [snapshot.source() for snapshot in current_snapshots(store)]
    return (reading, sources) if sources else (None, [])


def read_today() -> Progress:
    return Progress(READ, datetime.date.today())


def marking_read(user: str, ids: Iterable[str], status: Progress) -> Write:
    wanted = list(ids)
    return lambda store: mark_read(store, user, wanted, on=status.on, status=status.status)


def unmarking(user: str, ids: Iterable[str]) -> Write:
    wanted = list(ids)
    return lambda store: unmark(store, user, wanted)


def recording_look(user: str, through_event: int) -> Write:
    return lambda store: record_look(store, user, through_event)


class ProgressWriter:
    """Writes queued in order, by whichever thread calls `write_pending` (one at a time)."""

    def __init__(self) -> None:
        self._pending: deque[Write] = deque()
        self._lock = threading.Lock()

    def add(self, write: Write) -> None:
        self._pending.append(write)

    def write_pending(self) -> None:
        """Write everything queued; a write that fails is dropped, and a `ManualError`
        says why."""
        with self._lock:
            if not self._pending:
                return
            with open_store(create=False) as store:
                while self._pending:
                    write = self._pending.popleft()
                    try:
                        write(store)
                    except sqlite3.Error as error:
                        raise ManualError(str(store.path), f"not recorded ({error})") from None
