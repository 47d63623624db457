"""One measurement per process: `python -m benchmarks.measure NAME JSON_ARGS` prints a JSON
object with `seconds` (or keystroke percentiles) and `peak_mb` (this process's peak resident
memory, from `ru_maxrss`). The runner starts each in a fresh process, so every figure has its
own memory peak and no measurement warms another's caches.

Measures, each beside the baseline the runner shows with it:
  load / read_lines            load_manuals on the corpus / reading its bytes, splitting lines
  reader_floor                 the least any reader of these pages in Python does, with no
                               reading logic: each line matched once by one pattern, each
                               HTML page parsed by lxml, the loaded entries and items built
  search / search_naive        search-as-you-type in the real explorer (Textual Pilot) / a
                               plain substring scan over every item's text
  export / xlsx_baseline /     the tracker or briefing (exporters.export) / openpyxl
  docx_baseline                write-only or python-docx writing the same cells / text
  tracker_status /             a written tracker read back with its completion figures
  xlsx_read_baseline           (`tracker status`) / openpyxl read-only reading every cell
"""

from __future__ import annotations

import asyncio
import json
import re
import resource
import statistics
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from manualtui.load import Source, manifest_sources

# Typed one key at a time, then erased with backspace, in the search measure.
QUERIES = ("placement", "foster care", "section 4", "secure accommodation", "kinship")
SCREEN = (120, 40)


def corpus_sources(corpus: Path) -> list[Source]:
    return manifest_sources(corpus)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------
# Loading


def measure_load(corpus: str) -> dict[str, Any]:
    from manualtui.load import load_manuals

    sources = corpus_sources(Path(corpus))
    start = time.perf_counter()
    library = load_manuals(sources)
    return {"seconds": time.perf_counter() - start, "entries": len(library.items)}


def measure_read_lines(corpus: str) -> dict[str, Any]:
    sources = corpus_sources(Path(corpus))
    start = time.perf_counter()
    lines = 0
    for source in sources:
        lines += len(source.path.read_bytes().decode("utf-8").splitlines())
    return {"seconds": time.perf_counter() - start, "lines": lines}


# A line shape every reader must find: a release heading ("October 2020").
_MONTH_HEADING = re.compile(
    r"\s*(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{4}\s*$"
)


def measure_reader_floor(corpus: str) -> dict[str, Any]:
    """The floor under `load`: what a reader producing this model cannot avoid, timed with
    none of its logic (the library is loaded first, untimed, for the objects' fields)."""
    from dataclasses import astuple

    from lxml import html

    from manualtui.load import load_manuals
    from manualtui.model import Entry, Item

    sources = corpus_sources(Path(corpus))
    items = load_manuals(sources).items
    fields = [(astuple(item.entry), item) for item in items]
    start = time.perf_counter()
    headings = 0
    for source in sources:
        data = source.path.read_bytes()
        if source.path.suffix == ".html":
            headings += sum(1 for _ in html.fromstring(data).iter())
        for line in data.decode("utf-8").splitlines():
            headings += _MONTH_HEADING.match(line) is not None
    built = [
        Item(i.id, i.manual, i.release, Entry(*entry), i.chapter, i.chapter_title, i.assessment)
        for entry, i in fields
    ]
    return {"seconds": time.perf_counter() - start, "entries": len(built), "seen": headings}


# ---------------------------------------------------------------------------------------
# Search as you type


def keystrokes() -> list[tuple[str, str]]:
    """(key to press, the search text after it) for every query typed then erased."""
    keys: list[tuple[str, str]] = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            char = query[end - 1]
            keys.append(("space" if char == " " else char, query[:end]))
        for end in range(len(query) - 1, -1, -1):
            keys.append(("backspace", query[:end]))
    return keys


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "keys": len(ordered)}


def measure_search(corpus: str) -> dict[str, Any]:
    from manualtui.load import load_manuals

    library = load_manuals(corpus_sources(Path(corpus)))
    return asyncio.run(_drive_search(library))


