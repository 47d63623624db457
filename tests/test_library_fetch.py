"""Fetching from a server the test starts on 127.0.0.1: each failure is one line and a
non-zero exit, and leaves the library exactly as it was; redirects, conditional requests
and the user agent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from manualtui.cli import main
from manualtui.library.fetch import MAX_BYTES

from .library_support import LocalServer, Response, dump, newtown_page, page, redirect

PATH = "/amendments.html"


@pytest.fixture
def local_server(local_server: LocalServer) -> LocalServer:
    """The server, serving the Newtown page at PATH."""
    local_server.routes[PATH] = page(newtown_page(), etag='"v1"')
    return local_server


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def loop(server: LocalServer) -> None:
    server.routes[PATH] = redirect(PATH)


def chain(server: LocalServer, hops: int) -> None:
    """PATH redirects `hops` times before reaching the page."""
    server.routes[PATH] = redirect("/hop1")
    for hop in range(1, hops):
        server.routes[f"/hop{hop}"] = redirect(f"/hop{hop + 1}")
    server.routes[f"/hop{hops}"] = page(newtown_page())


FAILURES = {
    "404": (
        lambda s: s.routes.pop(PATH),
        "the server answered 404 Not Found",
    ),
    "server error": (
        lambda s: s.routes.__setitem__(PATH, Response(b"oops", status=500)),
        "the server answered 500 Internal Server Error",
    ),
    "timeout": (
        lambda s: s.routes.__setitem__(PATH, Response(newtown_page(), delay=3)),
        "no answer within 0.5 seconds (timed out)",
    ),
    "too big, declared": (
        lambda s: s.routes.__setitem__(PATH, page(b"x" * (MAX_BYTES + 1))),
        "the page is larger than 20 MB",
    ),
    "too big, undeclared": (
        lambda s: s.routes.__setitem__(PATH, Response(b"<html>" + b"x" * MAX_BYTES, chunked=True)),
        "the page is larger than 20 MB",
    ),
    "redirect loop": (loop, "more than 5 redirects (a redirect loop?)"),
    "six redirects": (lambda s: chain(s, 6), "more than 5 redirects (a redirect loop?)"),
    "redirect off the web": (
        lambda s: s.routes.__setitem__(PATH, redirect("ftp://127.0.0.1/page.html")),
        "redirected to an address that is not http or https",
    ),
    "wrong content type": (
        lambda s: s.routes.__setitem__(PATH, page(b"%PDF-1.4", content_type="application/pdf")),
        "is not an HTML or text page (content type application/pdf)",
    ),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_update_is_one_line_and_changes_nothing(
    library_home: Path, local_server: LocalServer, failure: str
) -> None:
    assert invoke("library", "add", "newtown", local_server.url(PATH)).exit_code == 0
    before = dump(library_home)
    make, problem = FAILURES[failure]
    make(local_server)
    line = one_line_error(invoke("library", "update", "newtown", "--timeout", "0.5"))
    assert line == f"Error: newtown: {local_server.url(PATH)}: {problem}"
    assert dump(library_home) == before


@pytest.mark.parametrize("failure", ["404", "wrong content type", "redirect loop"])
def test_a_failed_add_is_one_line_and_adds_nothing(
    library_home: Path, local_server: LocalServer, failure: str
) -> None:
    make, problem = FAILURES[failure]
    make(local_server)
    line = one_line_error(invoke("library", "add", "newtown", local_server.url(PATH)))
    assert line == f"Error: {local_server.url(PATH)}: {problem}"
    assert dump(library_home).get("source", []) == []


def test_refused_when_the_server_is_gone(library_home: Path) -> None:
    with LocalServer() as server:
        server.routes[PATH] = page(newtown_page())
        address = server.url(PATH)
        assert invoke("library", "add", "newtown", address).exit_code == 0
    before = dump(library_home)
    line = one_line_error(invoke("library", "update"))
    assert line == f"Error: newtown: {address}: the server refused the connection"
    assert dump(library_home) == before


def test_one_failing_source_does_not_stop_the_others(
    library_home: Path, local_server: LocalServer, tmp_path: Path
) -> None:
    local = tmp_path / "oldtown.html"
    local.write_bytes(newtown_page())
    assert invoke("library", "add", "a-web", local_server.url(PATH)).exit_code == 0
    assert invoke("library", "add", "b-disk", str(local)).exit_code == 0
    local_server.routes.pop(PATH)
    local.write_bytes(newtown_page([("May 2025", [("Adoption", "Updated.")])]))
    result = invoke("library", "update", "--json")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"Error: a-web: {local_server.url(PATH)}: the server answered 404 Not Found"
    reports = json.loads("\n".join(lines[1:]))
    assert reports[0] == {"name": "a-web", "error": lines[0].removeprefix("Error: ")}
    assert [e["title"] for e in reports[1]["new"]] == ["Adoption"]


def test_five_redirects_are_followed(library_home: Path, local_server: LocalServer) -> None:
    chain(local_server, 5)
    result = invoke("library", "add", "newtown", local_server.url(PATH), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["pages"][0]["entries"] == 4


def test_last_modified_is_sent_back_and_text_pages_are_taken(
    library_home: Path, local_server: LocalServer
) -> None:
    stamp = "Wed, 01 May 2024 10:00:00 GMT"
    local_server.routes[PATH] = Response(
        b"Amendments\n\nMay 2024\n\nAdoption\n\nThis chapter was updated.\n",
        headers={"Content-Type": "text/plain; charset=utf-8", "Last-Modified": stamp},
    )
    assert invoke("library", "add", "plain", local_server.url(PATH)).exit_code == 0
    assert invoke("library", "update").exit_code == 0
    path, headers = local_server.requests[-1]
    assert path == PATH and headers.get("If-Modified-Since") == stamp
    assert "If-None-Match" not in headers
    assert headers["User-Agent"].startswith("manualtui/")
