"""The `manualtui` command group: one-line errors for `ManualError`, the explorer as the
default command."""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from ..errors import ManualError
from .options import sources_argument


class Group(click.Group):
    """Turns `ManualError` into the one-line error of the contract."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ManualError as error:
            raise click.ClickException(str(error)) from None


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
    from ..tui.app import run_app

    run_app(sources)
