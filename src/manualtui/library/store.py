"""Where the library lives and how it is opened: one SQLite file, safe for several processes.

The library is `library.sqlite3` in the user's data folder (platformdirs), or in
`$MANUALTUI_HOME` when set (tests set it). It is opened in WAL mode, so readers (an open
explorer) never block a writer nor see half an update; writers wait for each other
(`busy_timeout`) and take the write lock at the start of a transaction (`BEGIN IMMEDIATE`),
so two updates at once queue instead of failing. A process killed mid-transaction leaves
nothing behind: SQLite rolls it back when the library is next opened.

Opening brings the schema up to date (`schema.MIGRATIONS`, counted by `PRAGMA user_version`)
in one transaction; a library written by a newer manualtui is refused, not changed.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ManualError
from .schema import MIGRATIONS

HOME_ENV = "MANUALTUI_HOME"
DATABASE = "library.sqlite3"
BUSY_TIMEOUT_MS = 60_000


def home() -> Path:
    """The folder holding the library and its snapshot files."""
    configured = os.environ.get(HOME_ENV, "")
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("manualtui"))


def database_path() -> Path:
    return home() / DATABASE


def exists() -> bool:
    """Whether a library has been created (reading never creates one)."""
    return database_path().is_file()


def now() -> str:
    """The current time as stored: UTC, ISO 8601, to the microsecond (sorts as text)."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")


class Store:
    """An open library: a connection in autocommit mode, writes in explicit transactions."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, parameters)

    def rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, parameters).fetchall()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction holding the write lock from its start: all or nothing."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every query inside sees the same committed state."""
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


@contextmanager
def open_store(create: bool = True) -> Iterator[Store]:
    """The library, opened (and created when `create`) and brought up to date."""
    path = database_path()
    if not create and not path.is_file():
        raise ManualError(str(path), "there is no library yet (add a manual with 'library add')")
    store = _connect(path)
    try:
        yield store
    finally:
        store.close()


def _connect(path: Path) -> Store:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise ManualError(str(path), f"cannot open the library ({error})") from None
    connection.row_factory = sqlite3.Row
    store = Store(connection, path)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise sqlite3.OperationalError("WAL mode is not available")
        _migrate(store)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise ManualError(str(path), f"cannot open the library ({error})") from None
    except ManualError:
        connection.close()
        raise
    return store


def _migrate(store: Store) -> None:
    if _version(store) == len(MIGRATIONS):
        return
    with store.writing():
        version = _version(store)
        if version > len(MIGRATIONS):
            raise ManualError(
                str(store.path),
                f"the library has schema version {version}, newer than this manualtui knows "
                f"({len(MIGRATIONS)}); upgrade manualtui",
            )
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in step.split(";"):
                if statement.strip():
                    store.execute(statement)
            store.execute(f"PRAGMA user_version = {number}")


def _version(store: Store) -> int:
    return int(store.execute("PRAGMA user_version").fetchone()[0])
