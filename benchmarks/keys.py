"""A key and what it shows: the time from sending a key to a program running in a terminal
until the terminal shows the result, measured the same way for every program.

The program is started in a detached tmux session; once its first screen shows and it has
gone quiet (no CPU used for a moment: what it does in the background after its first screen
is not charged to the key), the key is sent and the pane is captured every ~5 ms until a
string known to be in the result appears. For `quit`, the result is the program's exit.
Each launch measures one key, so every figure is the program's first time doing it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from dataclasses import dataclass

from .screen import tmux_output, wait_until_quiet

POLL_SECONDS = 0.005
QUIET_SECONDS = 0.3
SIZE = (80, 24)
EXITED = ""  # the needle meaning "the program has exited"


@dataclass(frozen=True)
class KeyStep:
    """Keys to send (tmux key names), and the text that shows they took effect."""

    name: str
    keys: tuple[str, ...]
    needle: str


class KeyTimeout(RuntimeError):
    """The result of a key never appeared."""


def time_key(
    command: list[str],
    ready: str,
    step: KeyStep,
    env: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> float:
    """Seconds from sending `step.keys` (once `ready` shows and the program is quiet) until
    `step.needle` shows, or the program exits for `EXITED`."""
    assignments = [f"{name}={value}" for name, value in (env or {}).items()]
    line = "exec " + shlex.join(["env", *assignments, *command])
    name = f"manualtui-keys-{os.getpid()}-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", name]
    width, height = SIZE
    new = ["-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height)]
    subprocess.run([*tmux, *new, "-s", name, line], check=True)
    try:
        subprocess.run([*tmux, "set-option", "-t", name, "remain-on-exit", "on"], check=True)
        pid = int(tmux_output(name, "display-message", "-p", "-t", name, "#{pane_pid}"))
        _wait_for(name, ready, timeout)
        wait_until_quiet(pid, QUIET_SECONDS, timeout)
        start = time.perf_counter()
        subprocess.run([*tmux, "send-keys", "-t", name, *step.keys], check=True)
        _wait_for(name, step.needle, timeout)
        return time.perf_counter() - start
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def _wait_for(name: str, needle: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    shown = ""
    while time.perf_counter() < deadline:
        if needle == EXITED:
            if (
                tmux_output(name, "display-message", "-p", "-t", name, "#{pane_dead}").strip()
                == "1"
            ):
                return
        else:
            shown = tmux_output(name, "capture-pane", "-p", "-t", name)
            if needle in shown:
                return
        time.sleep(POLL_SECONDS)
    what = "the program's exit" if needle == EXITED else repr(needle)
    raise KeyTimeout(f"{what} not shown after {timeout:.0f} s; the screen was:\n{shown}")
