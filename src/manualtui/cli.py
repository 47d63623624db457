"""The command line: a thin click layer over the core. Every listing command has `--json`.

Errors are one line on stderr naming the file or option and the problem, exit 1; usage
errors exit 2; no tracebacks.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import ManualError
from .model import Item, Kind, Library, Manual, Priority, Severity
from .record import item_record
from .select import Selection, parse_month, resolve_councils

if TYPE_CHECKING:
    from .chapters import Chapter

F = TypeVar("F", bound=Callable[..., Any])


class Group(click.Group):
    """Turns `ManualError` into the one-line error of the contract."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ManualError as error:
            raise click.ClickException(str(error)) from None


def load_manuals(sources: Sequence[str]) -> Library:
    """The loader, imported on first use: the explorer's first frame does not wait for it."""
    from .load import load_manuals as load

    return load(sources)


def sources_argument(function: F) -> F:
    return click.argument("sources", nargs=-1, metavar="[SOURCES]...")(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        function
    )


class Month(click.ParamType[str]):
    """A `YYYY-MM` option value; a bad one is a usage error (exit 2)."""

    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return parse_month(str(value), param.opts[0] if param else "month")
        except ManualError as error:
            self.fail(error.problem, param, ctx)


def period_options(function: F) -> F:
    """`--from` and `--to`: the first and last release to include."""
    function = click.option("--to", "end", type=Month(), help="Last release to include.")(function)
    return click.option("--from", "start", type=Month(), help="First release to include.")(function)


def check_period(start: str | None, end: str | None) -> None:
    if start and end and end < start:
        raise click.UsageError(f"--to {end} is before --from {start}")