async def _drive_search(library: Any) -> dict[str, Any]:
    """Type into the real explorer's search box; per key, the time from the key event until
    the results list holds the new results and its visible lines are rendered.

    Keys go in the way the terminal driver delivers them (not through `Pilot.press`, whose
    idle waits sleep in 20 ms steps); the list's `set_items` is watched to know when the
    results arrived. Between keys the app is let idle, as between a typist's keystrokes.
    """
    from textual import events

    from manualtui.tui.app import build_app
    from manualtui.tui.widgets.item_table import ItemTable
    from manualtui.tui.widgets.search_box import SearchBox

    app = build_app((), library)
    times: list[float] = []
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        box = app.screen.query_one(SearchBox)
        table = app.screen.query_one(ItemTable)
        updated = asyncio.Event()
        set_items = table.set_items

        def watched_set_items(*args: Any, **kwargs: Any) -> None:
            set_items(*args, **kwargs)
            updated.set()

        table.set_items = watched_set_items  # type: ignore[method-assign]
        driver = app._driver
        assert driver is not None
        for key, expected in keystrokes():
            updated.clear()
            event = events.Key(key, " " if key == "space" else key if len(key) == 1 else None)
            event.set_sender(app)
            start = time.perf_counter()
            driver.send_message(event)
            await asyncio.wait_for(updated.wait(), timeout=30)
            _paint(table)
            times.append(time.perf_counter() - start)
            if box.value != expected:
                raise RuntimeError(f"the search box shows {box.value!r}, not {expected!r}")
            await pilot.pause()  # a typist's gap: the screen catches up before the next key
        await app.workers.wait_for_complete()
    return percentiles(times)


def _paint(table: Any) -> None:
    """Render the list's visible lines, as the next screen update would."""
    for y in range(table.scrollable_content_region.height):
        table.render_line(y)


def measure_search_naive(corpus: str) -> dict[str, Any]:
    from manualtui.load import load_manuals

    library = load_manuals(corpus_sources(Path(corpus)))
    texts = [
        f"{i.chapter_title}\n{i.entry.title}\n{i.entry.details_text}".casefold()
        for i in library.items
    ]
    times: list[float] = []
    matches = 0
    for _, query in keystrokes():
        start = time.perf_counter()
        words = query.casefold().split()
        found = [n for n, text in enumerate(texts) if all(w in text for w in words)]
        times.append(time.perf_counter() - start)
        matches += len(found)
    return {**percentiles(times), "matches": matches}


# ---------------------------------------------------------------------------------------
# Exports


def _selection(library: Any, entries: int, at_most: bool = False) -> Any:
    """The first councils (in load order) holding at least `entries` entries between them
    (with `at_most`, as many as fit within `entries`)."""
    from manualtui.select import Selection

    councils: list[str] = []
    count = 0
    per_council: dict[str, int] = {}
    for item in library.items:
        per_council[item.council] = per_council.get(item.council, 0) + 1
    for council in library.councils:
        more = per_council.get(council, 0)
        if count >= entries or (at_most and councils and count + more > entries):
            break
        councils.append(council)
        count += more
    if len(councils) == len(library.councils):
        return Selection()
    return Selection(councils=tuple(councils))


def measure_export(
    corpus: str, fmt: str, entries: int, out: str, at_most: bool = False
) -> dict[str, Any]:
    """The export of the first councils' `entries` (see `_selection`), its writer imported
    before the clock starts, as the baselines import openpyxl and python-docx before theirs.
    An export the writer refuses reports the refusal and the time it took."""
    from importlib import import_module

    from manualtui.errors import ManualError
    from manualtui.exporters import _WRITERS, ExportRequest, export
    from manualtui.load import load_manuals

    import_module(_WRITERS[fmt][0], "manualtui.exporters")

    library = load_manuals(corpus_sources(Path(corpus)))
    selection = _selection(library, entries, at_most)
    items = selection.apply(library)
    request = ExportRequest(
        fmt=fmt,
        path=Path(out),
        items=items,
        library=library,
        selection=selection,
        force=True,
        by="entry",
    )
    start = time.perf_counter()
    try:
        export(request)
    except ManualError as refused:
        return {
            "seconds": time.perf_counter() - start,
            "entries": len(items),
            "refused": refused.problem,
        }
    return {"seconds": time.perf_counter() - start, "entries": len(items)}


