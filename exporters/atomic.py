"""Atomic file output: check the target, write a temporary file beside it, then rename over it.

A reader never sees a half-written file, a failed export leaves no partial file, and an
existing file is only replaced when the caller allows it. `check_target` is the check alone,
so a caller can refuse a bad path before any slow work (loading, building the document).
Every problem with the target, including the operating system's (a name too long, a folder
that cannot be searched), is a one-line `ManualError` naming the path.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import ManualError

_TEMP_STEM_LIMIT = 40  # characters of the target's name kept in the temporary file's name


def check_target(path: Path, force: bool) -> Path:
    """The absolute path to write for `path`, once it is known to be writable.

    Raises `ManualError` naming the path when it is a folder, when it exists and `force` is
    false, when its folder is missing, is a file or is not writable, or when the system
    cannot examine it (for instance a name too long).
    """
    shown = str(path)
    try:
        target = Path(path).expanduser().absolute()
        shown = str(target)
        _check_target(target, force)
    except OSError as error:
        raise ManualError(shown, f"cannot use this path ({_reason(error)})") from None
    except (RuntimeError, ValueError) as error:  # "~nobody/x"; a NUL in the path
        raise ManualError(shown, f"is not a usable path ({error})") from None
    return target


def write_atomically(path: Path, write: Callable[[Path], None], *, force: bool) -> Path:
    """Let `write` fill a temporary file in `path`'s folder, then move it to `path`.

    Returns the absolute path written. Raises `ManualError` naming `path` for any problem
    `check_target` finds, or when writing fails (any other exception from `write` is passed
    on after clean-up).
    """
    target = check_target(path, force)
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
    found = _status(target)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise ManualError(str(target), "is a folder, not a file")
    if found is not None and not force:
        raise ManualError(str(target), "already exists (use --force to replace it)")
    folder = target.parent
    _check_folder(target, folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ManualError(str(target), f"the folder {folder} is not writable")


def _check_folder(target: Path, folder: Path) -> None:
    """The folder exists and is a folder; else say which part of the path is wrong."""
    for candidate in (folder, *folder.parents):
        found = _status(candidate)
        if found is None:
            continue
        if not stat.S_ISDIR(found.st_mode):
            raise ManualError(str(target), f"{candidate} is a file, not a folder")
        if candidate != folder:
            raise ManualError(str(target), f"the folder {folder} does not exist")
        return


def _status(path: Path) -> os.stat_result | None:
    """What `stat` says of `path`, or None where nothing is there.

    Other errors (a name too long, no permission to search a folder) are raised rather
    than taken for "nothing there", as `Path.exists` does in some Python versions.
    """
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _create_temp(target: Path) -> Path:
    """An empty, new file beside `target`, created with the usual (umask) permissions.

    Its name keeps only the start of the target's, so a target whose name is near the
    system's limit still gets a temporary file.
    """
    temp = target.with_name(f".{target.name[:_TEMP_STEM_LIMIT]}.{secrets.token_hex(4)}.part")
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
    """Remove the temporary file; a failure here must not hide the error being reported."""
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
