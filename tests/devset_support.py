"""The real pages of other councils (tests/devset, copied from the shared dev set with the
annotations made by reading them), and an HTML rendering of a page as a browser saves it.

`html_rendering` writes what a page's text reading holds as a saved page: tables for pipe
and caption pages, headings and paragraphs with linked titles for blocks pages, inside the
furniture of "Save Page As" (a "saved from" comment, scripts and styles, a <form> around the
body, a header with a skip link, navigation, a cookie banner, deep nesting, a footer).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from manualtui.load import load_manuals
from manualtui.model import Entry, Kind, Manual, Release
from manualtui.parse.lines import table_heading

DEVSET = Path(__file__).parent / "devset"
HEADINGS = {
    Kind.UPDATED: "Updated Chapters",
    Kind.NEW: "New Chapters and Features",
    Kind.REMOVED: "Removed Chapters",
}


def dev_pages() -> list[Path]:
    return sorted((DEVSET / "pages").glob("*.txt"))


def gold(page: Path) -> Any:
    """What a person read on the page: releases, sections by kind, entries."""
    return json.loads((DEVSET / "gold" / f"{page.stem}.json").read_text(encoding="utf-8"))


def read(page: Path) -> Manual:
    """A page read as `manualtui entries NAME=PAGE` reads it (alone, with the samples'
    titles as evidence)."""
    return load_manuals([f"{page.stem}={page}"]).manuals[0]


def html_rendering(manual: Manual, text: str, depth: int = 300) -> str:
    """A saved browser page holding what `manual` (read from `text`) holds."""
    headed = any(table_heading(line) is not None for line in text.split("\n"))
    body = [
        _release_html(release, manual.layout, headed and manual.layout != "blocks")
        for release in manual.releases
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<!-- saved from url=(0046)https://example.trixonline.co.uk/amendments -->",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>Amendments</title>",
            "<style>.menu { display: flex } /* Updated Chapters */</style>",
            "<script>var release = 'October 2020'; // Updated Chapters</script>",
            "</head><body>",
            '<form method="post" action="./amendments" id="aspnetForm">',
            '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4">',
            '<header><a href="#main">Skip to content</a>',
            '<img src="Amendments_files/logo.png" alt="Company Logo">',
            '<nav aria-label="Main"><ul><li><a href="/">Home</a></li>',
            '<li><a href="/contents">Updated Chapters</a></li><li>March 2021</li></ul></nav>',
            "</header>",
            '<div id="cookie-banner" class="cookie-notice"><p>We use cookies on this site.',
            "Read our policy, updated January 2024.</p><button>Accept</button></div>",
            '<main id="main">',
            "<div>" * depth,
            "<h1>Amendments</h1>",
            *body,
            "</div>" * depth,
            "</main>",
            "<footer><p>Copyright tri.x 2025</p><p>Accessibility | Terms</p></footer>",
            "<script>document.querySelector('#cookie-banner').hidden = true;</script>",
            "</form></body></html>",
        ]
    )


def _release_html(release: Release, layout: str, headed: bool) -> str:
    out = [] if release.label.startswith("undated") else [f"<h2>{escape(release.label)}</h2>"]
    parts = sorted(
        [(e.first_line, e) for e in release.entries]
        + [(n.line, f"<p>{escape(n.text)}</p>") for n in release.notes],
        key=lambda part: part[0],
    )
    table: list[Entry] = []
    for _, part in parts:
        if isinstance(part, Entry) and table and part.kind is not table[0].kind:
            out.append(_table(table, layout, headed))
            table = []
        if isinstance(part, Entry):
            table.append(part)
            continue
        if table:
            out.append(_table(table, layout, headed))
            table = []
        out.append(part)
    if table:
        out.append(_table(table, layout, headed))
    return "\n".join(out)


def _table(entries: list[Entry], layout: str, headed: bool) -> str:
    kind = entries[0].kind
    heading = f"<h3>{HEADINGS[kind]}</h3>" if headed else ""
    if layout == "blocks":
        return "\n".join(_block(entry) for entry in entries)
    if kind is Kind.REMOVED and headed:
        items = "".join(f"<li>{escape(e.title)}</li>" for e in entries)
        return f"{heading}<ul>{items}</ul>"
    rows = "\n".join(
        f"<tr><td>{_title(entry)}</td><td>{_paragraphs(entry)}</td></tr>" for entry in entries
    )
    return (
        f"{heading}<table><tbody><tr><th>Chapter Name</th><th>Details</th></tr>\n{rows}"
        "</tbody></table>"
    )


def _block(entry: Entry) -> str:
    return f"<h4>{_title(entry)}</h4>\n{_paragraphs(entry)}"


def _title(entry: Entry) -> str:
    if not entry.title:
        return ""
    slug = "-".join(entry.title.lower().split())
    return f'<a href="/chapter/{escape(slug)}">{escape(entry.title)}</a>'


def _paragraphs(entry: Entry) -> str:
    out = []
    for paragraph in entry.details:
        if paragraph.startswith("• "):
            out.append(f"<ul><li>{escape(paragraph[2:])}</li></ul>")
        else:
            out.append(f"<p>{escape(paragraph)}</p>")
    return "\n".join(out)
