"""The `manualtui` command group: one-line errors for `ManualError`, full command summaries,
the explorer as the default command. The other commands' modules are imported when a command
is looked up, so that opening the explorer imports none of them."""

from __future__ import annotations

import importlib
from typing import Any

import click

from .. import __version__
from ..errors import ManualError
from ..printable import printable_line
from .help import ENVIRONMENT_HELP, SOURCES_HELP, epilog
from .options import sources_argument

# The modules whose commands join the group (with `@main.command`) when imported.
COMMAND_MODULES = ("chapters", "check", "compare", "export", "library", "listing", "tracker")


class Group(click.Group):
    """Turns `ManualError` into the one-line error of the contract; every error message,
    click's own included, is made one printable line (it may quote a file name, a page or
    an option value). Lists its commands with their whole first sentence; its subgroups
    are of the same kind. Commands other than the explorer are imported when looked up."""

    group_class = type

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            _import_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _import_commands()
        return super().list_commands(ctx)

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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, command.get_short_help_str(limit=1000))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _import_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}")


def _printable_error(error: click.ClickException) -> click.ClickException:
    """`error`, or the same error on one printable line if its message was not."""
    message = error.format_message()
    if printable_line(message) == message:
        return error
    if isinstance(error, click.UsageError):
        return click.UsageError(printable_line(message), error.ctx)
    return click.ClickException(printable_line(message))


@click.group(
    cls=Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=f"{SOURCES_HELP}\n\n{ENVIRONMENT_HELP}",
)
@click.version_option(__version__, prog_name="manualtui")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Explore and export tri.x procedures-manual Amendments pages.

    With no command, opens the explorer (in a terminal) on your library, or on the bundled
    sample manuals while your library is empty. Every command has --help, with examples.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(browse)


@main.command(
    epilog=epilog(
        "manualtui browse",
        'manualtui browse --user "A. Khan"       # on the library: her new entries and reading',
        "manualtui browse samples/luton-children.txt",
        "manualtui browse pages/",
    )
)
@sources_argument
@click.option(
    "--user",
    default="",
    metavar="NAME",
    help="On the library: whose looks and reading progress to show and record (default: "
    "your login name).",
)
def browse(sources: tuple[str, ...], user: str) -> None:
    """Open the explorer, which needs a terminal; without one it says so and exits 2.

    With no SOURCES it opens your library, else the bundled samples.
    """
    from ..tui.launch import run_app

    run_app(sources, user=user.strip())
