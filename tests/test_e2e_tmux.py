"""The installed `manualtui` in a real terminal (tmux) at 80x24, driven by keys alone.

Skipped where tmux is missing, failed under CI=true (see tests/realparts.py).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from manualtui.tui.glyphs import CONSOLE_FONT
from tests.tui_support import Terminal, check_exports, installed_manualtui, walk_the_journey


def test_the_whole_journey_by_keyboard_at_80x24(tmp_path: Path) -> None:
    command = f"env TERM=xterm-256color {shlex.quote(str(installed_manualtui()))}"
    with Terminal(command, 80, 24, cwd=tmp_path) as term:
        tracker, briefing = walk_the_journey(term, tmp_path)
    check_exports(tracker, briefing)


def test_it_draws_in_other_terminals_and_survives_resizing(tmp_path: Path) -> None:
    manualtui = shlex.quote(str(installed_manualtui()))
    variants = ["TERM=screen", "TERM=linux", "TERM=xterm-256color NO_COLOR=1"]
    terminals = [Terminal(f"env {env} {manualtui}", 80, 24, cwd=tmp_path) for env in variants]
    with terminals[0] as screen_term, terminals[1] as linux_term, terminals[2] as plain_term:
        for term in (screen_term, linux_term, plain_term):
            drawn = term.wait_for("[1 Releases]", "Enfield (9)", timeout=60)
            assert "Traceback" not in drawn
            term.keys("Tab", "Down")
            drawn = term.wait_for("Enfield · October 2020 · updated")
            assert "[N]" in drawn or "[V]" in drawn or "[R]" in drawn
        for width, height in ((120, 40), (60, 20), (80, 24)):
            linux_term.resize(width, height)
            drawn = linux_term.wait_until(
                lambda text, w=width: (
                    text.startswith("[1 Releases]")
                    and (max(len(line) for line in text.splitlines()) == w)
                ),
                f"redrawn at {width}",
            )
            assert "Enfield (9)" in drawn
        linux_term.keys("2")
        linux_term.wait_for("showing:")
        assert_console_font(linux_term.screen())
        for key, shown in (
            ("?", "Help (escape closes)"),
            ("C-p", "Search for commands"),
            ("e", "Cancel"),
        ):
            linux_term.keys(key)
            assert_console_font(linux_term.wait_for(shown))
            linux_term.keys("Escape")
            linux_term.wait_until(lambda screen, s=shown: s not in screen, f"{shown} closed")


MODES_ON = {"alternate_on": "1", "mouse_any_flag": "1", "mouse_sgr_flag": "1", "wrap_flag": "0"}
MODES_OFF = {
    "alternate_on": "0",
    "mouse_any_flag": "0",
    "mouse_standard_flag": "0",
    "mouse_button_flag": "0",
    "mouse_sgr_flag": "0",
    "cursor_flag": "1",
    "wrap_flag": "1",
}


def test_quitting_gives_the_shell_its_terminal_back_as_it_was(tmp_path: Path) -> None:
    manualtui = shlex.quote(str(installed_manualtui()))
    with Terminal("env PS1='ready> ' sh", 80, 24, cwd=tmp_path) as term:
        term.wait_for("ready>")
        term.type(f"stty -g > before; {manualtui}; stty -g > after", pause=0)
        term.keys("Enter")
        term.wait_for("[1 Releases]", "Enfield (9)", timeout=60)
        assert term.modes(*MODES_ON) == MODES_ON
        term.burst("q", "z", "z")  # keys sent with the quit are the explorer's, not the shell's
        term.wait_until(lambda screen: screen.rstrip().endswith("ready>"), "the prompt")
        assert term.modes(*MODES_OFF) == MODES_OFF
        # a paste arrives unbracketed, Enter ends the line, and the terminal's settings are
        # those the shell had before
        term.paste("cmp before after && echo same-$((6 * 7))")
        term.keys("Enter")
        screen = term.wait_for("same-42")
    assert "Traceback" not in screen and "[200~" not in screen, screen


def test_escape_and_q_in_one_read_leave_the_search_and_quit(tmp_path: Path) -> None:
    manualtui = shlex.quote(str(installed_manualtui()))
    with Terminal(f"sh -c '{manualtui}; echo EXIT=$?; sleep 30'", 80, 24, cwd=tmp_path) as term:
        term.wait_for("[1 Releases]", "Enfield (9)", timeout=60)
        term.burst("/", "plac")
        term.wait_for('Search "plac"')
        term.burst("Escape", "q")  # ESC q in one write: what a terminal parser calls alt+q
        screen = term.wait_for("EXIT=", timeout=30)
    assert "EXIT=0" in screen and 'Search "placq"' not in screen, screen


def assert_console_font(screen: str) -> None:
    """Every character drawn is one the Linux console's font holds."""
    outside = {char for char in screen if char not in CONSOLE_FONT and char != "\n"}
    assert not outside, f"drawn outside the console font: {sorted(outside)}\n{screen}"


def test_a_bad_source_is_one_line_of_error_and_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-page.txt"
    command = f"sh -c '{shlex.quote(str(installed_manualtui()))} browse {missing}; echo EXIT=$?'"
    with Terminal(command, 80, 24, cwd=tmp_path) as term:
        term.wait_for("EXIT=", timeout=60)
        screen = term.screen(history=True)
    assert "EXIT=1" in screen
    assert str(missing) in screen and "Traceback" not in screen
