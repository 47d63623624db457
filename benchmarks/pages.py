"""Writing Amendments pages in each layout from known entries: the material of the benchmark
corpus, and of tests that check the parsers read back exactly what was written."""

from __future__ import annotations

import html
from dataclasses import dataclass

from manualtui.model import Kind

HEADINGS = {
    Kind.UPDATED: "Updated Chapters",
    Kind.NEW: "New Chapters and Features",
    Kind.REMOVED: "Removed Chapters",
}


@dataclass(frozen=True)
class Written:
    kind: Kind
    title: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class WrittenRelease:
    label: str
    entries: tuple[Written, ...]


def _tables(release: WrittenRelease) -> list[tuple[Kind, list[Written]]]:
    tables: list[tuple[Kind, list[Written]]] = []
    for entry in release.entries:
        if not tables or tables[-1][0] is not entry.kind:
            tables.append((entry.kind, []))
        tables[-1][1].append(entry)
    return tables


def caption_page(releases: list[WrittenRelease], one_line: bool = True) -> str:
    """The Luton shape: one-line rows (or title paragraph + details paragraphs)."""
    out = ["Amendments", ""]
    for release in releases:
        out += [release.label, "", f"CAPTION: {release.label}", "   "]
        for kind, entries in _tables(release):
            out.append(HEADINGS[kind])
            if kind is Kind.REMOVED:
                out += [f"  • {e.title};" for e in entries]
                continue
            out.append("Chapter Title Details")
            for entry in entries:
                if one_line and len(entry.details) == 1:
                    out.append(f"{entry.title} {entry.details[0]}")
                else:
                    out += ["", entry.title, ""]
                    for paragraph in entry.details:
                        out += [paragraph, ""]
        out.append("")
    return "\n".join(out)


def pipe_page(releases: list[WrittenRelease]) -> str:
    """The Enfield shape: title cell line, details cell line; lost titles as 'details |' + '|'."""
    out = []
    for release in releases:
        out.append(release.label)
        for kind, entries in _tables(release):
            out += [f"{HEADINGS[kind]} | |", "Chapter Name | Details |"]
            for entry in entries:
                details = " ".join(entry.details)
                if entry.title:
                    out += [f"{entry.title} |", f"{details} |"]
                else:
                    out += [f"{details} |", "|"]
    return "\n".join(out)


def blocks_page(releases: list[WrittenRelease]) -> str:
    """Today's tri.x shape: year lines, month headings, title and details paragraphs."""
    out = ["Amendments", ""]
    year = ""
    for release in releases:
        if release.label[-4:] != year:
            year = release.label[-4:]
            out += [year, ""]
        out += [release.label, ""]
        for entry in release.entries:
            out += [entry.title, ""]
            for paragraph in entry.details:
                out += [paragraph, ""]
    return "\n".join(out)


def html_page(releases: list[WrittenRelease], link_base: str = "https://example.org/") -> str:
    """A saved browser page: headings, tables with linked titles, a Removed list."""
    out = [
        "<!DOCTYPE html>",
        "<html><head><title>Amendments</title></head>",
        "<body>",
        "<nav><a href='/'>Home</a></nav>",
        "<main>",
        "<h1>Amendments</h1>",
    ]
    for release in releases:
        out.append(f"<h2>{html.escape(release.label)}</h2>")
        for kind, entries in _tables(release):
            out.append(f"<h3>{HEADINGS[kind]}</h3>")
            if kind is Kind.REMOVED:
                out.append("<ul>")
                out += [f"<li>{html.escape(e.title)};</li>" for e in entries]
                out.append("</ul>")
                continue
            out += ["<table>", "<tr><th>Chapter Name</th><th>Details</th></tr>"]
            for entry in entries:
                slug = "-".join(entry.title.lower().split())
                paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in entry.details)
                out += [
                    "<tr>",
                    f"<td><a href='{link_base}{slug}'>{html.escape(entry.title)}</a></td>",
                    f"<td>{paragraphs}</td>",
                    "</tr>",
                ]
            out.append("</table>")
    out += ["</main>", "</body></html>"]
    return "\n".join(out)
