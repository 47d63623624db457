"""`manualtui tracker status|merge|import`: filled-in trackers read back."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .app import main
from .help import examples
from .options import json_option
from .output import emit_json, emit_table, emit_wrapped, say

if TYPE_CHECKING:
    from ..exporters.tracker_merge import Merged

_FILE = click.Path(dir_okay=True, path_type=Path)


@main.group(
    epilog=examples(
        "manualtui tracker status tracker.xlsx",
        "manualtui tracker merge -o combined.xlsx khan.xlsx jones.xlsx",
        "manualtui tracker import combined.xlsx",
    )
)
def tracker() -> None:
    """Trackers staff filled in, read back: completion, combining copies, recording progress.

    Only trackers written by `manualtui export xlsx` are read; formulas in them are never
    trusted: statuses are read from the cells staff fill in.
    """


@tracker.command(
    "status",
    epilog=examples(
        "manualtui tracker status tracker.xlsx",
        "manualtui tracker status a.xlsx b.xlsx --json",
    ),
)
@click.argument("files", nargs=-1, required=True, type=_FILE, metavar="FILE.xlsx...")
@json_option
def status_command(files: tuple[Path, ...], as_json: bool) -> None:
    """Completion of each tracker: by person, by priority, by chapter, and what is overdue.

    Overdue: a due date passed and neither done nor nothing to do.
    """
    from ..exporters.tracker_read import read_tracker
    from ..exporters.tracker_status import completion

    today = datetime.date.today()
    reports = [completion(read_tracker(path), today) for path in files]
    if as_json:
        emit_json(reports)
        return
    for number, report in enumerate(reports):
        if number:
            say()
        _print_status(report)


def _print_status(report: dict[str, Any]) -> None:
    total = report["total"]
    emit_wrapped(
        f"{report['file']}: {total['done']} of {total['rows'] - total['nothing_to_do']} rows "
        f"done ({total['percent_done']:g}%), {total['overdue']} overdue"
    )
    figures = ["rows", "done", "nothing to do", "% done", "overdue"]
    for title, key, label in (
        ("By person", "people", "name"),
        ("By priority", "priorities", "priority"),
    ):
        if report[key]:
            say(f"\n{title}")
            emit_table(
                [label, *figures],
                [[r[label], *[_figure(r, f) for f in figures]] for r in report[key]],
            )
    say("\nBy chapter")
    emit_table(
        ["status", "% done", "due", "waiting on", "chapter"],
        [
            [
                r["status"],
                "-" if r["percent_done"] is None else f"{r['percent_done']:g}",
                r["due"] or "-",
                ", ".join(r["waiting_on"]) or "-",
                r["chapter"],
            ]
            for r in report["chapters"]
        ],
    )
    if report["overdue"]:
        say("\nOverdue")
        emit_table(
            ["due", "status", "waiting on", "chapter"],
            [
                [r["due"], r["status"], ", ".join(r["waiting_on"]) or "-", r["chapter"]]
                for r in report["overdue"]
            ],
        )


def _figure(record: dict[str, Any], label: str) -> str:
    value = record[label.replace(" ", "_").replace("%", "percent")]
    return f"{value:g}" if isinstance(value, float) else str(value)


@tracker.command(
    "merge",
    epilog=examples(
        "manualtui tracker merge -o combined.xlsx khan.xlsx jones.xlsx lee.xlsx",
        "manualtui tracker merge -o combined.xlsx a.xlsx b.xlsx --force --json",
    ),
)
@click.argument("files", nargs=-1, required=True, type=_FILE, metavar="A.xlsx B.xlsx...")
@click.option(
    "-o", "--output", required=True, metavar="PATH", help="The combined tracker to write."
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@json_option
def merge_command(files: tuple[Path, ...], output: str, force: bool, as_json: bool) -> None:
    """Combine staff copies of one tracker into one, listing conflicts.

    Each cell takes the value of the first copy (in the order given) that filled it in;
    two copies that filled in the same cell differently are a conflict, listed. The
    combined file is a working tracker: its formulas follow the combined statuses.
    """
    from ..exporters import check_target
    from ..exporters.tracker_merge import merge_trackers

    if len(files) < 2:
        raise click.UsageError("give at least two copies to merge")
    target = check_target(output, force)
    merged = merge_trackers(files, target, force=force)
    if as_json:
        emit_json(_merge_record(merged))
        return
    filled = ", ".join(
        f"{count} from {path.name}"
        for path, count in zip(merged.copies[1:], merged.filled, strict=True)
    )
    say(f"Wrote {merged.path} from {len(merged.copies)} copies (cells filled in: {filled})")
    if merged.rows_not_merged:
        say(f"  note: {merged.rows_not_merged} rows added by hand to later copies are not merged")
    plural = "" if len(merged.conflicts) == 1 else "s"
    say(f"{len(merged.conflicts)} conflict{plural}")
    if merged.conflicts:
        emit_table(
            ["who", "kept", "values", "chapter"],
            [
                [
                    c.person or c.column,
                    c.kept or "(blank)",
                    "; ".join(f"{name}: {value}" for name, value in c.values),
                    c.chapter,
                ]
                for c in merged.conflicts
            ],
        )


def _merge_record(merged: Merged) -> dict[str, Any]:
    return {
        "output": str(merged.path),
        "copies": [
            {"file": str(path), "filled": count}
            for path, count in zip(merged.copies, (0, *merged.filled), strict=True)
        ],
        "rows_not_merged": merged.rows_not_merged,
        "conflicts": [
            {
                "key": c.key,
                "chapter": c.chapter,
                "person": c.person or None,
                "column": c.column or None,
                "values": [{"file": name, "value": value} for name, value in c.values],
                "kept": c.kept,
            }
            for c in merged.conflicts
        ],
    }


@tracker.command(
    "import",
    epilog=examples(
        "manualtui tracker import combined.xlsx",
        'manualtui tracker import khan.xlsx --user "A. Khan"',
    ),
)
@click.argument("file", type=_FILE, metavar="FILE.xlsx")
@click.option(
    "--user",
    default="",
    metavar="NAME",
    help="Whose progress: without staff, default your login name; with staff, only this "
    "person (default: each person).",
)
@json_option
def import_command(file: Path, user: str, as_json: bool) -> None:
    """Record the tracker's done statuses as reading progress in your library.

    With a Staff sheet, each person's column is recorded as that person's progress (their
    name is the user); otherwise the Checklist's statuses are yours (or --user's).
    """
    from ..exporters.tracker_import import import_tracker
    from ..exporters.tracker_read import read_tracker
    from ..library.progress import default_user
    from ..library.store import open_store

    read = read_tracker(file)
    wanted = " ".join(user.split())
    with open_store() as store:
        imported = import_tracker(
            store, read, wanted or ("" if read.people else default_user()), datetime.date.today()
        )
    if as_json:
        emit_json([vars(each) for each in imported])
        return
    for each in imported:
        say(
            f"{each.user}: {each.rows} rows done in the tracker, {each.entries} entries "
            "newly recorded"
        )
