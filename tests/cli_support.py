"""For the command-line tests: the commands run through click's runner with a cache of their
own (the samples are parsed once for the whole session, not once a command), the table
width they are laid out to, and the sample pages.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Mapping

from click.testing import CliRunner, Result

from manualtui.cli import main
from manualtui.load import samples_dir

ENFIELD = "London Borough of Enfield"
LUTON = "Luton Borough Council"
ENFIELD_PAGE = str(samples_dir() / "enfield-children.txt")
LUTON_PAGE = str(samples_dir() / "luton-children.txt")
PAGE = (
    "May 2021\nUpdated Chapters\nChapter Title Details\n"
    "Short Breaks This chapter has been updated to reflect the Children’s Act.\n"
)

_CACHE = tempfile.mkdtemp(prefix="manualtui-cli-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


def run(
    *args: str,
    columns: int = 300,
    stdin: str | bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> Result:
    """`manualtui ARGS` with tables laid out to `columns` (wide: a row a line), `stdin` on
    standard input, and `env` on top of the test environment."""
    environment = {
        "MANUALTUI_NO_CACHE": "",
        "MANUALTUI_CACHE_DIR": _CACHE,
        "COLUMNS": str(columns),
        **(env or {}),
    }
    return CliRunner().invoke(
        main, list(args), input=stdin, env=environment, catch_exceptions=False
    )


def last_error(result: Result) -> str:
    """The error line a failed command ended with (after click's usage lines)."""
    return result.stderr.strip().splitlines()[-1]
