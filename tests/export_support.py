"""Shared by the export tests: hand-made items, LibreOffice as the real client, and what a
reader sees on the printed page.

`make_library` builds a small `Library` of hand-made entries (no parser involved), so the
exporters can be tested on exactly the text a test needs. `LibreOffice` converts files
with soffice headless in its own profile folder (so parallel runs never share one) and
returns what it wrote. `Printed` reads a PDF as a reader sees it: its pages' text (poppler's
pdftotext) and the size of its smallest printed text (from the words' boxes).
"""

from __future__ import annotations

import csv
import re
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from manualtui.exporters import ExportRequest
from manualtui.load import manual_key
from manualtui.model import (
    Assessment,
    Entry,
    Item,
    Kind,
    Library,
    Manual,
    Note,
    Priority,
    Release,
    SectionRef,
)
from manualtui.select import Selection
from manualtui.wording import INFERRED_NOTE, untitled
from tests.realparts import require_tool

CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


@dataclass(frozen=True)
class Spec:
    """One hand-made entry: council, release `YYYY-MM`, kind, title, details, priority.

    `inferred` makes the entry one whose page lost its title: `title` becomes the chapter
    title inferred for it, and `inferred` the evidence.
    """

    council: str
    release: str
    kind: Kind
    title: str
    details: str
    priority: Priority = Priority.REVIEW
    reason: str = "updated"
    sections: tuple[SectionRef, ...] = ()
    drivers: tuple[str, ...] = ()
    link: str = ""
    inferred: str = ""


def make_library(specs: Sequence[Spec], notes: dict[str, str] | None = None) -> Library:
    """A library of one manual per council, releases newest first, items in page order.

    `notes` maps a release `YYYY-MM` to a note text (e.g. "Next Update: March 2021").
    """
    manuals: list[Manual] = []
    items: list[Item] = []
    councils = list(dict.fromkeys(s.council for s in specs))
    for index, council in enumerate(councils):
        mine = [s for s in specs if s.council == council]
        keys = sorted({s.release for s in mine}, reverse=True)
        line = 1
        releases: list[Release] = []
        placed: list[tuple[Spec, Entry]] = []
        for key in keys:
            entries: list[Entry] = []
            for spec in (s for s in mine if s.release == key):
                line += 1
                entry = Entry(
                    spec.kind,
                    "" if spec.inferred else spec.title,
                    tuple(spec.details.split("\n\n")),
                    line,
                    line,
                    spec.link,
                )
                entries.append(entry)
                placed.append((spec, entry))
            year, month = (int(p) for p in key.split("-"))
            note = (notes or {}).get(key)
            label = date(year, month, 1).strftime("%B %Y")
            releases.append(
                Release(
                    label, year, month, line, tuple(entries), (Note(note, line),) if note else ()
                )
            )
        manual = Manual(
            council,
            "Procedures Manual",
            f"{council.lower()}.txt",
            "pipe",
            tuple(releases),
            key=manual_key(council, "Procedures Manual"),
        )
        manuals.append(manual)
        by_line = {entry.first_line: (spec, entry) for spec, entry in placed}
        for release in releases:
            for entry in release.entries:
                spec, _ = by_line[entry.first_line]
                items.append(
                    Item(
                        id=f"{index}:{entry.first_line}",
                        manual=manual,
                        release=release,
                        entry=entry,
                        chapter=_key(spec.title),
                        chapter_title=spec.title,
                        assessment=Assessment(
                            spec.priority, spec.reason, spec.sections, spec.drivers
                        ),
                        title_inferred=bool(spec.inferred),
                        inference=spec.inferred,
                    )
                )
    return Library(tuple(manuals), tuple(items))


def _key(title: str) -> str:
    return "-".join(title.casefold().split())


def request_for(
    library: Library, fmt: str, path: Path, selection: Selection | None = None, **options: Any
) -> ExportRequest:
    """An export of the whole library, or of `selection`."""
    chosen = selection or Selection()
    return ExportRequest(
        fmt=fmt,
        path=path,
        items=chosen.apply(library),
        library=library,
        selection=chosen,
        **options,
    )


