"""`manualtui export`: trackers, briefings, csv, json and markdown for a selection."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ManualError
from ..textio import DATA_FILE_LIMIT, read_limited
from .app import main
from .options import DueDate, build_selection, check_period, selection_options, sources_argument
from .output import load_manuals, say

if TYPE_CHECKING:
    from ..library.progress import Progress


@main.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["xlsx", "docx", "csv", "json", "md"]))
@sources_argument
@click.option("-o", "--output", required=True, metavar="PATH", help="The file to write.")
@selection_options
@click.option(
    "--by",
    type=click.Choice(["chapter", "entry"]),
    default=None,
    help="xlsx: one checklist row per chapter (default) or per entry.",
)
@click.option(
    "--staff",
    default="",
    metavar='"A. Khan,B. Jones"',
    help="xlsx, docx: staff names, comma-separated (Staff sheet, sign-off table).",
)
@click.option(
    "--staff-file",
    default=None,
    metavar="FILE",
    help="xlsx, docx: a file of staff names, one per line.",
)
@click.option(
    "--due", type=DueDate(), default=None, help="xlsx, docx: the date the re-reading is due."
)
@click.option("--appendix", is_flag=True, help="docx: add the full list of every entry at the end.")
@click.option(
    "--prepared-by",
    default="",
    metavar="NAME",
    help="xlsx, docx: the author named in the file (default: your login name).",
)
@click.option(
    "--prefill",
    is_flag=True,
    help="xlsx: start statuses from the reading progress in your library (with staff: each "
    "person's own).",
)
@click.option(
    "--user",
    default="",
    metavar="NAME",
    help="xlsx --prefill: whose progress (default: your login name; with staff, every person).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def export_command(
    fmt: str,
    sources: tuple[str, ...],
    output: str,
    councils: tuple[str, ...],
    start: str | None,
    end: str | None,
    kinds: tuple[str, ...],
    priorities: tuple[str, ...],
    chapter: str,
    by: str | None,
    staff: str,
    staff_file: str | None,
    due: datetime.date | None,
    appendix: bool,
    prepared_by: str,
    prefill: bool,
    user: str,
    force: bool,
) -> None:
    """Write the selected entries to a file.

    FORMAT is xlsx (a re-read tracker), docx (a briefing pack), csv, json or md. The file
    is written whole or not at all; an existing file is kept unless --force is given.
    """
    from manualtui.exporters import ExportRequest, check_target, export

    if staff and staff_file:
        raise click.UsageError("give --staff or --staff-file, not both")
    _check_export_options(
        fmt,
        {
            "--by": by,
            "--staff": staff,
            "--staff-file": staff_file,
            "--due": due,
            "--appendix": appendix,
            "--prepared-by": prepared_by,
            "--prefill": prefill,
            "--user": user,
        },
    )
    if user and not prefill:
        raise click.UsageError("--user applies to --prefill only")
    check_period(start, end)
    # Before loading, which can take long: a bad target is reported at once.
    target = check_target(output, force)
    names = _staff_names(staff, staff_file)
    progress = _reading_progress(names, user) if prefill else {}
    library = load_manuals(sources)
    selection = build_selection(library, councils, start, end, kinds, priorities, chapter)
    items = selection.apply(library)
    written = export(
        ExportRequest(
            fmt=fmt,
            path=target,
            items=items,
            library=library,
            selection=selection,
            force=force,
            by=by or "chapter",
            staff=names,
            due=due,
            appendix=appendix,
            prepared_by=prepared_by,
            prefill=progress,
        )
    )
    say(f"Wrote {written} ({len(items)} entries)")


# The formats each format-specific option applies to.
_USES = {
    "--by": ("xlsx",),
    "--staff": ("xlsx", "docx"),
    "--staff-file": ("xlsx", "docx"),
    "--due": ("xlsx", "docx"),
    "--appendix": ("docx",),
    "--prepared-by": ("xlsx", "docx"),
    "--prefill": ("xlsx",),
    "--user": ("xlsx",),
}


def _check_export_options(fmt: str, given: dict[str, object]) -> None:
    """A usage error for an option given that the format does not use."""
    for option, value in given.items():
        if value and fmt not in _USES[option]:
            raise click.UsageError(f"{option} applies to {' and '.join(_USES[option])} only")


def _staff_names(staff: str, staff_file: str | None) -> tuple[str, ...]:
    """Names from --staff (comma-separated) or --staff-file (one per line; # comments)."""
    if staff_file is None:
        return tuple(n.strip() for n in staff.split(",") if n.strip())
    try:
        data = read_limited(Path(staff_file), DATA_FILE_LIMIT, "a staff list")
        lines = data.decode("utf-8-sig").splitlines()
    except ManualError as error:
        raise ManualError(staff_file, f"cannot read the staff list ({error.problem})") from None
    except UnicodeDecodeError:
        raise ManualError(staff_file, "cannot read the staff list (not UTF-8 text)") from None
    names = tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    if not names:
        raise ManualError(staff_file, "names no staff (one name per line)")
    return names


def _reading_progress(staff: tuple[str, ...], user: str) -> dict[str, dict[str, Progress]]:
    """The reading progress `--prefill` starts from, by person: without staff, the user's
    (default the login name); with staff, each person's, or only `user`'s when given (a
    usage error when they are not among the staff)."""
    from ..exporters.xlsx_tracker import distinct_names
    from ..library import store
    from ..library.progress import default_user, progress

    people = distinct_names(staff)
    wanted = " ".join(user.split())
    if people and wanted:
        matching = [p for p in people if p.casefold() == wanted.casefold()]
        if not matching:
            raise click.UsageError(f"--user {wanted} is not among the staff")
        people = tuple(matching)
    elif not people:
        people = (wanted or default_user(),)
    if not store.exists():
        return {person: {} for person in people}
    with store.open_store(create=False) as opened:
        return {person: progress(opened, person) for person in people}
