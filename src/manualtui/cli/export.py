"""`manualtui export`: trackers, briefings, csv, json and markdown for a selection.

The format is FORMAT, or else the extension of `-o`; the two must agree. `-o -` writes csv,
json or markdown to stdout.
"""

from __future__ import annotations

import datetime
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ManualError
from ..textio import DATA_FILE_LIMIT, read_limited
from .app import main
from .help import SOURCES_HELP, examples
from .options import Day, Wanted, selection_options
from .output import load_manuals, say
from .progress import StderrProgress

if TYPE_CHECKING:
    from ..library.progress import Progress

FORMATS = ("xlsx", "docx", "csv", "json", "md")
STDOUT = "-"
_TEXT_FORMATS = ("csv", "json", "md")


@main.command(
    "export",
    epilog=examples(
        "manualtui export -o tracker.xlsx --council luton --from 2023",
        'manualtui export docx -o briefing.docx --from 2019 --prepared-by "A. Manager"',
        'manualtui export -o tracker.xlsx --staff "A. Khan,B. Jones" --due 2027-03-31',
        "manualtui export csv -o - --priority reread > reread.csv",
    )
    + f"\n\n{SOURCES_HELP}",
)
@click.argument("words", nargs=-1, metavar="[FORMAT] [SOURCES]...")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="PATH",
    help="The file to write (its extension gives the format when FORMAT is not given); - for "
    "stdout (csv, json, md).",
)
@selection_options()
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
    "--due",
    type=Day(),
    default=None,
    help="xlsx, docx: the date the re-reading is due (YYYY-MM-DD).",
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
    words: tuple[str, ...],
    output: str,
    wanted: Wanted,
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
    """Write the selected entries to a file: a tracker, a briefing pack, csv, json or md.

    FORMAT is xlsx (a re-read tracker), docx (a briefing pack), csv, json or md (each entry
    with every field, as `entries --json` gives it); without it, the extension of -o says
    which. The file is written whole or not at all; an existing file is kept unless --force
    is given.
    """
    from manualtui.exporters import ExportRequest, check_target, export

    fmt, sources = _format_and_sources(words, output)
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
    # Before loading, which can take long: a bad target is reported at once.
    to_stdout = output == STDOUT
    target = None if to_stdout else check_target(output, force)
    names = _staff_names(staff, staff_file)
    progress = _reading_progress(names, user) if prefill else {}
    library = load_manuals(sources)
    selection = wanted.selection(library)
    items = selection.apply(library)

    def write(path: Path) -> Path:
        request = ExportRequest(
            fmt=fmt,
            path=path,
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
        with StderrProgress(f"Writing {fmt}") as bar:
            return export(request, lambda fraction: bar.update(fraction, 1.0))

    if target is None:
        _write_to_stdout(fmt, write)
    else:
        say(f"Wrote {write(target)} ({len(items)} entries)")


def _format_and_sources(words: Sequence[str], output: str) -> tuple[str, tuple[str, ...]]:
    """FORMAT (the first word, when it is one) or the format `-o`'s extension names, and the
    sources; a usage error when there is neither, or the two disagree, or stdout is asked
    for a format that is not text."""
    given = words[0] if words and words[0] in FORMATS else None
    if words and not given and _looks_like_format(words[0]):
        raise click.UsageError(f"unknown FORMAT '{words[0]}': use {', '.join(FORMATS)}")
    sources = tuple(words[1:] if given else words)
    suffix = Path(output).suffix.lower().lstrip(".")
    implied = suffix if suffix in FORMATS else None
    if output == STDOUT:
        if given is None:
            raise click.UsageError("-o - (stdout) needs FORMAT: csv, json or md")
        if given not in _TEXT_FORMATS:
            raise click.UsageError(f"{given} cannot go to stdout (-o -): give a file name")
        return given, sources
    if given and implied and given != implied:
        raise click.UsageError(
            f"FORMAT {given} does not match -o {output} (a .{implied} file): give a .{given} "
            f"file, or leave FORMAT out"
        )
    fmt = given or implied
    if fmt is None:
        raise click.UsageError(
            f"cannot tell the format from -o {output}: give FORMAT ({', '.join(FORMATS)}) or "
            "end the file name with one"
        )
    return fmt, sources


def _looks_like_format(word: str) -> bool:
    """Whether a first word meant as a source is more likely a mistyped FORMAT ("pdf"): a
    bare word, not a file, a folder or NAME=PATH."""
    return word.isalnum() and not Path(word).exists()


def _write_to_stdout(fmt: str, write: Callable[[Path], Path]) -> None:
    """Write the export into a temporary folder, then copy it to stdout."""
    with tempfile.TemporaryDirectory(prefix="manualtui-") as folder:
        try:
            written = write(Path(folder) / f"export.{fmt}")
        except ManualError as error:
            raise ManualError(STDOUT, error.problem) from None
        sys.stdout.flush()
        stdout = sys.stdout.buffer
        with written.open("rb") as data:
            while chunk := data.read(1 << 20):
                stdout.write(chunk)
        stdout.flush()


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
