"""The library from the command line: add a council's page once (a file, a folder, an
address), list, update (what is new, rewritten or gone), remove; `new` and looks; commands
without sources read the library when it has manuals."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from manualtui.cli import main
from manualtui.library.schema import MIGRATIONS
from manualtui.load import samples_dir

from .library_support import (
    NEWTOWN_NEW_RELEASE,
    NEWTOWN_RELEASES,
    LocalServer,
    database,
    dump,
    newtown_page,
    page,
)


@pytest.fixture
def source(library_home: Path, tmp_path: Path) -> Path:
    """The Newtown page saved on disk, added to the library as "newtown"."""
    page = tmp_path / "newtown.html"
    page.write_bytes(newtown_page())
    run("library", "add", "newtown", str(page))
    return page


def run(*args: str, code: int = 0) -> str:
    """The command's output, its tables as wide as they need to be; exits `code`."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, env={"COLUMNS": "300"})
    assert result.exit_code == code, result.output
    return result.output


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--json"))


def test_samples_and_a_served_page_then_the_page_gains_a_release(
    library_home: Path, local_server: LocalServer
) -> None:
    local_server.routes["/amendments.html"] = page(newtown_page(), etag='"v1"')
    address = local_server.url("/amendments.html")
    run("library", "add", "samples", str(samples_dir()))
    added = run_json("library", "add", "newtown", address, "--council", "Newtown Council")
    assert added["added"] and added["new"] == [] and added["error"] is None
    assert [(p["council"], p["releases"], p["entries"]) for p in added["pages"]] == [
        ("Newtown Council", 2, 4)
    ]
    assert run_json("new") == []

    local_server.routes["/amendments.html"] = page(
        newtown_page([NEWTOWN_NEW_RELEASE, *NEWTOWN_RELEASES]), etag='"v2"'
    )
    reports = {r["name"]: r for r in run_json("library", "update")}
    newtown = reports["newtown"]
    expected = [(t, "2024-09") for t, _ in NEWTOWN_NEW_RELEASE[1]]
    assert [(e["title"], e["release"]) for e in newtown["new"]] == expected
    assert newtown["new_releases"] == ["2024-09"]
    assert newtown["changed"] == [] and newtown["gone"] == []
    assert reports["samples"]["new"] == [] and not any(
        p["changed"] for p in reports["samples"]["pages"]
    )
    # The update asked conditionally, with the validator of the stored snapshot.
    assert local_server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert "manualtui" in local_server.requests[-1][1]["User-Agent"]

    new = run_json("new", "--user", "alice")
    assert [(e["title"], e["release"], e["change"]) for e in new] == [
        (t, r, "new") for t, r in expected
    ]
    assert {e["council"] for e in new} == {"Newtown Council"}
    # As `entries --json` has them: "should be re-read" makes the first a re-read.
    assert new[0]["priority"] == "reread" and all(e["chapter"] for e in new)
    # Alice records her look; Bob has not looked.
    run("new", "--user", "alice", "--seen")
    assert run_json("new", "--user", "alice") == []
    assert len(run_json("new", "--user", "bob")) == 3
    assert len(run_json("new", "--user", "alice", "--since", "2000-01-01")) == 3

    # Unchanged now: the server answers 304 and nothing is stored.
    before = dump(library_home)
    again = {r["name"]: r for r in run_json("library", "update", "newtown")}
    assert again["newtown"]["new"] == [] and not again["newtown"]["pages"][0]["changed"]
    assert dump(library_home)["snapshot"] == before["snapshot"]
    assert dump(library_home)["event"] == before["event"]


def test_with_a_library_commands_without_sources_read_it(
    library_home: Path, tmp_path: Path
) -> None:
    assert {r["council"] for r in run_json("releases")} == {
        "London Borough of Enfield",
        "Luton Borough Council",
    }
    luton = tmp_path / "luton.txt"
    shutil.copy(samples_dir() / "luton-children.txt", luton)
    run("library", "add", "mine", str(luton), "--council", "Luton")
    entries = run_json("entries")
    assert {e["council"] for e in entries} == {"Luton"}
    assert len(entries) == 367
    # The page on disk may go: the library keeps its snapshot.
    luton.unlink()
    assert len(run_json("entries")) == 367
    run("library", "remove", "mine")
    assert {r["council"] for r in run_json("releases")} == {
        "London Borough of Enfield",
        "Luton Borough Council",
    }


