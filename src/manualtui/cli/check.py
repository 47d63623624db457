"""`manualtui check`: releases, entries by kind and diagnostics per manual."""

from __future__ import annotations

import sys
from typing import Any

from ..model import Kind, Library, Manual, Severity
from ..select import Selection
from .app import main
from .help import epilog
from .listing import release_rows
from .options import Wanted, json_option, selection_options, sources_argument
from .output import emit_json, emit_table, emit_wrapped, load_manuals, say


@main.command(
    epilog=epilog(
        "manualtui check",
        "manualtui check samples/luton-children.txt   # exit 1 if a line was not understood",
        "manualtui check pages/ --json",
        "manualtui check --council enfield --from 2020",
    )
)
@sources_argument
@selection_options()
@json_option
def check(sources: tuple[str, ...], wanted: Wanted, as_json: bool) -> None:
    """Report each manual's releases, entries by kind and diagnostics.

    Exits 1 when any line of a page is unaccounted for. Selection options narrow the
    manuals (--council), the releases listed and the entries counted; the diagnostics are
    the whole page's.
    """
    library = load_manuals(sources)
    selection = wanted.selection(library)
    manuals = [
        m for m in library.manuals if not selection.councils or m.council in selection.councils
    ]
    reports = [_check_report(library, selection, m) for m in manuals]
    if as_json:
        emit_json(reports)
    else:
        for manual, report in zip(manuals, reports, strict=True):
            _print_check(manual, report)
    if any(m.unaccounted for m in manuals):
        sys.exit(1)


def _check_report(library: Library, selection: Selection, manual: Manual) -> dict[str, Any]:
    releases = release_rows(library, selection, (manual,))
    return {
        "council": manual.council,
        "manual": manual.title,
        "source": manual.source,
        "layout": manual.layout,
        "releases": releases,
        "entries": {k.value: sum(r[k.value] for r in releases) for k in Kind},
        "diagnostics": [
            {"line": d.line, "severity": d.severity.value, "code": d.code, "message": d.message}
            for d in manual.diagnostics
        ],
        "unaccounted": len(manual.unaccounted),
    }


def _print_check(manual: Manual, report: dict[str, Any]) -> None:
    emit_wrapped(f"{manual.council} - {manual.title}")
    emit_wrapped(f"source {manual.source} ({manual.layout} layout)", indent=2)
    total = sum(report["entries"].values())
    say(f"  {len(report['releases'])} releases, {total} entries")
    if report["releases"]:
        emit_table(
            ["release", "label", *(k.value for k in Kind)],
            [
                [r["release"], r["release_label"]] + [r[k.value] for k in Kind]
                for r in report["releases"]
            ],
            indent=2,
        )
    for d in manual.diagnostics:
        if d.severity is not Severity.INFO:
            emit_wrapped(f"line {d.line}: {d.severity.value}: {d.message}", indent=2)
    say(f"  unaccounted lines: {len(manual.unaccounted)}")
    say("")
