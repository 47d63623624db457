"""Real parts the tests drive (LibreOffice, tmux, sshd, fonts ...): found, or the test cannot run.

A missing part skips the test on a developer's machine, but fails it when the environment
variable CI is "true": in CI every part is installed, so a missing one is a broken build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NoReturn

import pytest


def require_tool(name: str) -> str:
    """The path of the program `name`; skip the test (fail it under CI=true) if missing."""
    path = shutil.which(name)
    if path:
        return path
    _missing(f"{name} is not installed")


def require_font(family: str) -> None:
    """Skip the test (fail it under CI=true) unless fontconfig knows the font `family`."""
    listing = subprocess.run(
        [require_tool("fc-list"), f":family={family}", "family"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    if not listing.strip():
        _missing(f"the font {family} is not installed")


def _missing(message: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}, and CI=true requires it")
    pytest.skip(message)
