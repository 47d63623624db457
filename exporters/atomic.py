"""Atomic file output: write to a temporary file beside the target, then rename over it.

A reader never sees a half-written file, a failed export leaves no partial file, and an
existing file is only replaced when the caller allows it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from manualtui.errors import ManualError


def write_atomically(path: Path, write: Callable[[Path], None], *, force: bool) -> Path:
    """Let `write` fill a temporary file in `path`'s folder, then move it to `path`.

    Returns the absolute path written. Raises `ManualError` naming `path` when it exists
    and `force` is false, when it is a folder, when its folder is missing or not writable,
    or when writing fails (any exception from `write` is passed on after clean-up).
    """
    target = Path(path).expanduser().absolute()
    _check_target(target, force)
    temp = _create_temp(target)
    try:
        write(temp)
        _flush_to_disk(temp)
        os.replace(temp, target)
    except OSError as error:
        _remove_quietly(temp)
        raise ManualError(str(target), f"cannot write the file ({_reason(error)})") from None
    except BaseException:
        _remove_quietly(temp)
        raise
    return target


def _check_target(target: Path, force: bool) -> None:
    if target.is_dir():
        raise ManualError(str(target), "is a folder, not a file")
    if target.exists() and not force:
        raise ManualError(str(target), "already exists (use --force to replace it)")
    folder = target.parent
    if not folder.is_dir():
        raise ManualError(str(target), f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ManualError(str(target), f"the folder {folder} is not writable")


def _create_temp(target: Path) -> Path:
    """An empty, new file beside `target`, created with the usual (umask) permissions."""
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as error:
        raise ManualError(str(target), f"cannot write the file ({_reason(error)})") from None
    return temp


def _flush_to_disk(temp: Path) -> None:
    """Make the content durable before the rename makes it visible."""
    descriptor = os.open(temp, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_quietly(temp: Path) -> None:
    temp.unlink(missing_ok=True)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
