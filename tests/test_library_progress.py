"""The API the explorer and the exporters call: stable ids across snapshots, what is new for
a user and their looks, reading progress per user (entries and chapters)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from manualtui.library import open_store
from manualtui.library.catalogue import remove_source
from manualtui.library.news import new_stable_ids, record_look, whats_new
from manualtui.library.progress import (
    Progress,
    chapter_stable_ids,
    mark_read,
    progress,
    read_status,
    unmark,
)
from manualtui.library.update import add_source, update_source
from manualtui.load import load_manuals
from manualtui.model import Item, Library

from .library_support import NEWTOWN_NEW_RELEASE, NEWTOWN_RELEASES, newtown_page

LATER = (
    "January 2025",
    [("Kinship Care", "Section 5, Support was updated."), ("Adoption", "Updated.")],
)


@pytest.fixture
def newtown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Newtown page on disk, in a library of its own."""
    monkeypatch.setenv("MANUALTUI_HOME", str(tmp_path / "home"))
    source = tmp_path / "newtown.html"
    source.write_bytes(newtown_page())
    with open_store() as store:
        add_source(store, "Newtown", str(source))
    return source


Releases = list[tuple[str, list[tuple[str, str]]]]


def publish(source: Path, releases: Releases) -> None:
    """The page now has `releases`; the library is updated."""
    source.write_bytes(newtown_page(releases))
    with open_store() as store:
        update_source(store, "Newtown")


def gains(source: Path, *releases: tuple[str, list[tuple[str, str]]]) -> None:
    """The page gains `releases` on top of its own."""
    publish(source, [*releases, *NEWTOWN_RELEASES])


def by_title(library: Library, title: str, release: str) -> Item:
    (item,) = [i for i in library.items if i.entry.title == title and i.release.key == release]
    return item


def test_stable_ids_hold_when_entries_arrive_above_and_within_a_release(newtown: Path) -> None:
    before = load_manuals()
    foster = by_title(before, "Placements in Foster Care", "2024-03")
    (label, rows), older = NEWTOWN_RELEASES
    inserted = (label, [("Adoption", "This chapter was added."), *rows])
    publish(newtown, [NEWTOWN_NEW_RELEASE, inserted, older])
    after = load_manuals()
    moved = by_title(after, "Placements in Foster Care", "2024-03")
    assert moved.entry.first_line != foster.entry.first_line  # it moved down the page
    assert moved.id == foster.id
    assert moved.id.startswith(f"{moved.manual.key}/2024-03/")
    assert len({item.id for item in after.items}) == len(after.items)


def test_new_ids_match_the_loaded_items_and_a_look_covers_what_was_shown(newtown: Path) -> None:
    with open_store() as store:
        assert new_stable_ids(store, "alice") == set()
    gains(newtown, NEWTOWN_NEW_RELEASE)
    library = load_manuals()
    arrived = {i.id for i in library.items if i.release.key == "2024-09"}
    with open_store() as store:
        assert new_stable_ids(store, "alice") == arrived
        shown = whats_new(store, "alice")
    # An update lands between the list and the look: its entries stay new.
    gains(newtown, LATER, NEWTOWN_NEW_RELEASE)
    with open_store() as store:
        record_look(store, "alice", shown.through_event)
        still_new = whats_new(store, "alice")
        assert {(e.title, e.release) for e in still_new.entries} == {
            ("Kinship Care", "2025-01"),
            ("Adoption", "2025-01"),
        }
        assert len(new_stable_ids(store, "bob")) == 5
        record_look(store, "alice")
        assert new_stable_ids(store, "alice") == set()
        # A look never goes back.
        record_look(store, "alice", shown.through_event)
        assert new_stable_ids(store, "alice") == set()


def test_progress_per_user_with_dates_and_statuses(newtown: Path) -> None:
    library = load_manuals()
    first, second, *_ = [i.id for i in library.items]
    day = datetime.date(2025, 3, 14)
    with open_store() as store:
        assert read_status(store, "alice") == {}
        assert mark_read(store, "alice", [first, second, first], on=day) == 2
        mark_read(store, "bob", [second], status="Signed off")
        assert read_status(store, "alice") == {first: day, second: day}
        assert progress(store, "bob") == {second: Progress("Signed off", datetime.date.today())}
        unmark(store, "alice", [first])
        assert read_status(store, "alice") == {second: day}


def test_a_chapter_read_covers_its_entries_not_one_that_arrives_later(newtown: Path) -> None:
    gains(newtown, LATER)
    library = load_manuals()
    kinship = by_title(library, "Kinship Care", "2024-03")
    chapter = chapter_stable_ids(library, kinship)
    assert set(chapter) == {i.id for i in library.items if i.entry.title == "Kinship Care"}
    assert len(chapter) == 2
    with open_store() as store:
        mark_read(store, "alice", chapter)
    gains(newtown, ("May 2025", [("Kinship Care", "Section 6 was added.")]), LATER)
    later = load_manuals()
    with open_store() as store:
        read = read_status(store, "alice")
    newest = by_title(later, "Kinship Care", "2025-05")
    assert newest.id not in read
    assert set(chapter_stable_ids(later, newest)) - set(read) == {newest.id}


def test_progress_survives_removing_and_adding_the_manual_again(newtown: Path) -> None:
    library = load_manuals()
    marked = [library.items[0].id]
    with open_store() as store:
        mark_read(store, "alice", marked)
        remove_source(store, "Newtown")
        add_source(store, "Newtown", str(newtown))
    assert list(read_status_now("alice")) == marked
    assert load_manuals().items[0].id == marked[0]


def read_status_now(user: str) -> dict[str, datetime.date]:
    with open_store() as store:
        return read_status(store, user)
