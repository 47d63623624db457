"""Atomic file output that cannot clobber: a temporary file beside the target, then published
with a link that fails if anything is at the target by then.

A reader never sees a half-written file, a failed export leaves no partial file, and an
existing file is only replaced when the caller allows it (`force`); even then only a regular
file is replaced (never a device, FIFO, socket, folder or symbolic link), keeping its mode.
Without `force` the file is published with `os.link` (or `renameat2(RENAME_NOREPLACE)` where
the file system has no hard links), so a file that appears at the target during a long export,
or a second export to the same path, is never overwritten: exactly one export wins and the
other gets a one-line error. A path ending in "/" names a folder, never a file.

The temporary file is named `.<target name>.<pid>.<random>.part`. It is removed on failure,
and on SIGTERM or SIGHUP (when writing in the main thread); one left by a process that was
killed outright is swept by the next export to that folder. `check_target` is the check
alone, so a caller can refuse a bad path before any slow work (loading, building the
document). Every problem with the target, including the operating system's (a name too
long, a folder that cannot be searched), is a one-line `ManualError` naming the path.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from ..errors import ManualError

_TEMP_STEM_LIMIT = 40  # characters of the target's name kept in the temporary file's name
_STALE_AFTER = 24 * 3600  # seconds: a temporary file this old is stale whoever made it
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}
_EXISTS = "already exists (use --force to replace it)"


def check_target(path: str | Path, force: bool) -> Path:
    """The absolute path to write for `path`, once it is known to be writable.

    Raises `ManualError` naming the path when it ends with "/" or is a folder, when it
    exists and `force` is false, when it is anything but a regular file, when its folder is
    missing, is a file or is not writable, or when the system cannot examine it (for
    instance a name too long).
    """
    shown = os.fspath(path)
    try:
        if shown.endswith(("/", os.sep)):
            raise ManualError(shown, "ends with '/', so it names a folder: give a file name")
        target = Path(path).expanduser().absolute()
        shown = str(target)
        _check_target(target, force)
    except OSError as error:
        raise ManualError(shown, f"cannot use this path ({_reason(error)})") from None
    except (RuntimeError, ValueError) as error:  # "~nobody/x"; a NUL in the path
        raise ManualError(shown, f"is not a usable path ({error})") from None
    return target


def write_atomically(path: str | Path, write: Callable[[Path], None], *, force: bool) -> Path:
    """Let `write` fill a temporary file in `path`'s folder, then publish it at `path`.

    Returns the absolute path written. Raises `ManualError` naming `path` for any problem
    `check_target` finds, when something is at `path` by the time the file is published
    (without `force`), or when writing fails (any other exception from `write` is passed
    on after clean-up).
    """
    target = check_target(path, force)
    _sweep_stale_parts(target.parent)
    temp = _create_temp(target)
    try:
        with _removed_on_signal(temp):
            write(temp)
            _flush_to_disk(temp)
            _publish(temp, target, force)
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
        raise ManualError(str(target), _EXISTS)
    if found is not None:
        _check_replaceable(target, found)
    folder = target.parent
    _check_folder(target, folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ManualError(str(target), f"the folder {folder} is not writable")


def _check_replaceable(target: Path, found: os.stat_result) -> None:
    """`--force` replaces a regular file only: never what a path to a device, FIFO, socket
    or link stands for."""
    if stat.S_ISLNK(found.st_mode):
        raise ManualError(str(target), "is a symbolic link; not replaced, even with --force")
    if not stat.S_ISREG(found.st_mode):
        raise ManualError(
            str(target), "is not a regular file (a device, FIFO or socket); not replaced"
        )


def _check_folder(target: Path, folder: Path) -> None:
    """The folder exists and is a folder; else say which part of the path is wrong."""
    for candidate in (folder, *folder.parents):
        found = _status(candidate, follow=True)
        if found is None:
            continue
        if not stat.S_ISDIR(found.st_mode):
            raise ManualError(str(target), f"{candidate} is a file, not a folder")
        if candidate != folder:
            raise ManualError(str(target), f"the folder {folder} does not exist")
        return


def _status(path: Path, follow: bool = False) -> os.stat_result | None:
    """What `lstat` (or `stat`) says of `path`, or None where nothing is there.

    Without `follow`, a symbolic link (even a dangling one) is something. Other errors (a
    name too long, no permission to search a folder) are raised rather than taken for
    "nothing there", as `Path.exists` does in some Python versions.
    """
    try:
        return path.stat() if follow else path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _create_temp(target: Path) -> Path:
    """An empty, new file beside `target`, created with the usual (umask) permissions.

    Its name keeps only the start of the target's, so a target whose name is near the
    system's limit still gets a temporary file; the process id in it tells a later export
    whether the file is still being written.
    """
    stem = target.name[:_TEMP_STEM_LIMIT]
    temp = target.with_name(f".{stem}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as error:
        raise ManualError(str(target), f"cannot write the file ({_reason(error)})") from None
    return temp


def _publish(temp: Path, target: Path, force: bool) -> None:
    """Make `temp` the file at `target`: never over anything unless `force`, and then only
    over a regular file, whose mode the new file keeps."""
    try:
        _link_new(temp, target)
        return
    except ManualError:
        if not force:
            raise
    found = _status(target)
    if found is not None:
        _check_replaceable(target, found)
        os.chmod(temp, stat.S_IMODE(found.st_mode))
    os.replace(temp, target)


def _link_new(temp: Path, target: Path) -> None:
    """Give `temp`'s file the name `target`, failing if anything has that name."""
    try:
        os.link(temp, target, follow_symlinks=False)
    except FileExistsError:
        raise ManualError(str(target), _EXISTS) from None
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        _rename_no_replace(temp, target)
        return
    _remove_quietly(temp)


