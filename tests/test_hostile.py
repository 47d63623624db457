"""The hostile-input battery: faulty and hostile pages, paths, data files, option values,
caches and export targets, each category one parametrised test.

Every input is held to the README's promises: a one-line error naming the file or option and
a non-zero exit, never a traceback (the CLI runs with `catch_exceptions=False`, so one fails
the test); nothing reaches the terminal that it would act on (escape sequences, control
characters); every line of a page is accounted for or reported; nothing is overwritten
without `--force`. And every regular expression in the code and the data files takes time in
proportion to its input.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import pkgutil
import random
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from rapidfuzz import fuzz as rapidfuzz_fuzz

import manualtui
from manualtui import cache, priority, settings
from manualtui.chapters import load_thresholds, renames
from manualtui.chapters.grouping import group
from manualtui.chapters.model import Fact
from manualtui.cli import main
from manualtui.exporters import columns
from manualtui.model import Entry, Kind, Release
from manualtui.parse import split
from tests.realparts import require_tool
from tests.tui_support import Terminal, installed_manualtui

PAGE = (
    "May 2021\nUpdated Chapters\nChapter Title Details\n"
    "Short Breaks This chapter has been updated to reflect the Children’s Act.\n"
)
PIPE_PAGE = (
    "October 2020\nUpdated Chapters | |\nChapter Name | Details |\n"
    "{title} |\nThis chapter has been updated. {details} |\n"
)
# What a terminal would act on: escape sequences and C0/C1 control characters (not \n).
TERMINAL_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def assert_safe_output(result: Result) -> None:
    """Nothing in stdout or stderr that a terminal would act on, and no traceback."""
    assert not TERMINAL_UNSAFE.search(result.stdout), repr(result.stdout[:300])
    assert not TERMINAL_UNSAFE.search(result.stderr), repr(result.stderr[:300])
    assert "Traceback" not in result.output


def assert_one_line_error(result: Result, *named: str) -> str:
    """An exit 1 or 2 with one error line on stderr (after click's usage lines), naming
    each of `named`."""
    assert result.exit_code in (1, 2), result.output
    assert_safe_output(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    if result.exit_code == 1:
        assert result.stderr.strip() == errors[0]
    for text in named:
        assert text in errors[0], errors[0]
    return errors[0]


# -- pages ------------------------------------------------------------------------------

ESCAPES = "\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[31m\x07\x08\x7f\x9b1m"


def _page_cases() -> Iterator[tuple[str, bytes, str]]:
    """(name, page bytes, what `check` must say: "ok", "diagnostic:<code>", or
    "error:<text>")."""
    utf8 = PAGE.encode("utf-8")
    yield "empty", b"", "error:the file is empty"
    yield "blank", b" \n\t\n", "error:the file is empty"
    yield "binary", b"\x00\x01\x02" * 100, "error:binary file"
    yield "zip", b"PK\x03\x04" + b"\x00" * 50, "error:binary file"
    yield "bad utf-16", b"\xff\xfe" + b"a\x00\x00\xd8", "error:UTF-16"
    yield "no releases", b"just some text\n", "error:no releases found"
    yield "windows-1252", PAGE.encode("cp1252"), "ok"
    yield "utf-16", PAGE.encode("utf-16"), "ok"
    yield "bom", b"\xef\xbb\xbf" + utf8, "ok"
    yield "one bad byte", utf8.replace(b"Short Breaks", b"Short Br\xffeaks"), "diagnostic:encoding"
    yield "bad byte with BOM", b"\xef\xbb\xbf" + PAGE.encode("cp1252"), "diagnostic:encoding"
    yield "mostly not utf-8", utf8 + b"\xff\xfe\xfd" * 400, "error:not readable text"
    yield (
        "escapes",
        PIPE_PAGE.format(title="Fostering" + ESCAPES, details=ESCAPES).encode(),
        "diagnostic:control",
    )
    yield (
        "markup",
        PIPE_PAGE.format(title="[@click=app.quit]Quit[/] [bold]B[/]", details="[red]x").encode(),
        "ok",
    )
    yield "cr only", PAGE.replace("\n", "\r").encode(), "ok"
    yield "long line of spaces", utf8 + b" " * 200_000 + b"x\n", "any"
    yield "long line of dashes", utf8 + b"-" * 200_000 + b"\n", "any"
    yield "long line of pipes", utf8 + b" |" * 100_000 + b"\n", "any"
    yield "one huge title", b"May 2021\nUpdated Chapters\n" + b"Title " * 50_000 + b"\n", "any"
    html = "<html><body><h2>May 2021</h2><table><tr><td><a href='{href}'>{title}</a></td>"
    html += "<td>This chapter has been updated.</td></tr></table></body></html>"
    yield (
        "html references",
        html.format(href="https://x.org/a", title="Fostering &#27;]0;PWNED&#7;").encode(),
        "diagnostic:control",
    )


PAGE_CASES = list(_page_cases())
PAGE_NAMES = [name for name, _, _ in PAGE_CASES]
PAGE_DATA = [(data, expect) for _, data, expect in PAGE_CASES]


@pytest.mark.parametrize(("data", "expect"), PAGE_DATA, ids=PAGE_NAMES)
def test_hostile_pages(tmp_path: Path, data: bytes, expect: str) -> None:
    page = tmp_path / "page.txt"
    if data.startswith(b"<html"):
        page = page.with_suffix(".html")
    page.write_bytes(data)
    result = run("check", str(page))
    if expect.startswith("error:"):
        assert_one_line_error(result, str(page), expect.removeprefix("error:"))
        return
    assert_safe_output(result)
    reports = json.loads(run("check", "--json", str(page)).stdout)
    codes = {d["code"] for r in reports for d in r["diagnostics"]}
    if expect == "ok":
        assert result.exit_code == 0, result.output
        assert not codes & {"unaccounted", "control"}, codes
    elif expect.startswith("diagnostic:"):
        assert expect.removeprefix("diagnostic:") in codes, codes
    elif expect == "unaccounted":
        assert result.exit_code == 1 and "unaccounted" in codes
    entries = run("entries", "--json", str(page))
    assert_safe_output(entries)
    for entry in json.loads(entries.stdout):
        assert not TERMINAL_UNSAFE.search(entry["title"] + entry["details"])


def test_one_bad_byte_is_replaced_and_named_not_the_page_misread(tmp_path: Path) -> None:
    """Finding 5: one invalid UTF-8 byte made the whole page Windows-1252 ("Children’s Rights
    Café" became "Childrenâ€™s Rights CafÃ©"), exit 0, nothing said."""
    page = tmp_path / "page.txt"
    text = PAGE.replace("Short Breaks", "Children’s Rights Café").replace("Act.", "Act\udcff.")
    page.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    (entry,) = json.loads(run("entries", "--json", str(page)).stdout)
    assert entry["title"] == "Children’s Rights Café"
    assert entry["details"].endswith("Children’s Act\ufffd.")
    checked = run("check", str(page))
    assert checked.exit_code == 0
    assert "line 4: warning: 1 byte not valid UTF-8 replaced with \ufffd" in checked.stdout


def test_the_explorer_shows_hostile_text_as_text(tmp_path: Path) -> None:
    """Finding 7: page text reached the terminal raw (a page set the terminal's title). The
    explorer in a real terminal: its title unchanged, markup shown as written."""
    page = tmp_path / "hostile.txt"
    page.write_text(
        PIPE_PAGE.format(title="Fostering" + ESCAPES + "Panel", details="[bold]Not bold[/]")
        + "[@click=app.quit]Click me[/] |\nThis chapter has been updated. |\n",
        encoding="utf-8",
    )
    command = f"env TERM=xterm-256color {shlex.quote(str(installed_manualtui()))} browse {page}"
    with Terminal(command, 100, 30, cwd=tmp_path) as term:
        screen = term.wait_for("[@click=app.quit]Click me[/]", timeout=60)
        title = term._run("display-message", "-p", "-t", "t", "#{pane_title}")
    assert "PWNED" not in title and "PWNED" not in screen
    assert "FosteringPanel" in screen


# -- sources ----------------------------------------------------------------------------


def _unsearchable(tmp_path: Path) -> list[str]:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    folder.chmod(0)
    return [str(folder / "page.txt")]


SOURCES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "missing": (lambda t: [str(t / "none.txt")], "no such file"),
    "folder without pages": (lambda t: [str(t)], "has no pages (.txt, .html or .htm files)"),
    "dev zero": (
        lambda t: ["/dev/zero"],
        "is larger than 64 MiB, the limit for an Amendments page",
    ),
    "dev null": (lambda t: ["/dev/null"], "the file is empty"),
    "long name": (lambda t: ["x" * 300 + ".txt"], "File name too long"),
    "long NAME=PATH": (lambda t: ["N" * 300 + "=" + str(t / "p.txt")], "no such file"),
    "NAME=long path": (lambda t: ["N=" + "x" * 300], "File name too long"),
    "symlink loop": (
        lambda t: [str(_symlink_loop(t))],
        "Too many levels of symbolic links",
    ),
    "file as folder": (lambda t: [str(_a_file(t) / "page.txt")], "no such file"),
    "escape in name": (lambda t: [str(t / "bad\x1b]0;X\x07.txt")], "no such file"),
}


def _symlink_loop(folder: Path) -> Path:
    (folder / "loop").symlink_to(folder / "loop")
    return folder / "loop"


def _a_file(folder: Path) -> Path:
    (folder / "plain").write_text("x")
    return folder / "plain"


@pytest.mark.parametrize("name", list(SOURCES))
def test_hostile_sources(tmp_path: Path, name: str) -> None:
    make, problem = SOURCES[name]
    result = run("check", *make(tmp_path))
    assert_one_line_error(result, problem)


def test_a_source_in_a_folder_that_cannot_be_searched(tmp_path: Path) -> None:
    """Finding 8: a PermissionError traceback. Root may search any folder: it runs without
    that power (setpriv) to meet the error a user meets."""
    sources = _unsearchable(tmp_path)
    as_user = (
        [require_tool("setpriv"), "--bounding-set=-dac_override,-dac_read_search"]
        if os.geteuid() == 0
        else []
    )
    try:
        done = subprocess.run(
            [*as_user, sys.executable, "-m", "manualtui", "check", *sources],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: {sources[0]}: cannot be read (Permission denied)\n"


# -- data files: manifests, rules, staff lists -------------------------------------------

DATA_FILES: dict[str, tuple[bytes | None, str]] = {
    "nested arrays": (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
    "huge integer": (b"x = " + b"9" * 5000 + b"\n", "digits"),
    "not toml": (b"[[manual]\nfile = \n", "cannot read"),
    "binary": (b"\x00\xff\xfe" * 100, "not UTF-8"),
    "not utf-8": (b'x = "caf\xe9"\n', "not UTF-8"),
    "too large": (b"# " + b"x" * (5 * 1024 * 1024) + b"\n", "is larger than 4 MiB, the limit"),
    "dev zero": (None, "is larger than 4 MiB, the limit"),
}


@pytest.mark.parametrize("kind", ["manifest", "rules", "staff"])
@pytest.mark.parametrize("name", list(DATA_FILES))
def test_hostile_data_files(tmp_path: Path, kind: str, name: str) -> None:
    """Finding 8: a RecursionError, a ValueError or a MemoryError traceback."""
    data, problem = DATA_FILES[name]
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    path = tmp_path / ("manifest.toml" if kind == "manifest" else "data.toml")
    if data is None:
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(data)
    target = tmp_path / "out.docx"
    if kind == "manifest":
        result = run("check", str(page))
    elif kind == "rules":
        result = run("check", str(page), env={"MANUALTUI_PRIORITY_RULES": str(path)})
    else:
        result = run("export", "docx", "-o", str(target), str(page), "--staff-file", str(path))
    if kind == "staff" and name in ("nested arrays", "huge integer", "not toml"):
        assert result.exit_code == 0, result.output  # a staff list is lines, not TOML
        return
    if kind == "manifest" and data is None:
        assert result.exit_code == 0, result.output  # not a file: no manifest there
        return
    assert_one_line_error(result, os.path.realpath(path) if kind == "rules" else str(path), problem)
    assert not target.exists()


# A bad edit of a bundled data file: (file, the text as shipped, the text as edited, the
# problem said after the file's name). An Excel tracker's export reads every one of them.
BAD_EDITS: dict[str, tuple[str, str, str, str]] = {
    "split: a pattern that does not compile": (
        "split.toml",
        "pattern = 'The\\s+[a-z]'",
        "pattern = 'The\\s+)[a-z]'",
        "opener[2].pattern: unbalanced parenthesis at position 6",
    ),
    "split: a back-reference (the openers are matched as one pattern)": (
        "split.toml",
        "pattern = 'The\\s+[a-z]'",
        "pattern = '(The)\\s+\\1'",
        "opener[2].pattern: no named groups or back-references",
    ),
    "split: a renamed key": (
        "split.toml",
        "strong = 2.5",
        "strength = 2.5",
        "strength: unknown key (known: strong, max_title_words, change_words, weights, opener)",
    ),
    "split: a weight in words": (
        "split.toml",
        "first_opener = 0.5",
        "first_opener = 'half'",
        "weights.first_opener: must be a number, not 'half'",
    ),
    "split: a title of no words": (
        "split.toml",
        "max_title_words = 40",
        "max_title_words = 0",
        "max_title_words: must be from 2 to 100, not 0",
    ),
    "chapters: a score out of range": (
        "chapters.toml",
        "same_manual_title = 92.0",
        "same_manual_title = 192.0",
        "same_manual_title: must be from 0 to 100, not 192",
    ),
    "chapters: a threshold left out": (
        "chapters.toml",
        "twin_details = 88.0",
        "",
        "twin_details: missing",
    ),
    "chapters: the cap above a title threshold": (
        "chapters.toml",
        "substituted_word_cap = 70.0",
        "substituted_word_cap = 80.0",
        "substituted_word_cap: must be below removed_beside_new (75), not 80",
    ),
    "columns: a status not in the list": (
        "columns.toml",
        'initial = "Pending"',
        'initial = "Waiting"',
        "statuses.initial: 'Waiting' is not in values",
    ),
    "columns: a checklist field no one fills": (
        "columns.toml",
        'field = "chapter"',
        'field = "chapters"',
        "checklist[1].field: must be one of assigned, chapter, council,",
    ),
    "columns: a printed column after others": (
        "columns.toml",
        'header = "Details"\n',
        'header = "Details"\nprint = true\n',
        "checklist[13].print: the printed columns must come first",
    ),
    "columns: a header twice": (
        "columns.toml",
        'header = "Staff done"',
        'header = "status"',
        "checklist[3].header: repeats 'status'",
    ),
}


def _forget_data_files() -> None:
    for loader in (
        split._rules,
        load_thresholds,
        columns.load_settings,
        priority._configured_rules,
        priority._load_rules_cached,
    ):
        loader.cache_clear()


@pytest.fixture
def data_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Copies of the bundled data files, read in their place, for a test to break."""
    folder = tmp_path / "data"
    shutil.copytree(settings.DATA, folder)
    shutil.copy(columns.COLUMNS_FILE, folder / "columns.toml")
    monkeypatch.setattr(settings, "DATA", folder)
    monkeypatch.setattr(columns, "COLUMNS_FILE", folder / "columns.toml")
    _forget_data_files()
    yield folder
    _forget_data_files()


@pytest.mark.parametrize("name", list(BAD_EDITS))
def test_a_bad_edit_of_a_data_file_names_the_file_and_the_key(
    data_copies: Path, tmp_path: Path, name: str
) -> None:
    file, shipped, edited, problem = BAD_EDITS[name]
    path = data_copies / file
    text = path.read_text(encoding="utf-8")
    assert text.count(shipped) == 1
    path.write_text(text.replace(shipped, edited), encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    target = tmp_path / "out.xlsx"
    result = run("export", "xlsx", "-o", str(target), str(page))
    assert result.exit_code == 1
    assert assert_one_line_error(result).startswith(f"Error: {path}: {problem}")
    assert not target.exists()


def test_the_copied_data_files_as_shipped_export(data_copies: Path, tmp_path: Path) -> None:
    """The cases above fail for their edit alone."""
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    target = tmp_path / "out.xlsx"
    result = run("export", "xlsx", "-o", str(target), str(page))
    assert result.exit_code == 0, result.output
    assert "Short Breaks" in str(load_workbook(target)["Checklist"]["A2"].value)


# -- option values ----------------------------------------------------------------------

OPTIONS: dict[str, tuple[list[str], str]] = {
    "arabic digits in --from": (["entries", "--from", "٢٠٢٠-١٠"], "'--from'"),
    "arabic digits in --to": (["releases", "--to", "٢٠٢٠-١٠"], "'--to'"),
    "arabic digits in --due": (
        ["export", "xlsx", "-o", "{tmp}/t.xlsx", "--due", "٢٠٣٠-٠١-٠١"],
        "'--due'",
    ),
    "escapes in --from": (["entries", "--from", "\x1b]0;X\x07"], "'--from'"),
    "escapes in --council": (["entries", "--council", "\x1b[2Jluton\x07"], "--council"),
    "unknown command": (["\x1b]0;X\x07"], "No such command"),
    "to before from": (["entries", "--from", "2020-10", "--to", "2020-01"], "before"),
    "month 13": (["entries", "--from", "2020-13"], "'--from'"),
    "trailing slash": (["export", "csv", "-o", "{tmp}/x.csv/"], "names a folder"),
    "long output name": (["export", "csv", "-o", "{tmp}/" + "x" * 300], "File name too long"),
    "escapes in output": (["export", "csv", "-o", "{tmp}/no/\x1b[2Jx.csv"], "does not exist"),
    "dev null with force": (["export", "csv", "-o", "/dev/null", "--force"], "not a regular"),
    "fifo with force": (["export", "csv", "-o", "{tmp}/fifo", "--force"], "not a regular"),
    "dangling link": (["export", "csv", "-o", "{tmp}/dangling"], "already exists"),
    "dangling link with force": (["export", "csv", "-o", "{tmp}/dangling", "--force"], "link"),
    "existing file": (["export", "csv", "-o", "{tmp}/existing.csv"], "already exists"),
}


@pytest.mark.parametrize("name", list(OPTIONS))
def test_hostile_option_values(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "existing.csv").write_text("keep me")
    before = sorted(p.name for p in tmp_path.iterdir())
    args, problem = OPTIONS[name]
    result = run(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert_one_line_error(result, problem)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "existing.csv").read_text() == "keep me"
    assert not (tmp_path / "nowhere").exists()


# -- caches ------------------------------------------------------------------------------


def _plant_row(data: bytes) -> Callable[[Path], None]:
    def plant(folder: Path) -> None:
        database = sqlite3.connect(folder / cache.DATABASE)
        with database:
            database.execute("UPDATE library SET data = ?", (data,))
        database.close()

    return plant


def _database_replaced_by(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def replace(folder: Path) -> None:
        (folder / cache.DATABASE).rename(folder / "elsewhere")
        make(folder / cache.DATABASE)

    return replace


CACHES: dict[str, Callable[[Path], None]] = {
    "pickle row": _plant_row(pickle.dumps(Path("planted"))),
    "truncated json": _plant_row(b'{"format": 2, "manuals": [['),
    "json of the wrong shape": _plant_row(
        json.dumps({"format": 2, "key": "x", "manuals": 5, "texts": [1]}).encode()
    ),
    "not a database": lambda folder: (folder / cache.DATABASE).write_bytes(b"\x00bad" * 1000),
    "database is a folder": _database_replaced_by(lambda path: path.mkdir()),
    "database is a symlink": _database_replaced_by(
        lambda path: path.symlink_to(path.with_name("elsewhere"))
    ),
    "folder writable by others": lambda folder: folder.chmod(0o777),
    "database writable by others": lambda folder: (folder / cache.DATABASE).chmod(0o666),
}


@pytest.mark.parametrize("name", list(CACHES))
def test_hostile_caches(tmp_path: Path, name: str) -> None:
    """A cache that is damaged, planted or not ours alone is never trusted: the pages are
    read again, with at most one line of warning."""
    folder = tmp_path / "cache"
    env = {cache.DIR_ENV: str(folder), cache.DISABLE_ENV: ""}
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    first = run("entries", "--json", str(page), env=env)
    assert first.exit_code == 0 and (folder / cache.DATABASE).exists()
    CACHES[name](folder)
    again = run("entries", "--json", str(page), env=env)
    assert_safe_output(again)
    assert again.exit_code == 0
    assert json.loads(again.stdout) == json.loads(first.stdout)
    assert len(again.stderr.splitlines()) <= 1


# -- what exports make of hostile page text ----------------------------------------------

HOSTILE_HTML = """<html><body><h2>May 2021</h2><table>
<tr><td><a href="java	script:alert(1)">Script link</a></td><td>Updated [x](javascript:alert(2))
and ![img](https://tracker.example/pixel.png) and <b>bold</b>.</td></tr>
<tr><td><a href="file:///etc/passwd">File link</a></td><td>=HYPERLINK("http://x")</td></tr>
<tr><td><a href="VBScript:msgbox(1)">VB link</a></td><td>This chapter has been updated.</td></tr>
<tr><td><a href="\\\\server\\share\\p.html">UNC link</a></td><td>+1 updated.</td></tr>
<tr><td><a href="https://proc.example/p.html">Web link</a></td><td>@SUM(A1) updated.</td></tr>
</table></body></html>
"""


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_hostile_text_in_exports(tmp_path: Path, fmt: str) -> None:
    """Finding 9: the md export kept `[x](javascript:...)` and remote images live, and the
    JSON `link` kept `javascript:`, `file:` and UNC addresses."""
    page = tmp_path / "page.html"
    page.write_text(HOSTILE_HTML, encoding="utf-8")
    target = tmp_path / f"out.{fmt}"
    result = run("export", fmt, "-o", str(target), str(page))
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    if fmt == "json":
        links = {r["title"]: (r["link"], r["other_link"]) for r in json.loads(written)}
        assert links == {
            "Script link": ("", "java\tscript:alert(1)"),
            "File link": ("", "file:///etc/passwd"),
            "VB link": ("", "VBScript:msgbox(1)"),
            "UNC link": ("", "\\\\server\\share\\p.html"),
            "Web link": ("https://proc.example/p.html", ""),
        }
    elif fmt == "md":
        assert not re.search(r"(?<!\\)\]\(", written) and "![" not in written
        assert "<b>" not in written and "\\[x\\](javascript:alert(2))" in written
    else:
        assert "\n=HYPERLINK" not in written and ",=HYPERLINK" not in written
        assert "'=HYPERLINK" in written


# -- regular expressions take linear time ------------------------------------------------


def _compiled_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern compiled at module level in the package (alone or in a module-level
    list, tuple or dict), and every string of the data files that compiles as a pattern."""
    found: dict[str, re.Pattern[str]] = {}

    def collect(value: object, where: str, depth: int = 0) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found.setdefault(f"{value.pattern!r}/{value.flags}", value)
        elif depth < 2 and isinstance(value, list | tuple | set | frozenset):
            for item in value:
                collect(item, where, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for item in value.values():
                collect(item, where, depth + 1)

    for module in pkgutil.walk_packages(manualtui.__path__, "manualtui."):
        if not module.name.endswith("__main__"):
            for name, value in vars(importlib.import_module(module.name)).items():
                collect(value, f"{module.name}.{name}")
    for data_file in sorted((Path(manualtui.__file__).parent / "data").glob("*.toml")):
        for text in _strings(tomllib.loads(data_file.read_text(encoding="utf-8"))):
            try:
                collect(re.compile(text, re.IGNORECASE), data_file.name)
            except re.error:
                continue
    return found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


PATTERNS = _compiled_patterns()
# Runs of each kind of character a page holds: spaces, letters, digits, punctuation, dashes,
# quotes, brackets, separators, bullets, accented letters; and the pairs that alternate.
RUN_UNITS = [
    *" \t\n\u00a0aAz09.,;:-–—()[]|'’\"“&/\\•*_é",
    *["a ", "A ", "a.", "1.", "- ", "Aa", ". ", "A a", "a-", "1 "],
]
RUN_LENGTH = 100_000


def test_the_battery_finds_the_patterns() -> None:
    assert len(PATTERNS) > 100
    assert any(p.pattern.startswith("(This|These)") for p in PATTERNS.values())  # split.toml
    assert any("re[- ]?read" in p.pattern for p in PATTERNS.values())  # priority.toml


def _cpu_seconds(pattern: re.Pattern[str], text: str, tries: int = 3) -> float:
    """The processor time one search takes, the least of `tries`: time this thread spent,
    so that other processes on a busy machine do not count against the pattern."""
    best = float("inf")
    for _ in range(tries):
        started = time.thread_time()
        pattern.search(text)
        best = min(best, time.thread_time() - started)
    return best


@pytest.mark.parametrize("unit", RUN_UNITS, ids=[repr(u) for u in RUN_UNITS])
def test_every_pattern_is_linear_in_a_long_run(unit: str) -> None:
    """Finding 6: the "under review" pattern took 73 s on a 40 KB page (quadratic in a run
    of spaces or dashes). A pattern that tries again at every position of a run takes time
    in the square of its length: 5,000 characters already show it (a linear pattern needs
    well under a millisecond there), before the 100,000 of the full test."""
    slow = []
    for name, pattern in PATTERNS.items():
        short = unit * (5_000 // len(unit))
        took = _cpu_seconds(pattern, short)
        if took > 0.05:
            slow.append(f"{name}: 5,000 characters took {took:.2f} s")
            continue
        took = _cpu_seconds(pattern, unit * (RUN_LENGTH // len(unit)), tries=1)
        if took > 1.0:
            slow.append(f"{name}: 100,000 characters took {took:.2f} s")
    assert not slow, "\n".join(slow)


# -- sizes: work in proportion to the page ------------------------------------------------


def _made_up_titles(count: int, seed: int) -> list[str]:
    """Distinct titles of made-up words (a vocabulary about as large as the titles are
    many), each also holding the words every council's titles share."""
    rng = random.Random(seed)
    vocabulary = sorted(
        {
            "".join(rng.choice("bcdfghklmnprstvw") + rng.choice("aeiou") for _ in range(4))
            for _ in range(count * 2)
        }
    )
    titles = {
        " ".join([*rng.sample(vocabulary, 3), "children", "care"]).title() for _ in range(count)
    }
    return sorted(titles)


def _scoring_calls(monkeypatch: pytest.MonkeyPatch, count: int) -> int:
    """How many title pairs grouping scores for one release that removes `count` chapters
    and adds `count` others, every title distinct."""
    calls = [0]

    class CountingFuzz:
        def __getattr__(self, name: str) -> object:
            return getattr(rapidfuzz_fuzz, name)

        @staticmethod
        def token_set_ratio(*args: Any, **kwargs: Any) -> float:
            calls[0] += 1
            return float(rapidfuzz_fuzz.token_set_ratio(*args, **kwargs))

    def counting_score(*args: Any, **kwargs: Any) -> float:
        calls[0] += 1
        return real_score(*args, **kwargs)

    real_score = renames.title_score
    monkeypatch.setattr(renames, "fuzz", CountingFuzz())
    monkeypatch.setattr(renames, "title_score", counting_score)
    release = Release("May 2021", 2021, 5, 1)
    titles = _made_up_titles(2 * count, seed=count)
    facts = [
        Fact(release, Entry(kind, title, ("Updated.",), n, n), title, "")
        for n, (kind, title) in enumerate(
            zip([Kind.REMOVED] * count + [Kind.NEW] * count, titles, strict=False), start=1
        )
    ]
    group(facts)
    monkeypatch.undo()
    return calls[0]


def test_title_similarity_work_grows_with_the_titles_not_their_square(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Finding 6: titles were compared all pairs (a page of 10,000 releases took 62 s; one
    release of thousands of removed and added chapters, minutes). Ten times the titles may
    cost about ten times the scoring, not a hundred."""
    small = _scoring_calls(monkeypatch, 100)
    large = _scoring_calls(monkeypatch, 1000)
    assert large <= 20 * max(small, 50), (small, large)
