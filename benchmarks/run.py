"""The benchmark runner: every figure beside a baseline measured in the same run.

    .venv/bin/python -m benchmarks.run [--entries 100000] [--quick] [--out benchmarks/out]
                                       [--only loading,screens,keys,search,exports]

Writes (or reuses) a corpus of about `--entries` entries (benchmarks/corpus.py), then runs
each measurement in its own process (benchmarks/measure.py; first screens through tmux,
benchmarks/screen.py) and prints one Markdown table: the figure, its baseline, the ratio,
the target and whether it is met, and the peak memory of both. "cold" runs load without the
on-disk cache (MANUALTUI_NO_CACHE=1); "warm" runs read the library the cold run cached.
`--quick` times each first screen and key once instead of three (keys: five) times (the
median is shown); `--only keys` runs only the explorer's key measures (help, first switch
to Compare, palette, quit: each beside a bare Textual app's same key, at the samples and at
the corpus).
The results are also written to OUT/results.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import bare_app
from .corpus import write_corpus
from .keys import EXITED, KeyStep, time_key
from .screen import SIZE, Screen, first_screen
from .visidata import VisiDataMissing, visidata

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT_MB = 400.0
REPEATS = 3
# The explorer's keys: (measure, our key and what shows it, the bare app's, target at the
# samples and at scale, in seconds).
KEYS = (
    (
        "? to help shown",
        KeyStep("help", ("?",), "Everything works from the keyboard"),
        KeyStep("help", ("?",), bare_app.HELP),
    ),
    (
        "first switch to Compare",
        KeyStep("compare", ("2",), "showing:"),
        KeyStep("compare", ("2",), bare_app.COMPARED[0]),
    ),
    (
        "ctrl+p to palette shown",
        KeyStep("palette", ("C-p",), "Search for commands"),
        KeyStep("palette", ("C-p",), "Search for commands"),
    ),
    ("quit", KeyStep("quit", ("q",), EXITED), KeyStep("quit", ("q",), EXITED)),
)
KEY_TARGETS = {"samples": 0.150, "scale": 0.300}
SMALL = (80, 24)  # a terminal over SSH
SMALL_NEEDLE = 24  # characters of a title the 80-column list always shows
KEY_REPEATS = 5  # a key takes a tenth of a second: more launches than a first screen


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure beside its baseline."""

    measure: str
    value: float | None
    baseline_name: str
    baseline: float | None
    unit: str = "s"
    peak_mb: float | None = None
    baseline_peak_mb: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


