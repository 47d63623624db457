"""Options and arguments the commands share: sources, `--json`, the one set of selection
options and the values they take (months, days).

`selection_options` is the selection as options, defined once: every command that selects
entries takes it, and it means the same everywhere. It hands the command one `Wanted`, whose
`selection(library)` is the one `Selection` (councils resolved against what was loaded). A
bad value is a usage error (exit 2) that says what was wrong.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import click

from ..model import Kind, Library, Priority
from ..select import Selection, parse_day, parse_month, resolve_councils

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def sources_argument(function: F) -> F:
    return click.argument("sources", nargs=-1, metavar="[SOURCES]...")(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        function
    )


class Month(click.ParamType[str]):
    """A month, `YYYY-MM` (or `YYYY-M`), or a year: its first month, or its last for an
    `end`; a bad one is a usage error saying what is wrong."""

    name = "YYYY-MM"

    def __init__(self, end: bool = False) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return parse_month(str(value), end=self.end)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class Day(click.ParamType[datetime.date]):
    """A day, `YYYY-MM-DD`; a bad one is a usage error saying what is wrong ("'2027-02-30':
    February has 28 days in 2027")."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_day(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


@dataclass(frozen=True)
class Wanted:
    """The selection options as given. Council names are resolved once the library is
    loaded (a part of a name is enough); everything else is in `base`."""

    councils: tuple[str, ...]
    base: Selection

    def selection(self, library: Library) -> Selection:
        """The one `Selection`; a usage error for a council that is not loaded or ambiguous."""
        return replace(self.base, councils=resolve_names(self.councils, library, "--council"))


def resolve_names(names: Sequence[str], library: Library, option: str) -> tuple[str, ...]:
    """The loaded councils `names` mean; a usage error (exit 2) naming `option` otherwise."""
    try:
        return resolve_councils(names, library.councils)
    except ValueError as error:
        raise click.BadParameter(
            str(error), ctx=click.get_current_context(), param_hint=f"'{option}'"
        ) from None


def selection_options(*, council: bool = True, chapter: bool = True) -> Decorator:
    """The selection options: `--council` (unless the command names councils itself),
    `--from`, `--to`, `--kind`, `--priority` and `--chapter` (unless the command takes a
    chapter as its argument); the command receives them as one `wanted: Wanted`."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def command(*args: Any, **kwargs: Any) -> Any:
            start, end = kwargs.pop("start"), kwargs.pop("end")
            if start and end and end < start:
                raise click.UsageError(f"--to {end} is before --from {start}")
            base = Selection(
                start=start,
                end=end,
                kinds=tuple(Kind(k) for k in kwargs.pop("kinds")),
                priorities=tuple(Priority(p) for p in kwargs.pop("priorities")),
                chapter=kwargs.pop("chapter").strip() if chapter else "",
            )
            councils = kwargs.pop("councils") if council else ()
            return function(*args, wanted=Wanted(councils, base), **kwargs)

        decorated: Callable[..., Any] = command
        for option in reversed(_options(council, chapter)):
            decorated = option(decorated)
        return decorated

    return decorate


def _options(council: bool, chapter: bool) -> list[Decorator]:
    options: list[Decorator] = []
    if council:
        options.append(
            click.option(
                "--council",
                "councils",
                multiple=True,
                metavar="NAME",
                help="Only this council: its name or an unambiguous part of it (repeatable).",
            )
        )
    options += [
        click.option(
            "--from",
            "start",
            type=Month(),
            help="First release to include (a year alone: its January).",
        ),
        click.option(
            "--to", "end", type=Month(end=True), help="Last release to include (a year: December)."
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice([k.value for k in Kind]),
            help="Only this kind of change (repeatable).",
        ),
        click.option(
            "--priority",
            "priorities",
            multiple=True,
            type=click.Choice([p.value for p in Priority]),
            help="Only this re-read priority (repeatable).",
        ),
    ]
    if chapter:
        options.append(
            click.option(
                "--chapter",
                default="",
                metavar="TEXT",
                help="Only chapters whose key, title or an earlier title contains TEXT.",
            )
        )
    return options
