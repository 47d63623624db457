"""`manualtui library add|list|remove|update` and `manualtui new`: the user's library of
manuals and what is new in it."""

from __future__ import annotations

import datetime
import sys
from typing import TYPE_CHECKING, Any

import click

from ..errors import ManualError
from ..library.fetch import TIMEOUT_SECONDS
from ..library.store import open_store
from ..wording import LOST_TITLE
from .app import main
from .help import examples
from .options import Day, json_option
from .output import emit_json, emit_table, load_manuals, say

if TYPE_CHECKING:
    from ..library.news import WhatsNew
    from ..library.update import Change, UpdateReport


def _timeout_option(function: Any) -> Any:
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=TIMEOUT_SECONDS,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait for a web server.",
    )(function)


@main.group(
    epilog=examples(
        "manualtui library add newtown https://newtown.example.org/amendments",
        "manualtui library list",
        "manualtui library update",
    )
)
def library() -> None:
    """The manuals you follow, kept with every version of their pages.

    Add your council's Amendments page once; from then on every command (and the explorer)
    reads the library when no sources are given, and `library update` fetches what changed.
    """


@library.command(
    "add",
    epilog=examples(
        "manualtui library add newtown https://newtown.example.org/amendments",
        'manualtui library add luton samples/luton-children.txt --council "Luton Borough Council"',
        "manualtui library add ours pages/      # a folder: its manifest.toml, else every page",
    ),
)
@click.argument("name")
@click.argument("source", metavar="SOURCE")
@click.option("--council", default="", help="The council's name (default: the page's own).")
@click.option("--manual", default="", help="The manual's name (default: the page's own).")
@_timeout_option
@json_option
def add_command(
    name: str, source: str, council: str, manual: str, timeout: float, as_json: bool
) -> None:
    """Add SOURCE to the library as NAME.

    SOURCE is a saved page (text or HTML), a folder of pages (those its manifest.toml
    names, else every .txt, .html and .htm file) or the http(s) address of an Amendments
    page.
    """
    from ..library.update import add_source

    with open_store() as store:
        report = add_source(store, name, source, council=council, title=manual, timeout=timeout)
    if as_json:
        emit_json(_report_record(report))
        return
    for page in report.pages:
        say(
            f"Added {name}: {page.council} - {page.manual}, {page.releases} releases, "
            f"{page.entries} entries ({page.location})"
        )


@library.command("list", epilog=examples("manualtui library list", "manualtui library list --json"))
@json_option
def list_command(as_json: bool) -> None:
    """List the library's pages: name, council, manual, releases, last updated, where from."""
    from ..library import store
    from ..library.catalogue import list_library

    if not store.exists():
        pages = []
    else:
        with open_store() as opened:
            pages = list_library(opened)
    if as_json:
        emit_json([vars(page) for page in pages])
        return
    if not pages:
        say("The library is empty: add a page with 'manualtui library add NAME SOURCE'.")
        return
    emit_table(
        ["name", "council", "manual", "releases", "entries", "updated", "from"],
        [
            [p.name, p.council, p.manual, p.releases, p.entries, _local(p.updated_at), p.location]
            for p in pages
        ],
    )


@library.command("remove", epilog=examples("manualtui library remove luton"))
@click.argument("name")
def remove_command(name: str) -> None:
    """Remove NAME and its stored snapshots from the library (reading progress is kept)."""
    from ..library.catalogue import remove_source

    with open_store(create=False) as store:
        pages = remove_source(store, name)
    say(f"Removed {name} ({pages} page{'s' if pages != 1 else ''})")


@library.command(
    "update",
    epilog=examples(
        "manualtui library update",
        "manualtui library update newtown --timeout 10",
        "manualtui library update --json",
    ),
)
@click.argument("name", required=False)
@_timeout_option
@json_option
def update_command(name: str | None, timeout: float, as_json: bool) -> None:
    """Read NAME again (every manual when no NAME is given) and report what changed.

    Reports the new releases and entries, entries rewritten since the last update and
    entries no longer on the page. Each manual is updated in one go: one that cannot be
    fetched or read is left as it was, with one line saying why, and the exit code is 1.
    """
    from ..library.catalogue import source_names
    from ..library.update import update_source

    records: list[dict[str, Any]] = []
    failed = False
    with open_store(create=False) as store:
        for each in [name] if name else source_names(store):
            try:
                report = update_source(store, each, timeout=timeout)
            except ManualError as error:
                failed = True
                line = str(error) if error.subject == each else f"{each}: {error}"
                say(f"Error: {line}", err=True)
                records.append({"name": each, "error": line})
                continue
            records.append(_report_record(report))
            if not as_json:
                _print_report(report)
    if as_json:
        emit_json(records)
    if failed:
        sys.exit(1)