def test_list_shows_each_page_with_its_names_and_origin(library_home: Path) -> None:
    assert run_json("library", "list") == []
    assert "library is empty" in run("library", "list")
    run("library", "add", "samples", str(samples_dir()))
    listed = run_json("library", "list")
    assert [(p["name"], p["council"], p["releases"], p["entries"]) for p in listed] == [
        ("samples", "London Borough of Enfield", 9, 118),
        ("samples", "Luton Borough Council", 19, 367),
    ]
    assert all(p["kind"] == "folder" and p["snapshots"] == 1 for p in listed)
    assert listed[1]["location"] == str((samples_dir() / "luton-children.txt").resolve())
    assert listed[0]["manual"] == "Children's Social Care Procedures Manual"
    table = run("library", "list")
    assert "Luton Borough Council" in table and "luton-children.txt" in table


def test_a_rewritten_entry_is_changed_with_what_it_said_and_a_dropped_one_is_gone(
    library_home: Path, source: Path
) -> None:
    rewritten = [
        ("March 2024", [NEWTOWN_RELEASES[0][1][0], ("Kinship Care", "Rewritten: see Section 3.")]),
        ("November 2023", [NEWTOWN_RELEASES[1][1][0]]),
    ]
    source.write_bytes(newtown_page(rewritten))
    (report,) = run_json("library", "update", "newtown")
    assert report["new"] == []
    (changed,) = report["changed"]
    assert changed["title"] == "Kinship Care"
    assert changed["details"] == "Rewritten: see Section 3."
    assert changed["before"]["details"].startswith("This chapter was added")
    assert [g["title"] for g in report["gone"]] == ["Short Breaks"]
    text = run("new")
    assert "changed" in text and "Kinship Care" in text
    (news,) = run_json("new")
    assert news["change"] == "changed" and news["before"]["details"].startswith("This chapter")
    # The old snapshot is kept, bytes and all.
    with sqlite3.connect(database(library_home)) as connection:
        contents = [r[0] for r in connection.execute("SELECT content FROM snapshot ORDER BY id")]
    assert contents == [newtown_page(), newtown_page(rewritten)]


def test_a_folder_without_manifest_gives_every_page_and_notes_a_page_that_left(
    library_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "newtown.html").write_bytes(newtown_page())
    shutil.copy(samples_dir() / "enfield-children.txt", folder / "enfield.txt")
    (folder / "notes.md").write_text("not a page")
    added = run_json("library", "add", "mine", str(folder))
    assert [p["council"] for p in added["pages"]] == ["enfield", "newtown"]
    (folder / "enfield.txt").unlink()
    (report,) = run_json("library", "update")
    assert report["notes"] == ["enfield.txt: no longer in the folder; its last snapshot is kept"]
    assert {e["council"] for e in run_json("entries")} == {"enfield", "newtown"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["library", "add", "x", "missing.txt"], "missing.txt: no such file or folder"),
        (["library", "remove", "nothing"], "there is no library yet"),
        (["library", "update", "nothing"], "there is no library yet"),
        (["new"], "there is no library yet"),
    ],
)
def test_bad_requests_are_one_line(library_home: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: ") and message in line


def test_names_are_unique_and_unknown_names_list_the_library(
    library_home: Path, source: Path
) -> None:
    before = dump(library_home)
    taken = run("library", "add", "newtown", str(source), code=1)
    assert taken.strip() == "Error: newtown: is already in the library (choose another name)"
    unknown = run("library", "update", "oldtown", code=1)
    assert unknown.strip() == "Error: oldtown: is not in the library; it has: newtown"
    assert run("library", "remove", "oldtown", code=1).count("\n") == 1
    assert dump(library_home) == before


def test_a_page_that_is_not_an_amendments_page_is_refused_and_nothing_is_kept(
    library_home: Path, source: Path
) -> None:
    before = dump(library_home)
    source.write_text("<html><body><p>Page moved</p></body></html>")
    output = run("library", "update", "newtown", code=1)
    assert len(output.strip().splitlines()) == 1
    assert f"{source}: no releases found" in output
    assert dump(library_home) == before
    bad = source.parent / "bad.txt"
    bad.write_text("hello")
    assert "no releases found" in run("library", "add", "bad", str(bad), code=1)
    assert dump(library_home) == before


def test_opening_brings_the_schema_up_and_refuses_a_newer_one(library_home: Path) -> None:
    run("library", "add", "samples", str(samples_dir()))
    with sqlite3.connect(database(library_home)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    output = run("library", "list", code=1)
    assert "newer than this manualtui knows" in output and len(output.splitlines()) == 1
