"""VisiData, the baseline for the first screen at scale, in the benchmark's own environment.

It is pip-installed (once) into `benchmarks/.venv-visidata`, apart from the project's
environment, so that it never becomes a dependency of manualtui.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VENV = Path(__file__).parent / ".venv-visidata"


class VisiDataMissing(RuntimeError):
    """VisiData could not be installed; the message says why."""


def visidata() -> Path:
    """The `vd` program, installing it into the benchmark's venv if needed."""
    program = VENV / "bin" / "vd"
    if program.exists():
        return program
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, text=True
        )
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "--quiet", "visidata"],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        last = detail.strip().splitlines()[-1] if detail.strip() else str(error)
        raise VisiDataMissing(f"cannot install VisiData into {VENV}: {last}") from None
    return program
