"""What a library source is made of, and reading its pages' bytes.

A source is a saved page (text or HTML), a folder of pages (those its `manifest.toml`
names, else every `.txt`, `.html` or `.htm` file in it), or an `http(s)` address. Each
update lists the source's pages afresh and reads each one: a file from disk, an address
through `fetch` (conditionally, with the validators of the last snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ManualError
from ..load import MANIFEST, folder_sources, manifest_sources
from ..textio import read_limited
from .fetch import MAX_BYTES, Fetched, fetch, is_address


@dataclass(frozen=True)
class PageSpec:
    """A page as its source lists it: where it is, and the names the source gives it."""

    location: str
    council: str = ""
    title: str = ""


def source_kind(location: str) -> str:
    """'url', 'folder' or 'file'; a `ManualError` for a path that does not exist."""
    if is_address(location):
        return "url"
    if "://" in location:
        raise ManualError(location, "only http and https addresses can be fetched")
    path = Path(location)
    if path.is_dir():
        return "folder"
    if path.is_file():
        return "file"
    raise ManualError(location, "no such file or folder")


def absolute_location(location: str) -> str:
    """An address as given; a path made absolute, so updates find it from any folder."""
    return location if is_address(location) else str(Path(location).expanduser().resolve())


def list_pages(kind: str, location: str) -> list[PageSpec]:
    """The pages the source has now, with the council and manual names it gives them."""
    if kind == "url":
        return [PageSpec(location)]
    path = Path(location)
    if kind == "folder":
        return _folder_pages(path)
    if not path.is_file():
        raise ManualError(location, "no such file")
    named = _manifest_names(path.parent)
    return [named.get(path.name, PageSpec(location))]


def _folder_pages(folder: Path) -> list[PageSpec]:
    if not folder.is_dir():
        raise ManualError(str(folder), "no such folder")
    named = _manifest_names(folder)
    if named:
        return list(named.values())
    return [PageSpec(str(s.path), s.council, s.title) for s in folder_sources(folder)]


def _manifest_names(folder: Path) -> dict[str, PageSpec]:
    """The pages a `manifest.toml` in `folder` names, by file name (none: no manifest)."""
    if not (folder / MANIFEST).is_file():
        return {}
    return {
        s.path.name: PageSpec(str(s.path.resolve()), s.council, s.title)
        for s in manifest_sources(folder)
    }


def read_page(kind: str, location: str, etag: str, last_modified: str, timeout: float) -> Fetched:
    """The page's bytes now (or `not_modified`, for an address whose validators hold)."""
    if kind == "url":
        return fetch(location, etag=etag, last_modified=last_modified, timeout=timeout)
    # Within the limit as it is read: a device such as /dev/zero has no size to check first.
    return Fetched(read_limited(Path(location), MAX_BYTES, "an Amendments page"))
