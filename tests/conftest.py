"""Shared test set-up: no test depends on the on-disk library cache (see manualtui.cache) nor
on the user's own library (see manualtui.library.store): the library lives in a temporary
folder that starts empty, so commands without sources read the bundled samples.

Set at import, before any test or subprocess runs, so that child processes (the CLI, the
explorer in tmux) inherit it too. Tests of the cache itself lift it with monkeypatch; tests
of the library give each test a library of its own.
"""

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .library_support import LocalServer

os.environ["MANUALTUI_NO_CACHE"] = "1"
os.environ["MANUALTUI_HOME"] = tempfile.mkdtemp(prefix="manualtui-home-")
atexit.register(shutil.rmtree, os.environ["MANUALTUI_HOME"], ignore_errors=True)


@pytest.fixture
def library_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library of the test's own (not yet created), and 127.0.0.1 reached without proxy."""
    folder = tmp_path / "library-home"
    monkeypatch.setenv("MANUALTUI_HOME", str(folder))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    return folder


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A web server on 127.0.0.1 that the test scripts (see `library_support`)."""
    with LocalServer() as server:
        yield server
