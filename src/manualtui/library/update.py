"""Adding a source to the library and updating it: read its pages, keep what changed as new
snapshots, and say what each update found.

An update reads every page of one source (from disk, or from the web conditionally), then
parses the library as the explorer will see it (every page's latest snapshot, this source's
new ones in their place) with the one loader, so entries get exactly the stable ids the
explorer computes. Reading and parsing happen before any write: a page that cannot be
fetched or read fails the update with one line and the library stays as it was. The writes
are then one transaction: the new snapshots, each entry that arrived, was rewritten or left
the page (as events), and the page's names. The first snapshot of a page is its starting
point: its entries are recorded without "new" events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ManualError
from ..load import Source, load_manuals
from ..model import Item, Manual
from .catalogue import unknown_source
from .fetch import TIMEOUT_SECONDS, Fetched
from .identity import fingerprint
from .pages import PageSpec, absolute_location, list_pages, read_page, source_kind
from .snapshots import PageSnapshot, current_snapshots, digest, file_name_for, write_file
from .store import Store, now

# Where a page not yet in the library sorts among its source's pages: after the stored ones.
_NEW_PAGE = 1 << 62


@dataclass(frozen=True)
class Change:
    """An entry an update found new, rewritten or gone (`change`), when (`at`, UTC), and
    what a rewritten entry said before."""

    change: str
    stable_id: str
    council: str
    manual: str
    release: str
    kind: str
    title: str
    details: str
    before_kind: str = ""
    before_title: str = ""
    before_details: str = ""
    at: str = ""


@dataclass(frozen=True)
class PageResult:
    """One page of an updated source: whether its content changed, and what it shows now."""

    location: str
    council: str
    manual: str
    releases: int
    entries: int
    changed: bool
    first: bool
    new_releases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpdateReport:
    """What adding or updating one source found."""

    name: str
    added: bool
    pages: tuple[PageResult, ...]
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = ()

    def of(self, change: str) -> list[Change]:
        return [c for c in self.changes if c.change == change]


@dataclass(frozen=True)
class _SourceRow:
    id: int | None
    name: str
    kind: str
    location: str


@dataclass(frozen=True)
class _Parsed:
    """A page's manual as the update's load read it, and its items with their stable ids."""

    manual: Manual
    items: list[tuple[Item, str]]


@dataclass(frozen=True)
class _PageRead:
    """A page as read for this update: its stored page (if any) and its content now."""

    spec: PageSpec
    page_id: int | None
    council: str
    title: str
    source: Source
    content: bytes | None
    fetched: Fetched

    @property
    def changed(self) -> bool:
        return self.content is not None


def add_source(
    store: Store,
    name: str,
    location: str,
    council: str = "",
    title: str = "",
    timeout: float = TIMEOUT_SECONDS,
) -> UpdateReport:
    """Add `location` (a page, a folder of pages or an address) to the library as `name`."""
    name = name.strip()
    if not name:
        raise ManualError("library add", "the name is empty")
    kind = source_kind(location)
    if kind == "folder" and (council or title):
        raise ManualError(location, "--council and --manual name a single page, not a folder")
    if store.execute("SELECT 1 FROM source WHERE name = ?", (name,)).fetchone():
        raise _name_taken(name)
    source = _SourceRow(None, name, kind, absolute_location(location))
    return _refresh(store, source, council, title, timeout)


def update_source(store: Store, name: str, timeout: float = TIMEOUT_SECONDS) -> UpdateReport:
    """Read `name` again and record what changed."""
    row = store.execute(
        "SELECT id, name, kind, location FROM source WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        raise unknown_source(store, name)
    return _refresh(store, _SourceRow(**dict(row)), "", "", timeout)


def _name_taken(name: str) -> ManualError:
    return ManualError(name, "is already in the library (choose another name)")


def _refresh(
    store: Store, source: _SourceRow, council: str, title: str, timeout: float
) -> UpdateReport:
    snapshots = current_snapshots(store)
    own = {s.page_id: s for s in snapshots if s.source_name == source.name}
    others = [s for s in snapshots if s.source_name != source.name]
    reads = [
        _read(store, source, spec, own, council, title, timeout)
        for spec in list_pages(source.kind, source.location)
    ]
    listed = {r.page_id for r in reads}
    kept = [s for page_id, s in own.items() if page_id not in listed]
    # Only a changed page needs the parse; an unchanged source costs one query per page.
    parsed = _load(source.name, reads, kept, others) if any(r.changed for r in reads) else []
    with store.writing():
        source_id = _source_id(store, source)
        results = [
            _record(store, source_id, read, parsed[n] if parsed else None)
            for n, read in enumerate(reads)
        ]
        store.execute("UPDATE source SET updated_at = ? WHERE id = ?", (now(), source_id))
    notes = tuple(
        f"{s.file_name}: no longer in the folder; its last snapshot is kept" for s in kept
    )
    return UpdateReport(
        name=source.name,
        added=source.id is None,
        pages=tuple(r for r, _ in results),
        changes=tuple(c for _, changes in results for c in changes),
        notes=notes,
    )


def _read(
    store: Store,
    source: _SourceRow,
    spec: PageSpec,
    own: dict[int, PageSnapshot],
    council: str,
    title: str,
    timeout: float,
) -> _PageRead:
    page = store.execute(
        "SELECT id, council, title FROM page WHERE source_id IS ? AND location = ?",
        (source.id, spec.location),
    ).fetchone()
    current = own.get(page["id"]) if page else None
    validators = _validators(store, current)
    fetched = read_page(source.kind, spec.location, *validators, timeout=timeout)
    council = spec.council or council or (page["council"] if page else "")
    title = spec.title or title or (page["title"] if page else "")
    unchanged = current is not None and (
        fetched.not_modified or digest(fetched.content) == current.sha256
    )
    if current is not None and unchanged:
        path = current.path
        content = None
    else:
        if fetched.not_modified:
            raise ManualError(spec.location, "the server answered 304 Not Modified to a new page")
        file_name = file_name_for(
            spec.location, source.name, fetched.content_type, in_folder=source.kind == "folder"
        )
        path = write_file(fetched.content, file_name)
        content = fetched.content
    return _PageRead(
        spec=spec,
        page_id=page["id"] if page else None,
        council=council,
        title=title,
        source=Source(path, council=council, title=title),
        content=content,
        fetched=fetched,
    )


def _validators(store: Store, current: PageSnapshot | None) -> tuple[str, str]:
    """The ETag and Last-Modified of the page's latest snapshot, for a conditional request."""
    if current is None:
        return "", ""
    row = store.execute(
        "SELECT etag, last_modified FROM snapshot WHERE id = ?", (current.snapshot_id,)
    ).fetchone()
    return row["etag"], row["last_modified"]


