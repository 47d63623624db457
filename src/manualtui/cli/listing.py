"""`manualtui releases` and `manualtui entries`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Item, Kind, Library
from ..record import item_record
from ..select import Selection
from ..wording import LOST_TITLE
from .app import main
from .options import build_selection, json_option, selection_options, sources_argument
from .output import emit_json, emit_table, load_manuals


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
    counts: dict[tuple[str, str], Counter[str]] = {}
    for item in selection.apply(library):
        key = (item.manual.key, item.release.key)
        counts.setdefault(key, Counter())[item.entry.kind.value] += 1
    rows = []
    for manual in library.manuals:
        if selection.councils and manual.council not in selection.councils:
            continue
        for release in manual.releases:
            found = counts.get((manual.key, release.key), Counter())
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
    return item.chapter_title or LOST_TITLE
