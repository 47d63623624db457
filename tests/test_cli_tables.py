"""Tables that fit: laid out by Rich to COLUMNS (80 by default off a terminal), plain text off
a terminal, a coloured header on one (bold only with NO_COLOR)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.cli_support import ENFIELD_PAGE, LUTON_PAGE, run
from tests.library_support import NEWTOWN_NEW_RELEASE, NEWTOWN_RELEASES, newtown_page
from tests.tracker_support import write_tracker

LISTINGS = {
    "entries": ["entries"],
    "releases": ["releases"],
    "chapters": ["chapters"],
    "history": ["history", "foster", "--all"],
    "compare": ["compare", "enfield", "luton"],
    "check": ["check"],
}
ESCAPE = re.compile(r"\x1b\[([0-9;]*)m")


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


@pytest.mark.parametrize("name", list(LISTINGS))
def test_every_listing_fits_80_columns(name: str) -> None:
    result = run(*LISTINGS[name], columns=80)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) > 10
    assert widest(result.stdout) <= 80
    wide = run(*LISTINGS[name], columns=200)
    assert widest(wide.stdout) <= 200
    if name != "releases":  # its rows are short: the others' are cut at 80 only for 80
        assert widest(wide.stdout) > 80


def test_the_library_listings_fit_80_columns(library_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "newtown.html"
    page.write_bytes(newtown_page())
    assert run("library", "add", "newtown", str(page)).exit_code == 0
    assert run("library", "add", "a-long-name-for-the-luton-page", LUTON_PAGE).exit_code == 0
    page.write_bytes(newtown_page([NEWTOWN_NEW_RELEASE, *NEWTOWN_RELEASES]))
    assert run("library", "update").exit_code == 0
    for command in (["library", "list"], ["new"]):
        result = run(*command, columns=80)
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) >= 3
        assert widest(result.stdout) <= 80, result.stdout


def test_tracker_status_fits_80_columns(tmp_path: Path) -> None:
    result = run("tracker", "status", str(write_tracker(tmp_path)), columns=80)
    assert result.exit_code == 0, result.output
    assert widest(result.stdout) <= 80


def test_long_titles_wrap_and_keep_every_word() -> None:
    result = run("chapters", "--council", "luton", "--chapter", "early permanence", columns=80)
    words = result.stdout.split()
    for word in ("Early", "Permanence:", "Prospective", "Adopters"):
        assert word in words
    assert "…" not in result.stdout


def test_off_a_terminal_tables_are_plain_text() -> None:
    result = run("releases", "--council", "enfield", columns=80)
    assert not ESCAPE.search(result.stdout)
    assert not re.search(r"[─━│┃]", result.stdout)
    assert result.stdout.splitlines()[:2] == [
        "council  release  label         updated  new  removed",
        "Enfield  2020-10  October 2020  9        0    0",
    ]


def on_a_terminal(*args: str, **env: str) -> str:
    """`manualtui ARGS` with stdout on a pseudo-terminal, as a user at a terminal runs it."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update({"COLUMNS": "80", "TERM": "xterm-256color", **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "manualtui", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower closed: the program ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks).decode("utf-8")


def test_on_a_terminal_the_header_is_bold_and_coloured_unless_no_color() -> None:
    coloured = on_a_terminal("releases", ENFIELD_PAGE)
    codes = {code for code in ESCAPE.findall(coloured) if code}
    assert "1" in {c.split(";")[0] for c in codes}  # bold
    assert any("36" in c.split(";") for c in codes)  # cyan
    plain = on_a_terminal("releases", ENFIELD_PAGE, NO_COLOR="1")
    codes = {code for code in ESCAPE.findall(plain) if code}
    assert codes and not any("36" in c.split(";") for c in codes)  # still bold
    assert ESCAPE.sub("", plain).splitlines()[1].startswith("───")  # ruled below the header
    assert widest(ESCAPE.sub("", plain)) <= 80
