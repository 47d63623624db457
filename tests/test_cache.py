"""The on-disk library cache: a second load of the same pages is read back, not parsed;
any change to a page, its names or the rules gives a fresh parse; a damaged cache file is
rebuilt; MANUALTUI_NO_CACHE=1 turns it off."""

from __future__ import annotations

import os
import shutil
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

    def counting(resolved: list[load.Source]) -> Library:
        calls.append(len(resolved))
        return real(resolved)

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
    assert len(list(cache_on.glob("*.pickle"))) == 1
    assert not list(cache_on.glob(".writing-*"))


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


def test_a_damaged_cache_file_is_rebuilt(cache_on: Path, pages: Path, parses: list[int]) -> None:
    first = load_manuals([_luton(pages)])
    (cached,) = cache_on.glob("*.pickle")
    cached.write_bytes(b"not a pickle at all")
    again = load_manuals([_luton(pages)])
    assert again == first
    assert parses == [1, 1]
    assert cache.read(cached.stem) == first


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
