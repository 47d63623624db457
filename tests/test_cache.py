"""The on-disk library cache: a second load of the same pages is read back, not parsed;
any change to a page (even one that keeps its size and time), its names, the rules or the
package's own files gives a fresh parse; a damaged cache is rebuilt; the cache holds data that
cannot run code, in a folder nobody else can write to, and cleans up only what it wrote;
MANUALTUI_NO_CACHE=1 turns it off."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from manualtui import cache, load
from manualtui.load import load_manuals, samples_dir
from manualtui.model import Library


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.delenv(cache.DISABLE_ENV, raising=False)
    monkeypatch.setenv(cache.DIR_ENV, str(folder))
    return folder


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A copy of the samples (with their manifest) that a test may change."""
    folder = tmp_path / "pages"
    shutil.copytree(samples_dir(), folder)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the loads that really parse (cache misses)."""
    calls: list[int] = []
    real = load._load

    def counting(resolved: list[load.Source], progress: load.LoadProgress) -> Library:
        calls.append(len(resolved))
        return real(resolved, progress)

    monkeypatch.setattr(load, "_load", counting)
    return calls


def _luton(folder: Path) -> str:
    return str(folder / "luton-children.txt")


def test_second_load_is_read_back_equal(cache_on: Path, pages: Path, parses: list[int]) -> None:
    first = load_manuals([_luton(pages)])
    second = load_manuals([_luton(pages)])
    assert parses == [1]
    assert second == first
    assert second.manuals[0].council == "Luton Borough Council"
    assert [p.name for p in cache_on.iterdir()] == [cache.DATABASE]
    assert len(rows(cache_on)) == 1


def test_the_first_manual_is_read_back_on_its_own_first(
    cache_on: Path, pages: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The explorer shows the first manual while the rest is read: from the cache, it is
    the whole library's first manual, read back before (and without) any parsing."""
    monkeypatch.setattr(load, "PREVIEW_BYTES", 0)
    sources = [str(pages / "enfield-children.txt"), _luton(pages)]
    whole = load_manuals(sources)
    first, second = load.load_stages(sources)
    assert parses == [2]
    assert [m.council for m in first.library.manuals] == ["London Borough of Enfield"]
    assert (first.manuals, first.complete, second.complete) == (2, False, True)
    assert first.library.items == whole.items[: len(first.library.items)]
    assert {i.manual.key for i in whole.items[len(first.library.items) :]} == {whole.manuals[1].key}
    assert second.library == whole
    monkeypatch.setattr(cache, "KEEP", 1)
    load_manuals([f"Another={_luton(pages)}"])
    with sqlite3.connect(cache_on / cache.DATABASE) as database:
        kept = database.execute("SELECT count(*) FROM first_manual").fetchone()[0]
    assert kept == 1  # cleaned up with the library it belongs to


def test_shared_objects_stay_shared_after_reading_back(cache_on: Path, pages: Path) -> None:
    load_manuals([_luton(pages)])
    library = load_manuals([_luton(pages)])
    manual = library.manuals[0]
    item = library.items[0]
    assert item.manual is manual
    assert item.release in manual.releases
    assert any(entry is item.entry for entry in item.release.entries)


def test_a_changed_page_is_parsed_again(cache_on: Path, pages: Path, parses: list[int]) -> None:
    before = load_manuals([_luton(pages)])
    page = Path(_luton(pages))
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    after = load_manuals([_luton(pages)])
    assert parses == [1, 1]
    assert len(after.items) == len(before.items)


def test_another_council_name_is_another_library(
    cache_on: Path, pages: Path, parses: list[int]
) -> None:
    load_manuals([_luton(pages)])
    renamed = load_manuals([f"Newtown Council={_luton(pages)}"])
    assert parses == [1, 1]
    assert renamed.manuals[0].council == "Newtown Council"