def _load(
    name: str,
    reads: Sequence[_PageRead],
    kept: Sequence[PageSnapshot],
    others: Sequence[PageSnapshot],
) -> list[_Parsed]:
    """Load the library as it will be after this update (in the order `library_sources`
    gives, so that the parse is the explorer's): each read page's manual and its items
    with their stable ids."""
    rows: list[tuple[str, int, int, Source]] = [
        (s.source_name, s.page_id, -1, s.source()) for s in [*others, *kept]
    ]
    rows += [(name, r.page_id or _NEW_PAGE, n, r.source) for n, r in enumerate(reads)]
    rows.sort(key=lambda row: row[:3])
    locations = {str(r.source.path): r.spec.location for r in reads}
    try:
        library = load_manuals([row[3] for row in rows])
    except ManualError as error:
        raise ManualError(locations.get(error.subject, error.subject), error.problem) from None
    by_manual: dict[str, list[tuple[Item, str]]] = {m.key: [] for m in library.manuals}
    for item in library.items:
        by_manual[item.manual.key].append((item, item.id))
    position = {row[2]: manual for row, manual in zip(rows, library.manuals, strict=True)}
    return [_Parsed(position[n], by_manual[position[n].key]) for n in range(len(reads))]


def _source_id(store: Store, source: _SourceRow) -> int:
    """The source's row: created when adding; checked to be still there when updating."""
    if source.id is None:
        stamp = now()
        try:
            cursor = store.execute(
                "INSERT INTO source (name, kind, location, added_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (source.name, source.kind, source.location, stamp, stamp),
            )
        except sqlite3.IntegrityError:
            raise _name_taken(source.name) from None
        return int(cursor.lastrowid or 0)
    if not store.execute("SELECT 1 FROM source WHERE id = ?", (source.id,)).fetchone():
        raise ManualError(source.name, "was removed from the library during the update")
    return source.id


def _record(
    store: Store, source_id: int, read: _PageRead, parsed: _Parsed | None
) -> tuple[PageResult, list[Change]]:
    """Write one page's new snapshot (if its content changed) and its entries' changes."""
    page_id = _page_id(store, source_id, read)
    latest = store.execute(
        "SELECT sha256 FROM snapshot WHERE page_id = ? ORDER BY id DESC LIMIT 1", (page_id,)
    ).fetchone()
    changes: list[Change] = []
    new_releases: tuple[str, ...] = ()
    content = read.content
    stored = content is not None and (latest is None or latest[0] != digest(content))
    if stored and parsed is not None:
        _show(store, page_id, parsed.manual)
        snapshot_id = _insert_snapshot(store, page_id, read)
        changes, new_releases = _record_entries(store, page_id, snapshot_id, parsed, latest is None)
    shown = store.execute(
        "SELECT shown_council, shown_title, releases,"
        " (SELECT count(*) FROM entry WHERE page_id = page.id AND present)"
        " FROM page WHERE id = ?",
        (page_id,),
    ).fetchone()
    result = PageResult(
        location=read.spec.location,
        council=shown[0],
        manual=shown[1],
        releases=shown[2],
        entries=shown[3],
        changed=stored,
        first=latest is None,
        new_releases=new_releases,
    )
    return result, changes