class Bench:
    """Runs the measures for one corpus size and collects the rows."""

    def __init__(self, entries: int, out: Path, repeats: int) -> None:
        self.entries = entries
        self.out = out
        self.repeats = repeats
        self.cache = out / "cache"
        self.corpus = out / f"corpus-{entries}"
        self.rows: list[Row] = []

    # -- running things ---------------------------------------------------------------

    def env(self, cached: bool) -> dict[str, str]:
        # Without bytecode on disk every launch would compile the program again: no installed
        # program runs that way, so a shell's PYTHONDONTWRITEBYTECODE is not passed on.
        dropped = {"MANUALTUI_NO_CACHE", "PYTHONDONTWRITEBYTECODE"}
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        env["MANUALTUI_CACHE_DIR"] = str(self.cache)
        if not cached:
            env["MANUALTUI_NO_CACHE"] = "1"
        return env

    def measure(self, name: str, cached: bool = True, **arguments: Any) -> dict[str, Any]:
        """Run one measure in a fresh process and return what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.measure", name, json.dumps(arguments)],
            cwd=ROOT,
            env=self.env(cached),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"measure {name} failed:\n{done.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def screen(
        self,
        command: list[str],
        needle: str,
        cached: bool = True,
        repeats: int | None = None,
        size: tuple[int, int] = SIZE,
    ) -> Screen:
        """The median first screen of `repeats` launches (and the largest peak)."""
        runs = [
            first_screen(command, needle, env=self.env(cached), size=size)
            for _ in range(repeats or self.repeats)
        ]
        return Screen(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))

    # -- the corpus -------------------------------------------------------------------

    def prepare(self) -> None:
        if not (self.corpus / "manifest.toml").is_file():
            manuals = max(4, min(200, self.entries // 500))
            write_corpus(self.corpus, manuals=manuals, entries=self.entries)
        if self.cache.exists():
            shutil.rmtree(self.cache)
        for package in ("src", "exporters", "benchmarks"):  # as an installed program has it
            compileall.compile_dir(ROOT / package, quiet=1)

    def corpus_paths(self) -> list[str]:
        from manualtui.load import manifest_sources

        return [str(s.path) for s in manifest_sources(self.corpus)]

    # -- the rows ---------------------------------------------------------------------

    def loading(self) -> None:
        lines = self.measure("read_lines", corpus=str(self.corpus))
        cold = self.measure("load", cached=False, corpus=str(self.corpus))
        self.measure("load", corpus=str(self.corpus))  # fills the cache
        warm = self.measure("load", corpus=str(self.corpus))
        floor = self.measure("reader_floor", corpus=str(self.corpus))
        n = cold["entries"]
        baseline = _figure_of(lines)
        for label, result, limit in (("cold", cold, 20.0), ("warm cache", warm, None)):
            self.beside(
                f"parse + load {n:,} entries ({label})",
                _figure_of(result),
                "read bytes + split lines",
                baseline,
                limit,
            )
        self.beside(
            f"reader floor, {n:,} entries: lines matched once, HTML parsed, objects built",
            _figure_of(floor),
            "read bytes + split lines",
            baseline,
        )

    def first_screens(self) -> None:
        python = [sys.executable, "-m"]
        bare = self.screen([*python, "benchmarks.bare_app"], "Bare baseline row")
        samples_needle = _needle(self.library(None))  # also puts the samples in the cache
        for label, cached, limit in (("cold", False, None), ("warm cache", True, 1.15)):
            shown = self.screen([*python, "manualtui"], samples_needle, cached=cached)
            self.beside(
                f"explorer first screen, samples ({label})", shown, "bare Textual app", bare, limit
            )
        self.small_first_screens(samples_needle)
        paths = self.corpus_paths()
        library = self.library(paths)
        csv = self.out / f"rows-{self.entries}.csv"
        self.measure(
            "export", corpus=str(self.corpus), fmt="csv", entries=len(library.items), out=str(csv)
        )
        try:
            vd = visidata()
        except VisiDataMissing as missing:
            vd_screen, vd_note = None, str(missing)
        else:
            vd_screen = self.screen([str(vd), str(csv)], _council_needle(library))
            vd_note = ""
        browse = [*python, "manualtui", "browse", *paths]
        needle = _needle(library)
        n = len(library.items)
        # The first manual's first release on screen: the explorer shows it while it reads
        # the other manuals (warm, from the cache as the whole library has it).
        for label, cached, repeats, limit in (
            ("cold", False, 1, 1.5),
            ("warm cache", True, None, 0.8),
        ):
            shown = self.screen(browse, needle, cached=cached, repeats=repeats)
            self.add(
                Row(
                    f"explorer first screen, {n:,} entries ({label})",
                    shown.seconds,
                    "VisiData on a CSV of the same rows",
                    vd_screen.seconds if vd_screen else None,
                    peak_mb=shown.peak_mb,
                    baseline_peak_mb=vd_screen.peak_mb if vd_screen else None,
                    target=f"<= {limit} x",
                    met=(shown.seconds <= limit * vd_screen.seconds) if vd_screen else None,
                    note=vd_note,
                )
            )

    def small_first_screens(self, needle: str) -> None:
        """The samples' first screen, warm, in an 80x24 pane (as over SSH) beside the bare
        app's in the same size; the needle cut to what the narrow list shows of a title."""
        python = [sys.executable, "-m"]
        bare = self.screen([*python, "benchmarks.bare_app"], "Bare baseline row", size=SMALL)
        shown = self.screen([*python, "manualtui"], needle[:SMALL_NEEDLE], size=SMALL)
        self.beside(
            "explorer first screen, samples (warm cache, 80x24)",
            shown,
            "bare Textual app, 80x24",
            bare,
            1.15,
        )

    def keys(self) -> None:
        """Each key, from launch to the result, beside the bare app's same key: medians."""
        python = [sys.executable, "-m"]
        bare = [*python, "benchmarks.bare_app"]
        paths = self.corpus_paths()
        corpus = self.library(paths)
        places = [
            ("samples", [*python, "manualtui"], _needle(self.library(None)), "samples"),
            (
                f"{len(corpus.items):,} entries",
                [*python, "manualtui", "browse", *paths],
                _needle(corpus),
                "scale",
            ),
        ]
        bare_times = {name: self.key_time(bare, bare_app.ROW[2], step) for name, _, step in KEYS}
        for label, command, needle, scale in places:
            for name, step, _ in KEYS:
                ours = self.key_time(command, needle, step)
                target = KEY_TARGETS[scale]
                self.add(
                    Row(
                        f"{name}, {label}",
                        ours,
                        "bare Textual app, same key",
                        bare_times[name],
                        unit="ms",
                        target=f"< {target * 1000:.0f} ms",
                        met=ours < target,
                    )
                )

    def key_time(self, command: list[str], ready: str, step: KeyStep) -> float:
        """The median of several launches, each timing the key once (warm cache)."""
        repeats = KEY_REPEATS if self.repeats > 1 else 1
        runs = [time_key(command, ready, step, env=self.env(True)) for _ in range(repeats)]
        return statistics.median(runs)

    def search(self) -> None:
        ours = self.measure("search", corpus=str(self.corpus))
        naive = self.measure("search_naive", corpus=str(self.corpus))
        n = self.entries_loaded
        for which in ("p50", "p95"):
            limit = which == "p95"
            self.add(
                Row(
                    f"search keystroke {which}, {n:,} entries",
                    ours[which],
                    f"plain substring scan, {which}",
                    naive[which],
                    unit="ms",
                    peak_mb=ours["peak_mb"],
                    baseline_peak_mb=naive["peak_mb"],
                    target="< 16 ms" if limit else "",
                    met=ours[which] < 0.016 if limit else None,
                )
            )

    def exports(self) -> None:
        for size in (max(1, self.entries // 10), self.entries):
            xlsx = self.out / f"tracker-{size}.xlsx"
            ours = self.measure(
                "export", corpus=str(self.corpus), fmt="xlsx", entries=size, out=str(xlsx)
            )
            base = self.measure(
                "xlsx_baseline", source=str(xlsx), out=str(self.out / f"baseline-{size}.xlsx")
            )
            ratio = ours["seconds"] / base["seconds"]
            self.add(
                Row(
                    f"xlsx tracker, {ours['entries']:,} entries",
                    ours["seconds"],
                    "openpyxl write-only, same cells",
                    base["seconds"],
                    peak_mb=ours["peak_mb"],
                    baseline_peak_mb=base["peak_mb"],
                    target="<= 1.5 x",
                    met=ratio <= 1.5,
                )
            )
            self.tracker_status(xlsx, ours["entries"])
        self.briefings()

    def briefings(self) -> None:
        """The largest briefing the pack takes (a tenth of the corpus, at most its limit),
        then the whole corpus, which it refuses as too long for a meeting."""
        from manualtui.exporters.docx_briefing import MOST_ENTRIES

        largest = min(MOST_ENTRIES, max(1, self.entries // 10))
        for size, at_most in ((largest, True), (self.entries, False)):
            docx = self.out / f"briefing-{size}.docx"
            ours = self.measure(
                "export",
                corpus=str(self.corpus),
                fmt="docx",
                entries=size,
                out=str(docx),
                at_most=at_most,
            )
            if "refused" in ours:
                self.add(
                    Row(
                        f"docx briefing, {ours['entries']:,} entries (refused)",
                        ours["seconds"],
                        "python-docx, same text as plain paragraphs",
                        None,
                        peak_mb=ours["peak_mb"],
                        note=f"refused: {ours['refused']}",
                    )
                )
                continue
            base = self.measure(
                "docx_baseline", source=str(docx), out=str(self.out / f"baseline-{size}.docx")
            )
            self.add(
                Row(
                    f"docx briefing, {ours['entries']:,} entries",
                    ours["seconds"],
                    "python-docx, same text as plain paragraphs",
                    base["seconds"],
                    peak_mb=ours["peak_mb"],
                    baseline_peak_mb=base["peak_mb"],
                )
            )

    def tracker_status(self, xlsx: Path, entries: int) -> None:
        ours = self.measure("tracker_status", source=str(xlsx))
        base = self.measure("xlsx_read_baseline", source=str(xlsx))
        self.add(
            Row(
                f"tracker status, {entries:,} entries",
                ours["seconds"],
                "openpyxl read-only, every cell",
                base["seconds"],
                peak_mb=ours["peak_mb"],
                baseline_peak_mb=base["peak_mb"],
                target="<= 1.5 x",
                met=ours["seconds"] <= 1.5 * base["seconds"],
            )
        )

    # -- helpers ----------------------------------------------------------------------

    _loaded: int = 0

    @property
    def entries_loaded(self) -> int:
        return self._loaded or self.entries

    def library(self, paths: list[str] | None) -> Any:
        """A library as the explorer will load it (through the cache: fast once warm)."""
        os.environ["MANUALTUI_CACHE_DIR"] = str(self.cache)
        os.environ.pop("MANUALTUI_NO_CACHE", None)
        from manualtui.load import load_manuals

        library = load_manuals(paths or ())
        if paths:
            self._loaded = len(library.items)
        return library

    def beside(
        self, measure: str, ours: Screen, name: str, theirs: Screen, limit: float | None = None
    ) -> None:
        """A row of our figure beside the baseline's, with a target of `limit` x if any."""
        self.add(
            Row(
                measure,
                ours.seconds,
                name,
                theirs.seconds,
                peak_mb=ours.peak_mb,
                baseline_peak_mb=theirs.peak_mb,
                target=f"<= {limit:g} x" if limit else "",
                met=ours.seconds <= limit * theirs.seconds if limit else None,
            )
        )

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(
            f"  {row.measure}: {_figure(row.value, row.unit)} "
            f"(baseline {_figure(row.baseline, row.unit)})",
            file=sys.stderr,
            flush=True,
        )


def _figure_of(result: dict[str, Any]) -> Screen:
    """A measure's seconds and peak memory, as a first screen's are kept."""
    return Screen(result["seconds"], result["peak_mb"])


def _needle(library: Any) -> str:
    """Text the explorer shows once it shows data: the first titled entry's chapter."""
    titled = [i for i in library.items[:10] if i.chapter_title]
    text = titled[0].chapter_title if titled else library.items[0].entry.details[0]
    return str(text)[:20]


def _council_needle(library: Any) -> str:
    return str(library.items[0].council)[:15]


# ---------------------------------------------------------------------------------------
# The table


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "ms" or value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def _memory(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def table(rows: list[Row], entries: int) -> str:
    """The rows as one Markdown table."""
    header = [
        "measure",
        "manualtui",
        "baseline",
        "baseline figure",
        "ratio",
        "target",
        "met",
        "peak MiB (ours / baseline)",
        f"< {MEMORY_LIMIT_MB:.0f} MiB",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        ratio = row.ratio
        memory_ok = (
            ("yes" if row.peak_mb < MEMORY_LIMIT_MB else "no")
            if (row.peak_mb is not None and f"{entries:,}" in row.measure)
            else ""
        )
        cells = [
            row.measure,
            _figure(row.value, row.unit),
            row.baseline_name + (f" ({row.note})" if row.note else ""),
            _figure(row.baseline, row.unit),
            "n/a" if ratio is None else f"{ratio:.2f} x",
            row.target,
            "" if row.met is None else ("yes" if row.met else "no"),
            f"{_memory(row.peak_mb)} / {_memory(row.baseline_peak_mb)}",
            memory_ok,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


STEPS = {
    "loading": "loading",
    "screens": "first_screens",
    "keys": "keys",
    "search": "search",
    "exports": "exports",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument(
        "--quick", action="store_true", help="one launch per first screen instead of three"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument(
        "--only",
        default=",".join(STEPS),
        help=f"comma-separated steps to run, of {', '.join(STEPS)} (default: all)",
    )
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in only if name not in STEPS]
    if unknown:
        parser.error(f"unknown steps {', '.join(unknown)}; choose from {', '.join(STEPS)}")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.entries, out, 1 if args.quick else REPEATS)
    bench.prepare()
    for name in STEPS:
        if name in only:
            step: Callable[[], None] = getattr(bench, STEPS[name])
            step()
    (out / "results.json").write_text(json.dumps([asdict(r) for r in bench.rows], indent=2))
    print(table(bench.rows, bench.entries_loaded))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