def _report_record(report: UpdateReport) -> dict[str, Any]:
    return {
        "name": report.name,
        "added": report.added,
        "error": None,
        "pages": [vars(page) for page in report.pages],
        "new_releases": sorted({r for p in report.pages for r in p.new_releases}, reverse=True),
        **{change: [_change_record(c) for c in report.of(change)] for change in _CHANGES},
        "notes": list(report.notes),
    }


_CHANGES = ("new", "changed", "gone")


def _change_record(change: Change) -> dict[str, Any]:
    record: dict[str, Any] = {
        key: getattr(change, key)
        for key in ("stable_id", "council", "manual", "release", "kind", "title", "details")
    }
    if change.change == "changed":
        record["before"] = {
            "kind": change.before_kind,
            "title": change.before_title,
            "details": change.before_details,
        }
    return record


def _print_report(report: UpdateReport) -> None:
    releases = sorted({r for p in report.pages for r in p.new_releases}, reverse=True)
    counts = ", ".join(f"{len(report.of(c))} {c}" for c in _CHANGES)
    if not any(p.changed for p in report.pages):
        say(f"{report.name}: no change")
    else:
        plural = "s" if len(releases) != 1 else ""
        shown = f" ({', '.join(releases)})" if releases else ""
        say(f"{report.name}: {len(releases)} new release{plural}{shown}; entries: {counts}")
    for change in report.changes:
        say(
            f"  {change.change:<7}  {change.release}  {change.kind:<7}  "
            f"{change.title or LOST_TITLE}"
        )
        if change.change == "changed":
            say(f"           was: {_what_changed(change)}")
    for note in report.notes:
        say(f"  note: {note}")


def _what_changed(change: Change) -> str:
    if change.before_title != change.title:
        return f"titled '{change.before_title}'"
    if change.before_kind != change.kind:
        return f"{change.before_kind}"
    return _first_words(change.before_details)


def _first_words(text: str, width: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _local(stamp: str) -> str:
    """A stored UTC time as local time to the minute, for tables."""
    if not stamp:
        return "-"
    return datetime.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


class Since(click.ParamType[datetime.date | None]):
    """`--since`: a date (YYYY-MM-DD), or `last` for the user's last look."""

    name = "DATE|last"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date | None:
        if value is None or isinstance(value, datetime.date):
            return value
        if str(value).strip().lower() == "last":
            return None
        return Day().convert(value, param, ctx)


@main.command(
    "new",
    epilog=examples(
        "manualtui new",
        "manualtui new --seen                   # ... and record that you have seen them",
        "manualtui new --since 2025-01-01 --user akhan --json",
    ),
)
@click.option(
    "--since",
    type=Since(),
    default=None,
    help="Entries that arrived since this date (YYYY-MM-DD), or since your last look (last, "
    "the default).",
)
@click.option("--user", default="", metavar="NAME", help="Whose look (default: your login name).")
@click.option("--seen", is_flag=True, help="Then record that you have seen them (your look).")
@json_option
def new_command(since: datetime.date | None, user: str, seen: bool, as_json: bool) -> None:
    """List the entries that arrived in the library (or were rewritten) since your last look.

    A manual's entries when it was added are its starting point, not new; each update
    that finds entries makes them new until you record a look with --seen.
    """
    from ..library.news import record_look, whats_new
    from ..library.progress import default_user

    user = user.strip() or default_user()
    with open_store(create=False) as store:
        found = whats_new(store, user, since)
        if seen:
            record_look(store, user, found.through_event)
    records = _new_records(found)
    if as_json:
        emit_json(records)
    else:
        _print_new(found, records)
        if seen:
            say(f"Recorded {user}'s look: these are no longer new.")


def _new_records(found: WhatsNew) -> list[dict[str, Any]]:
    """Each new entry as `entries --json` shows it (priority, chapter ...), with its stable
    id, when it arrived and, for a rewrite, what it said before."""
    from ..record import item_record

    items = {}
    if found.entries:
        items = {item.id: item for item in load_manuals(()).items}
    records = []
    for entry in found.entries:
        record = _change_record(entry)
        if entry.stable_id in items:
            record = {**item_record(items[entry.stable_id]), **record}
        records.append({**record, "change": entry.change, "arrived": entry.at})
    return records


def _print_new(found: WhatsNew, records: list[dict[str, Any]]) -> None:
    if isinstance(found.since, datetime.date):
        since = f"since {found.since.isoformat()}"
    elif found.since is not None:
        since = f"since {found.user}'s last look ({_local(found.since.at)})"
    else:
        since = f"for {found.user} (no look recorded yet)"
    say(f"{len(records)} new {'entry' if len(records) == 1 else 'entries'} {since}")
    if records:
        emit_table(
            ["arrived", "change", "council", "release", "kind", "priority", "title"],
            [
                [
                    _local(r["arrived"])[:10],
                    r["change"],
                    r["council"],
                    r["release"],
                    r["kind"],
                    r.get("priority", "-"),
                    r["title"] or LOST_TITLE,
                ]
                for r in records
            ],
        )
