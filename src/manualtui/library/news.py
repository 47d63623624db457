"""What is new: the entries that arrived in the library, or were rewritten, since a user
last looked.

Updates record events (see `update`); a look records, per user, the newest event they were
shown. "New" for a user is every entry still on its page with a `new` or `changed` event
after their last look (or, asked so, since a date), one row per entry: an entry that arrived
and was then rewritten is new, and a rewrite shows what the entry said before.

For the explorer: `new_stable_ids(store, user)` gives the stable ids to mark (they are
`Item.id`s), and `record_look(store, user)` is the "I have seen
these" key; `whats_new(...).through_event` makes the look cover exactly what was shown.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass

from .store import Store, now
from .update import Change

_LOOK = "SELECT through_event, at FROM look WHERE user = ?"


@dataclass(frozen=True)
class Look:
    through_event: int
    at: str


@dataclass(frozen=True)
class WhatsNew:
    """The entries new to `user`, and the newest event the list covers (record it as the
    user's look once they have seen the list)."""

    user: str
    since: Look | datetime.date | None
    through_event: int
    entries: tuple[Change, ...]


def last_look(store: Store, user: str) -> Look | None:
    row = store.execute(_LOOK, (user,)).fetchone()
    return Look(row["through_event"], row["at"]) if row else None


def whats_new(store: Store, user: str, since: datetime.date | None = None) -> WhatsNew:
    """Entries new since `user`'s last look (since the start when they never looked), or
    since the local midnight starting `since`."""
    with store.reading():
        through = store.execute("SELECT coalesce(max(id), 0) FROM event").fetchone()[0]
        look = last_look(store, user)
        after_event = look.through_event if look and since is None else 0
        after_time = _utc_midnight(since) if since else ""
        rows = store.rows(
            """
            SELECT entry.stable_id, event.change, event.at,
                   page.shown_council AS council, page.shown_title AS manual,
                   entry.release, entry.kind, entry.title, entry.details,
                   event.before_kind, event.before_title, event.before_details, entry.page_id
            FROM event
            JOIN entry ON entry.id = event.entry_id
            JOIN page ON page.id = entry.page_id
            WHERE event.id > ? AND event.id <= ? AND event.at >= ?
              AND event.change IN ('new', 'changed') AND entry.present
            ORDER BY event.id
            """,
            (after_event, through, after_time),
        )
    return WhatsNew(
        user=user,
        since=since if since else look,
        through_event=int(through),
        entries=tuple(_one_per_entry(rows)),
    )


def _one_per_entry(rows: list[sqlite3.Row]) -> list[Change]:
    """The first event of each entry decides: arrived, or rewritten (and from what)."""
    first: dict[tuple[int, str], Change] = {}
    for row in rows:
        values = dict(row)
        key = (values.pop("page_id"), values["stable_id"])
        if key not in first:
            first[key] = Change(**values)
    return list(first.values())


def new_stable_ids(store: Store, user: str) -> set[str]:
    """The stable ids of the entries new to `user` since their last look."""
    return {entry.stable_id for entry in whats_new(store, user).entries}


def record_look(store: Store, user: str, through_event: int | None = None) -> Look:
    """Record that `user` has seen what is new, up to `through_event` (default: all)."""
    with store.writing():
        if through_event is None:
            through_event = store.execute("SELECT coalesce(max(id), 0) FROM event").fetchone()[0]
        stamp = now()
        store.execute(
            "INSERT INTO look (user, through_event, at) VALUES (?, ?, ?) ON CONFLICT (user)"
            " DO UPDATE SET through_event = max(through_event, excluded.through_event),"
            " at = excluded.at",
            (user, through_event, stamp),
        )
        row = store.execute(_LOOK, (user,)).fetchone()
    return Look(row["through_event"], row["at"])


def _utc_midnight(day: datetime.date) -> str:
    local = datetime.datetime.combine(day, datetime.time.min).astimezone()
    return local.astimezone(datetime.UTC).isoformat(timespec="microseconds")
