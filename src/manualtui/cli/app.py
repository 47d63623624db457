"""The `manualtui` command group: one-line errors for `ManualError`, the explorer as the
default command."""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from ..errors import ManualError
from ..printable import printable_line
from .options import sources_argument


class Group(click.Group):
    """Turns `ManualError` into the one-line error of the contract; every error message,
    click's own included, is made one printable line (it may quote a file name, a page or
    an option value)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as error:
            raise _printable_error(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ManualError as error:
            raise click.ClickException(printable_line(str(error))) from None
        except click.ClickException as error:
            raise _printable_error(error) from None


def _printable_error(error: click.ClickException) -> click.ClickException:
    """`error`, or the same error on one printable line if its message was not."""
    message = error.format_message()
    if printable_line(message) == message:
        return error
    if isinstance(error, click.UsageError):
        return click.UsageError(printable_line(message), error.ctx)
    return click.ClickException(printable_line(message))


@click.group(
    cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="manualtui")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Explore and export tri.x procedures-manual Amendments pages.

    With no command, opens the explorer on your library, else the bundled sample manuals.
    Sources are PATH or NAME=PATH (NAME: the council).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(browse)


@main.command()
@sources_argument
@click.option(
    "--user",
    default="",
    metavar="NAME",
    help="On the library: whose looks and reading progress to show and record (default: "
    "your login name).",
)
def browse(sources: tuple[str, ...], user: str) -> None:
    """Open the explorer (your library, else the bundled samples, when no SOURCES are given)."""
    from ..tui.app import run_app

    run_app(sources, user=user.strip())