def test_changed_rules_are_another_library(
    cache_on: Path, pages: Path, parses: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_manuals([_luton(pages)])
    rules = tmp_path / "rules.toml"
    rules.write_bytes((Path(load.__file__).parent / "data" / "priority.toml").read_bytes())
    monkeypatch.setenv(cache.RULES_ENV, str(rules))
    load_manuals([_luton(pages)])
    assert parses == [1, 1]


def test_a_damaged_cache_row_is_rebuilt(cache_on: Path, pages: Path, parses: list[int]) -> None:
    first = load_manuals([_luton(pages)])
    (key,) = rows(cache_on)
    set_row(cache_on, key, b'{"format": 2, "key": "' + key.encode() + b'", "manuals": [')
    again = load_manuals([_luton(pages)])
    assert again == first
    assert parses == [1, 1]
    assert cache.read(key) == first


def test_a_damaged_database_file_is_rebuilt(cache_on: Path, pages: Path, parses: list[int]) -> None:
    first = load_manuals([_luton(pages)])
    (cache_on / cache.DATABASE).write_bytes(b"not a database at all" * 100)
    assert load_manuals([_luton(pages)]) == first
    assert load_manuals([_luton(pages)]) == first
    assert parses == [1, 1]  # the second load read the cache written again


def test_no_cache_when_disabled(
    cache_on: Path, pages: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.DISABLE_ENV, "1")
    load_manuals([_luton(pages)])
    load_manuals([_luton(pages)])
    assert parses == [1, 1]
    assert not cache_on.exists()


def test_a_missing_page_is_still_the_loaders_error(cache_on: Path, tmp_path: Path) -> None:
    from manualtui.errors import ManualError

    with pytest.raises(ManualError, match=r"missing\.txt"):
        load_manuals([str(tmp_path / "missing.txt")])


def rows(folder: Path) -> list[str]:
    """The keys the cache database holds."""
    with sqlite3.connect(folder / cache.DATABASE) as database:
        return [key for (key,) in database.execute("SELECT key FROM library")]


def set_row(folder: Path, key: str, data: bytes) -> None:
    database = sqlite3.connect(folder / cache.DATABASE)
    with database:
        database.execute(
            "INSERT OR REPLACE INTO library (key, written, data) VALUES (?, 0, ?)", (key, data)
        )
    database.close()


class _Planted:
    """Unpickling this runs `touch` on a marker file: a cache that unpickles runs code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_is_never_run(
    cache_on: Path, pages: Path, parses: list[int], tmp_path: Path
) -> None:
    """Finding 1: the cache read pickles; a pickle planted under the key ran as the user."""
    first = load_manuals([_luton(pages)])
    (key,) = rows(cache_on)
    marker = tmp_path / "ran"
    planted = pickle.dumps(_Planted(marker))
    set_row(cache_on, key, planted)
    (cache_on / f"{key}.pickle").write_bytes(planted)  # where the old cache looked
    assert load_manuals([_luton(pages)]) == first
    assert not marker.exists()
    assert parses == [1, 1]


def test_a_library_stored_under_another_key_is_not_served(
    cache_on: Path, pages: Path, parses: list[int]
) -> None:
    """A valid library of other pages put under this key is refused: the key is inside."""
    load_manuals([_luton(pages)])
    (luton_key,) = rows(cache_on)
    enfield = str(pages / "enfield-children.txt")
    load_manuals([enfield])
    (enfield_key,) = set(rows(cache_on)) - {luton_key}
    with sqlite3.connect(cache_on / cache.DATABASE) as database:
        (luton_data,) = database.execute(
            "SELECT data FROM library WHERE key = ?", (luton_key,)
        ).fetchone()
    set_row(cache_on, enfield_key, luton_data)
    assert load_manuals([enfield]).manuals[0].council == "London Borough of Enfield"
    assert parses == [1, 1, 1]


def test_an_edit_that_keeps_size_and_time_is_noticed(
    cache_on: Path, pages: Path, parses: list[int]
) -> None:
    """Finding 2: `cp -p` or `rsync -t` keep size and time; the key hashes the bytes."""
    page = Path(_luton(pages))
    before = load_manuals([page])
    status = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Short Breaks", "Short Bricks", 1), encoding="utf-8")
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert page.stat().st_size == status.st_size
    after = load_manuals([page])
    assert parses == [1, 1]
    assert {i.entry.title for i in after.items} != {i.entry.title for i in before.items}


def test_the_package_files_are_in_the_key_without_a_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module added to the package changes the key: nothing is listed by hand."""
    copy = tmp_path / "manualtui"
    shutil.copytree(Path(cache.__file__).parent, copy, symlinks=True)
    monkeypatch.setattr(cache, "_PACKAGE", copy)
    cache._package_digest.cache_clear()
    try:
        first = cache._package_digest()
        (copy / "chapters" / "newmodule.py").write_text("X = 1\n", encoding="utf-8")
        cache._package_digest.cache_clear()
        assert cache._package_digest() != first
        (copy / "__pycache__").mkdir(exist_ok=True)
        (copy / "__pycache__" / "stale.pyc").write_bytes(b"compiled")
        second = cache._package_digest()
        cache._package_digest.cache_clear()
        assert cache._package_digest() == second
    finally:
        cache._package_digest.cache_clear()


def test_the_folder_is_created_private(cache_on: Path, pages: Path) -> None:
    load_manuals([_luton(pages)])
    assert stat.S_IMODE(cache_on.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache_on / cache.DATABASE).stat().st_mode) == 0o600


