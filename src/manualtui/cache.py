"""The on-disk cache of loaded libraries: a second start on the same pages skips parsing.

Owns where cached libraries live (platformdirs' user cache folder for "manualtui", or
`$MANUALTUI_CACHE_DIR`), the key that says whether one is still good, and reading and
writing them.

A cached library is data, never code: JSON (see `model_json`) in one row of an SQLite file,
`libraries.sqlite3`, in the cache folder, and its first manual alone in a row of its own (the
explorer shows it while the whole library is read). The key covers everything the library
is computed from: each page's bytes (a hash), its path as given (shown as its source) and the
council and manual names it is shown under; the bundled samples (their titles help split
one-line rows); every file of the installed package (code and data, found by walking the
package folder, so nothing has to be listed by hand) and the rules file named by
`$MANUALTUI_PRIORITY_RULES`; the format, package and Python versions. Any change gives a new
key, so a stale library is never read.

The folder is created 0700. One owned by another user, or that another user can write to, is
refused with a one-line warning on stderr, and the cache is not used: nobody else can plant a
library for us to read. Clean-up deletes rows of that one file, never other files; a write cut
short by a kill is rolled back by SQLite at the next open, so nothing stale is left behind; a
file that is not a database (or a damaged one) is replaced by the next write.
A cache that cannot be read or written is skipped: it is only a shortcut.

`MANUALTUI_NO_CACHE=1` turns the cache off (the test suite sets it).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from . import RULES_ENV, __version__
from .errors import ManualError
from .model import Library
from .model_json import LibraryFormatError, library_from_json, library_to_json
from .textio import DATA_FILE_LIMIT, read_limited

DISABLE_ENV = "MANUALTUI_NO_CACHE"
DIR_ENV = "MANUALTUI_CACHE_DIR"
DATABASE = "libraries.sqlite3"
KEEP = 8
# Bump when the stored form of a library changes.
FORMAT = 2
_PACKAGE = Path(__file__).parent
_BUSY_TIMEOUT = 5.0  # seconds to wait for another process writing the cache
_DAMAGED = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}  # a file to start again


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "").strip().lower() not in {"1", "true", "yes", "on"}


def cache_dir() -> Path:
    configured = os.environ.get(DIR_ENV, "")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("manualtui"))


def cache_key(pages: Iterable[tuple[str, str, str, bytes]], samples: Iterable[Path]) -> str | None:
    """The key of a library loaded from `(path, council, title, bytes)` pages, or None when
    a file it depends on cannot be read (the loader then reports the problem)."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT} {__version__} {sys.version_info[:2]}\n".encode())
    digest.update(_package_digest())
    try:
        for path, council, title, data in pages:
            digest.update(f"page {path!r} {council!r} {title!r} ".encode())
            digest.update(hashlib.sha256(data).digest())
        for sample in samples:
            digest.update(b"sample " + _file_digest(sample))
        configured = os.environ.get(RULES_ENV, "")
        if configured:
            rules = read_limited(Path(configured), DATA_FILE_LIMIT, "the priority rules")
            digest.update(b"rules " + hashlib.sha256(rules).digest())
    except (OSError, ManualError):
        return None
    return digest.hexdigest()


@cache
def _package_digest() -> bytes:
    """A hash of every file of the installed package (code and data), by relative path.

    Compiled files (`__pycache__`) are left out: they follow from the sources.
    """
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(_PACKAGE, followlinks=True):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            digest.update(f"{path.relative_to(_PACKAGE).as_posix()!r} ".encode())
            try:
                digest.update(_file_digest(path))
            except OSError:
                digest.update(b"unreadable")
    return digest.digest()


def _file_digest(path: Path) -> bytes:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def read(key: str) -> Library | None:
    """The cached library for `key`, or None (no cache, not cached, or unreadable)."""
    return _read("library", key)


def read_first(key: str) -> Library | None:
    """The first manual of the cached library for `key`, as a library of its own (read in a
    moment however large the whole library is), or None."""
    return _read("first_manual", key)


