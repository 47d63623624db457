"""The benchmark runner works: on a tiny corpus it prints every row, each with a figure and
a baseline measured in the same run. (Speed itself is never asserted in tests.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.realparts import require_tool

ROOT = Path(__file__).resolve().parents[1]
ROWS = [
    "parse + load 200 entries (cold)",
    "parse + load 200 entries (warm cache)",
    "reader floor, 200 entries: lines matched once, HTML parsed, objects built",
    "explorer first screen, samples (cold)",
    "explorer first screen, samples (warm cache)",
    "explorer first screen, samples (warm cache, 80x24)",
    "explorer first screen, 200 entries (cold)",
    "explorer first screen, 200 entries (warm cache)",
    *(
        f"{key}, {where}"
        for where in ("samples", "200 entries")
        for key in (
            "? to help shown",
            "first switch to Compare",
            "ctrl+p to palette shown",
            "quit",
        )
    ),
    "search keystroke p50, 200 entries",
    "search keystroke p95, 200 entries",
    "xlsx tracker, 50 entries",
    "tracker status, 50 entries",
    "xlsx tracker, 200 entries",
    "tracker status, 200 entries",
    "docx briefing, 50 entries",
    "docx briefing, 200 entries",
]


KEY_ROWS = ("? to help", "first switch", "ctrl+p", "quit")


def _table(output: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in output.splitlines():
        if line.startswith("| ") and not line.startswith("| measure"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells
    return rows


def run_benchmarks(out: Path, *options: str) -> dict[str, list[str]]:
    """The runner on a corpus of 200 entries, once per measure: its table, by measure."""
    require_tool("tmux")
    command = [sys.executable, "-m", "benchmarks.run", "--entries", "200", "--quick"]
    done = subprocess.run(
        [*command, *options, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return _table(done.stdout)


def test_runner_prints_every_figure_beside_its_baseline(tmp_path: Path) -> None:
    rows = run_benchmarks(tmp_path)
    assert list(rows) == ROWS
    for name, cells in rows.items():
        figure, baseline, ratio, memory = cells[1], cells[3], cells[4], cells[7]
        assert figure.endswith((" s", " ms")), (name, figure)
        assert baseline.endswith((" s", " ms")), (name, baseline)
        assert ratio.endswith(" x"), (name, ratio)
        if name.startswith(KEY_ROWS):  # a key's time: no memory figure of its own
            continue
        ours, theirs = (float(part) for part in memory.split(" / "))
        assert ours > 0 and theirs > 0, (name, memory)
    assert rows["parse + load 200 entries (cold)"][5] == "<= 20 x"
    assert rows["search keystroke p95, 200 entries"][5] == "< 16 ms"
    assert rows["xlsx tracker, 200 entries"][5] == "<= 1.5 x"
    assert rows["? to help shown, samples"][5] == "< 150 ms"
    assert rows["quit, 200 entries"][5] == "< 300 ms"
    results = json.loads((tmp_path / "results.json").read_text())
    assert [r["measure"] for r in results] == ROWS
    assert all(r["value"] > 0 and r["baseline"] > 0 for r in results)
    assert (tmp_path / "tracker-200.xlsx").stat().st_size > 0
    assert (tmp_path / "briefing-200.docx").stat().st_size > 0


def test_the_key_measures_run_alone(tmp_path: Path) -> None:
    rows = run_benchmarks(tmp_path, "--only", "keys")
    assert list(rows) == [row for row in ROWS if row.startswith(KEY_ROWS)]
    for cells in rows.values():
        assert cells[1].endswith("ms") and cells[3].endswith("ms")
