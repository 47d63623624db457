"""The command line: a thin click layer over the core. Every listing command has `--json`.

Errors are one line on stderr naming the file or option and the problem, exit 1; usage
errors exit 2; no tracebacks. `app` holds the group (and imports a command's module when the
command is asked for); each command lives in the module named for it, and `options` holds
what they share.
"""

from .app import main

__all__ = ["main"]
