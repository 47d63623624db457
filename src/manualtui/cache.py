"""The on-disk cache of loaded libraries: a second start on the same pages skips parsing.

Owns where cached libraries live (platformdirs' user cache folder for "manualtui", or
`$MANUALTUI_CACHE_DIR`), the key that says whether one is still good, and reading and
writing them. A cached library is a pickle of the `Library` that `load.load_manuals` built.

The key covers everything the library is computed from: each source's absolute path, size,
modification time and the council and manual names it is shown under; the bundled samples
(their titles help split one-line rows); the package version, the size and time of every
core module (so an edited parser never serves stale results), and a hash of the rules
files (`data/*.toml`, `$MANUALTUI_PRIORITY_RULES`). Any change gives a new key, so a stale
file is never read; unreadable files are ignored and rebuilt. Files are written atomically
(temporary file, then rename) and only the newest few are kept.

`MANUALTUI_NO_CACHE=1` turns the cache off (the test suite sets it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .model import Library
from .priority import RULES_ENV

DISABLE_ENV = "MANUALTUI_NO_CACHE"
DIR_ENV = "MANUALTUI_CACHE_DIR"
KEEP = 8
# Bump when the way a library is pickled changes.
FORMAT = 1
_PACKAGE = Path(__file__).parent
# The modules that compute a Library (the CLI and the explorer do not change it).
_CORE_MODULES = (
    "__init__.py",
    "cache.py",
    "chapters/*.py",
    "errors.py",
    "load.py",
    "model.py",
    "priority.py",
    "textio.py",
    "parse/*.py",
)


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "").strip().lower() not in {"1", "true", "yes", "on"}


def cache_dir() -> Path:
    configured = os.environ.get(DIR_ENV, "")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("manualtui"))


def cache_key(sources: Iterable[tuple[Path, str, str]], samples: Iterable[Path]) -> str | None:
    """The key of a library loaded from `(path, council, title)` sources, or None when a
    file cannot be examined (the loader then reports the problem itself)."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT} {__version__} {sys.version_info[:2]}\n".encode())
    try:
        for path, council, title in sources:
            digest.update(f"source {_stamp(path)} {council!r} {title!r}\n".encode())
        for path in samples:
            digest.update(f"sample {_stamp(path)}\n".encode())
        for pattern in _CORE_MODULES:
            for module in sorted(_PACKAGE.glob(pattern)):
                digest.update(f"code {_stamp(module)}\n".encode())
        for rules in _rules_files():
            digest.update(b"rules " + hashlib.sha256(rules.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def _stamp(path: Path) -> str:
    absolute = path.resolve()
    status = absolute.stat()
    return f"{str(absolute)!r} {status.st_size} {status.st_mtime_ns}"


def _rules_files() -> list[Path]:
    files = sorted((_PACKAGE / "data").glob("*.toml"))
    configured = os.environ.get(RULES_ENV, "")
    return [*files, Path(configured)] if configured else files


def read(key: str) -> Library | None:
    """The cached library for `key`, or None (missing, unreadable or not a library)."""
    try:
        with (cache_dir() / f"{key}.pickle").open("rb") as cached:
            library = pickle.load(cached)
    except Exception:  # any unreadable cache file is simply rebuilt
        return None
    return library if isinstance(library, Library) else None


def write(key: str, library: Library) -> None:
    """Store `library` under `key` atomically; a cache that cannot be written is skipped."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(library, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{key}.pickle")
    except Exception:  # e.g. a full disk: the cache is only a shortcut
        Path(temporary).unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the `KEEP` most recently written libraries."""
    try:
        cached = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in cached[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
