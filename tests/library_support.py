"""For the library tests: a web server on 127.0.0.1 that the test starts and scripts, pages of
a council written here, and a look at the library's database as plain data.

No test touches the internet: every address is this server's.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

NEWTOWN_RELEASES = [
    (
        "March 2024",
        [
            ("Placements in Foster Care", "Section 4, Placement Planning was updated."),
            ("Kinship Care", "This chapter was added to the procedures manual in March 2024."),
        ],
    ),
    (
        "November 2023",
        [
            ("Missing Children", "This chapter has been extensively revised; re-read it."),
            ("Short Breaks", "A link has been added to the local short breaks statement."),
        ],
    ),
]

NEWTOWN_NEW_RELEASE = (
    "September 2024",
    [
        ("Private Fostering", "This chapter has been updated throughout and should be re-read."),
        ("Allegations Against Staff", "Section 2, Referral was updated to add the LADO form."),
        ("Young Carers", "This chapter was added to the procedures manual in September 2024."),
    ],
)


def newtown_page(releases: list[tuple[str, list[tuple[str, str]]]] = NEWTOWN_RELEASES) -> bytes:
    """An Amendments page of the (made-up) Newtown Council, as its web server sends it."""
    parts = ["<!DOCTYPE html><html><head><title>Newtown Children's Procedures</title></head>"]
    parts.append("<body><h1>Amendments</h1>")
    for label, rows in releases:
        parts.append(f"<h2>{label}</h2><h3>Updated Chapters</h3><table>")
        parts.append("<tr><th>Chapter Title</th><th>Details</th></tr>")
        for title, details in rows:
            slug = title.lower().replace(" ", "_")
            link = f'<a href="/p_{slug}.html">{title}</a>'
            parts.append(f"<tr><td>{link}</td><td>{details}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts).encode()


@dataclass
class Response:
    """What the server answers on a path: a status, headers and a body; `delay` seconds of
    silence first (for timeouts); `chunked` to send the body without a length."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunked: bool = False


def page(body: bytes, content_type: str = "text/html; charset=utf-8", etag: str = "") -> Response:
    headers = {"Content-Type": content_type}
    if etag:
        headers["ETag"] = etag
    return Response(body, headers=headers)


def redirect(to: str, status: int = 302) -> Response:
    return Response(status=status, headers={"Location": to})


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) answering from `routes`, recording
    each request's path and headers. An ETag route answers 304 to a matching
    If-None-Match."""

    def __init__(self) -> None:
        self.routes: dict[str, Response] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        handler = _handler(self)
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (at a size cap, a timeout, the end of a test) are no error: the
    default prints a traceback to stderr, where the command's output is being read."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            response = server.routes.get(self.path, Response(b"not here", status=404))
            if response.delay:
                time.sleep(response.delay)
            etag = response.headers.get("ETag", "")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self._send_chunked(response.body)
                return
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self._send(response.body)

        def _send_chunked(self, body: bytes) -> None:
            step = 64 * 1024
            for start in range(0, len(body), step):
                chunk = body[start : start + step]
                if not self._send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"):
                    return
            self._send(b"0\r\n\r\n")

        def _send(self, data: bytes) -> bool:
            """Write; False when the client hung up (as it does at its size cap)."""
            try:
                self.wfile.write(data)
            except OSError:
                self.close_connection = True
                return False
            return True

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def database(home: Path) -> Path:
    return home / "library.sqlite3"


def dump(home: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the library, as plain tuples: two dumps are equal when
    the library is unchanged."""
    if not database(home).exists():
        return {}
    connection = sqlite3.connect(database(home))
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in tables
        }
    finally:
        connection.close()


def cli_env(home: Path) -> dict[str, str]:
    """The environment for a `manualtui` subprocess using the library in `home`."""
    return {**os.environ, "MANUALTUI_HOME": str(home), "MANUALTUI_NO_CACHE": "1"}