def selection_options(function: F) -> F:
    """The selection options shared by listing and export commands."""
    options = [
        click.option(
            "--council",
            "councils",
            multiple=True,
            metavar="NAME",
            help="A council by name or unambiguous part of it (repeatable).",
        ),
        period_options,
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice([k.value for k in Kind]),
            help="Change kind (repeatable).",
        ),
        click.option(
            "--priority",
            "priorities",
            multiple=True,
            type=click.Choice([p.value for p in Priority]),
            help="Re-read priority (repeatable).",
        ),
        click.option(
            "--chapter", default="", metavar="TEXT", help="Only chapters whose title contains TEXT."
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def build_selection(
    library: Library,
    councils: Sequence[str],
    start: str | None,
    end: str | None,
    kinds: Sequence[str],
    priorities: Sequence[str],
    chapter: str,
) -> Selection:
    """A `Selection` from the shared options, validating council names and the period."""
    check_period(start, end)
    return Selection(
        councils=resolve_councils(councils, library.councils),
        start=start,
        end=end,
        kinds=tuple(Kind(k) for k in kinds),
        priorities=tuple(Priority(p) for p in priorities),
        chapter=chapter,
    )


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def emit_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain aligned table; the last column is not padded so long text is not cut."""
    texts = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(header)]
    for row in [list(header), *texts]:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=False)] + [row[-1]]
        click.echo("  ".join(cells).rstrip())


@click.group(
    cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="manualtui")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Explore and export tri.x procedures-manual Amendments pages.

    With no command, opens the explorer on the bundled sample manuals.
    Sources are PATH or NAME=PATH (NAME: the council).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(browse)


@main.command()
@sources_argument
def browse(sources: tuple[str, ...]) -> None:
    """Open the explorer (the bundled samples when no SOURCES are given)."""
    from .tui.app import run_app

    run_app(sources)


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
    click.echo(f"{manual.council} - {manual.title}")
    click.echo(f"  source {manual.source} ({manual.layout} layout)")
    total = sum(len(r.entries) for r in manual.releases)
    click.echo(f"  {len(manual.releases)} releases, {total} entries")
    emit_table(
        ["  release", "label", "updated", "new", "removed"],
        [
            [f"  {r['release']}", r["label"], r["updated"], r["new"], r["removed"]]
            for r in report["releases"]
        ],
    )
    for d in manual.diagnostics:
        if d.severity is not Severity.INFO:
            click.echo(f"  line {d.line}: {d.severity.value}: {d.message}")
    click.echo(f"  unaccounted lines: {len(manual.unaccounted)}")
    click.echo("")


@main.command()
@sources_argument
@selection_options
@json_option
def releases(
    sources: tuple[str, ...],
    councils: tuple[str, ...],
    start: str | None,
    end: str | None,
    kinds: tuple[str, ...],
    priorities: tuple[str, ...],
    chapter: str,
    as_json: bool,
) -> None:
    """List releases, newest first, with their entry counts.

    Every release in the period is listed; with --kind, --priority or --chapter, only the
    releases with entries that match.
    """
    library = load_manuals(sources)
    selection = build_selection(library, councils, start, end, kinds, priorities, chapter)
    rows = _release_rows(library, selection, only_matching=bool(kinds or priorities or chapter))
    if as_json:
        emit_json(rows)
        return
    emit_table(
        ["council", "release", "label", "updated", "new", "removed"],
        [
            [r["council"], r["release"], r["release_label"], r["updated"], r["new"], r["removed"]]
            for r in rows
        ],
    )


def _release_rows(
    library: Library, selection: Selection, only_matching: bool
) -> list[dict[str, Any]]:
    counts: dict[tuple[int, str], Counter[str]] = {}
    for item in selection.apply(library):
        key = (id(item.manual), item.release.key)
        counts.setdefault(key, Counter())[item.entry.kind.value] += 1
    rows = []
    for manual in library.manuals:
        if selection.councils and manual.council not in selection.councils:
            continue
        for release in manual.releases:
            found = counts.get((id(manual), release.key), Counter())
            in_period = (selection.start or "") <= release.key <= (selection.end or "9999")
            if in_period and (found or not only_matching):
                rows.append(
                    {
                        "council": manual.council,
                        "manual": manual.title,
                        "release": release.key,
                        "release_label": release.label,
                        **{k.value: found[k.value] for k in Kind},
                        "notes": [n.text for n in release.notes],
                    }
                )
    return rows


@main.command()
@sources_argument
@selection_options
@json_option
def entries(
    sources: tuple[str, ...],
    councils: tuple[str, ...],
    start: str | None,
    end: str | None,
    kinds: tuple[str, ...],
    priorities: tuple[str, ...],
    chapter: str,
    as_json: bool,
) -> None:
    """List entries (newest release first) with kind, priority and title."""
    library = load_manuals(sources)
    selection = build_selection(library, councils, start, end, kinds, priorities, chapter)
    items = selection.apply(library)
    if as_json:
        emit_json([item_record(item) for item in items])
        return
    emit_table(
        ["council", "release", "kind", "priority", "line", "title"],
        [
            [
                i.council,
                i.release.key,
                i.entry.kind.value,
                i.priority.value,
                i.entry.first_line,
                _shown_title(i),
            ]
            for i in items
        ],
    )


def _shown_title(item: Item) -> str:
    """The title to print: an inferred one says so, a lost one too."""
    if item.title_inferred:
        return f"{item.chapter_title} (title inferred: not on the page)"
    return item.chapter_title or "(title lost)"


# ---------------------------------------------------------------------------------------
# Chapters, history and comparison (chapters.py, compare.py)


@main.command("chapters")
@sources_argument
@click.option(
    "--council",
    "councils",
    multiple=True,
    metavar="NAME",
    help="A council by name or unambiguous part of it (repeatable).",
)
@click.option(
    "--chapter",
    default="",
    metavar="TEXT",
    help="Only chapters whose key, title or earlier titles match TEXT.",
)
@json_option
def chapters_command(
    sources: tuple[str, ...], councils: tuple[str, ...], chapter: str, as_json: bool
) -> None:
    """List chapters: key, title, aliases, number of changes, first and last release."""
    from .chapters import chapters as all_chapters
    from .chapters import find_chapter

    library = load_manuals(sources)
    wanted = resolve_councils(councils, library.councils)
    found = find_chapter(library, chapter) if chapter else all_chapters(library)
    rows = [_chapter_record(c) for c in found if not wanted or c.council in wanted]
    if as_json:
        emit_json(rows)
        return
    emit_table(
        ["council", "changes", "first", "last", "key", "title (aliases)"],
        [
            [
                r["council"],
                r["changes"],
                r["first_release"],
                r["last_release"],
                r["key"],
                _with_aliases(r),
            ]
            for r in rows
        ],
    )


def _chapter_record(chapter: Chapter) -> dict[str, Any]:
    return {
        "key": chapter.key,
        "council": chapter.council,
        "manual": chapter.manual,
        "title": chapter.title,
        "aliases": list(chapter.aliases),
        "changes": chapter.changes,
        "first_release": chapter.first_release,
        "last_release": chapter.last_release,
        "renames": [
            {
                "old_title": r.old_title,
                "new_title": r.new_title,
                "evidence": r.evidence,
                "release": r.release,
                "line": r.line,
            }
            for r in chapter.renames
        ],
    }


def _with_aliases(record: dict[str, Any]) -> str:
    title = record["title"] or "(title lost)"
    return f"{title} (also: {'; '.join(record['aliases'])})" if record["aliases"] else title


@main.command()
@click.argument("chapter")
@sources_argument
@json_option
def history(chapter: str, sources: tuple[str, ...], as_json: bool) -> None:
    """Show a chapter's changes in every council, newest first, with its renames.

    CHAPTER is a chapter key or (part of) a title, current or earlier.
    """
    from .chapters import history as chapter_history

    library = load_manuals(sources)
    timelines = chapter_history(library, chapter)
    if not timelines:
        raise ManualError("history", f"no chapter matches '{chapter}'")
    records = [
        {
            **_chapter_record(t.chapter),
            "match": t.match,
            "entries": [item_record(i) for i in t.items],
        }
        for t in timelines
    ]
    if as_json:
        emit_json(records)
        return
    for record in records:
        click.echo(
            f"{record['council']}: {_with_aliases(record)} [{record['key']}]"
            f" - matched by {record['match']}"
        )
        for rename in record["renames"]:
            when = rename["release"] or "by similarity"
            click.echo(f"  renamed from '{rename['old_title']}' ({when}): {rename['evidence']}")
        for entry in record["entries"]:
            inferred = " [title inferred]" if entry["title_inferred"] else ""
            click.echo(
                f"  {entry['release']}  {entry['kind']:<7} {entry['priority']:<6} "
                f"{_first_line(entry['details'])}{inferred}"
            )
        click.echo("")


def _first_line(text: str, width: int = 100) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


@main.command()
@click.argument("council_a", metavar="A")
@click.argument("council_b", metavar="B")
@sources_argument
@period_options
@json_option
def compare(
    council_a: str,
    council_b: str,
    sources: tuple[str, ...],
    start: str | None,
    end: str | None,
    as_json: bool,
) -> None:
    """Compare two councils' changes chapter by chapter over a period.

    Lists the chapters changed in both, only in A and only in B; marks the updates both
    made (the same national change) with the lag in months between them.
    """
    from .compare import Presence, comparison_record
    from .compare import compare as compare_councils
    from .select import resolve_council

    check_period(start, end)
    library = load_manuals(sources)
    try:
        a = resolve_council(council_a, library.councils)
        b = resolve_council(council_b, library.councils)
    except ManualError as error:
        raise ManualError("compare", error.problem) from None
    if a == b:
        raise click.UsageError(f"A and B are the same council ({a}); name two councils")
    comparison = compare_councils(library, a, b, start, end)
    record = comparison_record(comparison)
    if as_json:
        emit_json(record)
        return
    click.echo(f"{a} (A) and {b} (B), releases {start or 'first'} to {end or 'latest'}")
    headings = {
        Presence.BOTH: "Changed in both",
        Presence.ONLY_A: f"Only in {a}",
        Presence.ONLY_B: f"Only in {b}",
    }
    for status, heading in headings.items():
        rows = [r for r in record["chapters"] if r["status"] == status.value]
        click.echo(f"\n{heading} ({len(rows)})")
        for row in rows:
            releases_a = ", ".join(e["release"] for e in row["entries_a"]) or "-"
            releases_b = ", ".join(e["release"] for e in row["entries_b"]) or "-"
            click.echo(f"  {row['title']}\n    A: {releases_a}   B: {releases_b}")
            for shared in row["shared"]:
                click.echo(
                    f"    shared update: A {shared['release_a']}, B {shared['release_b']}"
                    f", lag {shared['lag_months']} months "
                    f"({shared['similarity']:.0f}% alike)"
                )
    if record["inferred_titles"]:
        click.echo("\nTitles proposed for entries whose title the page lost")
        for proposal in record["inferred_titles"]:
            click.echo(
                f"  {proposal['council']} {proposal['release']} line {proposal['line']}:"
                f" {proposal['proposed_title']} - {proposal['evidence']}"
            )


class DueDate(click.ParamType[datetime.date]):
    """A `YYYY-MM-DD` date for `export --due`; a bad one is a usage error (exit 2)."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return _parse_due(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date in the form YYYY-MM-DD", param, ctx)


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
    force: bool,
) -> None:
    """Write the selected entries to a file.

    FORMAT is xlsx (a re-read tracker), docx (a briefing pack), csv, json or md. The file
    is written whole or not at all; an existing file is kept unless --force is given.
    """
    from pathlib import Path

    from manualtui.exporters import ExportRequest, check_target, export

    _check_export_options(fmt, by, staff, staff_file, due)
    check_period(start, end)
    # Before loading, which can take long: a bad target is reported at once.
    target = check_target(Path(output), force)
    names = _staff_names(staff, staff_file)
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
        )
    )
    click.echo(f"Wrote {written} ({len(items)} entries)")


