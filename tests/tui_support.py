"""Shared by the explorer tests: the samples loaded once, a started app, a big library,
and a real terminal (tmux) to drive the installed command in.

Loading the samples takes a moment, so it is done once per test session and handed to
`build_app(library=...)`, which still goes through the app's loading worker.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from functools import cache, wraps
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from manualtui.load import load_manuals
from manualtui.model import Item, Library, Manual, Release
from manualtui.tui.app import ManualApp, build_app
from manualtui.wording import month_label
from tests.realparts import require_tool

ENFIELD = "London Borough of Enfield"
LUTON = "Luton Borough Council"


def async_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test function in a fresh event loop (pytest fixtures still apply)."""

    @wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@cache
def sample_library() -> Library:
    return load_manuals()


def sample_app() -> ManualApp:
    return build_app((), sample_library())


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done, every key has been taken, and the screen has caught
    up (a worker's message may start another worker, hence the rounds)."""
    app: ManualApp = pilot.app  # type: ignore[assignment]
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    for _ in range(500):
        if app.keys.idle:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


def release_of(library: Library, council: str, key: str) -> tuple[str, Release]:
    """(manual key, release) for a council's release `YYYY-MM`."""
    for manual in library.manuals:
        if manual.council == council:
            for release in manual.releases:
                if release.key == key:
                    return manual.key, release
    raise LookupError(f"{council} has no release {key}")


def big_library(copies: int) -> Library:
    """The samples' items repeated `copies` times as separate manuals (distinct ids)."""
    base = sample_library()
    manuals: list[Manual] = []
    items: list[Item] = []
    for copy in range(copies):
        for manual in base.manuals:
            index = len(manuals)
            clone = replace(
                manual, council=f"{manual.council} {copy:04d}", key=f"{manual.key}-{copy:04d}"
            )
            manuals.append(clone)
            items.extend(
                replace(item, id=f"{index}:{item.entry.first_line}", manual=clone)
                for item in base.items
                if item.manual is manual
            )
    return Library(manuals=tuple(manuals), items=tuple(items))


class Terminal:
    """A real terminal: a tmux session on a private server, driven by keys, read as text.

    Each key is sent on its own (an escape followed at once by a letter would reach the
    app as alt+letter). `wait_for` polls the screen and fails with the screen shown.
    """

    def __init__(
        self, command: str, width: int = 80, height: int = 24, cwd: Path | None = None
    ) -> None:
        self.tmux = require_tool("tmux")
        self.socket = f"manualtui-test-{os.getpid()}-{next(_SESSIONS)}"
        self.command = command
        self.size = (width, height)
        self.cwd = cwd

    def _run(self, *args: str) -> str:
        # COLUMNS and LINES (set by pytest's terminal) would pin the app's size for good
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        done = subprocess.run(
            [self.tmux, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=self.cwd,
            env=env,
        )
        return done.stdout

    def __enter__(self) -> Terminal:
        width, height = self.size
        self._run(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            str(width),
            "-y",
            str(height),
            self.command,
        )
        self._run("set-option", "-t", "t", "remain-on-exit", "on")
        return self

    def __exit__(self, *_: object) -> None:
        subprocess.run(
            [self.tmux, "-L", self.socket, "kill-server"], capture_output=True, check=False
        )

    def screen(self, history: bool = False) -> str:
        """What the pane shows; with `history`, also what scrolled off, wrapped lines
        joined (for plain output such as an error after the app exits)."""
        if history:
            return self._run("capture-pane", "-p", "-J", "-S", "-100", "-t", "t")
        return self._run("capture-pane", "-p", "-t", "t")

    def resize(self, width: int, height: int) -> None:
        self._run("resize-window", "-t", "t", "-x", str(width), "-y", str(height))
        time.sleep(1.0)

    def keys(self, *keys: str, pause: float = 0.12) -> None:
        for key in keys:
            self._run("send-keys", "-t", "t", key)
            # punctuation right after escape would arrive without it (the explorer takes
            # a letter or digit that arrives as alt+key apart again: key_queue.escape_apart)
            time.sleep(0.5 if key == "Escape" else pause)

    def burst(self, *keys: str) -> None:
        """Keys written to the terminal at once, as keys often arrive over SSH (a key name
        such as `Enter`, or text)."""
        self._run("send-keys", "-t", "t", *keys)

    def paste(self, text: str) -> None:
        """`text` pasted, as a paste: in brackets if the program asked for bracketed paste."""
        self._run("set-buffer", text)
        self._run("paste-buffer", "-p", "-t", "t")

    def modes(self, *flags: str) -> dict[str, str]:
        """The pane's modes as tmux tracks them (`alternate_on`, `mouse_any_flag`, ...)."""
        shown = self._run("display-message", "-p", "-t", "t", " ".join(f"#{{{f}}}" for f in flags))
        return dict(zip(flags, shown.split(), strict=True))

    def type(self, text: str, pause: float = 0.3) -> None:
        self._run("send-keys", "-t", "t", "-l", text)
        time.sleep(pause)

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """The screen, once it shows every one of `texts`."""
        return self.wait_until(
            lambda screen: all(text in screen for text in texts), f"{texts!r}", timeout
        )

    def wait_until(self, ready: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        """The screen, once `ready(screen)` holds; fails showing the screen if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ready(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"screen never showed {what}; it shows:\n{screen}")
            time.sleep(0.2)


_SESSIONS = itertools.count()


def installed_manualtui() -> Path:
    """The `manualtui` command installed beside the running Python."""
    path = Path(sys.executable).with_name("manualtui")
    assert path.is_file(), f"manualtui is not installed at {path}"
    return path


def month_labels(text: str) -> set[str]:
    return set(re.findall(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b", text))


def walk_the_journey(term: Terminal, folder: Path) -> tuple[Path, Path]:
    """The issue's "done when", by keys alone in an 80x24 terminal: open the samples, find
    every release of both councils, read an entry, follow its chapter's history, compare
    Enfield and Luton for 2019, filter to re-read items, search, mark April 2019 to October
    2020 (each end marked in one burst of keys with the "go to" before it), write an Excel
    tracker and a Word briefing into `folder`, and read the help. Returns the two files."""
    library = sample_library()
    term.wait_for("[1 Releases]", "Enfield (9)", "Luton (19)", timeout=60)

    # every release of both councils, page by page down the tree
    expected = {month_label(r.key) for m in library.manuals for r in m.releases}
    seen: set[str] = set()
    shown = term.screen()
    for _ in range(8):
        seen |= month_labels("\n".join(line[:24] for line in shown.splitlines()))
        if seen >= expected:
            break
        term.keys("PageDown")
        shown = term.wait_until(lambda screen, before=shown: screen != before, "the next page")
    assert seen == expected

    # read an entry: Luton, December 2019, "Placements with Parents", full screen
    _, release = release_of(library, LUTON, "2019-12")
    row = next(n for n, e in enumerate(release.entries) if e.title == "Placements with Parents")
    go_to_release(term, "Luton December 2019")
    term.wait_for("Luton · December 2019")
    term.keys("Enter", *["Down"] * row, "Enter")
    entry = release.entries[row]
    term.wait_for("Placements with Parents", entry.details[0][:40], "History in Luton", "esc Back")

    # its chapter's history, in both councils; escape comes back to the entry
    term.keys("Escape", "h")
    chapter = term.wait_for("[3 Chapter]", "Enfield:", "Luton:", "changes,")
    assert "Placements with Parents" in chapter
    term.keys("Escape")
    term.wait_for("[1 Releases]", "Luton · December 2019")

    # Enfield and Luton compared for 2019
    term.keys("2")
    term.wait_for("showing:")
    term.keys("p")
    term.wait_for("Compare two councils")
    term.type("2019")
    term.keys("Enter")
    term.type("2019")
    term.keys("Enter")
    # the rows come from a worker comparing the new period: wait for them, not the title
    term.wait_for(
        "Enfield and Luton, Jan 2019 to Dec 2019", "showing: all", "months later", "only Enfield"
    )

    # re-read items only; a search; the range April 2019 to October 2020
    term.keys("1", "r")
    term.wait_for("filter: re-read")
    term.keys("/")
    term.type("secure accommodation")
    found = term.wait_for('Search "secure accommodation" in all releases')
    assert "Enfield" in found and "Luton" in found  # the council column, at 80 columns
    term.keys("Escape")
    term.wait_until(lambda screen: "Search" not in screen.splitlines()[2], "the search closed")
    term.burst("C-p", "release Enfield April 2019", "Enter", "m")
    term.wait_for("from Apr 2019, to ?")
    term.burst("C-p", "release Enfield October 2020", "Enter", "m")
    term.wait_for("marked: Apr 2019 to Oct 2020")

    tracker = folder / "manualtui-tracker-2019-04-to-2020-10.xlsx"
    term.keys("e")
    term.wait_for("Export", "the releases marked, Apr 2019 to Oct 2020", "filter: re-read")
    term.keys("Tab", "Enter")
    wait_for_file(tracker)
    term.wait_for("Export finished", "entries written to")

    briefing = folder / "manualtui-briefing-2019-04-to-2020-10.docx"
    term.keys("e")
    term.wait_for("Export", "Word briefing")
    term.keys("Down", "Enter", "Tab", "Enter")
    wait_for_file(briefing)
    assert "Traceback" not in term.screen()

    # the help, and back
    term.keys("?")
    term.wait_for("Help (escape closes)", "Everything works from the keyboard")
    term.keys("Escape")
    term.wait_until(lambda screen: "Help (escape closes)" not in screen, "the help closed")
    term.keys("q")
    return tracker, briefing


def go_to_release(term: Terminal, name: str) -> None:
    """Through the command palette: "Go to release: Luton December 2019"."""
    term.keys("C-p")
    term.wait_for("Search for commands")
    term.type(f"release {name}")
    term.wait_for(f"Go to release: {name}")
    term.keys("Enter")


def wait_for_file(path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.is_file():
        assert time.monotonic() < deadline, f"{path} was never written"
        time.sleep(0.2)


def check_exports(tracker: Path, briefing: Path) -> None:
    """Both files hold the re-read chapters of both councils from April 2019 to October
    2020 (the selection the journey made)."""
    import docx
    import openpyxl

    expected = [
        i
        for i in sample_library().items
        if "2019-04" <= i.release.key <= "2020-10" and i.priority.value == "reread"
    ]
    assert {i.council for i in expected} == {ENFIELD, LUTON}
    titles = {i.chapter_title for i in expected if i.chapter_title}
    sheet = openpyxl.load_workbook(tracker)["Checklist"]
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert all(title in cells for title in titles)
    document = docx.Document(str(briefing))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert all(title in text for title in titles)
