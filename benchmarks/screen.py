"""First screen: the time from launching a program in a terminal until the terminal shows
its data, measured the same way for every program.

A detached tmux session of 120x40 (or the size asked for) is started with the command; the
pane is captured every ~10 ms until a string known to be in the data appears. The program's
peak memory is then read from /proc (VmHWM) once it has settled (stopped using CPU), so that
a program that keeps loading after its first screen is charged for all it loads.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.01
SETTLED_SECONDS = 0.5
SIZE = (120, 40)


@dataclass(frozen=True)
class Screen:
    seconds: float
    peak_mb: float


class ScreenTimeout(RuntimeError):
    """The data never appeared on the screen."""


def first_screen(
    command: list[str],
    needle: str,
    env: dict[str, str] | None = None,
    timeout: float = 600.0,
    size: tuple[int, int] = SIZE,
) -> Screen:
    """Run `command` in a fresh tmux session; seconds until `needle` shows, and peak MiB."""
    assignments = [f"{name}={value}" for name, value in (env or {}).items()]
    line = "exec " + shlex.join(["env", *assignments, *command])
    # A server of its own per launch: sessions on a shared server race with its exit.
    name = f"manualtui-bench-{os.getpid()}-{time.monotonic_ns()}"
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "-L",
            name,
            "new-session",
            "-d",
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            "-s",
            name,
            line,
        ],
        check=True,
    )
    try:
        pid = int(tmux_output(name, "display-message", "-p", "-t", name, "#{pane_pid}"))
        shown = ""
        while time.perf_counter() - start < timeout:
            shown = tmux_output(name, "capture-pane", "-p", "-t", name)
            if needle in shown:
                seconds = time.perf_counter() - start
                return Screen(seconds, _settled_peak_mb(pid))
            time.sleep(POLL_SECONDS)
        raise ScreenTimeout(f"{needle!r} not shown after {timeout:.0f} s; the screen was:\n{shown}")
    finally:
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)


def tmux_output(socket: str, *arguments: str) -> str:
    return subprocess.run(
        ["tmux", "-L", socket, *arguments], capture_output=True, text=True, check=True
    ).stdout


def _settled_peak_mb(pid: int, limit: float = 120.0) -> float:
    """VmHWM of `pid` once its CPU time stops growing (or after `limit` seconds)."""
    wait_until_quiet(pid, SETTLED_SECONDS, limit)
    return _vm_hwm_mb(pid)


def wait_until_quiet(pid: int, seconds: float, limit: float) -> None:
    """Until `pid` uses no CPU for `seconds` (or `limit` seconds have passed)."""
    stat = Path(f"/proc/{pid}/stat")
    deadline = time.perf_counter() + limit
    last = _cpu_ticks(stat)
    while time.perf_counter() < deadline:
        time.sleep(seconds)
        now = _cpu_ticks(stat)
        if now - last <= 2:  # hundredths of a second: timers and cursors only
            return
        last = now


def _cpu_ticks(stat: Path) -> int:
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _vm_hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
