"""Progress on stderr for long work (loading pages, writing an export): shown only when
stderr is a terminal, never on stdout."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualtui.cli import progress
from tests.cli_support import run


def test_progress_is_shown_on_stderr_only_when_it_is_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    quiet = run("check", "--json")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress, "stderr_is_terminal", lambda: True)
    loud = run("check", "--json", env={"MANUALTUI_NO_CACHE": "1"})
    assert loud.exit_code == 0
    assert "Reading pages" in loud.stderr
    assert loud.stdout == quiet.stdout
    target = tmp_path / "all.csv"
    export = run("export", "-o", str(target), env={"MANUALTUI_NO_CACHE": "1"})
    assert export.exit_code == 0
    assert "Writing csv" in export.stderr and "Reading pages" in export.stderr
    assert export.stdout == f"Wrote {target} (485 entries)\n"


def test_quick_work_shows_nothing_and_the_bar_is_cleared_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from io import StringIO

    from rich.console import Console

    screen = StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)
    with progress.StderrProgress("Reading pages", console=terminal) as bar:
        bar.update(1, 2)  # within SHOW_AFTER_SECONDS: not shown
    assert screen.getvalue() == ""
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)
    with progress.StderrProgress("Reading pages", console=terminal) as bar:
        bar.update(1, 2)
    shown = screen.getvalue()
    assert "Reading pages" in shown and "50%" in shown
    assert shown.endswith("\r\x1b[1A\x1b[2K")  # the line erased: nothing stays on the screen
