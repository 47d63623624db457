"""Reading a page's bytes as text: encodings, BOMs, line ends, and refusing what is not text."""

from __future__ import annotations

from pathlib import Path

from .errors import ManualError

_SNIFF = 8192


def read_page_text(path: Path) -> str:
    """The page's text with `\\n` line ends; a `ManualError` naming the file otherwise.

    UTF-8 (with or without a BOM) is tried first, then Windows-1252, the usual encoding of
    pages saved on council desktops.
    """
    data = _read_bytes(path)
    if not data.strip():
        raise ManualError(str(path), "the file is empty")
    if b"\x00" in data[:_SNIFF] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ManualError(str(path), "this is a binary file, not an Amendments page")
    text = _decode(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ManualError(str(path), "is a folder, not an Amendments page")
        return path.read_bytes()
    except FileNotFoundError:
        raise ManualError(str(path), "no such file") from None
    except OSError as error:
        raise ManualError(str(path), f"cannot be read ({error.strerror})") from None


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ManualError(str(path), "is not valid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ManualError(str(path), "is not readable text (neither UTF-8 nor Windows-1252)")
    return text
