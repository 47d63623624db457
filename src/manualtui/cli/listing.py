"""`manualtui releases` and `manualtui entries`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Kind, Library, Manual
from ..record import item_record
from ..select import Selection
from ..wording import chapter_title, short_council
from .app import main
from .help import epilog
from .options import Wanted, json_option, selection_options, sources_argument
from .output import emit_json, emit_table, load_manuals, say


@main.command(
    epilog=epilog(
        "manualtui releases --council luton",
        "manualtui releases --from 2019 --to 2020 --json",
        "manualtui releases --kind removed      # only releases that removed chapters",
    )
)
@sources_argument
@selection_options()
@json_option
def releases(sources: tuple[str, ...], wanted: Wanted, as_json: bool) -> None:
    """List releases, newest first, with their entries counted by kind.

    Every release in the period is listed; with --kind, --priority or --chapter, only the
    releases with entries that match, counting those.
    """
    library = load_manuals(sources)
    selection = wanted.selection(library)
    rows = release_rows(library, selection)
    if as_json:
        emit_json(rows)
    elif not rows:
        nothing_matches("releases", selection)
    else:
        emit_table(
            ["council", "release", "label", *(k.value for k in Kind)],
            [
                [short_council(r["council"]), r["release"], r["release_label"]]
                + [r[k.value] for k in Kind]
                for r in rows
            ],
        )


def release_rows(
    library: Library, selection: Selection, manuals: tuple[Manual, ...] | None = None
) -> list[dict[str, Any]]:
    """The selection's releases (of `manuals`, default all) as records, entries counted by
    kind: all in the period, or only those with matching entries when the selection
    narrows entries."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for item in selection.apply(library):
        key = (item.manual.key, item.release.key)
        counts.setdefault(key, Counter())[item.entry.kind.value] += 1
    rows = []
    for manual in library.manuals if manuals is None else manuals:
        if selection.councils and manual.council not in selection.councils:
            continue
        for release in manual.releases:
            found = counts.get((manual.key, release.key), Counter())
            in_period = (selection.start or "") <= release.key <= (selection.end or "9999")
            if in_period and (found or not selection.narrows_entries):
                rows.append(
                    {
                        "council": manual.council,
                        "manual": manual.title,
                        "release": release.key,
                        "release_label": release.label,
                        "line": release.line,
                        **{k.value: found[k.value] for k in Kind},
                        "notes": [n.text for n in release.notes],
                    }
                )
    return rows


@main.command(
    epilog=epilog(
        "manualtui entries --council luton --from 2023",
        "manualtui entries --chapter foster --priority reread",
        "manualtui entries --from 2019-04 --to 2020-10 --kind new --json",
        "manualtui entries samples/enfield-children.txt",
    )
)
@sources_argument
@selection_options()
@json_option
def entries(sources: tuple[str, ...], wanted: Wanted, as_json: bool) -> None:
    """List entries, newest release first, with their kind, priority and chapter title.

    A title the page lost but the reader inferred is marked "(title inferred)"; one nothing
    could be inferred for shows as "(title lost)". --json gives every field of each entry
    (see the README).
    """
    library = load_manuals(sources)
    selection = wanted.selection(library)
    items = selection.apply(library)
    if as_json:
        emit_json([item_record(item) for item in items])
    elif not items:
        nothing_matches("entries", selection)
    else:
        emit_table(
            ["council", "release", "kind", "priority", "line", "title"],
            [
                [
                    short_council(i.council),
                    i.release.key,
                    i.entry.kind.value,
                    i.priority.value,
                    i.entry.first_line,
                    chapter_title(i),
                ]
                for i in items
            ],
        )


def nothing_matches(what: str, selection: Selection) -> None:
    """The line an empty listing prints instead of a bare header."""
    say(f"No {what} match: {selection.describe()}.")
