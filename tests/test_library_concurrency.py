"""Several processes on one library: `library update` killed (SIGKILL) at random moments
never leaves the library unreadable or half-updated, and two updates at once while a third
process keeps reading give no error and lose no entry."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from manualtui.load import load_manuals, samples_dir

from .library_support import (
    NEWTOWN_RELEASES,
    LocalServer,
    cli_env,
    database,
    newtown_page,
    page,
)

PATH = "/amendments.html"
KILLS = 20
MONTHS = (
    "January February March April May June July August September October November December"
).split()


def release(number: int, town: str = "Newtown") -> tuple[str, list[tuple[str, str]]]:
    """Release `number` (2025 onwards, a month each) with three entries of its own."""
    label = f"{MONTHS[number % 12]} {2025 + number // 12}"
    return label, [
        (f"{town} Chapter {number} {part}", f"Section {part}, Procedure was updated.")
        for part in ("A", "B", "C")
    ]


def with_releases(count: int, town: str = "Newtown") -> bytes:
    """The Newtown page with `count` releases added on top of its own, newest first."""
    added = [release(n, town) for n in reversed(range(count))]
    return newtown_page([*added, *NEWTOWN_RELEASES])


def manualtui(library_home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "manualtui", *args],
        env=cli_env(library_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0 and err == "", err
    return out


def present_entries(library_home: Path, council: str) -> set[str]:
    """The titles of the entries the library has on the council's page, after checking
    that the database is sound."""
    with sqlite3.connect(database(library_home)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = connection.execute(
            "SELECT entry.title FROM entry JOIN page ON page.id = entry.page_id"
            " WHERE entry.present AND page.shown_council = ?",
            (council,),
        ).fetchall()
    return {row[0] for row in rows}


def assert_readable_and_complete(library_home: Path) -> None:
    """The library loads, and what it loads is what it has recorded: every entry the
    loader reads has its row, and every present row is read."""
    library = load_manuals()
    loaded = {item.id for item in library.items}
    with sqlite3.connect(database(library_home)) as connection:
        recorded = {r[0] for r in connection.execute("SELECT stable_id FROM entry WHERE present")}
    assert loaded == recorded
    assert {m.council for m in library.manuals} == {
        "London Borough of Enfield",
        "Luton Borough Council",
        "Newtown",
    }


def test_update_killed_at_random_moments_leaves_the_previous_library_whole(
    library_home: Path, local_server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    local_server.routes[PATH] = page(with_releases(0))
    finish(manualtui(library_home, "library", "add", "samples", str(samples_dir())))
    finish(manualtui(library_home, "library", "add", "Newtown", local_server.url(PATH)))
    started = time.monotonic()
    local_server.routes[PATH] = page(with_releases(1))
    finish(manualtui(library_home, "library", "update", "Newtown"))
    full = time.monotonic() - started
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    applied = 1
    outcomes = []
    for attempt in range(2, KILLS + 2):
        before = present_entries(library_home, "Newtown")
        local_server.routes[PATH] = page(with_releases(applied + 1))
        process = manualtui(library_home, "library", "update", "Newtown")
        time.sleep(chance.uniform(0.05, full * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = present_entries(library_home, "Newtown")
        grown = before | {title for title, _ in release(applied)[1]}
        assert after in (before, grown), f"attempt {attempt}, seed {seed}"
        assert_readable_and_complete(library_home)
        applied += after == grown
        outcomes.append("updated" if after == grown else "kept")
    with capsys.disabled():
        print(
            f"\n{KILLS} kills (seed {seed}, full update {full:.2f} s):"
            f" {outcomes.count('kept')} before the commit, {outcomes.count('updated')} after"
        )
    # The next update after all those kills completes and finds exactly what is missing
    # (the page as the last attempt saw it, whether or not that attempt committed).
    local_server.routes[PATH] = page(with_releases(applied + 1))
    report = json.loads(finish(manualtui(library_home, "library", "update", "Newtown", "--json")))
    titles = {e["title"] for e in report[0]["new"]}
    assert titles == {title for title, _ in release(applied)[1]}


def samples_newtown_and_oldtown(
    library_home: Path, local_server: LocalServer, tmp_path: Path
) -> Path:
    """The library of the samples, Newtown (served at PATH) and Oldtown (a page on disk,
    returned), the last two with their own releases only."""
    local_server.routes[PATH] = page(with_releases(0))
    oldtown = tmp_path / "oldtown.html"
    oldtown.write_bytes(with_releases(0, "Oldtown"))
    finish(manualtui(library_home, "library", "add", "samples", str(samples_dir())))
    finish(manualtui(library_home, "library", "add", "Newtown", local_server.url(PATH)))
    finish(manualtui(library_home, "library", "add", "Oldtown", str(oldtown)))
    return oldtown


def test_two_updates_at_once_while_another_process_reads(
    library_home: Path, local_server: LocalServer, tmp_path: Path
) -> None:
    oldtown = samples_newtown_and_oldtown(library_home, local_server, tmp_path)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(stop)],
        env=cli_env(library_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    local_server.routes[PATH] = page(with_releases(2))
    oldtown.write_bytes(with_releases(1, "Oldtown"))
    updates = [manualtui(library_home, "library", "update", "--json") for _ in range(2)]
    reports = [json.loads(finish(update)) for update in updates]
    stop.touch()
    loads = int(finish(reader))
    assert loads >= 1
    reported = [(r["name"], e["title"]) for report in reports for r in report for e in r["new"]]
    expected = [("Newtown", t) for n in (1, 0) for t, _ in release(n)[1]] + [
        ("Oldtown", t) for t, _ in release(0, "Oldtown")[1]
    ]
    assert sorted(reported) == sorted(expected)
    with sqlite3.connect(database(library_home)) as connection:
        events = connection.execute(
            "SELECT entry.title FROM event JOIN entry ON entry.id = event.entry_id"
            " WHERE change = 'new'"
        ).fetchall()
    assert sorted(t for (t,) in events) == sorted(t for _, t in expected)
    assert_readable_and_complete_with_oldtown(library_home)


def assert_readable_and_complete_with_oldtown(library_home: Path) -> None:
    library = load_manuals()
    assert {m.council for m in library.manuals} >= {"Newtown", "Oldtown"}
    assert sum(1 for i in library.items if i.council == "Oldtown") == 4 + 3


# Loads the library again and again until told to stop; prints how many loads it made.
_READER = """
import sys, pathlib
from manualtui.load import load_manuals
stop = pathlib.Path(sys.argv[1])
loads = 0
while not stop.exists() or loads == 0:
    library = load_manuals()
    assert len(library.manuals) == 4, [m.council for m in library.manuals]
    loads += 1
print(loads)
"""


def test_reading_does_not_create_a_library(library_home: Path) -> None:
    assert os.environ["MANUALTUI_HOME"] == str(library_home)
    assert {m.council for m in load_manuals().manuals} == {
        "London Borough of Enfield",
        "Luton Borough Council",
    }
    assert not database(library_home).exists()