def _check_export_options(
    fmt: str, by: str | None, staff: str, staff_file: str | None, due: datetime.date | None
) -> None:
    """Usage errors: options the format does not use, or both staff options at once."""
    if staff and staff_file:
        raise click.UsageError("give --staff or --staff-file, not both")
    uses = {
        "--by": ("xlsx",),
        "--staff": ("xlsx", "docx"),
        "--staff-file": ("xlsx", "docx"),
        "--due": ("xlsx", "docx"),
    }
    given = {"--by": by, "--staff": staff, "--staff-file": staff_file, "--due": due}
    for option, value in given.items():
        if value and fmt not in uses[option]:
            raise click.UsageError(f"{option} applies to {' and '.join(uses[option])} only")


def _parse_due(text: str) -> datetime.date:
    """A `YYYY-MM-DD` date; ValueError for anything else ("2030-13-01", "20300131")."""
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(text)
    return datetime.date.fromisoformat(text.strip())


def _staff_names(staff: str, staff_file: str | None) -> tuple[str, ...]:
    """Names from --staff (comma-separated) or --staff-file (one per line; # comments)."""
    if staff_file is None:
        return tuple(n.strip() for n in staff.split(",") if n.strip())
    try:
        with open(staff_file, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ManualError(staff_file, f"cannot read the staff list ({reason})") from None
    names = tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    if not names:
        raise ManualError(staff_file, "names no staff (one name per line)")
    return names
