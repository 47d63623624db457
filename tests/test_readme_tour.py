"""The README's tour of the command line runs as written from a clone: every line, in order,
in a shell, in a folder laid out as the clone is (`samples/`, `.venv/`), exits 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from manualtui.record import ENTRY_FIELDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def tour() -> list[str]:
    """The command lines of the first `sh` block after the tour's heading."""
    section = README.split("## A tour of the command line", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_tour_names_the_command_as_the_set_up_line_installs_it() -> None:
    lines = tour()
    assert len(lines) >= 15
    assert all(".venv/bin/manualtui " in line for line in lines)


def test_every_command_of_the_tour_exits_0(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / "samples").symlink_to(ROOT / "samples")
    (clone / ".venv").symlink_to(Path(sys.prefix))
    if not (clone / ".venv" / "bin" / "manualtui").exists():
        pytest.fail(f"no manualtui in {sys.prefix}/bin: install the package (pip install -e .)")
    environment = {
        **os.environ,
        "MANUALTUI_NO_CACHE": "",
        "MANUALTUI_CACHE_DIR": str(tmp_path / "cache"),
        "MANUALTUI_HOME": str(tmp_path / "home"),
    }
    for line in tour():
        done = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {line}"],
            cwd=clone,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr
    assert (clone / "tracker.xlsx").stat().st_size > 0
    assert (clone / "reread.csv").read_text(encoding="utf-8").startswith("id,council,manual,")


def test_the_readme_describes_every_field_of_an_entry_as_the_code_does() -> None:
    for name, text in ENTRY_FIELDS.items():
        assert f"| `{name}` | {text} |" in README, name
