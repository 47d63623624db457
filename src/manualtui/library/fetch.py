"""Fetching an Amendments page from the web, politely and within limits.

http and https only; a timeout; at most `MAX_REDIRECTS` redirects; a size cap (checked on
the declared length and again while reading, after decompression); conditional requests
(If-None-Match / If-Modified-Since from the last snapshot) so an unchanged page costs
nothing; a user agent naming manualtui. Every failure is a `ManualError` naming the address
and the problem in one line: DNS, refused, timeout, an HTTP error status, too big, not HTML
or text, too many redirects.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import ManualError

if TYPE_CHECKING:
    import httpx

MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 30.0
USER_AGENT = f"manualtui/{__version__} (reads tri.x Amendments pages)"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class Fetched:
    """A page as the server sent it; `not_modified` when it answered 304 (no content)."""

    content: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


def is_address(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    etag: str = "",
    last_modified: str = "",
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_BYTES,
) -> Fetched:
    """The page at `url`, or `not_modified` if the validators still hold."""
    # Imported here: httpx brings in Rich when it is installed, and the core stays headless.
    import httpx

    if not is_address(url):
        raise ManualError(url, "only http and https addresses can be fetched")
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=timeout,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            return _read(url, response, max_bytes)
    except httpx.HTTPError as error:
        raise ManualError(url, _problem(error, timeout)) from None


def _read(url: str, response: httpx.Response, max_bytes: int) -> Fetched:
    if response.status_code == 304:
        return Fetched(b"", not_modified=True)
    if response.status_code >= 400:
        raise ManualError(
            url, f"the server answered {response.status_code} {response.reason_phrase}".rstrip()
        )
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type and media_type not in PAGE_TYPES:
        raise ManualError(url, f"is not an HTML or text page (content type {media_type})")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ManualError(url, _too_big(max_bytes))
    content = bytearray()
    for chunk in response.iter_bytes():
        content.extend(chunk)
        if len(content) > max_bytes:
            raise ManualError(url, _too_big(max_bytes))
    return Fetched(
        bytes(content),
        content_type=content_type,
        etag=response.headers.get("etag", ""),
        last_modified=response.headers.get("last-modified", ""),
    )


def _too_big(max_bytes: int) -> str:
    return f"the page is larger than {max_bytes // (1024 * 1024) or max_bytes} " + (
        "MB" if max_bytes >= 1024 * 1024 else "bytes"
    )


def _problem(error: httpx.HTTPError, timeout: float) -> str:
    """The one-line reason for a failed request."""
    import httpx

    if isinstance(error, httpx.TooManyRedirects):
        return f"more than {MAX_REDIRECTS} redirects (a redirect loop?)"
    if isinstance(error, httpx.UnsupportedProtocol):
        return "redirected to an address that is not http or https"
    if isinstance(error, httpx.TimeoutException):
        return f"no answer within {timeout:g} seconds (timed out)"
    if isinstance(error, httpx.InvalidURL):
        return "is not a valid web address"
    cause = _root_cause(error)
    if isinstance(cause, socket.gaierror):
        return f"cannot find the server {error.request.url.host} (DNS: {cause.strerror})"
    if isinstance(cause, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect ({cause or error})"
    return f"the download failed ({type(error).__name__}: {error})"


def _root_cause(error: BaseException) -> BaseException | None:
    cause = error.__cause__ or error.__context__
    while cause is not None and (cause.__cause__ or cause.__context__) is not None:
        cause = cause.__cause__ or cause.__context__
    return cause
