"""A filled-in tracker recorded as reading progress in the library.

Each row's done status (Read, Discussed, Signed off: the tracker's own list) is recorded for
every entry the row stands for (the tracker lists them on its format sheet), on the row's
Date read, else today. With staff, each person is a user and their column of the Staff sheet
is theirs; without, the Checklist's statuses are the one user's. Nothing is taken away:
a row not done records nothing, and an entry already recorded with the same or a more
advanced done status keeps it (and its day).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..errors import ManualError
from ..library.progress import mark_read, progress
from ..library.store import Store
from .tracker_read import Tracker


@dataclass(frozen=True)
class Imported:
    """What was recorded for one user: rows done in the tracker, entries newly recorded."""

    user: str
    rows: int
    entries: int


def import_tracker(store: Store, tracker: Tracker, user: str, today: date) -> list[Imported]:
    """Record `tracker`'s done statuses as reading progress: per person of its Staff sheet
    (only `user` when given), else as `user`'s."""
    if not tracker.layout.entries:
        raise ManualError(
            str(tracker.path),
            "does not list the entries of its rows (written by an older manualtui): "
            "export the tracker again to import it",
        )
    if not tracker.people:
        return [_record(store, tracker, user, _checklist_done(tracker, today))]
    people = tracker.people
    if user:
        people = tuple(p for p in people if p.casefold() == user.casefold())
        if not people:
            raise ManualError(
                str(tracker.path),
                f"has no column for {user} (its staff: {', '.join(tracker.people)})",
            )
    return [
        _record(store, tracker, person, _staff_done(tracker, person, today)) for person in people
    ]


_Done = tuple[str, str, date]  # row key, status, day


def _checklist_done(tracker: Tracker, today: date) -> Iterator[_Done]:
    for row in tracker.checklist:
        if row.key and tracker.is_done(row.status):
            yield row.key, row.status, row.day("read_on") or today


def _staff_done(tracker: Tracker, person: str, today: date) -> Iterator[_Done]:
    checklist = tracker.checklist_by_key
    for row in tracker.staff:
        status = row.marks[person]
        if row.key and tracker.is_done(status):
            on_checklist = checklist.get(row.key)
            day = on_checklist.day("read_on") if on_checklist is not None else None
            yield row.key, status, day or today


def _record(store: Store, tracker: Tracker, user: str, done: Iterator[_Done]) -> Imported:
    """Record each done row's entries for `user`, grouped by status and day."""
    rank = {status: n for n, status in enumerate(tracker.statuses.done)}
    known = progress(store, user)
    groups: dict[tuple[str, date], list[str]] = {}
    rows = 0
    for key, status, day in done:
        rows += 1
        for entry in tracker.layout.entries.get(key, ()):
            before = known.get(entry)
            if before is None or rank.get(before.status, -1) < rank[status]:
                groups.setdefault((status, day), []).append(entry)
    for (status, day), entries in groups.items():
        mark_read(store, user, entries, on=day, status=status)
    return Imported(user, rows, sum(len(entries) for entries in groups.values()))
