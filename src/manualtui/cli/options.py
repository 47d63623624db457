"""Options and arguments shared by the commands: sources, `--json`, the selection options and
the values they take (months, due dates)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ..model import Kind, Library, Priority
from ..select import Selection, parse_month, resolve_councils

F = TypeVar("F", bound=Callable[..., Any])


def sources_argument(function: F) -> F:
    return click.argument("sources", nargs=-1, metavar="[SOURCES]...")(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        function
    )


class Month(click.ParamType[str]):
    """A `YYYY-MM` option value (or a year: its first month, or its last for an `end`); a bad
    one is a usage error (exit 2)."""

    name = "YYYY-MM"

    def __init__(self, end: bool = False) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return parse_month(str(value), end=self.end)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def period_options(function: F) -> F:
    """`--from` and `--to`: the first and last release to include."""
    function = click.option("--to", "end", type=Month(end=True), help="Last release to include.")(
        function
    )
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


def _parse_due(text: str) -> datetime.date:
    """A `YYYY-MM-DD` date; ValueError for anything else ("2030-13-01", "20300131")."""
    import re

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
        raise ValueError(text)
    return datetime.date.fromisoformat(text.strip())