def measure_xlsx_baseline(source: str, out: str) -> dict[str, Any]:
    """openpyxl in write-only mode writing the values of every cell of `source`."""
    from openpyxl import Workbook, load_workbook

    read = load_workbook(source, read_only=True)
    sheets = [
        (ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in read.worksheets
    ]
    read.close()
    start = time.perf_counter()
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(out)
    cells = sum(len(row) for _, rows in sheets for row in rows)
    return {"seconds": time.perf_counter() - start, "cells": cells}


def measure_tracker_status(source: str) -> dict[str, Any]:
    """`tracker status` on `source`: the tracker checked, read back and its completion."""
    from datetime import date

    from manualtui.exporters.tracker_read import read_tracker
    from manualtui.exporters.tracker_status import completion

    start = time.perf_counter()
    report = completion(read_tracker(Path(source)), date.today())
    return {"seconds": time.perf_counter() - start, "rows": report["total"]["rows"]}


def measure_xlsx_read_baseline(source: str) -> dict[str, Any]:
    """openpyxl in read-only mode reading the value of every cell of `source`."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(source, read_only=True)
    cells = sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    book.close()
    return {"seconds": time.perf_counter() - start, "cells": cells}


def measure_docx_baseline(source: str, out: str) -> dict[str, Any]:
    """python-docx writing the text of `source` as plain paragraphs (a table row becomes
    one tab-separated paragraph): the same words, without the pack's design.

    Paragraphs are appended to the body element directly: `Document.add_paragraph` looks
    for the section properties on every call, which makes it quadratic (68 s for the
    paragraphs of 10,000 entries), and a baseline should be the fastest honest way.
    """
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    texts = docx_texts(Path(source))
    start = time.perf_counter()
    document = Document()
    body = document.element.body
    end = body.sectPr
    for text in texts:
        paragraph, run, words = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
        words.text = text
        words.set(qn("xml:space"), "preserve")
        run.append(words)
        paragraph.append(run)
        if end is not None:
            end.addprevious(paragraph)
        else:
            body.append(paragraph)
    document.save(out)
    return {"seconds": time.perf_counter() - start, "paragraphs": len(texts)}


def docx_texts(path: Path) -> list[str]:
    """The body's paragraphs outside tables, and each table row's cells joined by tabs."""
    from lxml import etree

    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{namespace}body")
    texts: list[str] = []

    def text_of(element: Any) -> str:
        return "".join(t.text or "" for t in element.iter(f"{namespace}t"))

    for child in body if body is not None else ():
        if child.tag == f"{namespace}p":
            texts.append(text_of(child))
        elif child.tag == f"{namespace}tbl":
            for row in child.iter(f"{namespace}tr"):
                texts.append("\t".join(text_of(cell) for cell in row.iter(f"{namespace}tc")))
    return texts


MEASURES: dict[str, Callable[..., dict[str, Any]]] = {
    "load": measure_load,
    "read_lines": measure_read_lines,
    "reader_floor": measure_reader_floor,
    "search": measure_search,
    "search_naive": measure_search_naive,
    "export": measure_export,
    "xlsx_baseline": measure_xlsx_baseline,
    "docx_baseline": measure_docx_baseline,
    "tracker_status": measure_tracker_status,
    "xlsx_read_baseline": measure_xlsx_read_baseline,
}


def main() -> None:
    name, arguments = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = MEASURES[name](**arguments)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
