"""`manualtui compare`: two councils side by side, chapter by chapter."""

from __future__ import annotations

from typing import Any

import click

from ..wording import lag_text, period_text, short_council
from .app import main
from .help import epilog
from .options import Wanted, json_option, resolve_names, selection_options, sources_argument
from .output import emit_json, emit_table, emit_wrapped, load_manuals, say


@main.command(
    epilog=epilog(
        "manualtui compare enfield luton",
        "manualtui compare enfield luton --from 2019 --to 2019",
        "manualtui compare enfield luton --priority reread --json",
    )
)
@click.argument("council_a", metavar="A")
@click.argument("council_b", metavar="B")
@sources_argument
@selection_options(council=False)
@json_option
def compare(
    council_a: str, council_b: str, sources: tuple[str, ...], wanted: Wanted, as_json: bool
) -> None:
    """Compare two councils' changes chapter by chapter over a period.

    A and B are councils by name or an unambiguous part of it. Lists the chapters changed in
    both, only in A and only in B; marks the updates both made (the same national change)
    and how much later one council made it.
    """
    from ..compare import Presence, comparison_record
    from ..compare import compare as compare_councils

    library = load_manuals(sources)
    (a,) = resolve_names([council_a], library, "A")
    (b,) = resolve_names([council_b], library, "B")
    if a == b:
        raise click.UsageError(f"A and B are the same council ({a}); name two councils")
    selection = wanted.selection(library)
    comparison = compare_councils(library, a, b, selection.start, selection.end, only=selection)
    record = comparison_record(comparison)
    if as_json:
        emit_json(record)
        return
    names = {"a": short_council(a), "b": short_council(b)}
    emit_wrapped(f"{a} (A) and {b} (B), {period_text(selection.start, selection.end)}")
    headings = {
        Presence.BOTH: "Changed in both",
        Presence.ONLY_A: f"Only in {names['a']}",
        Presence.ONLY_B: f"Only in {names['b']}",
    }
    for status, heading in headings.items():
        rows = [r for r in record["chapters"] if r["status"] == status.value]
        say(f"\n{heading} ({len(rows)})")
        if rows:
            emit_table(
                ["chapter", names["a"], names["b"], "shared updates"],
                [
                    [
                        r["label"],
                        _releases(r["entries_a"]),
                        _releases(r["entries_b"]),
                        _shared(r["shared"], a, b),
                    ]
                    for r in rows
                ],
            )
    if record["inferred_titles"]:
        say("\nTitles proposed for entries whose title the page lost")
        for proposal in record["inferred_titles"]:
            emit_wrapped(
                f"{short_council(proposal['council'])} {proposal['release']} line "
                f"{proposal['line']}: {proposal['proposed_title']} - {proposal['evidence']}",
                indent=2,
            )


def _releases(entries: list[dict[str, Any]]) -> str:
    return ", ".join(e["release"] for e in entries) or "-"


def _shared(shared: list[dict[str, Any]], a: str, b: str) -> str:
    """The updates both made and their lag: "Luton 5 months later"; with several, each
    after A's release: "2019-10: Luton 2 months later; 2018-10: Luton 5 months later"."""
    lags = [(s["release_a"], lag_text(s["lag_months"], a, b)) for s in shared]
    if len(lags) == 1:
        return lags[0][1]
    return "; ".join(f"{release}: {lag}" for release, lag in lags) or "-"
