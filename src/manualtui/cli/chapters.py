"""`manualtui chapters`, `history` and `compare`: chapter identity and two councils side by
side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..errors import ManualError
from ..record import item_record
from ..select import resolve_councils
from ..wording import LOST_TITLE

if TYPE_CHECKING:
    from ..chapters import Chapter

from .app import main
from .options import check_period, json_option, period_options, sources_argument
from .output import emit_json, emit_table, load_manuals, say


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
    from ..chapters import chapters as all_chapters
    from ..chapters import find_chapter

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
    title = record["title"] or LOST_TITLE
    return f"{title} (also: {'; '.join(record['aliases'])})" if record["aliases"] else title


@main.command()
@click.argument("chapter")
@sources_argument
@json_option
def history(chapter: str, sources: tuple[str, ...], as_json: bool) -> None:
    """Show a chapter's changes in every council, newest first, with its renames.

    CHAPTER is a chapter key or (part of) a title, current or earlier.
    """
    from ..chapters import history as chapter_history

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
        say(
            f"{record['council']}: {_with_aliases(record)} [{record['key']}]"
            f" - matched by {record['match']}"
        )
        for rename in record["renames"]:
            when = rename["release"] or "by similarity"
            say(f"  renamed from '{rename['old_title']}' ({when}): {rename['evidence']}")
        for entry in record["entries"]:
            inferred = " [title inferred]" if entry["title_inferred"] else ""
            say(
                f"  {entry['release']}  {entry['kind']:<7} {entry['priority']:<6} "
                f"{_first_line(entry['details'])}{inferred}"
            )
        say("")


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
    from ..compare import Presence, comparison_record
    from ..compare import compare as compare_councils
    from ..select import resolve_council

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
    say(f"{a} (A) and {b} (B), releases {start or 'first'} to {end or 'latest'}")
    headings = {
        Presence.BOTH: "Changed in both",
        Presence.ONLY_A: f"Only in {a}",
        Presence.ONLY_B: f"Only in {b}",
    }
    for status, heading in headings.items():
        rows = [r for r in record["chapters"] if r["status"] == status.value]
        say(f"\n{heading} ({len(rows)})")
        for row in rows:
            releases_a = ", ".join(e["release"] for e in row["entries_a"]) or "-"
            releases_b = ", ".join(e["release"] for e in row["entries_b"]) or "-"
            say(f"  {row['label']}\n    A: {releases_a}   B: {releases_b}")
            for shared in row["shared"]:
                say(
                    f"    shared update: A {shared['release_a']}, B {shared['release_b']}"
                    f", lag {shared['lag_months']} months "
                    f"({shared['similarity']:.0f}% alike)"
                )
    if record["inferred_titles"]:
        say("\nTitles proposed for entries whose title the page lost")
        for proposal in record["inferred_titles"]:
            say(
                f"  {proposal['council']} {proposal['release']} line {proposal['line']}:"
                f" {proposal['proposed_title']} - {proposal['evidence']}"
            )
