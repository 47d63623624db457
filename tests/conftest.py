"""Shared test set-up: no test depends on the on-disk library cache (see manualtui.cache).

Set at import, before any test or subprocess runs, so that child processes (the CLI, the
explorer in tmux) inherit it too. Tests of the cache itself lift it with monkeypatch.
"""

import os

os.environ["MANUALTUI_NO_CACHE"] = "1"
