"""The library's tables, as ordered migration steps; `PRAGMA user_version` counts the steps
applied.

A step is only ever appended: a database at version N runs steps N+1 onwards, each in the
transaction that opens the library. Tables hold data only (text, numbers and page bytes).

- `source`: what the user added, by name: a file, a folder or a web address.
- `page`: one Amendments page of a source (a folder has several): the names the source
  gives it (`council`/`title`, empty: the page's own), and the council, manual and number of
  releases it showed when last read.
- `snapshot`: every version of a page ever read: its bytes, when, and the validators
  (ETag, Last-Modified) the next conditional request sends.
- `entry`: each entry ever seen on a page under its stable identity (see `identity`), with
  its latest kind, title and details and the snapshots where it was first and last seen.
- `event`: what an update found: an entry that arrived (`new`), was rewritten (`changed`,
  with what it said before) or left the page (`gone`). "What's new" reads these.
- `look`: when a user last looked at what is new (the newest event they were shown).
- `progress`: who has read which entry, and when.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE source (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'folder', 'url')),
        location TEXT NOT NULL,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE page (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
        location TEXT NOT NULL,
        council TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        shown_council TEXT NOT NULL DEFAULT '',
        shown_title TEXT NOT NULL DEFAULT '',
        releases INTEGER NOT NULL DEFAULT 0,
        checked_at TEXT NOT NULL,
        UNIQUE (source_id, location)
    );
    CREATE TABLE snapshot (
        id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES page(id) ON DELETE CASCADE,
        fetched_at TEXT NOT NULL,
        content BLOB NOT NULL,
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL DEFAULT '',
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX snapshot_page ON snapshot (page_id, id);
    CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES page(id) ON DELETE CASCADE,
        stable_id TEXT NOT NULL,
        release TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        details TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        first_snapshot INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        last_snapshot INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        present INTEGER NOT NULL DEFAULT 1,
        UNIQUE (page_id, stable_id)
    );
    CREATE INDEX entry_stable ON entry (stable_id);
    CREATE TABLE event (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
        snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('new', 'changed', 'gone')),
        before_kind TEXT NOT NULL DEFAULT '',
        before_title TEXT NOT NULL DEFAULT '',
        before_details TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX event_snapshot ON event (snapshot_id);
    CREATE TABLE look (
        user TEXT PRIMARY KEY,
        through_event INTEGER NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE progress (
        user TEXT NOT NULL,
        stable_id TEXT NOT NULL,
        status TEXT NOT NULL,
        on_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (user, stable_id)
    );
    """,
)
