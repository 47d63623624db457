"""`manualtui check`: releases, entries by kind and diagnostics per manual."""

from __future__ import annotations

import sys
from typing import Any

from ..model import Kind, Manual, Severity
from .app import main
from .options import json_option, sources_argument
from .output import emit_json, emit_table, load_manuals, say


@main.command()
@sources_argument
@json_option
def check(sources: tuple[str, ...], as_json: bool) -> None:
    """Report releases, entries by kind and diagnostics per manual.

    Exits 1 when any input line is unaccounted for.
    """
    library = load_manuals(sources)
    reports = [_check_report(m) for m in library.manuals]
    if as_json:
        emit_json(reports)
    else:
        for manual, report in zip(library.manuals, reports, strict=True):
            _print_check(manual, report)
    if any(m.unaccounted for m in library.manuals):
        sys.exit(1)


def _check_report(manual: Manual) -> dict[str, object]:
    return {
        "council": manual.council,
        "manual": manual.title,
        "source": manual.source,
        "layout": manual.layout,
        "releases": [
            {
                "release": r.key,
                "label": r.label,
                "line": r.line,
                **{k.value: sum(e.kind is k for e in r.entries) for k in Kind},
            }
            for r in manual.releases
        ],
        "entries": {k.value: sum(e.kind is k for _, e in manual.entries()) for k in Kind},
        "diagnostics": [
            {"line": d.line, "severity": d.severity.value, "code": d.code, "message": d.message}
            for d in manual.diagnostics
        ],
        "unaccounted": len(manual.unaccounted),
    }


def _print_check(manual: Manual, report: dict[str, Any]) -> None:
    say(f"{manual.council} - {manual.title}")
    say(f"  source {manual.source} ({manual.layout} layout)")
    total = sum(len(r.entries) for r in manual.releases)
    say(f"  {len(manual.releases)} releases, {total} entries")
    emit_table(
        ["  release", "label", "updated", "new", "removed"],
        [
            [f"  {r['release']}", r["label"], r["updated"], r["new"], r["removed"]]
            for r in report["releases"]
        ],
    )
    for d in manual.diagnostics:
        if d.severity is not Severity.INFO:
            say(f"  line {d.line}: {d.severity.value}: {d.message}")
    say(f"  unaccounted lines: {len(manual.unaccounted)}")
    say("")