def _read(table: str, key: str) -> Library | None:
    try:
        with _database(create=False) as database:
            if database is None:
                return None
            row = database.execute(f"SELECT data FROM {table} WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    try:
        return library_from_json(row[0], FORMAT, key)
    except LibraryFormatError:
        return None


def write(key: str, library: Library) -> None:
    """Store `library` under `key`, keeping the `KEEP` most recently written; a cache that
    cannot be written is skipped, one that is not a database is started again."""
    try:
        data = library_to_json(library, FORMAT, key)
        first = library_to_json(first_manual(library), FORMAT, key)
    except (ValueError, TypeError):  # not a library `load` made: not cached
        return
    for attempt in (1, 2):
        try:
            _store(key, data, first)
            return
        except sqlite3.Error as error:
            damaged = getattr(error, "sqlite_errorcode", None) in _DAMAGED
            if attempt == 2 or not damaged:
                return
            with contextlib.suppress(OSError):
                (cache_dir() / DATABASE).unlink()


def first_manual(library: Library) -> Library:
    """The library of `library`'s first manual alone, as the whole library has it."""
    manuals = library.manuals[:1]
    keys = {manual.key for manual in manuals}
    return Library(
        manuals=manuals,
        items=tuple(itertools.takewhile(lambda item: item.manual.key in keys, library.items)),
        chapter_names=tuple(n for n in library.chapter_names if n.manual in keys),
    )


def _store(key: str, data: bytes, first: bytes) -> None:
    with _database(create=True) as database:
        if database is None:
            return
        with database:  # one transaction: the rows and the clean-up, or none of it
            database.execute("BEGIN IMMEDIATE")
            database.execute(
                "INSERT OR REPLACE INTO library (key, written, data) VALUES (?, ?, ?)",
                (key, time.time_ns(), data),
            )
            database.execute(
                "INSERT OR REPLACE INTO first_manual (key, data) VALUES (?, ?)", (key, first)
            )
            database.execute(
                "DELETE FROM library WHERE key NOT IN "
                "(SELECT key FROM library ORDER BY written DESC LIMIT ?)",
                (KEEP,),
            )
            database.execute("DELETE FROM first_manual WHERE key NOT IN (SELECT key FROM library)")


@contextlib.contextmanager
def _database(create: bool) -> Iterator[sqlite3.Connection | None]:
    """The cache database, or None where there is none (and `create` is false) or the
    folder or file may not be trusted."""
    folder = _trusted_folder(create)
    path = folder / DATABASE if folder else None
    if path is None or not _trusted_file(path, create):
        yield None
        return
    database = sqlite3.connect(path, timeout=_BUSY_TIMEOUT, isolation_level=None)
    try:
        database.execute("PRAGMA trusted_schema = OFF")
        database.execute("PRAGMA synchronous = NORMAL")
        database.execute(
            "CREATE TABLE IF NOT EXISTS library "
            "(key TEXT PRIMARY KEY, written INTEGER NOT NULL, data BLOB NOT NULL)"
        )
        database.execute(
            "CREATE TABLE IF NOT EXISTS first_manual (key TEXT PRIMARY KEY, data BLOB NOT NULL)"
        )
        yield database
    finally:
        database.close()


_warned: set[str] = set()


def _trusted_folder(create: bool) -> Path | None:
    """The cache folder, created 0700 if `create`; None if it is missing, or if another user
    owns it or can write to it (said once, on stderr)."""
    folder = cache_dir()
    try:
        if create:
            folder.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                folder.mkdir(mode=0o700)
        status = folder.stat()
    except OSError:
        return None
    return folder if _ours_alone(folder, status, "folder") else None


def _trusted_file(path: Path, create: bool) -> bool:
    """Whether the database file is ours alone (created 0600 if `create` and missing)."""
    try:
        if create:
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        status = path.lstat()
    except OSError:
        return False
    return _ours_alone(path, status, "file")


def _ours_alone(path: Path, status: os.stat_result, what: str) -> bool:
    """Whether `path` (a "folder" or a regular "file") is this user's and nobody else can
    write to it; if not, says why (once, on stderr)."""
    owner = getattr(os, "geteuid", lambda: status.st_uid)()
    is_kind = stat.S_ISDIR if what == "folder" else stat.S_ISREG
    if status.st_uid != owner:
        problem = f"it belongs to another user (uid {status.st_uid})"
    elif status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = f"other users can write to it (mode {stat.S_IMODE(status.st_mode):04o})"
    elif not is_kind(status.st_mode):
        problem = f"it is not a {'folder' if what == 'folder' else 'regular file'}"
    else:
        return True
    _warn(f"manualtui: not using the cache {what} {path}: {problem}")
    return False


def _warn(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(message, file=sys.stderr)
