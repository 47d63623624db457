"""`manualtui chapters` and `manualtui history`: chapters and their identity over time."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from ..model import Item, Library
from ..record import item_record
from ..wording import LOST_TITLE, period_text, short_council, summary
from .app import main
from .help import epilog
from .listing import nothing_matches
from .options import Wanted, json_option, selection_options, sources_argument
from .output import emit_json, emit_table, emit_wrapped, load_manuals, say

if TYPE_CHECKING:
    from ..chapters import Chapter, ChapterHistory


@main.command(
    "chapters",
    epilog=epilog(
        "manualtui chapters --council enfield",
        "manualtui chapters --chapter foster     # key, title or an earlier title",
        "manualtui chapters --from 2023 --priority reread --json",
    ),
)
@sources_argument
@selection_options()
@json_option
def chapters_command(sources: tuple[str, ...], wanted: Wanted, as_json: bool) -> None:
    """List chapters with their key, titles, changes and first and last release.

    With selection options, only the chapters with entries that match, counting those. A
    chapter's key is what `history` takes to name it exactly.
    """
    from ..chapters import chapters as all_chapters

    library = load_manuals(sources)
    selection = wanted.selection(library)
    picked = _by_chapter(selection.apply(library))
    found = [
        replace(chapter, items=tuple(picked[_ref(chapter)]))
        for chapter in all_chapters(library)
        if _ref(chapter) in picked
    ]
    rows = [chapter_record(c) for c in found]
    if as_json:
        emit_json(rows)
    elif not rows:
        nothing_matches("chapters", selection)
    else:
        emit_table(
            ["council", "changes", "releases", "chapter (its key below)"],
            [
                [
                    short_council(r["council"]),
                    r["changes"],
                    period_text(r["first_release"], r["last_release"]),
                    (_with_aliases(r), r["key"]),
                ]
                for r in rows
            ],
        )


def _ref(chapter: Chapter) -> tuple[str, str]:
    return (chapter.items[0].manual.key, chapter.key)


def _by_chapter(items: list[Item]) -> dict[tuple[str, str], list[Item]]:
    grouped: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        grouped.setdefault((item.manual.key, item.chapter), []).append(item)
    return grouped


def chapter_record(chapter: Chapter) -> dict[str, Any]:
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
    return f"{title} (earlier: {'; '.join(record['aliases'])})" if record["aliases"] else title


@main.command(
    epilog=epilog(
        "manualtui history placements-with-parents      # a key: exactly one chapter",
        'manualtui history "placements with parents"    # a title, current or earlier',
        "manualtui history foster --all --council luton  # every chapter it names",
        "manualtui history adoption-panel --from 2020 --json",
    )
)
@click.argument("chapter")
@sources_argument
@selection_options(chapter=False)
@click.option("--all", "every", is_flag=True, help="Every chapter CHAPTER names, not just one.")
@json_option
def history(
    chapter: str, sources: tuple[str, ...], wanted: Wanted, every: bool, as_json: bool
) -> None:
    """Show a chapter's changes in every council, newest first, with its renames.

    CHAPTER means what --chapter means everywhere: a chapter whose key, title or an earlier
    title contains it (a key or a whole title names one exactly). The chapter is followed
    into the other councils. When CHAPTER names chapters that are not one chapter, they are
    listed and the command exits 2; --all shows every one.
    """
    library = load_manuals(sources)
    selection = wanted.selection(library)
    shown = [
        (entry, items)
        for group in _timelines(library, chapter, selection.councils, every)
        for entry in group
        if (items := [i for i in entry.items if selection.matches(i)])
    ]
    if as_json:
        emit_json([_timeline_record(entry, items) for entry, items in shown])
    elif not shown:
        nothing_matches("entries", replace(selection, chapter=chapter))
    else:
        for entry, items in shown:
            _print_timeline(entry, items)


def _timelines(
    library: Library, text: str, councils: tuple[str, ...], every: bool
) -> list[list[ChapterHistory]]:
    """The histories CHAPTER asks for: one chapter's, followed into the other councils;
    with `every`, that of each chapter it names. A usage error when it names none, or
    chapters that are not one and `every` is not given."""
    from ..chapters import chapter_ref, named_chapters, timeline

    found = named_chapters(library, text, councils)
    if not found:
        raise click.BadParameter(
            f"'{text}' names no chapter (see `manualtui chapters --chapter TEXT`)",
            ctx=click.get_current_context(),
            param_hint="'CHAPTER'",
        )
    groups: list[list[ChapterHistory]] = []
    covered: set[tuple[str, str, str]] = set()
    for anchor in found:
        if chapter_ref(anchor) not in covered:
            group = timeline(library, anchor, text, councils)
            covered.update(chapter_ref(entry.chapter) for entry in group)
            groups.append(group)
    if len(groups) > 1 and not every:
        _list_candidates(found)
        raise click.UsageError(
            f"'{text}' names {len(found)} chapters (listed above): give a key, or --all "
            "for each of them",
            click.get_current_context(),
        )
    return groups


def _list_candidates(found: list[Chapter]) -> None:
    emit_table(
        ["council", "chapter (its key below)"],
        [[short_council(c.council), (c.title or LOST_TITLE, c.key)] for c in found],
        err=True,
    )
    say("", err=True)


def _timeline_record(entry: ChapterHistory, items: list[Item]) -> dict[str, Any]:
    return {
        **chapter_record(entry.chapter),
        "match": entry.match,
        "entries": [item_record(i) for i in items],
    }


def _print_timeline(entry: ChapterHistory, items: list[Item]) -> None:
    record = chapter_record(entry.chapter)
    emit_wrapped(
        f"{short_council(entry.council)}: {_with_aliases(record)} [{entry.chapter.key}]"
        f" - matched by {entry.match}"
    )
    for rename in entry.renames:
        when = rename.release or "by similarity"
        emit_wrapped(f"renamed from '{rename.old_title}' ({when}): {rename.evidence}", indent=2)
    emit_table(
        ["release", "kind", "priority", "what changed"],
        [[i.release.key, i.entry.kind.value, i.priority.value, summary(i)] for i in items],
        indent=2,
    )
    say("")
