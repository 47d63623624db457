"""Reading progress: who has read which entry, with the date, per user.

Progress is recorded against an entry's id (`Item.id`, the same in every snapshot), so it
survives updates of the page and removing and adding the manual again. Marking a chapter
read marks each of its entries as they stand: an entry that arrives later in that chapter
is not read yet.

For the explorer and the exporters:
- `mark_read(store, user, stable_ids, on=..., status="Read")` and `unmark(...)`;
- `chapter_stable_ids(library, item)` for "mark this chapter";
- `read_status(store, user) -> {stable id: date}` and `progress(store, user)` (with the
  status, e.g. one a filled-in tracker recorded) to show marks or pre-fill a tracker;
  they are `Item.id`s.
"""

from __future__ import annotations

import datetime
import getpass
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Item, Library
from .store import Store, now

READ = "Read"


@dataclass(frozen=True)
class Progress:
    """A user's status for an entry (`Read`, or a tracker's status) and the day it was set."""

    status: str
    on: datetime.date


def default_user() -> str:
    """The login name: whose looks and progress a command records unless told otherwise."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"


def mark_read(
    store: Store,
    user: str,
    ids: Iterable[str],
    on: datetime.date | None = None,
    status: str = READ,
) -> int:
    """Record `status` (default Read) on `on` (default today) for each stable id; the count."""
    day = (on or datetime.date.today()).isoformat()
    stamp = now()
    rows = [(user, stable_id, status, day, stamp) for stable_id in dict.fromkeys(ids)]
    with store.writing():
        store.connection.executemany(
            "INSERT INTO progress (user, stable_id, status, on_date, recorded_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user, stable_id) DO UPDATE SET"
            " status = excluded.status, on_date = excluded.on_date,"
            " recorded_at = excluded.recorded_at",
            rows,
        )
    return len(rows)


def unmark(store: Store, user: str, ids: Iterable[str]) -> None:
    with store.writing():
        store.connection.executemany(
            "DELETE FROM progress WHERE user = ? AND stable_id = ?",
            [(user, stable_id) for stable_id in ids],
        )


def progress(store: Store, user: str) -> dict[str, Progress]:
    """Every entry `user` has a status for, by stable id."""
    rows = store.rows("SELECT stable_id, status, on_date FROM progress WHERE user = ?", (user,))
    return {
        row["stable_id"]: Progress(row["status"], datetime.date.fromisoformat(row["on_date"]))
        for row in rows
    }


def read_status(store: Store, user: str) -> dict[str, datetime.date]:
    """The day `user` marked each entry they have marked (Read, or the status a tracker
    recorded), by stable id."""
    return {stable_id: p.on for stable_id, p in progress(store, user).items()}


def chapter_stable_ids(library: Library, item: Item) -> list[str]:
    """The stable ids of every entry of `item`'s chapter in its manual."""
    return [
        other.id
        for other in library.items
        if other.manual is item.manual and other.chapter == item.chapter
    ]