def test_a_folder_others_can_write_to_is_not_used(
    cache_on: Path, pages: Path, parses: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    cache_on.mkdir()
    cache_on.chmod(0o777)
    load_manuals([_luton(pages)])
    load_manuals([_luton(pages)])
    assert parses == [1, 1]
    assert list(cache_on.iterdir()) == []
    warning = capsys.readouterr().err
    assert warning == (
        f"manualtui: not using the cache folder {cache_on}: other users can write to it "
        "(mode 0777)\n"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_another_user_owns_is_not_used(
    cache_on: Path, pages: Path, parses: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 1: another user who could write to the cache could plant what we read."""
    load_manuals([_luton(pages)])
    os.chown(cache_on, 65534, 65534)
    load_manuals([_luton(pages)])
    assert parses == [1, 1]
    assert "belongs to another user (uid 65534)" in capsys.readouterr().err


def test_clean_up_touches_only_the_cache_own_rows(
    cache_on: Path, pages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 2: clean-up deleted every *.pickle in the folder but the newest eight."""
    cache_on.mkdir(mode=0o700)
    others = ["notes.pickle", "a" * 64 + ".pickle", "libraries.json", ".writing-x.tmp"]
    for name in others:
        (cache_on / name).write_bytes(b"the user's own")
    monkeypatch.setattr(cache, "KEEP", 2)
    for number in range(4):
        load_manuals([f"Council {number}={_luton(pages)}"])
    assert len(rows(cache_on)) == 2
    assert sorted(p.name for p in cache_on.iterdir()) == sorted([*others, cache.DATABASE])
    assert all((cache_on / name).read_bytes() == b"the user's own" for name in others)


KILLED_WRITER = """
import os, signal, sqlite3, sys
database = sqlite3.connect(sys.argv[1], isolation_level=None)
database.execute("BEGIN IMMEDIATE")
database.execute("DELETE FROM library")
database.execute("INSERT INTO library VALUES ('x', 0, zeroblob(5000000))")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_write_killed_half_way_leaves_nothing_behind(
    cache_on: Path, pages: Path, parses: list[int]
) -> None:
    """Finding 2: a killed writer left a temporary file nothing removed."""
    first = load_manuals([_luton(pages)])
    database = cache_on / cache.DATABASE
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(database)], check=False)
    assert killed.returncode == -9
    assert (cache_on / f"{cache.DATABASE}-journal").exists()
    assert load_manuals([_luton(pages)]) == first
    assert parses == [1]
    assert [p.name for p in cache_on.iterdir()] == [cache.DATABASE]
