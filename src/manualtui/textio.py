"""Reading files the user names: size limits, a page's bytes as text, and TOML data files.

Every file is read through `read_limited`, which stops at a limit named in its message (a
page, a manifest, a rules file, a staff list), so `/dev/zero` or a huge file is an error, not
a hang. A page is decoded as UTF-8 (with or without a BOM), or UTF-16 with a BOM. Bytes
that are not UTF-8 are replaced (U+FFFD) and each line holding one gets a diagnostic, unless
the page as a whole reads as Windows-1252 (no UTF-8 sequence in it at all): one bad byte
never turns a whole page into mojibake, and nothing is replaced silently.
"""

from __future__ import annotations

import errno
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ManualError
from .model import Diagnostic, Severity

MIB = 1024 * 1024
PAGE_LIMIT = 64 * MIB
DATA_FILE_LIMIT = 4 * MIB
_SNIFF = 8192
_ESCAPED = re.compile(r"[\udc80-\udcff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\udc80-\udcff]")


@dataclass(frozen=True)
class PageText:
    """A page's text with `\\n` line ends, and what decoding it had to say."""

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path`; a one-line `ManualError` naming it if it is missing, a folder,
    unreadable or larger than `limit` (the message says the limit for `what`)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ManualError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ManualError(str(path), f"is a folder, not {what}") from None
    except OSError as error:
        if error.errno == errno.ENOTDIR:
            raise ManualError(str(path), "no such file (a part of the path is a file)") from None
        raise ManualError(str(path), f"cannot be read ({error.strerror or error})") from None
    return _within(data, str(path), limit, what)


def read_stdin_page(name: str) -> bytes:
    """A page piped on standard input (shown as `name`), within `PAGE_LIMIT`; an error, not
    a wait, when standard input is a terminal."""
    if sys.stdin.isatty():
        raise ManualError(name, "standard input is a terminal: pipe a page in (... - < page.txt)")
    try:
        data = sys.stdin.buffer.read(PAGE_LIMIT + 1)
    except OSError as error:
        raise ManualError(name, f"cannot be read ({error.strerror or error})") from None
    return _within(data, name, PAGE_LIMIT, "an Amendments page")


def _within(data: bytes, name: str, limit: int, what: str) -> bytes:
    if len(data) > limit:
        raise ManualError(name, f"is larger than {limit // MIB} MiB, the limit for {what}")
    return data


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A TOML data file (manifest, rules), read within `DATA_FILE_LIMIT`; a one-line
    `ManualError` naming the file for anything that is not valid TOML of a sane shape."""
    data = read_limited(path, DATA_FILE_LIMIT, what)
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ManualError(str(path), f"cannot read {what} (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as error:
        raise ManualError(str(path), f"cannot read {what} ({error})") from None
    except RecursionError:
        raise ManualError(str(path), f"cannot read {what} (nested too deeply)") from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise ManualError(str(path), f"cannot read {what} ({error})") from None


def read_page_bytes(path: Path) -> bytes:
    return read_limited(path, PAGE_LIMIT, "an Amendments page")


def read_page_text(path: Path) -> str:
    """The page's text with `\\n` line ends; a `ManualError` naming the file otherwise."""
    return decode_page(read_page_bytes(path), str(path)).text


def decode_page(data: bytes, source: str) -> PageText:
    """A page's bytes as text (see the module's docstring); a `ManualError` naming `source`
    for an empty or binary file."""
    if not data.strip():
        raise ManualError(source, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return PageText(_lines(data.decode("utf-16")))
        except UnicodeDecodeError:
            raise ManualError(source, "is not valid UTF-16 text") from None
    if b"\x00" in data[:_SNIFF]:
        raise ManualError(source, "this is a binary file, not an Amendments page")
    try:
        return PageText(_lines(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    text = _lines(data.decode("utf-8-sig", errors="surrogateescape"))
    if not data.startswith(b"\xef\xbb\xbf") and not _NON_ASCII.search(text):
        return _windows_1252(data, source)
    bad = len(_ESCAPED.findall(text))
    if bad > max(3, len(text) // 100):
        raise ManualError(
            source, f"is not readable text ({bad:,} bytes are not UTF-8 in a page that uses UTF-8)"
        )
    return _replaced(text, "UTF-8")


def _windows_1252(data: bytes, source: str) -> PageText:
    """A page with no UTF-8 in it, read as Windows-1252 (its five unassigned bytes
    replaced and reported)."""
    text = _lines(data.decode("cp1252", errors="surrogateescape"))
    bad = len(_ESCAPED.findall(text))
    if bad > max(3, len(text) // 100):
        raise ManualError(source, "is not readable text (neither UTF-8 nor Windows-1252)")
    note = Diagnostic(1, "read as Windows-1252 (the page has no UTF-8)", Severity.INFO, "encoding")
    replaced = _replaced(text, "Windows-1252")
    return PageText(replaced.text, (note, *replaced.diagnostics))


def _replaced(text: str, encoding: str) -> PageText:
    """`text` with its escaped bad bytes replaced by U+FFFD, one diagnostic per line."""
    diagnostics = []
    if _ESCAPED.search(text):
        for number, line in enumerate(text.split("\n"), start=1):
            count = len(_ESCAPED.findall(line))
            if count:
                shown = _ESCAPED.sub("\ufffd", line).strip()
                message = (
                    f"{count} byte{'s' if count > 1 else ''} not valid {encoding} replaced "
                    f"with \ufffd: '{shown[:80]}'"
                )
                diagnostics.append(Diagnostic(number, message, Severity.WARNING, "encoding"))
    return PageText(_ESCAPED.sub("\ufffd", text), tuple(diagnostics))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