class LibreOffice:
    """soffice headless with a private profile, converting files into `folder`."""

    def __init__(self, folder: Path) -> None:
        self.soffice = require_tool("soffice")
        self.folder = folder
        self.profile = folder / "lo-profile"

    def convert(self, source: Path, target: str) -> Path:
        """Convert `source` (e.g. to "pdf", "txt" or CSV_ALL_SHEETS); return the out folder."""
        out = self.folder / f"{source.stem}-{target.split(':')[0]}"
        self._run(target, out, [source], timeout=180)
        if not any(out.iterdir()):
            raise AssertionError(f"LibreOffice could not open {source}")
        return out

    def pdfs(self, sources: Sequence[Path]) -> list[Path]:
        """Print `sources` to PDF in one run of soffice; return the PDFs in order."""
        out = self.folder / "pdf"
        self._run("pdf", out, sources, timeout=600)
        pdfs = [out / f"{source.stem}.pdf" for source in sources]
        missing = [p.name for p in pdfs if not p.is_file()]
        if missing:
            raise AssertionError(f"LibreOffice could not print {missing}")
        return pdfs

    def _run(self, target: str, out: Path, sources: Sequence[Path], timeout: int) -> None:
        out.mkdir(exist_ok=True)
        done = subprocess.run(
            [
                self.soffice,
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *map(str, sources),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"LibreOffice could not open {list(sources)}: {done.stderr}")

    def sheets(self, workbook: Path) -> dict[str, list[list[str]]]:
        """Every sheet of `workbook` as LibreOffice computes and shows it, by sheet name."""
        out = self.convert(workbook, CSV_ALL_SHEETS)
        prefix = workbook.stem + "-"
        return {path.stem[len(prefix) :]: _read_csv(path) for path in sorted(out.glob("*.csv"))}

    def text(self, document: Path) -> str:
        """A document's text as LibreOffice lays it out (fields and tables included)."""
        out = self.convert(document, "txt:Text (encoded):UTF8")
        return (out / f"{document.stem}.txt").read_text(encoding="utf-8-sig")


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def checklist_rows(path: Path, sheet: str = "Checklist") -> list[dict[str, Any]]:
    """A tracker sheet's rows as dicts keyed by the header row."""
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# poppler's word box runs from the font's ascent to its descent: 1.3 times the font size
# for Carlito (LibreOffice's stand-in for Calibri), measured on text of known size.
CARLITO_BOX = 1.3
_WORD_BOX = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')


class Printed:
    """A PDF as a reader sees it: pages of text, the printed size of its text."""

    def __init__(self, pdf: Path) -> None:
        self.pdf = pdf
        self.pdftotext = require_tool("pdftotext")
        # -raw: the words in the order they were printed, hyphens at line ends kept.
        text = self._run(self.pdftotext, "-raw", "-enc", "UTF-8", str(pdf), "-")
        self.pages = text.split("\f")[:-1]

    def _run(self, *command: str) -> str:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def body(self, first: int = 1, last: int = 0) -> str:
        """The text of pages `first` to `last` (1-based; 0 for the end) without page
        headers and footers, in one line: what a reader reads, in order."""
        lines = [
            line.strip()
            for page in self.pages[first - 1 : last or None]
            for line in page.splitlines()
            if not _FURNITURE.match(line.strip())
        ]
        # A word broken after its hyphen ("Looked-" / "after") is one word again.
        return normalised(_BROKEN_WORD.sub("", "\n".join(lines)))

    def sheet_pages(self, sheet: str) -> list[int]:
        """The pages (1-based) of a printed workbook whose footer names `sheet`."""
        footer = re.compile(rf"^Page \d+ of \d+ {re.escape(sheet)}$", re.MULTILINE)
        return [number for number, page in enumerate(self.pages, 1) if footer.search(page)]

    def smallest_text(self, pages: Sequence[int]) -> float:
        """The size in points of the smallest text printed on `pages`."""
        heights = [
            float(bottom) - float(top)
            for page in pages
            for top, bottom in _WORD_BOX.findall(
                self._run(
                    self.pdftotext, "-bbox", "-f", str(page), "-l", str(page), str(self.pdf), "-"
                )
            )
            if float(bottom) > float(top)
        ]
        return min(heights) / CARLITO_BOX


_BROKEN_WORD = re.compile(r"(?<=\w-)\n(?=\w)")
# Page headers and footers: "Page 3 of 15" (a workbook's adds the sheet), and the running
# heads of briefings and trackers.
_FURNITURE = re.compile(r"^(?:Page \d+ of \d+(?: .*)?|Briefing pack · .*|Re-read tracker · .*)$")


def normalised(text: str) -> str:
    """`text` as `Printed.body` gives it: NFKC, one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def shown_title(entry: dict[str, Any]) -> str:
    """The chapter title the exports show for an entry of `entries --json`."""
    title = str(entry["chapter_title"]) or untitled(int(entry["line"]), str(entry["details"]))
    return title + INFERRED_NOTE if entry["title_inferred"] else title


def newest_of_each_chapter(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of `entries --json` (newest release first), the newest entry of each chapter."""
    newest: dict[tuple[object, ...], dict[str, Any]] = {}
    for entry in entries:
        chapter = entry["chapter"] or entry["id"]
        newest.setdefault((entry["council"], entry["manual"], chapter), entry)
    return list(newest.values())