def _rename_no_replace(temp: Path, target: Path) -> None:
    """Linux's `renameat2(RENAME_NOREPLACE)`: a rename that fails if `target` exists."""
    rename = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if rename is None:
        raise ManualError(
            str(target), "this system cannot create the file without risk of replacing one"
        )
    at_current_folder, no_replace = -100, 1
    if rename(at_current_folder, bytes(temp), at_current_folder, bytes(target), no_replace):
        code = ctypes.get_errno()
        if code == errno.EEXIST:
            raise ManualError(str(target), _EXISTS)
        raise OSError(code, os.strerror(code), str(target))


@contextlib.contextmanager
def _removed_on_signal(temp: Path) -> Iterator[None]:
    """While writing in the main thread, SIGTERM and SIGHUP remove `temp` before the
    process ends as it would have (signals a caller handles or ignores are left alone)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, signal.Handlers] = {}

    def end(number: int, frame: FrameType | None) -> None:
        _remove_quietly(temp)
        for restored, handler in previous.items():
            signal.signal(restored, handler)
        signal.raise_signal(number)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            previous[number] = signal.signal(number, end)  # type: ignore[assignment]
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _sweep_stale_parts(folder: Path) -> None:
    """Remove temporary files of this module's naming left by a process that no longer
    runs (or older than a day), owned by this user; never any other file."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for entry in found:
            named, pid = _part_name(entry.name)
            if not named:
                continue
            with contextlib.suppress(OSError):
                status = entry.stat(follow_symlinks=False)
                ours = stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid()
                old = now - status.st_mtime > _STALE_AFTER
                if ours and (old or not _running(pid)):
                    os.unlink(entry.path)


def _part_name(name: str) -> tuple[bool, str | None]:
    """Whether `name` is of `_create_temp`'s naming (`.<name>.<pid>.<8 hex>.part`, or an
    earlier version's `.<name>.<8 hex>.part`), and the process id in it if any."""
    if not (name.startswith(".") and name.endswith(".part")):
        return False, None
    body, _, token = name[1 : -len(".part")].rpartition(".")
    if not body or len(token) != 8 or token.strip("0123456789abcdef"):
        return False, None
    stem, _, pid = body.rpartition(".")
    if stem and pid and not pid.strip("0123456789"):
        return True, pid
    return True, None


def _running(pid: str | None) -> bool:
    """Whether a process with this id exists (True when unknown: keep the file)."""
    if pid is None:
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _flush_to_disk(temp: Path) -> None:
    """Make the content durable before the link makes it visible."""
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
