"""Real parts the tests drive (LibreOffice, tmux, sshd, ...): found, or the test cannot run.

A missing part skips the test on a developer's machine, but fails it when the environment
variable CI is "true": in CI every part is installed, so a missing one is a broken build.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str) -> str:
    """The path of the program `name`; skip the test (fail it under CI=true) if missing."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}, and CI=true requires it")
    pytest.skip(message)