def _page_id(store: Store, source_id: int, read: _PageRead) -> int:
    """The page's row (created for a page new to the source), with the names the source
    gives it now and the time it was checked."""
    store.execute(
        "INSERT INTO page (source_id, location, checked_at) VALUES (?, ?, ?)"
        " ON CONFLICT (source_id, location) DO NOTHING",
        (source_id, read.spec.location, now()),
    )
    (page_id,) = store.execute(
        "SELECT id FROM page WHERE source_id = ? AND location = ?",
        (source_id, read.spec.location),
    ).fetchone()
    store.execute(
        "UPDATE page SET council = ?, title = ?, checked_at = ? WHERE id = ?",
        (read.council, read.title, now(), page_id),
    )
    return int(page_id)


def _show(store: Store, page_id: int, manual: Manual) -> None:
    """Record the council, manual and number of releases the page shows now."""
    store.execute(
        "UPDATE page SET shown_council = ?, shown_title = ?, releases = ? WHERE id = ?",
        (manual.council, manual.title, len(manual.releases), page_id),
    )


def _insert_snapshot(store: Store, page_id: int, read: _PageRead) -> int:
    content = read.content or b""
    cursor = store.execute(
        "INSERT INTO snapshot (page_id, fetched_at, content, sha256, file_name, content_type,"
        " etag, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            page_id,
            now(),
            content,
            digest(content),
            read.source.path.name,
            read.fetched.content_type,
            read.fetched.etag,
            read.fetched.last_modified,
        ),
    )
    return int(cursor.lastrowid or 0)


def _record_entries(
    store: Store,
    page_id: int,
    snapshot_id: int,
    parsed: _Parsed,
    first: bool,
) -> tuple[list[Change], tuple[str, ...]]:
    """Compare the snapshot's entries with those stored for the page; record the events."""
    existing = {
        row["stable_id"]: row
        for row in store.rows(
            "SELECT id, stable_id, release, kind, title, details, fingerprint, present"
            " FROM entry WHERE page_id = ?",
            (page_id,),
        )
    }
    releases_before = {row["release"] for row in existing.values() if row["present"]}
    stamp = now()
    changes: list[Change] = []
    for item, stable_id in parsed.items:
        row = existing.pop(stable_id, None)
        change = _store_entry(store, page_id, snapshot_id, item, stable_id, row)
        if change and not first:
            changes.append(change)
    for row in existing.values():
        if row["present"]:
            store.execute("UPDATE entry SET present = 0 WHERE id = ?", (row["id"],))
            changes.append(_gone(row, parsed.manual))
    for change in changes:
        _insert_event(store, page_id, snapshot_id, stamp, change)
    arrived = {c.release for c in changes if c.change == "new"}
    return changes, tuple(sorted(arrived - releases_before, reverse=True))


def _store_entry(
    store: Store,
    page_id: int,
    snapshot_id: int,
    item: Item,
    stable_id: str,
    row: sqlite3.Row | None,
) -> Change | None:
    entry = item.entry
    content = (item.release.key, entry.kind.value, entry.title, entry.details_text)
    if row is None:
        store.execute(
            "INSERT INTO entry (page_id, stable_id, release, kind, title, details, fingerprint,"
            " first_snapshot, last_snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (page_id, stable_id, *content, fingerprint(item), snapshot_id, snapshot_id),
        )
        return _item_change("new", item, stable_id)
    store.execute(
        "UPDATE entry SET release = ?, kind = ?, title = ?, details = ?, fingerprint = ?,"
        " last_snapshot = ?, present = 1 WHERE id = ?",
        (*content, fingerprint(item), snapshot_id, row["id"]),
    )
    if row["fingerprint"] == fingerprint(item):
        return None
    return _item_change(
        "changed",
        item,
        stable_id,
        before=(row["kind"], row["title"], row["details"]),
    )


def _item_change(
    change: str, item: Item, stable_id: str, before: tuple[str, str, str] = ("", "", "")
) -> Change:
    return Change(
        change=change,
        stable_id=stable_id,
        council=item.council,
        manual=item.manual.title,
        release=item.release.key,
        kind=item.entry.kind.value,
        title=item.entry.title,
        details=item.entry.details_text,
        before_kind=before[0],
        before_title=before[1],
        before_details=before[2],
    )


def _gone(row: sqlite3.Row, manual: Manual) -> Change:
    """An entry no longer on the page, as it was last seen."""
    return Change(
        change="gone",
        stable_id=row["stable_id"],
        council=manual.council,
        manual=manual.title,
        release=row["release"],
        kind=row["kind"],
        title=row["title"],
        details=row["details"],
    )


def _insert_event(store: Store, page_id: int, snapshot_id: int, stamp: str, change: Change) -> None:
    store.execute(
        "INSERT INTO event (entry_id, snapshot_id, at, change, before_kind, before_title,"
        " before_details) SELECT id, ?, ?, ?, ?, ?, ? FROM entry"
        " WHERE page_id = ? AND stable_id = ?",
        (
            snapshot_id,
            stamp,
            change.change,
            change.before_kind,
            change.before_title,
            change.before_details,
            page_id,
            change.stable_id,
        ),
    )
