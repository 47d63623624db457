"""Help: whole summaries, an Examples section for every command, SOURCES and the environment
explained; `manualtui` without a terminal says so."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

import manualtui
from manualtui.cli import main
from tests.cli_support import run


def commands(group: click.Group = main, path: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, command in group.commands.items():
        yield f"{path}{name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{path}{name} ")


COMMANDS = dict(commands())


def test_the_command_list_gives_each_summary_whole() -> None:
    for group in [main, *(c for c in COMMANDS.values() if isinstance(c, click.Group))]:
        path = [name for name, command in COMMANDS.items() if command is group]
        result = run(*path[0].split(), "--help") if path else run("--help")
        listed = result.stdout.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
        assert "..." not in listed
        flat = " ".join(listed.split())
        for name, command in group.commands.items():
            summary = command.get_short_help_str(limit=1000)
            assert summary.endswith("."), name
            assert f"{name} {summary}" in flat


@pytest.mark.parametrize("path", list(COMMANDS))
def test_every_command_has_examples_of_itself(path: str) -> None:
    result = run(*path.split(), "--help")
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert examples
    for example in examples:
        assert f"{example.strip()} ".startswith(f"manualtui {path} "), example


@pytest.mark.parametrize(
    "path", [p for p, c in COMMANDS.items() if any(a.name == "sources" for a in c.params)]
)
def test_commands_taking_sources_say_what_sources_are(path: str) -> None:
    text = run(*path.split(), "--help").stdout
    for way in ("NAME=PATH", "FOLDER", "manifest.toml", "'GLOB'", "standard input"):
        assert way in text


def environment_variables() -> set[str]:
    """Every environment variable the package reads by name."""
    names = set()
    for path in Path(manualtui.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r'environ[^\n]*?\(\s*"([A-Z][A-Z0-9_]+)"', text))
        names.update(re.findall(r'"([A-Z][A-Z0-9_]+)"\s+(?:not\s+)?in\s+[\w.]*environ', text))
        names.update(re.findall(r'^[A-Z_]+_ENV\s*=\s*"([A-Z][A-Z0-9_]+)"', text, re.M))
    return names


def test_the_main_help_explains_sources_and_every_environment_variable() -> None:
    text = run("--help").stdout
    assert "SOURCES" in text and "a page piped on standard input" in text
    names = environment_variables()
    assert names >= {"MANUALTUI_HOME", "MANUALTUI_CACHE_DIR", "NO_COLOR", "TERM"}
    for name in names | {"COLUMNS"}:
        assert re.search(rf"^\s+(\S+, )*{name}\b", text, re.M), name


def test_manualtui_without_a_terminal_says_so_in_one_line_and_exits_2() -> None:
    result = run()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "manualtui: the explorer needs a terminal (stdin and stdout); use `ssh -t`, or a "
        "command such as `manualtui entries --json`\n"
    )
