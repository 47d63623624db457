"""What is in the library (one row per page) and taking a source out of it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from ..errors import ManualError
from .snapshots import snapshot_path
from .store import Store


@dataclass(frozen=True)
class PageSummary:
    """A page of the library as `library list` shows it. Times are UTC, ISO 8601."""

    name: str
    kind: str
    location: str
    council: str
    manual: str
    releases: int
    entries: int
    snapshots: int
    updated_at: str
    checked_at: str


def list_library(store: Store) -> list[PageSummary]:
    """Every page, by source name: `updated_at` is when its content last changed,
    `checked_at` when it was last read or fetched."""
    rows = store.rows(
        """
        SELECT source.name, source.kind, page.location, page.shown_council AS council,
               page.shown_title AS manual, page.releases,
               (SELECT count(*) FROM entry WHERE page_id = page.id AND present) AS entries,
               (SELECT count(*) FROM snapshot WHERE page_id = page.id) AS snapshots,
               (SELECT max(fetched_at) FROM snapshot WHERE page_id = page.id) AS updated_at,
               page.checked_at
        FROM source JOIN page ON page.source_id = source.id
        ORDER BY source.name, page.id
        """
    )
    return [PageSummary(**dict(row)) for row in rows]


def remove_source(store: Store, name: str) -> int:
    """Take `name` and all its snapshots out of the library; the number of pages it had.

    Reading progress and looks stay: they belong to people, and a source added again
    finds them (entries keep their stable ids).
    """
    with store.writing():
        pages = store.execute(
            "SELECT count(*) FROM page JOIN source ON source.id = page.source_id"
            " WHERE source.name = ?",
            (name,),
        ).fetchone()[0]
        files = store.rows(
            "SELECT DISTINCT sha256, file_name FROM snapshot JOIN page ON page.id = page_id"
            " JOIN source ON source.id = page.source_id WHERE source.name = ?",
            (name,),
        )
        if not store.execute("DELETE FROM source WHERE name = ?", (name,)).rowcount:
            raise unknown_source(store, name)
    for row in files:
        if not store.execute("SELECT 1 FROM snapshot WHERE sha256 = ?", (row[0],)).fetchone():
            shutil.rmtree(snapshot_path(row[0], row[1]).parent, ignore_errors=True)
    return int(pages)


def source_names(store: Store) -> list[str]:
    return [row["name"] for row in store.rows("SELECT name FROM source ORDER BY name")]


def unknown_source(store: Store, name: str) -> ManualError:
    """The error for a name the library does not have, listing those it has."""
    return ManualError(
        name, f"is not in the library; it has: {', '.join(source_names(store)) or 'nothing'}"
    )
