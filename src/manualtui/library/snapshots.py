"""Stored snapshots as pages the loader can read: the library's manuals for `load_manuals`.

A snapshot's bytes live in the database; to read them, the one loader (`load.load_manuals`)
is given a file holding exactly those bytes, `snapshots/<sha256>/<file name>` in the
library's folder. Such a file is written once, whole (temporary file, then rename), and
never changed: its name is its content's hash, so the loader's cache recognises it and a
missing or removed file is simply written again from the database. The file name is the
page's own in a folder, else the source's name: a page that names no council is shown
under it, as a page loaded from disk is shown under its file name.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ManualError
from ..load import Source
from . import store as library_store
from .store import Store


@dataclass(frozen=True)
class PageSnapshot:
    """The snapshot of a page that a load reads, with the names the page is shown under."""

    source_name: str
    page_id: int
    snapshot_id: int
    sha256: str
    file_name: str
    council: str
    title: str

    @property
    def path(self) -> Path:
        return snapshot_path(self.sha256, self.file_name)

    def source(self) -> Source:
        return Source(self.path, council=self.council, title=self.title)


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def snapshot_path(sha256: str, file_name: str) -> Path:
    return library_store.home() / "snapshots" / sha256[:2] / sha256 / file_name


def file_name_for(location: str, name: str, content_type: str, in_folder: bool) -> str:
    """The snapshot's file name: a folder's page keeps its own; a single page (a file or an
    address) is named after the source, so that the source's name is its council unless
    the page or the user names one."""
    if in_folder:
        return Path(location).name
    if "://" in location:
        suffix = ".html" if "html" in content_type.lower() or not content_type else ".txt"
    else:
        suffix = Path(location).suffix
    stem = re.sub(r"[\x00-\x1f/\\]+", " ", name).strip().lstrip(".") or "page"
    return stem[:100] + suffix


def write_file(content: bytes, file_name: str) -> Path:
    """The file holding `content` under `file_name`, written now if it is not there yet."""
    path = snapshot_path(digest(content), file_name)
    if path.is_file():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError as error:
        raise ManualError(str(path), f"cannot write the page's snapshot ({error})") from None
    return path


def current_snapshots(store: Store) -> list[PageSnapshot]:
    """Each page's latest snapshot, by source name then page, their files written."""
    with store.reading():
        rows = store.rows(
            """
            SELECT source.name AS source_name, page.id AS page_id,
                   snapshot.id AS snapshot_id, sha256, file_name, page.council, page.title
            FROM source
            JOIN page ON page.source_id = source.id
            JOIN snapshot ON snapshot.id = (SELECT max(id) FROM snapshot WHERE page_id = page.id)
            ORDER BY source.name, page.id
            """
        )
        snapshots = [PageSnapshot(**dict(row)) for row in rows]
        for snapshot in snapshots:
            if not snapshot.path.is_file():
                _rewrite(store, snapshot)
    return snapshots


def _rewrite(store: Store, snapshot: PageSnapshot) -> None:
    (content,) = store.execute(
        "SELECT content FROM snapshot WHERE id = ?", (snapshot.snapshot_id,)
    ).fetchone()
    write_file(bytes(content), snapshot.file_name)


def library_sources() -> list[Source]:
    """The library's manuals as sources for the loader; none when there is no library."""
    if not library_store.exists():
        return []
    with library_store.open_store(create=False) as store:
        return [snapshot.source() for snapshot in current_snapshots(store)]
