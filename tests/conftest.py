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

os.environ["MANUALTUI_NO_CACHE"] = "1"
os.environ["MANUALTUI_HOME"] = tempfile.mkdtemp(prefix="manualtui-home-")
atexit.register(shutil.rmtree, os.environ["MANUALTUI_HOME"], ignore_errors=True)
